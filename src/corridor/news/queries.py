"""Every read the news pages, feeds and API need."""

from django.db.models import Count, Q

from . import access
from .enums import CommentStatus
from .models import Announcement, Comment, ModerationRecord, Tag


def announcements(*, user=None, tag: str = "", language: str = "", include_unpublished: bool = False):
    qs = (
        Announcement.objects.all()
        if include_unpublished and access.is_secretariat(user)
        else Announcement.objects.live()
    )
    if tag:
        qs = qs.filter(tags__slug=tag)
    if language:
        qs = qs.filter(language=language)
    return (
        qs.select_related("author")
        .prefetch_related("tags")
        .annotate(visible_comments=Count("comments", filter=Q(comments__status=CommentStatus.VISIBLE)))
        .order_by("-publish_at", "-id")
    )


def latest_announcements(limit: int = 3) -> list[Announcement]:
    """The home page's latest news."""
    return list(Announcement.objects.live().prefetch_related("tags").order_by("-publish_at", "-id")[:limit])


def get_announcement(user, *, slug: str = "", pk=None) -> Announcement:
    qs = Announcement.objects.select_related("author").prefetch_related("tags")
    post = qs.filter(slug=slug).first() if slug else qs.filter(pk=pk).first()
    if post is None or not access.can_see_announcement(user, post):
        raise access.NotFound
    return post


def comments_for(user, announcement: Announcement):
    qs = Comment.objects.filter(announcement=announcement).select_related("author")
    if access.is_secretariat(user):
        return qs
    mine = (
        Q(status=CommentStatus.PENDING, author_id=user.pk) if access.is_authenticated(user) else Q(pk__in=[])
    )
    return qs.filter(Q(status=CommentStatus.VISIBLE) | mine)


def visible_comments(*, announcement=None):
    qs = Comment.objects.filter(status=CommentStatus.VISIBLE, announcement__in=Announcement.objects.live())
    if announcement is not None:
        qs = qs.filter(announcement=announcement)
    return qs.select_related("author", "announcement").order_by("created_at", "id")


def get_comment(user, pk) -> Comment:
    if not str(pk).isdigit():
        raise access.NotFound
    comment = Comment.objects.select_related("announcement", "author").filter(pk=pk).first()
    if comment is None or not access.can_see_comment(user, comment):
        raise access.NotFound
    if not access.can_see_announcement(user, comment.announcement):
        raise access.NotFound
    return comment


def moderation_queue(user):
    """Pending comments and visible ones that were reported, oldest first."""
    access.require_secretariat(user)
    return (
        Comment.objects.filter(
            Q(status=CommentStatus.PENDING) | Q(status=CommentStatus.VISIBLE, reports__isnull=False)
        )
        .distinct()
        .select_related("author", "announcement")
        .prefetch_related("reports__reporter")
        .order_by("created_at", "id")
    )


def moderation_log(user, limit: int = 50):
    access.require_secretariat(user)
    return list(
        ModerationRecord.objects.select_related("moderator", "comment__announcement", "comment__author")[
            :limit
        ]
    )


def tags_in_use():
    return Tag.objects.filter(announcements__in=Announcement.objects.live()).distinct().order_by("name")


def is_following(user, announcement) -> bool:
    return access.is_authenticated(user) and announcement.followers.filter(pk=user.pk).exists()
