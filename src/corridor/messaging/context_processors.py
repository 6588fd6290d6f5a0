from .queries import unread_total


def messaging(request):
    """``unread_messages`` for the nav: evaluated only when a template reads it (one query)."""
    user = getattr(request, "user", None)
    return {"unread_messages": (lambda: unread_total(user))}
