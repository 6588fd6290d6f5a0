from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    COMPANY = "company", _("Company")
    STARTUP = "startup", _("Startup")
    INVESTOR = "investor", _("Investor")
    TECH_HUB = "tech_hub", _("Tech hub")
    UNIVERSITY = "university", _("University or research institute")
    AGENCY = "agency", _("Government agency")
    ASSOCIATION = "association", _("Association")


#: Kinds whose organisations get rights over other people's data or applications (organising
#: events, hosting cohorts, reviewing, investing): the secretariat verifies them first.
TRUSTED_KINDS = frozenset({OrgKind.AGENCY, OrgKind.TECH_HUB, OrgKind.UNIVERSITY, OrgKind.INVESTOR})


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    VERIFIED = "verified", _("Verified by the secretariat")
    DISPUTED = "disputed", _("Disputed")


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 people")
    SMALL = "10-49", _("10–49 people")
    MEDIUM = "50-249", _("50–249 people")
    LARGE = "250+", _("250 or more people")


class OrgStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


class PostingType(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class PostingKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")
    PARTNERSHIP = "partnership", _("Partnership")
    DISTRIBUTION = "distribution", _("Distribution")
    INVESTMENT_OFFERED = "investment_offered", _("Investment offered")
    INVESTMENT_SOUGHT = "investment_sought", _("Investment sought")
    RND = "rnd", _("Research and development")
    TALENT = "talent", _("Talent")


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FeedbackKind(models.TextChoices):
    NOT_RELEVANT = "not_relevant", _("Not relevant")
    CONTACTED = "contacted", _("Contacted")
