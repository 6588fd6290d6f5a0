"""Activate the signed-in person's language and time zone for each request."""

import zoneinfo

from django.utils import timezone, translation


class UserPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            if user.language and not request.COOKIES.get("django_language"):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        else:
            timezone.deactivate()
        return self.get_response(request)


class RejectNullCharactersMiddleware:
    """Answer 400 to query strings and JSON bodies containing NUL characters.

    Forms and serializers already refuse them field by field, but a NUL in a filter parameter or
    in a nested JSON value used for a lookup would reach PostgreSQL, which cannot store it in
    text and raises a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest, JsonResponse

        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return HttpResponseBadRequest("Null characters are not allowed in the query string.")
        if request.content_type == "application/json" and request.method in ("POST", "PUT", "PATCH"):
            body = request.body
            if b"\x00" in body or b"\\u0000" in body:
                return JsonResponse(
                    {
                        "errors": [
                            {
                                "code": "null_character",
                                "field": None,
                                "message": "Null characters are not allowed in the request body.",
                            }
                        ]
                    },
                    status=400,
                )
        return self.get_response(request)


class RequestLimitsMiddleware:
    """Sizes and edges before any view runs (issue 17 item 9):

    * a request body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` that is not a multipart upload
      (whose files have their own limits) answers 413: JSON under ``/api/`` (DRF reads the body
      stream itself, so Django's own check would not stop a 9 MB JSON description);
    * a search term (``q`` or ``search``) longer than ``core.text.SEARCH_MAX_LENGTH`` answers 400
      naming the parameter, instead of a slow or failing query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import HttpResponse, JsonResponse
        from django.utils.translation import gettext as _

        from .text import SEARCH_MAX_LENGTH, SEARCH_PARAMS

        api = request.path.startswith("/api/")

        def refuse(status: int, code: str, field, message: str):
            if api:
                return JsonResponse(
                    {"errors": [{"code": code, "field": field, "message": message}]}, status=status
                )
            return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit and not request.content_type.startswith("multipart/"):
            return refuse(
                413,
                "too_large",
                None,
                _("The request body is larger than %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)},
            )
        for name in SEARCH_PARAMS:
            if any(len(v) > SEARCH_MAX_LENGTH for v in request.GET.getlist(name)):
                return refuse(
                    400,
                    "search_too_long",
                    name,
                    _("Search for at most %(n)s characters.") % {"n": SEARCH_MAX_LENGTH},
                )
        return self.get_response(request)
