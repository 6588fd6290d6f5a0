"""Map the services' exceptions to API responses: one handler, one error shape.

Every error body is ``{"errors": [{"code": …, "field": … or null, "message": …}]}``:

* a Django ``ValidationError`` from a service → 400, one item per message with its stable code;
* DRF's own validation errors (serializers) → 400, the same items;
* ``NotFound`` (also raised for records the caller may not see) → 404 ``not_found``;
* ``StaleEdit`` (a record saved by someone else since it was read) → 409 ``changed_since_opened``;
* ``PermissionDenied`` → 403 ``permission_denied``; other DRF errors keep their status and code.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from corridor.core.errors import StaleEdit, error_items


def _drf_items(detail, field=None) -> list[dict]:
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__", "detail") else key
            if field and name:
                name = f"{field}.{name}"
            items.extend(_drf_items(value, name or field))
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            if isinstance(value, dict):
                items.extend(_drf_items(value, f"{field}[{index}]" if field else f"[{index}]"))
            else:
                items.extend(_drf_items(value, field))
        return items
    code = getattr(detail, "code", None) or "invalid"
    return [{"code": str(code), "field": field, "message": str(detail)}]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        response = drf_exception_handler(exceptions.ValidationError("invalid"), context)
        response.data = {"errors": error_items(exc)}
        if isinstance(exc, StaleEdit):
            response.status_code = 409  # changed since the caller read it
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _drf_items(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"errors": _drf_items(exc.detail)}
    return response
