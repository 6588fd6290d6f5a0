"""Choices of the talent module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Proficiency(models.IntegerChoices):
    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


class LanguageLevel(models.IntegerChoices):
    BASIC = 1, _("Basic")
    WORKING = 2, _("Working")
    FLUENT = 3, _("Fluent")
    NATIVE = 4, _("Native")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    EMPLOYERS = "employers", _("Employers only (members of organisations)")
    HIDDEN = "hidden", _("Hidden")


class Mobility(models.TextChoices):
    REMOTE = "remote", _("Remote work")
    RELOCATION = "relocation", _("Relocation")
    EITHER = "either", _("Remote or relocation")


class WorkMode(models.TextChoices):
    REMOTE = "remote", _("Remote")
    ONSITE = "onsite", _("On-site")
    HYBRID = "hybrid", _("Hybrid")


class Framework(models.TextChoices):
    MQF = "MQF", _("Malaysian Qualifications Framework (MQF)")
    KNQF = "KNQF", _("Kenya National Qualifications Framework (KNQF)")
    OTHER = "other", _("Other framework")


class EquivalenceStatus(models.TextChoices):
    INDICATIVE = "indicative", _("Indicative")
    RECOGNISED = "recognised", _("Officially recognised")


class JobStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    OFFERED = "offered", _("Offered")
    PERMIT_FILED = "permit_filed", _("Permit filed")
    MOVED = "moved", _("Moved")
    RETURNED = "returned", _("Returned")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PermitKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment permit (sponsored by an employer)")
    NOMAD = "nomad", _("Remote-work (digital nomad) pass")


class SalaryPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class CredentialKind(models.TextChoices):
    PLACEMENT = "placement", _("Completed placement")
    QUALIFICATION = "qualification", _("Verified qualification")
