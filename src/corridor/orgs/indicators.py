"""Indicators the organisations module contributes to the council's registry."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count

from corridor.council.registry import Provider, register


def _registered_organisations(start: dt.date, end: dt.date) -> dict[str | None, float]:
    from .models import Organisation

    rows = (
        Organisation.objects.published()
        .filter(country_id__in=settings.PARTNER_COUNTRIES, is_fictional=False, created_at__date__lte=end)
        .values("country_id")
        .annotate(n=Count("id"))
    )
    out: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    for row in rows:
        out[row["country_id"]] = float(row["n"])
    out[None] = sum(v for k, v in out.items() if k)
    return out


def _postings_published(start: dt.date, end: dt.date) -> dict[str | None, float]:
    from .models import Posting

    rows = (
        Posting.objects.filter(
            created_at__date__gte=start, created_at__date__lte=end, organisation__is_fictional=False
        )
        .exclude(status="draft")
        .values("organisation__country_id")
        .annotate(n=Count("id"))
    )
    out: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    for row in rows:
        if row["organisation__country_id"] in out:
            out[row["organisation__country_id"]] = float(row["n"])
    out[None] = sum(v for k, v in out.items() if k)
    return out


register(
    Provider(
        code="orgs.registered",
        name="Organisations registered on the platform",
        unit="organisations",
        pillar="trade",
        definition="Published, real (non-demo) organisations in Malaysia and Kenya at the end of the period.",
        compute=_registered_organisations,
        module="orgs",
        by_country=True,
    )
)
register(
    Provider(
        code="orgs.postings",
        name="Offers and requests posted",
        unit="postings",
        pillar="trade",
        definition="Offers and requests posted during the period by real organisations, by the poster's country.",
        compute=_postings_published,
        module="orgs",
        by_country=True,
    )
)
