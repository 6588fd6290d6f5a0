"""The Digital Trade Council: members, meetings and decisions, commitments with evidence, the
indicator registry with period values (four-eyes validated, versioned), and biannual reviews
frozen as immutable snapshots when published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.enums import Pillar
from corridor.core.models import Country, TimeStamped
from corridor.core.runs import BackgroundRun

from .enums import (
    CommitmentStatus,
    Direction,
    EvidenceKind,
    IndicatorSource,
    MemberRole,
    ReviewStatus,
    ValueStatus,
)

PERIOD_HELP = _("A half-year such as 2026-H1.")


class CouncilMember(TimeStamped):
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["country", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id}, {self.get_role_display()})"


class CouncilMeeting(TimeStamped):
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = models.TextField(max_length=20_000, verbose_name=_("agenda"), blank=True)
    minutes = models.TextField(max_length=50_000, verbose_name=_("minutes"), blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class Decision(TimeStamped):
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(max_length=20_000, verbose_name=_("decision"))

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="uniq_decision_number")]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:60]}"


class Commitment(TimeStamped):
    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(max_length=5_000, verbose_name=_("description"), blank=True)
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    owner_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner country"),
    )
    owner_organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner organisation"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("council:commitment", args=[self.code])

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date and self.due_date < timezone.localdate() and self.status != CommitmentStatus.DONE
        )


class Evidence(TimeStamped):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices, default=EvidenceKind.LINK)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Indicator(TimeStamped):
    """One shared indicator (IATI: result → indicator → baseline → period target and actual)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(max_length=5_000, verbose_name=_("definition"))
    unit = models.CharField(_("unit"), max_length=40)
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(_("source"), max_length=10, choices=IndicatorSource.choices)
    provider_code = models.CharField(
        _("provider"),
        max_length=60,
        blank=True,
        help_text=_("For automatic indicators: the registered provider's code."),
    )
    by_country = models.BooleanField(_("disaggregated by country"), default=False)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=12, default="half_year", editable=False)
    is_public = models.BooleanField(_("on the public dashboard"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("council:indicator", args=[self.code])

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.HIGHER

    @property
    def is_reported(self) -> bool:
        return self.source == IndicatorSource.REPORTED


class IndicatorValue(TimeStamped):
    """A reported value for one indicator, half-year and country. Corrections add a version."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(_("period"), max_length=7, help_text=PERIOD_HELP)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ValueStatus.choices, default=ValueStatus.SUBMITTED
    )
    evidence = models.TextField(
        max_length=5_000,
        verbose_name=_("evidence"),
        blank=True,
        help_text=_("Source documents, links, methods."),
    )
    note = models.TextField(max_length=2_000, verbose_name=_("note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitter_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The submitting focal point's country (four eyes for figures not split by country)."),
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(max_length=2_000, verbose_name=_("validation note"), blank=True)

    class Meta:
        ordering = ["indicator", "period", "country", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "country", "version"], name="uniq_value_version"
            ),
            models.CheckConstraint(
                condition=~Q(validated_by=None) | ~Q(status="validated"), name="validated_has_validator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} {self.country_id or 'all'} v{self.version}: {self.value}"


class Review(TimeStamped):
    """A biannual review. Publishing freezes ``snapshot`` (and renders the PDF); it never changes again."""

    period = models.CharField(_("period"), max_length=7, help_text=PERIOD_HELP)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="reviews/", blank=True, editable=False)
    pdf_render_seconds = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-period", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=Q(status="published"), name="one_published_review_per_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("council:review", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED


class ReviewPdfRun(BackgroundRun):
    """The PDF of an open review, drawn in the background in one language.

    A draft's figures are live, so a drawn PDF is served only while ``fingerprint`` (a digest of
    the figures it shows and its language) still matches the review's current figures."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="pdf_runs")
    language = models.CharField(_("language"), max_length=10)
    fingerprint = models.CharField(_("figures fingerprint"), max_length=64, blank=True)
    pdf_data = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(_("PDF size (bytes)"), null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("draft PDF run")


class ReviewNarrative(TimeStamped):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="narratives")
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    text = models.TextField(max_length=20_000, verbose_name=_("narrative"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "pillar"]
        constraints = [models.UniqueConstraint(fields=["review", "pillar"], name="uniq_narrative_per_pillar")]

    def __str__(self) -> str:
        return f"{self.review} — {self.pillar}"


class ReviewComment(TimeStamped):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=20_000, verbose_name=_("comment"))

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
