from django.conf import settings

from .access import is_council_staff
from .notifications import unread_count
from .pagecache import remembered


def corridor(request):
    user = getattr(request, "user", None)
    return {
        "PARTNER_COUNTRIES": settings.PARTNER_COUNTRIES,
        "LANGUAGES": settings.LANGUAGES,
        "unread_notifications": (
            lambda: remembered("unread-notifications", user, lambda: unread_count(user))
        ),
        # Staff-only menu links (council overview, commitments, validation) for the staff only.
        "council_staff": (lambda: is_council_staff(user)),
    }
