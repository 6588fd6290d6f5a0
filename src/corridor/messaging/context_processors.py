from corridor.core.pagecache import hole


def messaging(request):
    """``nav_messages``, the nav's link with the person's unread count: evaluated only when a
    template reads it, and a hole of the page cache (``core.pagecache.hole``): left out of a
    stored page and filled in on every answer from a count kept until the tables it was counted
    from change."""
    user = getattr(request, "user", None)
    return {"nav_messages": (lambda: hole("unread-messages", user))}
