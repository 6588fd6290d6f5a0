from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Link")
    DOCUMENT = "document", _("Document")
    RECORD = "record", _("Record on the platform")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic (computed by the platform)")
    REPORTED = "reported", _("Reported by focal points")
    CONTEXT = "context", _("Context (World Bank data)")


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for validation")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PUBLISHED = "published", _("Published")


class TrajectoryStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")
