"""Who may see and do what in news, built on the access core."""

from corridor.core.access import (  # noqa: F401
    NotFound,
    is_authenticated,
    is_secretariat,
    require_authenticated,
    require_secretariat,
)

from .enums import CommentStatus


def can_see_announcement(user, announcement) -> bool:
    return announcement.is_live or is_secretariat(user)


def can_see_comment(user, comment) -> bool:
    if comment.status == CommentStatus.VISIBLE:
        return True
    if is_secretariat(user):
        return True
    return comment.status == CommentStatus.PENDING and is_authenticated(user) and comment.author_id == user.pk


def can_change_announcement(user, announcement) -> bool:
    """Its author edits and deletes an announcement (authors are secretariat members; a post
    whose author has left the secretariat passes to the secretariat as a whole)."""
    if not is_secretariat(user):
        return False
    author = announcement.author
    return author is None or author.pk == user.pk or not is_secretariat(author)


def require_change_announcement(user, announcement) -> None:
    from django.core.exceptions import PermissionDenied

    if not can_see_announcement(user, announcement):
        raise NotFound
    if not can_change_announcement(user, announcement):
        raise PermissionDenied
