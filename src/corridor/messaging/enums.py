from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailMode(models.TextChoices):
    EACH = "each", _("An e-mail for every message")
    DAILY = "daily", _("One daily digest")
    OFF = "off", _("No e-mail")


class Origin(models.TextChoices):
    """Where a conversation (or a later message in it) was started from."""

    PROFILE = "profile", _("Organisation profile")
    RECOMMENDATION = "recommendation", _("Suggested partner")
    MEETING = "meeting", _("Meeting request")
    JOB = "job", _("Job")
    EVENT = "event", _("Event participant")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
