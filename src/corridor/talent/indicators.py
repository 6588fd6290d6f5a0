"""Indicators the talent module contributes to the council's registry."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F

from corridor.council.registry import Provider, register

MOVED = ["moved", "returned"]


def _moved_by_destination(start: dt.date, end: dt.date) -> dict[str | None, float]:
    """Professionals moved in the period, by destination country (MY = KE→MY, KE = MY→KE)."""
    from .models import Application

    rows = (
        Application.objects.filter(
            status__in=MOVED, moved_on__gte=start, moved_on__lte=end, job__is_fictional=False
        )
        .exclude(profile__country_id=F("job__country_id"))
        .values("job__country_id")
        .annotate(n=Count("id"))
    )
    out: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    for row in rows:
        if row["job__country_id"] in out:
            out[row["job__country_id"]] = float(row["n"])
    out[None] = sum(v for k, v in out.items() if k)
    return out


def moved_by_pathway_and_direction(start: dt.date, end: dt.date) -> list[dict]:
    """Rows {pathway, direction, n} for the council page and the API."""
    from .models import Application

    rows = (
        Application.objects.filter(status__in=MOVED, moved_on__gte=start, moved_on__lte=end)
        .values("pathway__code", "profile__country_id", "job__country_id")
        .annotate(n=Count("id"))
        .order_by("pathway__code", "profile__country_id")
    )
    return [
        {
            "pathway": r["pathway__code"] or "none",
            "direction": f"{r['profile__country_id']}→{r['job__country_id']}",
            "n": r["n"],
        }
        for r in rows
    ]


def _applications(start: dt.date, end: dt.date) -> dict[str | None, float]:
    from .models import Application

    n = Application.objects.filter(
        created_at__date__gte=start, created_at__date__lte=end, job__is_fictional=False
    ).count()
    return {None: float(n)}


register(
    Provider(
        code="talent.moved",
        name="Professionals moved",
        unit="professionals",
        pillar="talent",
        definition=(
            "Applications that reached 'moved' with a move date in the period, by destination country "
            "(MY: Kenya→Malaysia, KE: Malaysia→Kenya); real (non-fictional) jobs only."
        ),
        compute=_moved_by_destination,
        module="talent",
        by_country=True,
    )
)
register(
    Provider(
        code="talent.applications",
        name="Job applications across the corridor",
        unit="applications",
        pillar="talent",
        definition="Applications made on the platform during the period to real (non-fictional) jobs.",
        compute=_applications,
        module="talent",
        by_country=False,
    )
)
