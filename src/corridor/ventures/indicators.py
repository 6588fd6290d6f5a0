"""Indicators the ventures module contributes to the council's registry: agreements reached
(by partner country), ventures by stage at the period's end, committed value (USD) and pledged
vs disbursed investment (USD, by target country)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from corridor.council.registry import Provider, register

from .enums import Stage


def _ventures_as_of(end: dt.date):
    """(venture, stage on ``end``, transitions) for ventures started by ``end``."""
    from .models import Venture

    out = []
    for v in Venture.objects.filter(started_on__lte=end).prefetch_related(
        "transitions", "parties__organisation"
    ):
        moves = [t for t in v.transitions.all() if t.on <= end]
        if moves:
            out.append((v, moves[-1].to_stage, moves))
    return out


def agreements(start: dt.date, end: dt.date) -> dict[str | None, float]:
    from .queries import agreement_date

    counts: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    total = 0
    for v, _stage, moves in _ventures_as_of(end):
        day = agreement_date(moves)
        if day is None or not (start <= day <= end):
            continue
        total += 1
        for country in {p.organisation.country_id for p in v.parties.all()}:
            if country in counts:
                counts[country] += 1
    counts[None] = float(total)
    return counts


def stage_count(stage: str):
    def compute(start: dt.date, end: dt.date) -> dict[str | None, float]:
        return {None: float(sum(1 for _v, s, _m in _ventures_as_of(end) if s == stage))}

    return compute


def committed_usd(start: dt.date, end: dt.date) -> dict[str | None, float]:
    from .money import RateBook

    book = RateBook()
    total = Decimal(0)
    for v, stage, _m in _ventures_as_of(end):
        if stage in (Stage.SIGNED, Stage.OPERATING):
            total += (
                book.to_usd(v.committed_value, v.committed_currency_id, v.committed_on or v.stage_since) or 0
            )
    return {None: float(round(total, 2))}


def pledge_flows(start: dt.date, end: dt.date) -> dict[str, dict[str | None, float]]:
    from .models import Disbursement, Pledge
    from .money import RateBook

    book = RateBook()
    pledged: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    disbursed: dict[str | None, float] = dict.fromkeys(settings.PARTNER_COUNTRIES, 0.0)
    for p in Pledge.objects.filter(announced_on__gte=start, announced_on__lte=end):
        if p.target_country_id in pledged:
            pledged[p.target_country_id] += float(book.to_usd(p.amount, p.currency_id, p.announced_on) or 0)
    for d in Disbursement.objects.filter(disbursed_on__gte=start, disbursed_on__lte=end).select_related(
        "pledge"
    ):
        country = d.pledge.target_country_id
        if country in disbursed:
            disbursed[country] += float(book.to_usd(d.amount, d.pledge.currency_id, d.disbursed_on) or 0)
    for series in (pledged, disbursed):
        for k in list(series):
            series[k] = round(series[k], 2)
        series[None] = round(sum(v for k, v in series.items() if k), 2)
    return {"pledged": pledged, "disbursed": disbursed}


register(
    Provider(
        code="ventures.agreements",
        name="Joint ventures reaching an agreement (MoU or beyond)",
        unit="ventures",
        pillar="joint_ventures",
        definition="MY–KE joint ventures whose first move to MoU, term sheet, signed or operating is dated in the period; by each partner country taking part (the total counts each venture once).",
        compute=agreements,
        module="ventures",
        by_country=True,
    )
)
for _stage in Stage:
    register(
        Provider(
            code=f"ventures.stage_{_stage.value}",
            name=f"Joint ventures at stage: {_stage.label}",
            unit="ventures",
            pillar="joint_ventures",
            definition=f"Joint ventures whose stage on the period's last day is {_stage.label}.",
            compute=stage_count(_stage.value),
            module="ventures",
            higher_is_better=_stage != Stage.DISSOLVED,
        )
    )
register(
    Provider(
        code="ventures.committed_usd",
        name="Committed value of signed and operating joint ventures (USD)",
        unit="USD",
        pillar="joint_ventures",
        definition="Committed value of joint ventures signed or operating on the period's last day, converted at the secretariat's rate on the commitment date.",
        compute=committed_usd,
        module="ventures",
    )
)
register(
    Provider(
        code="ventures.pledged_usd",
        name="Investment pledged (USD)",
        unit="USD",
        pillar="joint_ventures",
        definition="Investment pledges announced in the period, at the announcement date's rate, by target country.",
        compute=lambda s, e: pledge_flows(s, e)["pledged"],
        module="ventures",
        by_country=True,
    )
)
register(
    Provider(
        code="ventures.disbursed_usd",
        name="Pledged investment disbursed (USD)",
        unit="USD",
        pillar="joint_ventures",
        definition="Disbursements under investment pledges in the period, each at its date's rate, by target country.",
        compute=lambda s, e: pledge_flows(s, e)["disbursed"],
        module="ventures",
        by_country=True,
    )
)
