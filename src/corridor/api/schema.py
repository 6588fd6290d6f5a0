"""OpenAPI: document the one error body every endpoint answers with.

``corridor.api.errors.exception_handler`` answers ``{"errors": [{"code", "field", "message"}]}``
for 400, 403 and 404. This post-processing hook adds the ``Error`` and ``ErrorItem`` components
and, on every operation, those three responses (where the view did not describe them itself).
"""

from __future__ import annotations

ERROR_ITEM = {
    "type": "object",
    "description": "One problem: a stable code a client can branch on, the field it concerns, a message.",
    "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code, e.g. `not_found`."},
        "field": {
            "type": "string",
            "nullable": True,
            "description": "The input field the problem concerns; null for the request as a whole.",
        },
        "message": {"type": "string", "description": "A message for people, in the request's language."},
    },
    "required": ["code", "field", "message"],
}
ERROR = {
    "type": "object",
    "description": "The one error body of the API.",
    "properties": {"errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItem"}}},
    "required": ["errors"],
}
RESPONSES = {
    "400": "The input is not valid (one item per problem, with its field).",
    "403": "Signed in, but not allowed to do this.",
    "404": "Not found (also answered for records the caller may not see).",
}
METHODS = {"get", "put", "patch", "post", "delete"}


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorItem"] = ERROR_ITEM
    schemas["Error"] = ERROR
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in RESPONSES.items():
                if code == "400" and method in {"get", "delete"}:
                    continue
                responses.setdefault(code, {"description": description, "content": body})
    return result
