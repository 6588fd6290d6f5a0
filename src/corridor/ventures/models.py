"""Joint ventures traced to their origin, with dated stage transitions; investment pledges with
their disbursements; typed-in innovation context figures for the council (each with its source)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Currency, Sector, TimeStamped

from .enums import FigureKind, OriginKind, PartyRole, Stage

MONEY = {"max_digits": 16, "decimal_places": 2}


class Venture(TimeStamped):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.IDEA)
    stage_since = models.DateField(_("in this stage since"))
    started_on = models.DateField(_("started on"))
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the parties and council staff see a confidential venture."),
    )
    expected_value = models.DecimalField(_("expected value"), null=True, blank=True, **MONEY)
    expected_currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committed_value = models.DecimalField(_("committed value"), null=True, blank=True, **MONEY)
    committed_currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    origin_kind = models.CharField(
        _("origin"), max_length=16, choices=OriginKind.choices, default=OriginKind.OTHER
    )
    origin_meeting = models.ForeignKey(
        "matchmaking.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_award = models.ForeignKey(
        "grants.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_placement = models.ForeignKey(
        "exchange.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_recommendation = models.ForeignKey(
        "orgs.PartnerRecommendation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_note = models.CharField(_("origin note"), max_length=300, blank=True)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-stage_since", "-id"]
        verbose_name = _("joint venture")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ventures:venture", args=[self.pk])


class VentureParty(TimeStamped):
    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="venture_parties"
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices, default=PartyRole.PARTNER)

    class Meta:
        ordering = ["venture", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["venture", "organisation"], name="uniq_venture_party")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class StageTransition(TimeStamped):
    """One dated move of a venture (the first row records where it started)."""

    venture = models.ForeignKey(Venture, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["venture", "on", "id"]

    def __str__(self) -> str:
        return f"{self.venture_id}: {self.from_stage or '—'} → {self.to_stage} ({self.on})"


class Pledge(TimeStamped):
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("pledging organisation"),
    )
    target_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("target country")
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))
    amount = models.DecimalField(_("amount pledged"), **MONEY)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, related_name="+")
    announced_on = models.DateField(_("announced on"))
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-announced_on", "-id"]
        verbose_name = _("investment pledge")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ventures:pledge", args=[self.pk])


class Disbursement(TimeStamped):
    """Money paid out under a pledge, in the pledge's currency, on a date."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="disbursements")
    amount = models.DecimalField(_("amount disbursed"), **MONEY)
    disbursed_on = models.DateField(_("disbursed on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pledge", "disbursed_on", "id"]

    def __str__(self) -> str:
        return f"{self.amount} on {self.disbursed_on}"


class ContextFigure(TimeStamped):
    """A published figure typed in with its source: read-only context for the council's reviews.
    Where sources disagree each is a row; ``is_preferred`` marks the one the council uses and
    ``choice_note`` says why."""

    kind = models.CharField(_("figure"), max_length=24, choices=FigureKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40)
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source link"), max_length=500)
    published_on = models.DateField(_("published on"))
    is_preferred = models.BooleanField(_("used by the council"), default=True)
    choice_note = models.CharField(_("note on the choice"), max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "country", "year", "-is_preferred", "id"]
        verbose_name = _("innovation context figure")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.country_id} {self.year}: {self.value} {self.unit}"
