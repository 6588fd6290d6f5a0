"""Council demo data: the communiqué's commitments, the indicator registry, reported figures
validated across the two countries, one published review and one open review.

People named here are fictional placeholders for roles; commitments restate the communiqué.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from corridor.engines.results import HalfYear

from . import services
from .enums import CommitmentStatus, IndicatorSource, ReviewStatus
from .models import Commitment, CouncilMeeting, Indicator, Review
from .registry import provider

AGREEMENT = dt.date(2025, 5, 14)
TARGET = dt.date(2028, 5, 14)

COMMITMENTS = [
    ("C-01", "Set up the Malaysia–Kenya Digital Trade Council", "trade", None, dt.date(2025, 11, 30), "done"),
    (
        "C-02",
        "Hold biannual reviews with shared innovation metrics",
        "trade",
        None,
        dt.date(2026, 12, 31),
        "on_track",
    ),
    (
        "C-03",
        "Mutual recognition of digital standards for cross-border e-commerce",
        "standards",
        "MY",
        dt.date(2026, 9, 30),
        "at_risk",
    ),
    (
        "C-04",
        "Startup exchange programmes between Malaysian and Kenyan tech hubs",
        "startup_exchange",
        "KE",
        dt.date(2026, 12, 31),
        "on_track",
    ),
    (
        "C-05",
        "Joint ventures in fintech and logistics to improve trade facilitation",
        "joint_ventures",
        None,
        dt.date(2027, 6, 30),
        "not_started",
    ),
    (
        "C-06",
        "Talent mobility agreement for skilled tech professionals",
        "talent",
        "KE",
        dt.date(2026, 9, 30),
        "on_track",
    ),
    (
        "C-07",
        "Shared data infrastructure supporting AI and machine learning",
        "data",
        "MY",
        dt.date(2027, 3, 31),
        "not_started",
    ),
    (
        "C-08",
        "Open a call for joint research grants for startups",
        "startup_exchange",
        None,
        dt.date(2026, 6, 30),
        "done",
    ),
    ("C-09", "Grow bilateral trade volume by 30% over three years", "trade", None, TARGET, "on_track"),
]

# (code, name, unit, pillar, source, provider, by_country, baseline, target, definition)
INDICATORS = [
    (
        "MM-03",
        "Value of deals reported after B2B meetings",
        "USD",
        "trade",
        "automatic",
        "matchmaking.deal_value_usd",
        False,
        0,
        5000000,
        "Deal values reported for meetings held in the half-year, converted to USD with the secretariat's dated rates.",
    ),
    (
        "GR-01",
        "Joint research grants awarded",
        "grants",
        "startup_exchange",
        "automatic",
        "grants.awarded",
        True,
        0,
        30,
        "Grants awarded in the half-year, by the lead institution's country (grants module).",
    ),
    (
        "EX-01",
        "Startups placed with a host hub",
        "startups",
        "startup_exchange",
        "automatic",
        "exchange.placed",
        True,
        0,
        60,
        "Startups placed with a hub in the other country (exchange module), by the startup's country.",
    ),
    (
        "TRD-01",
        "Bilateral trade (latest published, annualised)",
        "MYR million",
        "trade",
        "automatic",
        "trade.bilateral_total",
        False,
        5700,
        7410,
        "Malaysia–Kenya total trade from the trade module's published headline series; baseline 2024 "
        "(RM5.7 bn), target +30% by 2027.",
    ),
    (
        "MM-01",
        "B2B meetings held",
        "meetings",
        "trade",
        "automatic",
        "matchmaking.meetings_held",
        False,
        0,
        600,
        "Matchmaking meetings between Malaysian and Kenyan organisations marked as held.",
    ),
    (
        "MM-02",
        "Deals reported after meetings",
        "deals",
        "trade",
        "automatic",
        "matchmaking.deals_reported",
        False,
        0,
        60,
        "Outcomes recorded as deal signed, MoU or joint venture proposed, including follow-ups.",
    ),
    (
        "ORG-01",
        "Organisations on the platform",
        "organisations",
        "trade",
        "automatic",
        "orgs.registered",
        True,
        0,
        500,
        "Real (non-demo) published organisations from Malaysia and Kenya.",
    ),
    (
        "COM-01",
        "Commitments completed",
        "%",
        "trade",
        "automatic",
        "council.commitments_done",
        False,
        0,
        100,
        "Share of the council's commitments that are done.",
    ),
    (
        "SX-01",
        "Startups exchanged between hubs",
        "startups",
        "startup_exchange",
        "reported",
        "",
        True,
        0,
        40,
        "Startups hosted by a tech hub in the other country during the half-year, reported by the hosting country.",
    ),
    (
        "TAL-01",
        "Tech professionals granted work passes",
        "professionals",
        "talent",
        "reported",
        "",
        True,
        0,
        300,
        "Work passes issued to the other country's ICT professionals, from immigration records.",
    ),
    (
        "STD-01",
        "Cross-border e-invoices validated",
        "documents",
        "standards",
        "reported",
        "",
        True,
        0,
        5000,
        "E-invoices between the two countries that passed both countries' conformance rules.",
    ),
    (
        "DAT-01",
        "Datasets shared under data-sharing agreements",
        "datasets",
        "data",
        "reported",
        "",
        False,
        0,
        25,
        "Datasets made available to the other country's researchers under a signed agreement.",
    ),
]

# Context indicators: World Bank WDI series loaded through the trade module's WDI import
# (no baseline or target: they describe the setting, they are not commitments).
INDICATORS += [
    (
        "CTX-01",
        "Individuals using the Internet",
        "% of population",
        "data",
        "context",
        "trade.wdi.internet_users",
        True,
        None,
        None,
        "World Bank WDI IT.NET.USER.ZS, latest year up to the period's end, per country (CC-BY-4.0).",
    ),
    (
        "CTX-02",
        "Mobile cellular subscriptions",
        "per 100 people",
        "data",
        "context",
        "trade.wdi.mobile_subscriptions",
        True,
        None,
        None,
        "World Bank WDI IT.CEL.SETS.P2, latest year up to the period's end, per country (CC-BY-4.0).",
    ),
    (
        "CTX-03",
        "High-technology exports",
        "USD",
        "data",
        "context",
        "trade.wdi.hightech_exports",
        True,
        None,
        None,
        "World Bank WDI TX.VAL.TECH.CD, latest year up to the period's end, per country (CC-BY-4.0).",
    ),
]

REPORTED = {  # (indicator, period, country): value
    ("SX-01", "2025-H2", "MY"): 3,
    ("SX-01", "2025-H2", "KE"): 2,
    ("SX-01", "2026-H1", "MY"): 7,
    ("SX-01", "2026-H1", "KE"): 5,
    ("TAL-01", "2025-H2", "MY"): 18,
    ("TAL-01", "2025-H2", "KE"): 11,
    ("TAL-01", "2026-H1", "MY"): 41,
    ("TAL-01", "2026-H1", "KE"): 26,
    ("STD-01", "2026-H1", "MY"): 120,
    ("STD-01", "2026-H1", "KE"): 85,
    ("DAT-01", "2026-H1", None): 2,
}


def seed_council(*, secretariat, focal_my, focal_ke, today: dt.date | None = None) -> dict:
    """Idempotent: does nothing if the communiqué's commitments are already there."""
    today = today or timezone.localdate()
    if Commitment.objects.filter(code="C-01").exists():
        return {"created": False}
    services.add_member(
        by=secretariat,
        name="Demo co-chair (Malaysia)",
        country="MY",
        role="co_chair",
        title="Fictional placeholder for the Malaysian co-chair",
    )
    services.add_member(
        by=secretariat,
        name="Demo co-chair (Kenya)",
        country="KE",
        role="co_chair",
        title="Fictional placeholder for the Kenyan co-chair",
    )
    services.add_member(by=secretariat, name="Demo member, trade agency (MY)", country="MY")
    services.add_member(by=secretariat, name="Demo member, ICT ministry (KE)", country="KE")
    meeting = services.record_meeting(
        by=secretariat,
        title="Inaugural council meeting (demo)",
        held_on=dt.date(2025, 11, 20),
        location="Nairobi",
        agenda="1. Terms of reference\n2. Commitments from the joint communiqué\n3. Indicators",
        minutes="The council adopted its terms of reference and the indicator registry (demo minutes).",
    )
    for i, (code, title, pillar, owner, due, status) in enumerate(COMMITMENTS, start=1):
        decision = services.record_decision(
            by=secretariat, meeting=meeting, number=f"D-{i:02d}", text=f"Adopt commitment {code}: {title}."
        )
        services.create_commitment(
            by=secretariat,
            code=code,
            title=title,
            pillar=pillar,
            due_date=due,
            owner_country=owner,
            decision=decision,
            status=status,
        )
    for pos, (code, name, unit, pillar, source, prov, by_country, base, target, definition) in enumerate(
        INDICATORS
    ):
        if source in (IndicatorSource.AUTOMATIC, IndicatorSource.CONTEXT) and provider(prov) is None:
            continue  # that module is not installed
        Indicator.objects.create(
            code=code,
            name=name,
            unit=unit,
            pillar=pillar,
            source=source,
            provider_code=prov,
            by_country=by_country,
            definition=definition,
            position=pos,
            baseline_value=None if base is None else Decimal(base),
            baseline_date=(dt.date(2024, 12, 31) if code == "TRD-01" else AGREEMENT)
            if base is not None
            else None,
            target_value=None if target is None else Decimal(target),
            target_date=(dt.date(2027, 12, 31) if code == "TRD-01" else TARGET)
            if target is not None
            else None,
        )
    focal = {"MY": focal_my, "KE": focal_ke}
    other = {"MY": focal_ke, "KE": focal_my}
    for (code, period, country), value in REPORTED.items():
        ind = Indicator.objects.get(code=code)
        by = focal[country] if country else focal_my
        v = services.submit_value(
            by=by,
            indicator=ind,
            period=period,
            value=value,
            unit=ind.unit,
            country=country,
            evidence="Demo figure from the focal point's ministry records.",
        )
        services.validate_value(by=other[country] if country else focal_ke, value=v)
    # Waiting for validation, and a draft, for the current half-year.
    current = HalfYear.containing(today)
    services.submit_value(
        by=focal_ke,
        indicator=Indicator.objects.get(code="SX-01"),
        period=str(current),
        value=4,
        unit="startups",
        country="KE",
        evidence="Hub reports (demo).",
    )
    services.submit_value(
        by=focal_my,
        indicator=Indicator.objects.get(code="SX-01"),
        period=str(current),
        value=6,
        unit="startups",
        country="MY",
        draft=True,
    )
    previous = current.previous()
    review = services.open_review(by=secretariat, period=str(previous))
    services.write_narrative(
        by=secretariat,
        review=review,
        pillar="startup_exchange",
        text="Exchanges doubled on the previous half-year as the first cohort arrived (demo narrative).",
    )
    services.write_narrative(
        by=secretariat,
        review=review,
        pillar="talent",
        text="Work passes rose in both directions; Kenya asks for faster processing (demo narrative).",
    )
    services.comment_on_review(by=focal_ke, review=review, text="Kenya confirms its figures (demo).")
    services.publish_review(by=secretariat, review=review)
    open_review = services.open_review(by=secretariat, period=str(current))
    services.write_narrative(
        by=secretariat, review=open_review, pillar="trade", text="Draft: to be completed."
    )
    return {
        "created": True,
        "published": Review.objects.filter(status=ReviewStatus.PUBLISHED).count(),
        "commitments": Commitment.objects.count(),
        "meeting": meeting.pk,
        "late": Commitment.objects.filter(status=CommitmentStatus.LATE).count(),
        "meetings": CouncilMeeting.objects.count(),
    }
