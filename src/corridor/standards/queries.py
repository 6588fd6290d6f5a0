"""Every read the standards pages and API need."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q

from corridor.core.access import NotFound

from .enums import RecognitionStatus
from .models import ConformanceCheck, FailedRule, Instrument, RecognitionArea, StatusChange


def areas():
    return RecognitionArea.objects.prefetch_related(
        Prefetch("instruments", queryset=Instrument.objects.order_by("side", "name"))
    ).order_by("domain")


def area(domain: str) -> RecognitionArea:
    found = (
        RecognitionArea.objects.prefetch_related(
            Prefetch("instruments", queryset=Instrument.objects.order_by("side", "name")),
            Prefetch("changes", queryset=StatusChange.objects.select_related("by").order_by("-date", "-id")),
        )
        .filter(domain=domain)
        .first()
    )
    if found is None:
        raise NotFound
    return found


def instrument(pk: int) -> Instrument:
    found = Instrument.objects.select_related("area").filter(pk=pk).first()
    if found is None:
        raise NotFound
    return found


def status_counts(on: dt.date | None = None) -> dict[str, int]:
    """Domains per recognition status (as it stood at the end of ``on`` when given)."""
    counts = {s.value: 0 for s in RecognitionStatus}
    if on is None:
        for row in RecognitionArea.objects.values("status").annotate(n=Count("id")):
            counts[row["status"]] = row["n"]
        return counts
    for a in RecognitionArea.objects.prefetch_related("changes"):
        changes = sorted(a.changes.all(), key=lambda c: (c.date, c.id))
        before = [c for c in changes if c.date <= on]
        if before:
            status = before[-1].to_status
        elif changes:
            status = changes[0].from_status or RecognitionStatus.NOT_RECOGNISED
        else:
            status = a.status
        counts[status] = counts.get(status, 0) + 1
    return counts


def checks_of(user):
    return (
        ConformanceCheck.objects.filter(actor=user).select_related("country").order_by("-created_at", "-id")
    )


def all_checks():
    return ConformanceCheck.objects.select_related("country", "actor").order_by("-created_at", "-id")


def checks_between(start: dt.date, end: dt.date):
    return ConformanceCheck.objects.filter(created_at__date__gte=start, created_at__date__lte=end)


def check_statistics(start: dt.date | None = None, end: dt.date | None = None) -> dict:
    qs = ConformanceCheck.objects.all()
    failures = FailedRule.objects.all()
    if start:
        qs = qs.filter(created_at__date__gte=start)
        failures = failures.filter(check_run__created_at__date__gte=start)
    if end:
        qs = qs.filter(created_at__date__lte=end)
        failures = failures.filter(check_run__created_at__date__lte=end)
    by_country = list(
        qs.values("country_id", "country__name")
        .annotate(total=Count("id"), valid=Count("id", filter=Q(valid=True)))
        .order_by("country__name")
    )
    by_kind = list(qs.values("document_kind").annotate(total=Count("id")).order_by("document_kind"))
    top = list(
        failures.values("check_run__country_id", "rule", "pack")
        .annotate(n=Count("id"))
        .order_by("-n", "rule")[:60]
    )
    top_by_country: dict = {}
    for row in top:
        top_by_country.setdefault(row["check_run__country_id"] or "", []).append(row)
    return {
        "total": qs.count(),
        "valid": qs.filter(valid=True).count(),
        "by_country": by_country,
        "by_kind": by_kind,
        "top_failing": {k: v[:10] for k, v in top_by_country.items()},
    }


def checks_by_month() -> list[dict]:
    """Checks per month and country of the checking organisation (for the trend chart)."""
    from django.db.models.functions import TruncMonth

    rows = (
        ConformanceCheck.objects.annotate(month=TruncMonth("created_at"))
        .values("month", "country_id")
        .annotate(n=Count("id"))
        .order_by("month", "country_id")
    )
    return [
        {"month": r["month"].strftime("%Y-%m"), "country": r["country_id"] or "—", "checks": r["n"]}
        for r in rows
    ]
