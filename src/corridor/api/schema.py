"""OpenAPI: document the one error body every endpoint answers with.

``corridor.api.errors.exception_handler`` answers ``{"errors": [{"code", "field", "message"}]}``
for 400, 403 and 404 (and 409/413 on writes). This post-processing hook adds the ``Error`` and ``ErrorItem`` components
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
#: Answers only writes can get: an edit of a record saved by someone else since it was read (409)
#: and a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413).
WRITE_RESPONSES = {
    "409": "Someone saved the record after you read it: nothing was changed (code `changed_since_opened`).",
    "413": "The request body is too large (code `too_large`).",
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
            if method in {"put", "patch", "post"}:
                for code, description in WRITE_RESPONSES.items():
                    responses.setdefault(code, {"description": description, "content": body})
    return result
