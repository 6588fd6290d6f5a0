from django.conf import settings

from .notifications import unread_count


def corridor(request):
    user = getattr(request, "user", None)
    return {
        "PARTNER_COUNTRIES": settings.PARTNER_COUNTRIES,
        "LANGUAGES": settings.LANGUAGES,
        "unread_notifications": (lambda: unread_count(user)),
    }
