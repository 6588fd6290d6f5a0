from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("Country focal point")
    REVIEWER = "reviewer", _("Reviewer")
    PROFESSIONAL = "professional", _("Professional")


class Pillar(models.TextChoices):
    STANDARDS = "standards", _("Mutual recognition of digital standards")
    STARTUP_EXCHANGE = "startup_exchange", _("Startup exchange")
    JOINT_VENTURES = "joint_ventures", _("Joint ventures in fintech and logistics")
    TALENT = "talent", _("Talent mobility")
    DATA = "data", _("Shared data infrastructure")
    TRADE = "trade", _("Trade and matchmaking")
