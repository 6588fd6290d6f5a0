"""Indicators the grants module contributes to the council's registry: grants awarded (count and
amount in USD at the decision date's rate) by the lead institution's country."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from corridor.core.services import to_usd
from corridor.council.registry import Provider, register


def award_statistics(start: dt.date, end: dt.date) -> dict[str, dict[str | None, float]]:
    from .enums import Outcome
    from .models import Decision

    count: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    usd: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    rows = Decision.objects.filter(
        outcome=Outcome.AWARD,
        created_at__date__gte=start,
        created_at__date__lte=end,
        proposal__lead__is_fictional=False,
    ).select_related("proposal__lead", "proposal__call")
    for d in rows:
        country = d.proposal.lead.country_id
        if country not in count:
            continue
        count[country] += 1
        value = to_usd(Decimal(d.amount), d.proposal.call.currency_id, d.created_at.date())
        if value is not None:
            usd[country] += float(value)
    count[None] = sum(v for k, v in count.items() if k)
    usd[None] = sum(v for k, v in usd.items() if k)
    return {"count": count, "usd": usd}


register(
    Provider(
        code="grants.awarded",
        name="Joint research grants awarded",
        unit="grants",
        pillar="startup_exchange",
        definition="Joint MY–KE proposals awarded a grant during the period, by the lead institution's country.",
        compute=lambda s, e: award_statistics(s, e)["count"],
        module="grants",
        by_country=True,
    )
)
register(
    Provider(
        code="grants.awarded_usd",
        name="Joint research grant funding awarded (USD)",
        unit="USD",
        pillar="startup_exchange",
        definition="Amount awarded during the period, converted at the secretariat's rate on the decision date, by lead country.",
        compute=lambda s, e: award_statistics(s, e)["usd"],
        module="grants",
        by_country=True,
    )
)
