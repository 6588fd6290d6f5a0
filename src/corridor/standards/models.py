"""The standards registry (domains, instruments, recognition and its dated history) and the record
of each conformance check (never the document itself)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, TimeStamped

from .enums import DocumentKind, Domain, RecognitionStatus, Side


class RecognitionArea(TimeStamped):
    """One domain of the agreement's first pillar and how far mutual recognition has come."""

    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices, unique=True)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    status = models.CharField(
        _("recognition status"),
        max_length=20,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.NOT_RECOGNISED,
    )
    evidence = models.TextField(_("evidence"), max_length=4000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=4000, blank=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("recognition area")
        verbose_name_plural = _("recognition areas")

    def __str__(self) -> str:
        return self.get_domain_display()

    def get_absolute_url(self) -> str:
        return reverse("standards:area", args=[self.domain])


class Instrument(TimeStamped):
    """A law, regulation, standard or model law on one side of a domain, with its source."""

    area = models.ForeignKey(
        RecognitionArea, on_delete=models.CASCADE, related_name="instruments", verbose_name=_("area")
    )
    side = models.CharField(_("side"), max_length=4, choices=Side.choices)
    name = models.CharField(_("name"), max_length=300)
    citation = models.CharField(
        _("citation"), max_length=200, blank=True, help_text=_("e.g. Act 658, Cap. 411A, LN 64 of 2024")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.TextField(_("what it provides"), max_length=2000, blank=True)
    source_url = models.URLField(_("source"), max_length=500)

    class Meta:
        ordering = ["area__domain", "side", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "side", "name"], name="uniq_instrument_per_area_side")
        ]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name


class StatusChange(TimeStamped):
    """One dated change of an area's recognition status (the history is append-only)."""

    area = models.ForeignKey(
        RecognitionArea, on_delete=models.CASCADE, related_name="changes", verbose_name=_("area")
    )
    date = models.DateField(_("date"))
    from_status = models.CharField(_("from"), max_length=20, choices=RecognitionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RecognitionStatus.choices)
    decision = models.TextField(_("decision"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    is_fictional = models.BooleanField(_("fictional (demo)"), default=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.area}: {self.from_status or '—'} → {self.to_status} ({self.date})"


class ConformanceCheck(TimeStamped):
    """That a check ran: who, when, what kind of document, which pack versions, the outcome.

    The document itself is never stored."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="conformance_checks",
        verbose_name=_("by"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of the organisation"),
    )
    document_kind = models.CharField(_("document type"), max_length=20, choices=DocumentKind.choices)
    packs = models.JSONField(_("pack versions"), default=dict)
    valid = models.BooleanField(_("valid"))
    fatal_count = models.PositiveIntegerField(_("fatal findings"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    failing_rules = models.JSONField(_("failing rules"), default=list)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at", "country"])]
        verbose_name = _("conformance check")
        verbose_name_plural = _("conformance checks")

    def __str__(self) -> str:
        return f"{self.get_document_kind_display()} · {'valid' if self.valid else 'invalid'}"


class FailedRule(models.Model):
    """One fatal rule a check broke (for the most-frequent-failures statistics)."""

    check_run = models.ForeignKey(ConformanceCheck, on_delete=models.CASCADE, related_name="failures")
    rule = models.CharField(_("rule"), max_length=40)
    pack = models.CharField(_("pack"), max_length=4)

    class Meta:
        ordering = ["rule"]
        indexes = [models.Index(fields=["rule"])]

    def __str__(self) -> str:
        return self.rule
