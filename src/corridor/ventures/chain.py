"""The chain of one venture: recommendation → meeting → outcome → venture → council indicator →
the published review that counted it. Read-only; other modules are read through their models."""

from __future__ import annotations

from corridor.engines.results import HalfYear

from . import queries
from .enums import OriginKind
from .origins import meeting_outcomes, recommendation_between


def _review_counting(code: str, day):
    """The published review of the half-year containing ``day`` whose frozen snapshot holds the
    indicator ``code``, with the value it recorded; else that half-year's open review with the
    live value (it will be frozen on publication)."""
    from corridor.council.models import Review
    from corridor.council.registry import provider

    half = HalfYear.containing(day)
    reviews = list(Review.objects.filter(period=str(half)).order_by("-published_at", "-created_at"))
    for review in reviews:
        if review.status != "published":
            continue
        for module in (review.snapshot or {}).get("modules", []):
            if module.get("code") == code:
                return review, module.get("values", {})
    for review in reviews:
        if review.status != "published" and provider(code) is not None:
            raw = provider(code).compute(half.start, half.end)
            return review, {("total" if k is None else k): v for k, v in raw.items()}
    return None, None


def _council_indicator(code: str):
    from corridor.council.models import Indicator

    return Indicator.objects.filter(provider_code=code).first()


def chain_of(venture) -> dict:
    transitions = list(queries.venture_transitions(venture))
    party_ids = {p.organisation_id for p in venture.parties.all()}
    meeting = venture.origin_meeting if venture.origin_kind == OriginKind.MEETING else None
    if venture.origin_kind == OriginKind.RECOMMENDATION and venture.origin_recommendation_id:
        recommendation = venture.origin_recommendation
    else:
        recommendation = recommendation_between(party_ids)
    outcomes = meeting_outcomes(meeting) if meeting else []
    counted_on = queries.agreement_date(transitions)
    review = values = None
    if counted_on is not None:
        review, values = _review_counting(queries.AGREEMENTS_CODE, counted_on)
    return {
        "recommendation": recommendation,
        "meeting": meeting,
        "outcomes": outcomes,
        "transitions": transitions,
        "counted_on": counted_on,
        "counted_period": str(HalfYear.containing(counted_on)) if counted_on else None,
        "indicator_code": queries.AGREEMENTS_CODE,
        "indicator": _council_indicator(queries.AGREEMENTS_CODE),
        "review": review,
        "review_values": values,
    }
