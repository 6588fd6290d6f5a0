"""Error answers outside the views: JSON under ``/api/``, the usual pages elsewhere.

Django calls these (``handler400/403/404/500`` in the root URLconf) when a URL matches nothing,
a view raises ``Http404``/``PermissionDenied``/``SuspiciousOperation`` outside DRF, or an unhandled
exception escapes with ``DEBUG=0``. An API client then still gets the API's one error shape,
``{"errors": [{"code", "field", "message"}]}``, instead of an HTML page.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(code: str, message, status: int) -> JsonResponse:
    return JsonResponse({"errors": [{"code": code, "field": None, "message": str(message)}]}, status=status)


def bad_request(request, exception=None):
    if _is_api(request):
        return _json("bad_request", _("The request could not be understood."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return _json("permission_denied", _("You do not have permission to do this."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if _is_api(request):
        return _json("not_found", _("Not found."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json("server_error", _("Something went wrong on our side; it has been logged."), 500)
    return defaults.server_error(request)
