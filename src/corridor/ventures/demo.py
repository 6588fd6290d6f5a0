"""Demo data for ventures: a joint venture traced from the past matchmaking event's deal (or MoU)
outcome through its stages to the council indicator, and a few fictional pledges with
disbursements. Idempotent; every record is marked fictional."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from corridor.core.models import Country, Currency, Sector
from corridor.engines.results import HalfYear

from . import services
from .enums import OriginKind, PartyRole, Stage
from .models import Pledge, Venture
from .origins import recommendation_between

PAST_EVENT = "kl-nairobi-b2b-brokerage-demo"
DEMO_SOURCE = "https://corridor.example/demo/fictional-announcement"


def _deal_meeting():
    """The past (2025) demo event's first held meeting whose outcome was a deal (else an MoU)
    between a Malaysian and a Kenyan organisation, preferring a pair the partner recommendations
    had suggested (so the chain starts from a recommendation), then the member personas'
    organisations."""
    from corridor.matchmaking.models import Meeting

    meetings = (
        Meeting.objects.filter(
            event__slug=PAST_EVENT, status="held", outcomes__kind__in=["deal_signed", "mou"]
        )
        .select_related(
            "slot", "event", "request__requester__organisation", "request__receiver__organisation"
        )
        .prefetch_related("outcomes__currency")
        .distinct()
        .order_by("pk")
    )
    best = None
    for m in meetings:
        orgs = (m.request.requester.organisation, m.request.receiver.organisation)
        if {o.country_id for o in orgs} != {"MY", "KE"}:
            continue
        deal = any(o.kind == "deal_signed" for o in m.outcomes.all())
        personas = any(o.slug in ("klang-valley-cold-chain-sdn-bhd", "nairobi-agripay-ltd") for o in orgs)
        recommended = recommendation_between({o.pk for o in orgs}) is not None
        score = (recommended, personas, deal)
        if best is None or score > best[0]:
            best = (score, m)
    return best[1] if best else None


def _indicator(secretariat):
    from corridor.council import services as council
    from corridor.council.models import Indicator

    if Indicator.objects.filter(provider_code="ventures.agreements").exists():
        return
    council.save_indicator(
        by=secretariat,
        code="JV-01",
        name="Joint ventures reaching an agreement (MoU or beyond)",
        definition="Computed by the ventures module: MY–KE joint ventures whose first move to MoU or beyond is dated in the half-year.",
        unit="ventures",
        pillar="joint_ventures",
        source="automatic",
        provider_code="ventures.agreements",
        by_country=True,
    )


def _venture(secretariat, today) -> Venture | None:
    meeting = _deal_meeting()
    if meeting is None or meeting.slot is None:
        return None
    met_on = meeting.slot.starts_at.date()
    my_org, ke_org = sorted(
        (meeting.request.requester.organisation, meeting.request.receiver.organisation),
        key=lambda o: o.country_id != "MY",
    )
    deal = next((o for o in meeting.outcomes.all() if o.kind == "deal_signed" and o.deal_value), None)
    sector = Sector.objects.filter(slug="logistics").first() or Sector.objects.get(slug="fintech")
    venture = services.create_venture(
        by=secretariat,
        title=f"{my_org.name} × {ke_org.name} cross-border venture (demo)",
        summary=(
            f"Fictional demo venture opened from the partners' deal at the KL–Nairobi B2B brokerage "
            f"of {met_on:%B %Y}."
        ),
        sector=sector,
        parties=[(my_org, PartyRole.LEAD), (ke_org, PartyRole.PARTNER)],
        started_on=met_on,
        stage=Stage.IDEA,
        expected_value=deal.deal_value * 4 if deal else Decimal("2000000"),
        expected_currency=deal.currency if deal else Currency.objects.get(code="MYR"),
        origin_kind=OriginKind.MEETING,
        origin=meeting,
        is_fictional=True,
    )
    # the MoU falls in the current half-year (its open review counts it), the rest follows if due
    current = HalfYear.containing(today)
    steps = [(Stage.MOU, max(met_on + dt.timedelta(days=30), current.start))]
    steps.append((Stage.TERM_SHEET, steps[-1][1] + dt.timedelta(days=21)))
    steps.append((Stage.SIGNED, steps[-1][1] + dt.timedelta(days=28)))
    for stage, on in steps:
        if on > today:
            break
        services.advance_venture(by=secretariat, venture=venture, to_stage=stage, on=on, note="Demo step.")
        if stage == Stage.SIGNED and deal:
            venture.refresh_from_db()
            services.update_venture(
                by=secretariat,
                venture=venture,
                title=venture.title,
                summary=venture.summary,
                sector=venture.sector,
                expected_value=venture.expected_value,
                expected_currency=venture.expected_currency,
                committed_value=deal.deal_value,
                committed_currency=deal.currency,
                committed_on=on,
            )
    return venture


PLEDGES = [
    # (pledging org slug or None for the first fictional MY company, title, target, sector, amount,
    #  currency, days before today announced, disbursements as (days before today, amount))
    (
        "klang-valley-cold-chain-sdn-bhd",
        "Cold-chain hub at Mombasa port (demo)",
        "KE",
        "logistics",
        "4500000",
        "MYR",
        330,
        [(250, "900000"), (120, "1350000")],
    ),
    (
        None,
        "Mobile-money interoperability fund (demo)",
        "KE",
        "fintech",
        "1500000",
        "USD",
        300,
        [(200, "500000")],
    ),
    (
        "nairobi-agripay-ltd",
        "Agritech payments office in Kuala Lumpur (demo)",
        "MY",
        "fintech",
        "65000000",
        "KES",
        200,
        [(90, "13000000"), (30, "6500000")],
    ),
]


def _pledges(secretariat, today) -> int:
    from corridor.orgs.models import Organisation

    made = 0
    for slug, title, target, sector, amount, currency, ago, parts in PLEDGES:
        if Pledge.objects.filter(title=title).exists():
            continue
        org = (
            Organisation.objects.filter(slug=slug).first()
            if slug
            else Organisation.objects.filter(is_fictional=True, country_id="MY", kind="investor")
            .order_by("slug")
            .first()
            or Organisation.objects.filter(is_fictional=True, country_id="MY").order_by("slug").first()
        )
        if org is None:
            continue
        pledge = services.create_pledge(
            by=secretariat,
            organisation=org,
            title=title,
            target_country=Country.objects.get(code=target),
            sector=Sector.objects.get(slug=sector),
            amount=amount,
            currency=Currency.objects.get(code=currency),
            announced_on=today - dt.timedelta(days=ago),
            source_url=DEMO_SOURCE,
            note="Fictional demo pledge.",
            is_fictional=True,
        )
        for days, value in parts:
            services.add_disbursement(
                by=secretariat, pledge=pledge, amount=value, disbursed_on=today - dt.timedelta(days=days)
            )
        made += 1
    return made


@transaction.atomic
def seed(*, users, stdout=None) -> dict:
    secretariat = users["secretariat@corridor.demo"]
    today = timezone.localdate()
    _indicator(secretariat)
    venture = Venture.objects.filter(is_fictional=True, origin_kind=OriginKind.MEETING).first()
    if venture is None:
        venture = _venture(secretariat, today)
    pledges = _pledges(secretariat, today)
    if stdout is not None:
        if venture is not None:
            stdout.write(
                f"Ventures: '{venture.title}' traced from a matchmaking meeting; {pledges} pledges added."
            )
        else:
            stdout.write("Ventures: no deal meeting in the demo to trace a venture from.")
    return {"venture": venture.pk if venture else None, "pledges": pledges}
