"""Trade data: releases (one imported file each), import jobs, headline figures, the target
setting and the HS→sector map. Flow rows themselves live in Parquet files (the ``store`` package)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Sector, TimeStamped
from corridor.core.runs import BackgroundRun

from .enums import Flow, ImportResult, SourceFormat


class TradeReleaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible(self, *, include_unpublished: bool = False):
        """All releases for the secretariat (``include_unpublished``), else the published ones.
        Who may see unpublished releases is decided in ``access.py``, not here."""
        return self if include_unpublished else self.published()

    def newest_per_dataset(self, *, include_unpublished: bool = False):
        """Per dataset, the newest release: the newest *published* one unless
        ``include_unpublished`` (the secretariat's preview). A revision imported but not yet
        published therefore never hides the published figures of its dataset from the public."""
        base = TradeRelease.objects.all() if include_unpublished else TradeRelease.objects.published()
        newest = (
            base.filter(dataset=models.OuterRef("dataset")).order_by("-created_at", "-id").values("pk")[:1]
        )
        return self.filter(pk=models.Subquery(newest))


class TradeRelease(TimeStamped):
    """One imported file. A revised file of the same dataset becomes a new release that
    supersedes the previous one; the old release (and its Parquet file) stays for comparison."""

    dataset = models.SlugField(_("dataset"), max_length=80)
    format = models.CharField(_("format"), max_length=12, choices=SourceFormat.choices)
    title = models.CharField(_("title"), max_length=200)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    parquet_name = models.CharField(_("Parquet file"), max_length=255, blank=True)
    row_count = models.PositiveBigIntegerField(_("rows"), default=0)
    year_min = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    year_max = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Generated demo data, not official statistics.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TradeReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dataset", "is_current"])]
        verbose_name = _("trade release")

    def __str__(self) -> str:
        return f"{self.title} ({self.dataset} #{self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("trade:release", args=[self.pk])

    @property
    def is_flow_release(self) -> bool:
        return self.format in (SourceFormat.COMTRADE, SourceFormat.BACI)

    @property
    def label(self) -> str:
        """How a figure names its release: title, release id and years."""
        years = f"{self.year_min}–{self.year_max}" if self.year_min else ""
        return f"{self.title} (release #{self.pk}{', ' + years if years else ''})"


class ImportJob(BackgroundRun):
    """One import attempt: a background run (status, progress, message, timing, ``actor`` from
    ``core.runs``) with the file, where it goes, what it did (``result``) and every bad row."""

    format = models.CharField(_("format"), max_length=12, choices=SourceFormat.choices)
    dataset = models.SlugField(_("dataset"), max_length=80)
    title = models.CharField(_("title"), max_length=200, blank=True)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    expected_year = models.PositiveSmallIntegerField(_("expected year"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(_("stored file"), max_length=500)
    result = models.CharField(
        _("result"), max_length=10, choices=ImportResult.choices, default=ImportResult.PENDING, blank=True
    )
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("bad rows"), default=0)
    release = models.ForeignKey(
        TradeRelease, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("import job")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_imported(self) -> bool:
        return self.result == ImportResult.IMPORTED

    @property
    def is_unchanged(self) -> bool:
        return self.result == ImportResult.UNCHANGED

    @property
    def is_rejected(self) -> bool:
        return self.result == ImportResult.REJECTED

    @property
    def outcome_label(self) -> str:
        """What a person reads: the result of a finished import, else the run's status."""
        return self.get_result_display() if self.is_done and self.result else self.get_status_display()


class HeadlineFigure(TimeStamped):
    """A total published by an authority (a trade agency's or a government's statement)."""

    release = models.ForeignKey(TradeRelease, on_delete=models.CASCADE, related_name="headline_figures")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=20, help_text=_("YYYY, YYYY-MM/YYYY-MM or YYYYH1"))
    month_from = models.PositiveSmallIntegerField(_("from month"), default=1)
    month_to = models.PositiveSmallIntegerField(_("to month"), default=12)
    reporter = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    flow = models.CharField(_("flow"), max_length=1, choices=Flow.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source URL"), max_length=500)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "month_to", "currency", "id"]
        verbose_name = _("headline figure")

    def __str__(self) -> str:
        return f"{self.period} {self.reporter_id}–{self.partner_id} {self.flow} {self.value} {self.currency}"

    @property
    def months(self) -> int:
        return self.month_to - self.month_from + 1


class TargetSetting(TimeStamped):
    """The agreement's trade target: baseline × (1 + growth) after ``horizon_years``."""

    name = models.CharField(_("name"), max_length=200, default=_("Bilateral trade +30% in three years"))
    reporter = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", default="MY")
    partner = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", default="KE")
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), default=2024, help_text=_("The latest full year before the agreement.")
    )
    baseline_value = models.DecimalField(_("baseline value"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="MYR")
    growth = models.DecimalField(
        _("target growth"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.30"),
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    horizon_years = models.PositiveSmallIntegerField(_("years"), default=3, validators=[MinValueValidator(1)])
    tolerance = models.DecimalField(
        _("amber tolerance"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.05"),
        help_text=_("How far below the trajectory still counts as amber (0.05 = 5%)."),
    )
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    baseline_source_url = models.URLField(_("baseline source URL"), max_length=500, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("target setting")

    def __str__(self) -> str:
        return f"{self.name}: {self.baseline_year} {self.baseline_value} {self.currency}"


class SectorMapping(TimeStamped):
    """Maps HS codes to a pillar sector by prefix (2, 4 or 6 digits); the longest prefix wins."""

    hs_prefix = models.CharField(_("HS prefix"), max_length=6, unique=True)
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["hs_prefix"]
        verbose_name = _("HS→sector mapping")

    def __str__(self) -> str:
        return f"{self.hs_prefix} → {self.sector}"
