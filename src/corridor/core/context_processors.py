from django.conf import settings


def corridor(request):
    return {"PARTNER_COUNTRIES": settings.PARTNER_COUNTRIES, "LANGUAGES": settings.LANGUAGES}
