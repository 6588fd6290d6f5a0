"""Announcements, their tags and comments, reports and the moderation log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CommentStatus, Language, ModerationAction, PostStatus


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Tag(Timestamped):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AnnouncementQuerySet(models.QuerySet):
    def live(self, now=None):
        """Published posts, and scheduled ones whose time has come (no cron needed)."""
        now = now or timezone.now()
        return self.filter(
            status__in=[PostStatus.PUBLISHED, PostStatus.SCHEDULED],
            publish_at__isnull=False,
            publish_at__lte=now,
        )


class Announcement(Timestamped):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    body = models.TextField(_("body (Markdown)"), max_length=40000)
    image = models.ImageField(_("image"), upload_to="news/", blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="announcements", verbose_name=_("tags"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("author"),
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="followed_announcements",
        verbose_name=_("followers"),
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    @property
    def is_live(self) -> bool:
        return (
            self.status in (PostStatus.PUBLISHED, PostStatus.SCHEDULED)
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


class Comment(Timestamped):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="comments", verbose_name=_("announcement")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="news_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} on {self.announcement}"

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.VISIBLE


class CommentReport(Timestamped):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="news_reports",
        verbose_name=_("reporter"),
    )
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="news_one_report_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.reporter} reported {self.comment_id}"


class ModerationRecord(Timestamped):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="moderation", verbose_name=_("comment")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("moderator")
    )
    action = models.CharField(_("action"), max_length=10, choices=ModerationAction.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.comment_id}"
