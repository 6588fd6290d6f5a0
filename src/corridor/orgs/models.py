"""Organisations (the one organisation identity every module uses), their members and
invitations, and the cooperation marketplace of offers and requests."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.access import is_secretariat
from corridor.core.models import Country, Sector, TimeStamped
from corridor.core.pagesources import RowTracked
from corridor.core.runs import BackgroundRun

from .enums import (
    TRUSTED_KINDS,
    FeedbackKind,
    MemberRole,
    OrgKind,
    OrgStatus,
    PostingKind,
    PostingStatus,
    PostingType,
    SizeBand,
    VerificationStatus,
)


def logo_path(instance: Organisation, filename: str) -> str:
    # The name comes from core.uploads (re-encoded PNG or JPEG); anything else is stored as PNG.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    if ext not in {"png", "jpg"}:
        ext = "png"
    return f"logos/{instance.slug}-{secrets.token_hex(4)}.{ext}"


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OrgStatus.PUBLISHED)

    def visible_to(self, user):
        """Published organisations, plus drafts the user is a member of (all for the secretariat)."""
        if user is not None and user.is_authenticated:
            if is_secretariat(user):
                return self
            # a subquery, not a join: no duplicate rows, so no DISTINCT over every column
            mine = Membership.objects.filter(user=user).values("organisation_id")
            return self.filter(Q(status=OrgStatus.PUBLISHED) | Q(pk__in=mine))
        return self.published()


class Organisation(RowTracked, TimeStamped):
    # RowTracked: read by most pages and edited one at a time, so the page cache follows it by
    # row and column (core.pagecache): an edit empties the pages showing this organisation
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    registration_number = models.CharField(
        _("national registration number"),
        max_length=60,
        blank=True,
        help_text=_(
            "Company or institution registration number in its country (e.g. SSM in Malaysia, BRS in Kenya)."
        ),
    )
    sectors = models.ManyToManyField(
        Sector, related_name="organisations", verbose_name=_("sectors"), blank=True
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(max_length=10_000, verbose_name=_("description"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=OrgStatus.choices, default=OrgStatus.DRAFT)
    is_fictional = models.BooleanField(
        _("fictional (demo data)"), default=False, help_text=_("Marks demo organisations that do not exist.")
    )
    languages = models.CharField(_("working languages"), max_length=40, blank=True, default="en")
    verification_status = models.CharField(
        _("verification"),
        max_length=12,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_note = models.CharField(_("verification note"), max_length=500, blank=True)
    # Optimistic locking: every profile save adds one; a form or API call that carries an older
    # number was opened before someone else saved (orgs.services.update_organisation).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~Q(registration_number=""),
                name="uniq_registration_per_country",
            )
        ]
        indexes = [models.Index(fields=["status", "country", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:detail", args=[self.slug])

    @property
    def confers_rights(self) -> bool:
        """An agency, hub, university or investor: rights follow only once it is verified."""
        return self.kind in TRUSTED_KINDS

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_disputed(self) -> bool:
        return self.verification_status == VerificationStatus.DISPUTED

    @property
    def is_draft(self) -> bool:
        return self.status == OrgStatus.DRAFT


class Membership(TimeStamped):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role in (MemberRole.OWNER, MemberRole.ADMIN)

    @property
    def is_owner(self) -> bool:
        return self.role == MemberRole.OWNER


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(TimeStamped):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class PostingQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=PostingStatus.PUBLISHED).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )


class Posting(TimeStamped):
    """An offer or a request on the cooperation marketplace. Expired ones are hidden, never deleted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="postings")
    type = models.CharField(_("offer or request"), max_length=10, choices=PostingType.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=PostingKind.choices)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="postings", verbose_name=_("sector")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(max_length=10_000, verbose_name=_("description"))
    target_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target country"),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PostingStatus.choices, default=PostingStatus.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"]), models.Index(fields=["type", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("orgs:posting", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def is_published(self) -> bool:
        return self.status == PostingStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PostingStatus.WITHDRAWN


class PartnerRecommendation(models.Model):
    """A computed partner suggestion (refreshed in the background when profiles change)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="recommendations")
    partner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "partner"], name="uniq_recommendation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.partner_id} (#{self.rank})"


class RecommendationFeedback(TimeStamped):
    """What an organisation said about a suggested partner; it changes later rankings."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="recommendation_feedback"
    )
    partner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("feedback"), max_length=20, choices=FeedbackKind.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "partner"], name="uniq_feedback")]

    def __str__(self) -> str:
        return f"{self.organisation_id} says {self.kind} about {self.partner_id}"


class RecommendationRun(BackgroundRun):
    """One refresh of every organisation's partner recommendations (status and timing from ``core.runs``)."""

    stored = models.PositiveIntegerField(_("recommendations stored"), default=0)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("recommendation refresh")

    def __str__(self) -> str:
        return f"recommendation refresh {self.pk} ({self.status})"
