"""Indicators the exchange module contributes to the council's registry."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count

from corridor.council.registry import Provider, register


def _count(statuses, date_field: str):
    def compute(start: dt.date, end: dt.date) -> dict[str | None, float]:
        from .models import Placement

        rows = (
            Placement.objects.filter(status__in=statuses, application__organisation__is_fictional=False)
            .filter(**{f"{date_field}__gte": start, f"{date_field}__lte": end})
            .values("application__organisation__country_id")
            .annotate(n=Count("id"))
        )
        out: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
        for row in rows:
            if row["application__organisation__country_id"] in out:
                out[row["application__organisation__country_id"]] = float(row["n"])
        out[None] = sum(v for k, v in out.items() if k)
        return out

    return compute


register(
    Provider(
        code="exchange.placed",
        name="Startups placed with a host hub",
        unit="startups",
        pillar="startup_exchange",
        definition="Placements accepted during the period (accepted, arrived or completed), by the startup's country.",
        compute=_count(["accepted", "arrived", "completed"], "responded_at__date"),
        module="exchange",
        by_country=True,
    )
)
register(
    Provider(
        code="exchange.completed",
        name="Startup exchanges completed",
        unit="startups",
        pillar="startup_exchange",
        definition="Placements completed during the period, by the startup's (home) country.",
        compute=_count(["completed"], "completed_on"),
        module="exchange",
        by_country=True,
    )
)
