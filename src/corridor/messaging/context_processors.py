from corridor.core.pagecache import remembered

from .queries import unread_total


def messaging(request):
    """``unread_messages`` for the nav: evaluated only when a template reads it (one query, or
    none while the tables it was counted from are unchanged: ``core.pagecache.remembered``)."""
    user = getattr(request, "user", None)
    return {"unread_messages": (lambda: remembered("unread-messages", user, lambda: unread_total(user)))}
