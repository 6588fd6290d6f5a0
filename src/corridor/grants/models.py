"""Joint research grants: calls, joint MY–KE proposals, reviewers, conflicts, bids, assignment,
reviews, decisions, milestones, and the per-proposal history of every reviewing action."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Currency, Sector, TimeStamped
from corridor.core.runs import BackgroundRun
from corridor.orgs.models import Organisation

from .enums import (
    BidLevel,
    CallStatus,
    ConflictSource,
    MemberRole,
    Outcome,
    PairRuleKind,
    ProposalStatus,
)


class Call(TimeStamped):
    """A call for joint research proposals. Times are stored in UTC and shown in the viewer's zone."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(max_length=20_000, verbose_name=_("description"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="grant_calls", verbose_name=_("sectors")
    )
    challenges = models.TextField(
        max_length=10_000,
        verbose_name=_("regional development challenges"),
        blank=True,
        help_text=_("One per line; each is a theme."),
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("currency")
    )
    total_budget = models.DecimalField(_("total budget"), max_digits=14, decimal_places=2)
    max_award = models.DecimalField(_("maximum award"), max_digits=14, decimal_places=2)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    time_zone = models.CharField(
        _("time zone of the call"),
        max_length=64,
        default="Asia/Kuala_Lumpur",
        help_text=_("The deadline is stated in this zone (and in UTC) to visitors who are not signed in."),
    )
    review_deadline = models.DateTimeField(_("review deadline"), null=True, blank=True)
    startup_required = models.BooleanField(_("at least one startup in the team"), default=False)
    reviews_per_proposal = models.PositiveSmallIntegerField(
        _("reviews per proposal"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    min_load = models.PositiveSmallIntegerField(_("minimum proposals per reviewer"), default=0)
    max_load = models.PositiveSmallIntegerField(_("maximum proposals per reviewer"), default=8)
    score_scale = models.PositiveSmallIntegerField(
        _("score scale (1 to)"), default=5, validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    disagreement_threshold = models.FloatField(_("disagreement threshold (score spread)"), default=2.0)
    required_documents = models.TextField(
        max_length=2_000,
        verbose_name=_("required documents"),
        blank=True,
        help_text=_("One per line, e.g. 'Project plan'. PDF only."),
    )
    themes_at_least_once = models.BooleanField(_("fund each theme at least once"), default=True)
    share_low = models.DecimalField(
        _("minimum share per country"), max_digits=3, decimal_places=2, default=0.4
    )
    share_high = models.DecimalField(
        _("maximum share per country"), max_digits=3, decimal_places=2, default=0.6
    )
    lottery_seed = models.PositiveIntegerField(_("lottery seed"), null=True, blank=True)
    lottery_draw = models.JSONField(
        _("lottery at the funding line"),
        default=dict,
        blank=True,
        help_text=_("Group, places, draw order and winners; published once decisions are recorded."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-closes_at", "-id"]
        verbose_name = _("call")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:call", args=[self.slug])

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now < self.closes_at

    def challenge_list(self) -> list[str]:
        return [c.strip() for c in self.challenges.splitlines() if c.strip()]

    def document_list(self) -> list[str]:
        return [c.strip() for c in self.required_documents.splitlines() if c.strip()]

    def themes(self) -> list[str]:
        return [s.name for s in self.sectors.all()] + self.challenge_list()

    @property
    def published_lottery(self) -> dict | None:
        """The funding-line lottery (seed, group, places, order, winners) once decisions are
        recorded, so anyone can re-run it; ``None`` before or when there was no lottery."""
        draw = self.lottery_draw or {}
        if not draw.get("published") or self.lottery_seed is None:
            return None
        return {
            "seed": self.lottery_seed,
            **{k: draw.get(k) for k in ("group", "places", "order", "winners")},
        }


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class Proposal(TimeStamped):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=250)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_proposals",
        verbose_name=_("lead institution"),
    )
    abstract = models.TextField(max_length=5_000, verbose_name=_("abstract"))
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("Comma-separated."))
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["call", "status"])]
        verbose_name = _("proposal")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:proposal", args=[self.pk])

    @property
    def requested_amount(self):
        return sum((line.amount for line in self.budget_lines.all()), 0)

    @property
    def editable(self) -> bool:
        return self.status in (ProposalStatus.DRAFT, ProposalStatus.REOPENED)

    @property
    def is_awarded(self) -> bool:
        return self.status == ProposalStatus.AWARDED

    @property
    def is_submitted(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED


class Partner(models.Model):
    """An organisation in a proposal's team (the lead is a partner with role ``lead``)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grant_partnerships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.PARTNER)

    class Meta:
        ordering = ["proposal", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organisation"], name="uniq_grant_partner")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class TeamMember(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    orcid = models.CharField(_("ORCID"), max_length=19, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["proposal", "id"]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["proposal", "id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.amount}"


class Milestone(models.Model):
    """Planned in the proposal; after an award, reported on and paid against."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("report due"))
    amount = models.DecimalField(_("disbursement"), max_digits=14, decimal_places=2, default=0)
    report = models.TextField(max_length=10_000, verbose_name=_("report"), blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    disbursed_at = models.DateTimeField(_("disbursed"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.reported_at is None and self.due_on < timezone.localdate()


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"grants/{instance.proposal_id}/{secrets.token_hex(8)}.pdf"


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("document"), max_length=120)
    file = models.FileField(_("file"), upload_to=attachment_path)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "kind", "id"]

    def __str__(self) -> str:
        return self.kind

    def get_absolute_url(self) -> str:
        """The access-checked download (the stored file is never served at its media path)."""
        return reverse("grants:attachment", args=[self.proposal_id, self.pk])


class Reviewer(TimeStamped):
    # PROTECT: reviews behind awarded grants hang off the reviewer; a person is erased, not deleted.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_reviewer"
    )
    expertise = models.TextField(
        max_length=2_000, verbose_name=_("expertise keywords"), help_text=_("Comma-separated.")
    )
    institution = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("institution"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    orcid = models.CharField(_("ORCID"), max_length=19, blank=True)
    co_workers = models.TextField(
        max_length=5_000,
        verbose_name=_("co-workers"),
        blank=True,
        help_text=_("E-mail addresses or ORCIDs of recent co-workers, one per line."),
    )
    calls = models.ManyToManyField(Call, blank=True, related_name="reviewers")

    class Meta:
        ordering = ["user__full_name", "id"]
        verbose_name = _("reviewer")

    def __str__(self) -> str:
        return str(self.user)


class Conflict(TimeStamped):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(_("source"), max_length=12, choices=ConflictSource.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["proposal", "reviewer"]
        constraints = [models.UniqueConstraint(fields=["reviewer", "proposal"], name="uniq_grant_conflict")]

    def __str__(self) -> str:
        return f"{self.reviewer} ⟂ {self.proposal}"


class Bid(TimeStamped):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="bids")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="bids")
    level = models.CharField(_("bid"), max_length=12, choices=BidLevel.choices)

    class Meta:
        ordering = ["proposal", "reviewer"]
        constraints = [models.UniqueConstraint(fields=["reviewer", "proposal"], name="uniq_grant_bid")]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.level} {self.proposal}"


class PairRule(TimeStamped):
    """A pin (always assign) or forbid (never assign) the secretariat sets before a run."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="pair_rules")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="pair_rules")
    kind = models.CharField(_("kind"), max_length=6, choices=PairRuleKind.choices)

    class Meta:
        ordering = ["proposal", "reviewer"]
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="uniq_grant_pair_rule")]

    def __str__(self) -> str:
        return f"{self.kind} {self.reviewer} → {self.proposal}"


class AssignmentRun(BackgroundRun):
    """One reviewer-assignment run of a call (status, progress and timing from ``core.runs``)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="runs")
    fairness = models.BooleanField(_("fairness floor"), default=False)
    total_affinity = models.FloatField(_("total affinity"), null=True, blank=True)
    floor = models.FloatField(_("affinity floor"), null=True, blank=True)
    fairness_cost = models.FloatField(_("cost of the floor in total affinity"), null=True, blank=True)
    relaxed = models.CharField(_("relaxed rules"), max_length=60, blank=True)
    uncovered = models.JSONField(_("uncovered proposals"), default=list, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("assignment run")

    def __str__(self) -> str:
        return f"{self.call} run {self.pk} ({self.status})"


class Assignment(TimeStamped):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="assignments")
    affinity = models.FloatField(_("affinity"), default=0)
    run = models.ForeignKey(AssignmentRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["proposal", "-affinity", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="uniq_grant_assignment")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal}"


class Review(TimeStamped):
    """One reviewer's scores (criterion id → value), comments for applicants, confidential comments."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    scores = models.JSONField(_("scores"), default=dict)
    total = models.FloatField(_("weighted score"), null=True, blank=True)
    comments_for_applicants = models.TextField(
        max_length=10_000, verbose_name=_("comments for the applicants"), blank=True
    )
    confidential_comments = models.TextField(
        max_length=10_000, verbose_name=_("confidential comments for the panel"), blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["assignment", "id"]

    def __str__(self) -> str:
        return f"review of {self.assignment}"


class Decision(TimeStamped):
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    amount = models.DecimalField(_("amount awarded"), max_digits=14, decimal_places=2, default=0)
    reason = models.TextField(max_length=5_000, verbose_name=_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    letter_reference = models.CharField(_("letter reference"), max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.outcome}"

    @property
    def is_award(self) -> bool:
        return self.outcome == Outcome.AWARD


class HistoryEntry(models.Model):
    """The proposal's event log (like indico's): every reviewing action, who and when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("history entries")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.action}"
