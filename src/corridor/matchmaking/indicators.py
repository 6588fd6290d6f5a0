"""What matchmaking reports to the council, and the organiser's statistics.

The council module reads ``event_statistics``; it never reads matchmaking tables itself.
Deal values are converted to USD with the secretariat's dated rates (``core.services.to_usd``)
on the date the deal was reported. A meeting counts once: its value is the largest value
either side reported, a follow-up answer replacing that side's first answer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q

from corridor.core.services import to_usd

from .enums import MeetingStatus, OutcomeKind, RequestStatus
from .models import Event, Meeting, MeetingRequest, Outcome, Registration

HELD = (MeetingStatus.HELD,)


def country_pair(a: str, b: str) -> str:
    return "–".join(sorted([a or "?", b or "?"]))


def _meeting_deals(meetings) -> dict[int, dict]:
    """Meeting id -> {"deal": bool, "usd": Decimal, "kinds": set} from the latest answer of each side."""
    latest: dict[tuple[int, int], Outcome] = {}
    for o in (
        Outcome.objects.filter(meeting__in=meetings)
        .select_related("currency")
        .order_by("is_follow_up", "created_at")
    ):
        latest[(o.meeting_id, o.recorded_by_id)] = o
    out: dict[int, dict] = defaultdict(
        lambda: {"deal": False, "usd": Decimal(0), "kinds": set(), "unconverted": 0}
    )
    for (mid, _side), o in latest.items():
        row = out[mid]
        row["kinds"].add(o.kind)
        if o.kind == OutcomeKind.DEAL_SIGNED:
            row["deal"] = True
        if o.deal_value is not None and o.currency_id:
            usd = to_usd(o.deal_value, o.currency_id, o.created_at.date())
            if usd is None:
                row["unconverted"] += 1
            elif usd > row["usd"]:
                row["usd"] = usd.quantize(Decimal("0.01"))
    return out


def _held_meetings(
    event: Event | None = None, period_start: dt.date | None = None, period_end: dt.date | None = None
):
    qs = Meeting.objects.filter(status__in=HELD, slot__isnull=False)
    if event is not None:
        qs = qs.filter(event=event)
    if period_start:
        qs = qs.filter(slot__starts_at__date__gte=period_start)
    if period_end:
        qs = qs.filter(slot__starts_at__date__lte=period_end)
    return qs.select_related(
        "request__requester__organisation", "request__receiver__organisation"
    ).prefetch_related(
        "request__requester__organisation__sectors", "request__receiver__organisation__sectors"
    )


def event_statistics(
    event: Event | None = None, period_start: dt.date | None = None, period_end: dt.date | None = None
) -> dict:
    """Meetings held, deals reported and deal value (USD) overall and by country pair, for one
    event or all, optionally for meetings whose slot date lies in [period_start, period_end]."""
    meetings = list(_held_meetings(event, period_start, period_end))
    deals = _meeting_deals(meetings)
    by_pair: dict[str, dict] = defaultdict(
        lambda: {"meetings_held": 0, "deals_reported": 0, "deal_value_usd": Decimal(0)}
    )
    for m in meetings:
        pair = country_pair(
            m.request.requester.organisation.country_id, m.request.receiver.organisation.country_id
        )
        row = by_pair[pair]
        row["meetings_held"] += 1
        d = deals.get(m.pk)
        if d and d["deal"]:
            row["deals_reported"] += 1
        if d:
            row["deal_value_usd"] += d["usd"]
    return {
        "meetings_held": len(meetings),
        "deals_reported": sum(1 for m in meetings if deals.get(m.pk, {}).get("deal")),
        "deal_value_usd": sum((r["deal_value_usd"] for r in by_pair.values()), Decimal(0)),
        "by_country_pair": {k: dict(v) for k, v in sorted(by_pair.items())},
    }


def organiser_statistics(event: Event) -> dict:
    """Everything on the organiser's statistics page."""
    reqs = MeetingRequest.objects.filter(event=event).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED) | Q(meeting__isnull=False)),
        declined=Count("pk", filter=Q(status=RequestStatus.DECLINED)),
        pending=Count("pk", filter=Q(status=RequestStatus.PENDING)),
    )
    answered = reqs["accepted"] + reqs["declined"]
    meetings = Meeting.objects.filter(event=event).aggregate(
        scheduled=Count("pk", filter=Q(status=MeetingStatus.SCHEDULED)),
        held=Count("pk", filter=Q(status=MeetingStatus.HELD)),
        no_show=Count("pk", filter=Q(status=MeetingStatus.NO_SHOW)),
        unplaced=Count("pk", filter=Q(status=MeetingStatus.UNPLACED)),
        cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
    )
    outcome_counts = dict.fromkeys(OutcomeKind.values, 0)
    for kind, n in (
        Outcome.objects.filter(meeting__event=event, is_follow_up=False)
        .values_list("kind")
        .annotate(n=Count("pk"))
    ):
        outcome_counts[kind] = n
    follow_counts = dict.fromkeys(OutcomeKind.values, 0)
    for kind, n in (
        Outcome.objects.filter(meeting__event=event, is_follow_up=True)
        .values_list("kind")
        .annotate(n=Count("pk"))
    ):
        follow_counts[kind] = n
    held = list(_held_meetings(event))
    deals = _meeting_deals(held)
    by_pair: dict[str, dict] = defaultdict(
        lambda: {"meetings_held": 0, "deals_reported": 0, "deal_value_usd": Decimal(0)}
    )
    by_sector: dict[str, dict] = defaultdict(
        lambda: {"meetings_held": 0, "deals_reported": 0, "deal_value_usd": Decimal(0)}
    )
    for m in held:
        a, b = m.request.requester.organisation, m.request.receiver.organisation
        d = deals.get(m.pk, {"deal": False, "usd": Decimal(0)})
        rows = [by_pair[country_pair(a.country_id, b.country_id)]]
        rows += [by_sector[name] for name in sorted({s.name for s in [*a.sectors.all(), *b.sectors.all()]})]
        for row in rows:
            row["meetings_held"] += 1
            row["deals_reported"] += int(d["deal"])
            row["deal_value_usd"] += d["usd"]
    return {
        "registrations": Registration.objects.filter(event=event).count(),
        "requests": reqs["total"],
        "accepted": reqs["accepted"],
        "declined": reqs["declined"],
        "pending": reqs["pending"],
        "acceptance_rate": round(100 * reqs["accepted"] / answered) if answered else None,
        **meetings,
        "outcomes": outcome_counts,
        "follow_ups": follow_counts,
        "deals_reported": sum(1 for d in deals.values() if d["deal"]),
        "deal_value_usd": sum((d["usd"] for d in deals.values()), Decimal(0)),
        "unconverted": sum(d["unconverted"] for d in deals.values()),
        "by_country_pair": dict(sorted(by_pair.items())),
        "by_sector": dict(sorted(by_sector.items())),
    }


def _meetings_held(start: dt.date, end: dt.date) -> dict[str | None, float]:
    return {None: float(event_statistics(period_start=start, period_end=end)["meetings_held"])}


def _deals_reported(start: dt.date, end: dt.date) -> dict[str | None, float]:
    return {None: float(event_statistics(period_start=start, period_end=end)["deals_reported"])}


def _deal_value(start: dt.date, end: dt.date) -> dict[str | None, float]:
    return {None: float(event_statistics(period_start=start, period_end=end)["deal_value_usd"])}


def register_council_indicators() -> None:
    from corridor.council.registry import Provider, register

    register(
        Provider(
            code="matchmaking.meetings_held",
            name="B2B meetings held",
            unit="meetings",
            pillar="trade",
            definition="Matchmaking meetings between Malaysian and Kenyan organisations marked as held in the period.",
            compute=_meetings_held,
            module="matchmaking",
        )
    )
    register(
        Provider(
            code="matchmaking.deals_reported",
            name="Deals reported after B2B meetings",
            unit="deals",
            pillar="trade",
            definition="Meetings held in the period for which a side reported a signed deal (follow-ups included).",
            compute=_deals_reported,
            module="matchmaking",
        )
    )
    register(
        Provider(
            code="matchmaking.deal_value_usd",
            name="Value of deals reported after B2B meetings",
            unit="USD",
            pillar="trade",
            definition="Deal values reported for meetings held in the period, converted with dated rates.",
            compute=_deal_value,
            module="matchmaking",
        )
    )
