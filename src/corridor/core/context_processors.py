from django.conf import settings

from .access import is_council_staff
from .pagecache import hole


def corridor(request):
    user = getattr(request, "user", None)
    return {
        "PARTNER_COUNTRIES": settings.PARTNER_COUNTRIES,
        "LANGUAGES": settings.LANGUAGES,
        # the nav's link with the person's unread count: a hole of the page cache (core.pagecache)
        "nav_notifications": (lambda: hole("unread-notifications", user)),
        # Staff-only menu links (council overview, commitments, validation) for the staff only.
        "council_staff": (lambda: is_council_staff(user)),
    }
