from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    DECIDED = "decided", _("Decided")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened for changes")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Not funded")


class BidLevel(models.TextChoices):
    EAGER = "eager", _("Eager")
    WILLING = "willing", _("Willing")
    NOT_WILLING = "not_willing", _("Not willing")


class ConflictSource(models.TextChoices):
    SAME_ORGANISATION = "same_org", _("Same organisation as a team member")
    CO_WORKER = "co_worker", _("Declared co-worker")
    SAME_PERSON = "same_person", _("Same person (ORCID)")
    DECLARED = "declared", _("Declared by the reviewer")


class PairRuleKind(models.TextChoices):
    PIN = "pin", _("Pin (always assign)")
    FORBID = "forbid", _("Forbid (never assign)")


class Outcome(models.TextChoices):
    AWARD = "award", _("Award")
    DECLINE = "decline", _("Decline")


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead institution")
    PARTNER = "partner", _("Partner")
