"""Read the API's one error shape, ``{"errors": [{"code", "field", "message"}]}``, in tests."""


def errors_of(response) -> dict:
    """``{field: [messages]}``; errors about no field are under ``detail`` (a string, for 401/403/404)
    or ``non_field_errors`` (a list, for 400)."""
    body = response.json()
    assert set(body) == {"errors"}, body
    out: dict = {}
    for item in body["errors"]:
        assert set(item) == {"code", "field", "message"}, item
        field = item["field"]
        if field is None:
            if response.status_code == 400:
                out.setdefault("non_field_errors", []).append(item["message"])
            else:
                out["detail"] = (out.get("detail", "") + " " + item["message"]).strip()
        else:
            out.setdefault(field, []).append(item["message"])
    return out


def error_codes(response) -> dict:
    """``{field or None: [codes]}``."""
    out: dict = {}
    for item in response.json()["errors"]:
        out.setdefault(item["field"], []).append(item["code"])
    return out
