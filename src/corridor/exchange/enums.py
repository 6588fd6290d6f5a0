from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    MY_KE = "my_ke", _("Malaysia → Kenya (Malaysian startups hosted in Kenya)")
    KE_MY = "ke_my", _("Kenya → Malaysia (Kenyan startups hosted in Malaysia)")
    BOTH = "both", _("Both directions")


class StartupStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PRE_SEED = "pre_seed", _("Pre-seed")
    SEED = "seed", _("Seed")
    SERIES_A = "series_a", _("Series A")
    GROWTH = "growth", _("Growth")


class HostOffer(models.TextChoices):
    DESK = "desk", _("Desk space")
    MENTORS = "mentors", _("Mentors")
    INVESTOR_DAYS = "investor_days", _("Investor days")
    MARKET_ACCESS = "market_access", _("Market access")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RunMode(models.TextChoices):
    INITIAL = "initial", _("Placement")
    RERUN = "rerun", _("Re-run for the remaining market")


class PlacementStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ARRIVED = "arrived", _("Arrived")
    COMPLETED = "completed", _("Completed")


class CheckInSide(models.TextChoices):
    HUB = "hub", _("Host hub")
    STARTUP = "startup", _("Startup")
