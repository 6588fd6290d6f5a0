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
