"""Startup exchange: programmes, cohorts, host places at tech hubs, ranked applications, hub
evaluations, placement runs (stable matching) and the placements they produce, with check-ins
and outcomes. Rules live in ``services``; these models hold data and invariants."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Currency, Sector, TimeStamped
from corridor.core.runs import BackgroundRun
from corridor.orgs.models import Organisation

from .enums import (
    ApplicationStatus,
    CheckInSide,
    Direction,
    HostOffer,
    PlacementStatus,
    RunMode,
    StartupStage,
)

LIVE_PLACEMENT = ~Q(status=PlacementStatus.DECLINED)


class Programme(TimeStamped):
    title = models.CharField(_("title"), max_length=200)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    description = models.TextField(max_length=10_000, verbose_name=_("description"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exchange programme")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:programme", args=[self.pk])

    def host_countries(self) -> set[str]:
        return {Direction.MY_KE: {"KE"}, Direction.KE_MY: {"MY"}}.get(self.direction, {"MY", "KE"})


class Cohort(TimeStamped):
    """One intake of a programme: dates, application window, stipend, eligibility and match date."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("programme starts"))
    ends_on = models.DateField(_("programme ends"))
    applications_open = models.DateTimeField(_("applications open"))
    applications_close = models.DateTimeField(_("applications close"))
    match_date = models.DateField(_("match date"))
    stipend_amount = models.DecimalField(_("stipend"), max_digits=12, decimal_places=2, default=0)
    stipend_currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("stipend currency")
    )
    eligible_stages = models.JSONField(_("eligible startup stages"), default=list, blank=True)
    eligible_sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("eligible sectors")
    )
    founded_after = models.PositiveSmallIntegerField(_("founded after (year)"), null=True, blank=True)
    max_ranked = models.PositiveSmallIntegerField(
        _("hosts an applicant may rank"), default=3, validators=[MinValueValidator(1)]
    )
    questions = models.TextField(max_length=5_000, verbose_name=_("questions (one per line)"), blank=True)

    class Meta:
        ordering = ["-applications_open", "-id"]
        verbose_name = _("cohort")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(applications_close__gt=models.F("applications_open")),
                name="cohort_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:cohort", args=[self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.applications_open <= now < self.applications_close

    def question_list(self) -> list[str]:
        return [q.strip() for q in self.questions.splitlines() if q.strip()]

    @property
    def eligible_stage_labels(self) -> list[str]:
        labels = dict(StartupStage.choices)
        return [str(labels.get(code, code)) for code in self.eligible_stages]


class HostPlace(TimeStamped):
    """A tech hub taking part in a cohort with a number of places."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="hosts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="host_places")
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    city = models.CharField(_("city"), max_length=100, blank=True)
    focus_sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("focus sectors")
    )
    offers = models.JSONField(_("what the hub offers"), default=list, blank=True)

    class Meta:
        ordering = ["cohort", "organisation__name"]
        verbose_name = _("host place")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "organisation"], name="uniq_host_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.places})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:host", args=[self.pk])

    @property
    def offer_labels(self) -> list[str]:
        labels = dict(HostOffer.choices)
        return [str(labels.get(code, code)) for code in self.offers]


def deck_path(instance: Application, filename: str) -> str:
    return f"exchange/decks/{instance.cohort_id}-{secrets.token_hex(8)}.pdf"


class Application(TimeStamped):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="exchange_applications"
    )
    stage = models.CharField(_("stage"), max_length=12)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    pitch_deck = models.FileField(_("pitch deck (PDF)"), upload_to=deck_path, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cohort", "organisation__name", "id"]
        verbose_name = _("application")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "organisation"], name="uniq_application_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:application", args=[self.pk])

    @property
    def pitch_deck_url(self) -> str:
        """The access-checked download of the deck ("" without one); never its media path."""
        return reverse("exchange:pitch_deck", args=[self.pk]) if self.pitch_deck else ""

    @property
    def state_label(self) -> str:
        """The one state the applicant reads (needs ``queries.with_state``): its published
        placement's status ("Offered" only once published), "Not placed" once its cohort's
        placement is published without it, else the application status."""
        status = getattr(self, "placement_status", None)
        if status:
            return str(PlacementStatus(status).label)
        if self.status == ApplicationStatus.SUBMITTED and getattr(self, "cohort_published", False):
            return str(_("Not placed"))
        return self.get_status_display()


class Choice(models.Model):
    """The applicant's ranking of hosts: rank 1 is its first choice."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    host = models.ForeignKey(HostPlace, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "host"], name="uniq_choice_host"),
            models.UniqueConstraint(fields=["application", "rank"], name="uniq_choice_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.rank} {self.host_id}"


class Evaluation(TimeStamped):
    """A hub's view of one application that ranked it: score, position in its list, acceptability."""

    host = models.ForeignKey(HostPlace, on_delete=models.CASCADE, related_name="evaluations")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evaluations")
    score = models.PositiveSmallIntegerField(_("score (0–100)"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position in the hub's list"))
    acceptable = models.BooleanField(_("acceptable"), default=True)

    class Meta:
        ordering = ["host", "position"]
        constraints = [models.UniqueConstraint(fields=["host", "application"], name="uniq_evaluation")]

    def __str__(self) -> str:
        return f"{self.host_id}: #{self.position} {self.application_id}"


class PlacementRun(BackgroundRun):
    """One run of the stable placement; its figures prove what the result page shows. Status,
    progress and timing come from ``core.runs``. A run that is done is a *preview* that only the
    secretariat sees; publishing it (a separate, confirmed step) tells applicants and hubs."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="runs")
    mode = models.CharField(_("mode"), max_length=8, choices=RunMode.choices, default=RunMode.INITIAL)
    stable = models.BooleanField(null=True)
    blocking_pairs = models.PositiveIntegerField(default=0)
    capacity_violations = models.PositiveIntegerField(default=0)
    stats = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta(BackgroundRun.Meta):
        ordering = ["cohort", "-created_at", "-id"]
        verbose_name = _("placement run")

    def __str__(self) -> str:
        return f"{self.cohort} {self.get_mode_display()} ({self.get_status_display()})"

    @property
    def is_published(self) -> bool:
        """Offers are sent when the secretariat publishes a finished run, not when it finishes."""
        return self.published_at is not None

    @property
    def is_preview(self) -> bool:
        """Done, not published: nobody outside the secretariat has been told anything."""
        return self.is_done and self.published_at is None

    @property
    def is_rerun(self) -> bool:
        return self.mode == RunMode.RERUN


class Placement(TimeStamped):
    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="placements")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="placements")
    host = models.ForeignKey(HostPlace, on_delete=models.PROTECT, related_name="placements")
    choice_rank = models.PositiveSmallIntegerField(_("applicant's rank of the host"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    arrived_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["host__organisation__name", "application__organisation__name", "id"]
        verbose_name = _("placement")
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=LIVE_PLACEMENT, name="one_live_placement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.organisation} at {self.host.organisation} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:placement", args=[self.pk])

    @property
    def is_accepted(self) -> bool:
        return self.status == PlacementStatus.ACCEPTED

    @property
    def is_arrived(self) -> bool:
        return self.status == PlacementStatus.ARRIVED

    @property
    def is_completed(self) -> bool:
        return self.status == PlacementStatus.COMPLETED

    @property
    def is_offered(self) -> bool:
        return self.status == PlacementStatus.OFFERED


class CheckIn(TimeStamped):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="check_ins")
    side = models.CharField(_("from"), max_length=8, choices=CheckInSide.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(max_length=5_000, verbose_name=_("note"))

    class Meta:
        ordering = ["placement", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.side} {self.created_at:%Y-%m-%d}"


class Outcome(TimeStamped):
    """What the placement produced, reported after the programme."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="outcome")
    customers_won = models.PositiveIntegerField(_("customers won in the host market"), default=0)
    revenue = models.DecimalField(_("revenue in the host market"), max_digits=14, decimal_places=2, default=0)
    revenue_currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    funding_raised = models.DecimalField(_("funding raised"), max_digits=14, decimal_places=2, default=0)
    funding_currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    partners_met = models.PositiveIntegerField(_("partners met through matchmaking"), default=0)
    notes = models.TextField(max_length=5_000, verbose_name=_("notes"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["placement"]

    def __str__(self) -> str:
        return f"Outcome of {self.placement_id}"
