"""Every write of the news module: keyword-only, actor ``by``, permission checked, one transaction."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.core.uploads import image_upload

from . import access
from .enums import CommentStatus, Language, ModerationAction, PostStatus
from .models import Announcement, Comment, CommentReport, ModerationRecord, Tag

RATE_LIMIT_COUNT = 5
RATE_LIMIT_SECONDS = 600


def trusted_after_days() -> int:
    return int(getattr(settings, "NEWS_TRUSTED_AFTER_DAYS", 7))


def rate_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "NEWS_COMMENT_RATE_COUNT", RATE_LIMIT_COUNT)),
        int(getattr(settings, "NEWS_COMMENT_RATE_SECONDS", RATE_LIMIT_SECONDS)),
    )


def parse_tags(text) -> list[str]:
    if isinstance(text, (list, tuple)):
        items = text
    else:
        items = (text or "").split(",")
    names = []
    for item in items:
        name = " ".join(str(item).split())[:40]
        if name and slugify(name) and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names[:10]


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:200] or "post"
    slug, n = base, 2
    while Announcement.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean(data: dict, *, instance: Announcement | None = None) -> dict:
    cleaned = {}
    for field, limit in (("title", 200), ("summary", 400), ("body", 40000)):
        if field in data or instance is None:
            value = (data.get(field) or "").strip()
            if not value:
                raise invalid(field, _("This field is required."), code="required")
            if len(value) > limit:
                raise invalid(field, _("At most %(n)d characters.") % {"n": limit}, code="too_long")
            cleaned[field] = value
    if "language" in data or instance is None:
        language = data.get("language") or Language.EN
        if language not in Language.values:
            raise invalid("language", _("Choose English, Malay or Swahili."), code="invalid_choice")
        cleaned["language"] = language
    status = data.get("status", instance.status if instance else PostStatus.DRAFT)
    if status not in PostStatus.values:
        raise invalid("status", _("Choose draft, scheduled or published."), code="invalid_choice")
    publish_at = data.get("publish_at", instance.publish_at if instance else None)
    if status == PostStatus.SCHEDULED and publish_at is None:
        raise invalid("publish_at", _("Give the date and time to publish at."), code="required")
    if status == PostStatus.PUBLISHED and publish_at is None:
        publish_at = timezone.now()
    cleaned["status"] = status
    cleaned["publish_at"] = publish_at
    if data.get("image"):
        cleaned["image"] = image_upload(data["image"], field="image", prefix="news")
    return cleaned


def _set_tags(post: Announcement, names: list[str]) -> None:
    tags = []
    for name in names:
        slug = slugify(name)[:50]
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    post.tags.set(tags)


def create_announcement(*, by, tags=None, **data) -> Announcement:
    access.require_secretariat(by, hide=False)
    cleaned = _clean(data)
    with transaction.atomic(), acting_as(by):
        post = Announcement.objects.create(author=by, slug=_unique_slug(cleaned["title"]), **cleaned)
        _set_tags(post, parse_tags(tags))
    return post


def update_announcement(*, announcement: Announcement, by, tags=None, **data) -> Announcement:
    """Its author (see ``access.can_change_announcement``) changes an announcement."""
    access.require_secretariat(by, hide=False)
    access.require_change_announcement(by, announcement)
    cleaned = _clean(data, instance=announcement)
    with transaction.atomic(), acting_as(by):
        for field, value in cleaned.items():
            setattr(announcement, field, value)
        announcement.save()
        if tags is not None:
            _set_tags(announcement, parse_tags(tags))
    return announcement


def delete_announcement(*, announcement: Announcement, by) -> None:
    """Its author deletes an announcement, with its comments (the audit log keeps the record)."""
    access.require_secretariat(by, hide=False)
    access.require_change_announcement(by, announcement)
    with transaction.atomic(), acting_as(by):
        if announcement.image:
            announcement.image.delete(save=False)
        announcement.delete()


def is_trusted(user) -> bool:
    """Trusted commenters: accounts older than N days with at least one approved comment."""
    if access.is_secretariat(user):
        return True
    if user.date_joined > timezone.now() - timedelta(days=trusted_after_days()):
        return False
    return Comment.objects.filter(author=user, status=CommentStatus.VISIBLE).exists()


def _check_rate(user) -> None:
    count, seconds = rate_limit()
    key = f"news:comments:{user.pk}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        used = 1
    if used > count:
        raise invalid(
            "body",
            _("You can post at most %(count)d comments every %(minutes)d minutes. Try again later.")
            % {"count": count, "minutes": max(1, seconds // 60)},
            code="rate_limited",
        )


def _notify_followers(comment: Comment) -> None:
    post = comment.announcement
    url = post.get_absolute_url() + f"#comment-{comment.pk}"

    def text():
        return _("New comment on “%(title)s”") % {"title": post.title}

    for user in post.followers.exclude(pk=comment.author_id):
        notify(user=user, text=text, url=url)


def add_comment(*, announcement: Announcement, by, body: str) -> Comment:
    access.require_authenticated(by)
    if not access.can_see_announcement(by, announcement):
        raise access.NotFound
    body = (body or "").strip()
    if not body:
        raise invalid("body", _("Write a comment."), code="required")
    if len(body) > 2000:
        raise invalid("body", _("At most %(n)d characters.") % {"n": 2000}, code="too_long")
    _check_rate(by)
    status = CommentStatus.VISIBLE if is_trusted(by) else CommentStatus.PENDING
    with transaction.atomic(), acting_as(by):
        comment = Comment.objects.create(announcement=announcement, author=by, body=body, status=status)
        if status == CommentStatus.VISIBLE:
            _notify_followers(comment)
        announcement.followers.add(by)
    return comment


def follow(*, announcement: Announcement, by, on: bool = True) -> None:
    access.require_authenticated(by)
    if not access.can_see_announcement(by, announcement):
        raise access.NotFound
    with transaction.atomic():
        if on:
            announcement.followers.add(by)
        else:
            announcement.followers.remove(by)


def report_comment(*, comment: Comment, by, reason: str) -> CommentReport:
    access.require_authenticated(by)
    if comment.status != CommentStatus.VISIBLE and not access.is_secretariat(by):
        raise access.NotFound
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", _("Say why you report this comment."), code="required")
    if len(reason) > 500:
        raise invalid("reason", _("At most %(n)d characters.") % {"n": 500}, code="too_long")
    if CommentReport.objects.filter(comment=comment, reporter=by).exists():
        raise invalid("reason", _("You have already reported this comment."), code="already_reported")
    try:
        with transaction.atomic(), acting_as(by):
            return CommentReport.objects.create(comment=comment, reporter=by, reason=reason)
    except IntegrityError:
        raise invalid(
            "reason", _("You have already reported this comment."), code="already_reported"
        ) from None


_TARGET = {
    ModerationAction.APPROVE: CommentStatus.VISIBLE,
    ModerationAction.HIDE: CommentStatus.HIDDEN,
    ModerationAction.REMOVE: CommentStatus.REMOVED,
}


def moderate(*, comment: Comment, by, action: str, reason: str = "") -> ModerationRecord:
    """The secretariat approves, hides or removes a comment; the reason is kept in the log."""
    access.require_secretariat(by)
    if action not in _TARGET:
        raise invalid("action", _("Choose approve, hide or remove."), code="invalid_choice")
    reason = (reason or "").strip()
    if action != ModerationAction.APPROVE and not reason:
        raise invalid("reason", _("Give the reason; it is kept in the moderation log."), code="required")
    if len(reason) > 500:
        raise invalid("reason", _("At most %(n)d characters.") % {"n": 500}, code="too_long")
    with transaction.atomic(), acting_as(by):
        was_visible = comment.status == CommentStatus.VISIBLE
        status_before = comment.status
        comment.status = _TARGET[action]
        comment.save(update_fields=["status", "updated_at"])
        record = ModerationRecord.objects.create(comment=comment, moderator=by, action=action, reason=reason)
        if action == ModerationAction.APPROVE and not was_visible:
            _notify_followers(comment)
        if action != ModerationAction.APPROVE and status_before != comment.status:
            _notify_author_of_moderation(comment, action, reason, by)
    return record


def _notify_author_of_moderation(comment: Comment, action: str, reason: str, by) -> None:
    """Tell a commenter that their comment was hidden or removed, and why."""
    if comment.author_id is None or comment.author_id == by.pk:
        return
    post = comment.announcement
    title = Truncator(post.title).chars(60)

    def text():
        if action == ModerationAction.HIDE:
            message = _("Your comment on “%(title)s” was hidden by the moderators. Reason: %(reason)s")
        else:
            message = _("Your comment on “%(title)s” was removed by the moderators. Reason: %(reason)s")
        return message % {"title": title, "reason": reason}

    notify(user=comment.author, text=text, url=post.get_absolute_url())
