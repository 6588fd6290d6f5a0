from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    EN = "en", _("English")
    MS = "ms", _("Malay")
    SW = "sw", _("Swahili")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    REMOVE = "remove", _("Removed")
