"""Every read the ventures pages and API need, with their joins built in."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Prefetch

from . import access
from .enums import PIPELINE, Stage
from .models import ContextFigure, Pledge, StageTransition, Venture, VentureParty
from .money import RateBook, pledge_totals

AGREEMENT_STAGES = frozenset(PIPELINE[1:])  # MoU or beyond: an agreement has been reached
AGREEMENTS_CODE = "ventures.agreements"


def ventures_visible_to(user, *, stage: str | None = None, sector: str | None = None):
    qs = Venture.objects.filter(access.visible_ventures_filter(user)).distinct()
    if stage:
        qs = qs.filter(stage=stage)
    if sector:
        qs = qs.filter(sector__slug=sector)
    return qs.select_related("sector", "expected_currency", "committed_currency").prefetch_related(
        Prefetch("parties", queryset=VentureParty.objects.select_related("organisation__country"))
    )


def venture_transitions(venture: Venture):
    return venture.transitions.select_related("by").order_by("on", "id")


def reached_index(transitions) -> int:
    """The furthest pipeline stage a venture reached (dissolution does not undo it)."""
    best = -1
    for t in transitions:
        if t.to_stage in PIPELINE:
            best = max(best, PIPELINE.index(t.to_stage))
    return best


def pipeline_stats(ventures) -> dict:
    """Counts by stage and sector, conversion between consecutive stages and values in USD for
    the given ventures (a queryset the user may see)."""
    ventures = list(ventures.prefetch_related("transitions"))
    by_stage = Counter(v.stage for v in ventures)
    by_sector_stage: dict[str, Counter] = defaultdict(Counter)
    for v in ventures:
        by_sector_stage[v.sector.name][v.stage] += 1
    reached = [reached_index(v.transitions.all()) for v in ventures]
    conversion = []
    for i in range(len(PIPELINE) - 1):
        at = sum(1 for r in reached if r >= i)
        nxt = sum(1 for r in reached if r >= i + 1)
        conversion.append(
            {
                "from_stage": str(PIPELINE[i]),
                "to_stage": str(PIPELINE[i + 1]),
                "from_label": str(PIPELINE[i].label),
                "to_label": str(PIPELINE[i + 1].label),
                "reached": at,
                "converted": nxt,
                "rate": round(100.0 * nxt / at, 1) if at else None,
            }
        )
    book = RateBook()
    committed_usd = Decimal(0)
    expected_usd = Decimal(0)
    for v in ventures:
        if v.stage == Stage.DISSOLVED:
            continue
        c = book.to_usd(v.committed_value, v.committed_currency_id, v.committed_on or v.stage_since)
        e = book.to_usd(v.expected_value, v.expected_currency_id, v.started_on)
        committed_usd += c or 0
        expected_usd += e or 0
    return {
        "total": len(ventures),
        "by_stage": [
            {"stage": str(s), "label": str(Stage(s).label), "count": by_stage.get(s, 0)} for s in Stage
        ],
        "by_sector": [
            {"sector": name, "counts": [counts.get(s, 0) for s in Stage], "total": sum(counts.values())}
            for name, counts in sorted(by_sector_stage.items())
        ],
        "conversion": conversion,
        "committed_usd": committed_usd.quantize(Decimal("0.01")),
        "expected_usd": expected_usd.quantize(Decimal("0.01")),
    }


def agreement_date(transitions) -> dt.date | None:
    """The date a venture first reached MoU or beyond: when the council's indicator counts it."""
    days = [t.on for t in transitions if t.to_stage in AGREEMENT_STAGES]
    return min(days) if days else None


def pledges(*, country: str | None = None, sector: str | None = None):
    qs = Pledge.objects.select_related("organisation__country", "target_country", "sector", "currency")
    if country:
        qs = qs.filter(target_country_id=country)
    if sector:
        qs = qs.filter(sector__slug=sector)
    return qs.prefetch_related("disbursements")


def with_totals(pledge_list) -> list[tuple]:
    """(pledge, totals) pairs with one rates query for the lot."""
    pledge_list = list(pledge_list)
    book = RateBook({p.currency_id for p in pledge_list})
    return [(p, pledge_totals(p, book)) for p in pledge_list]


def pledge_summary(pledge_list) -> dict:
    """Pledged vs disbursed in USD, overall and per target country."""
    rows = with_totals(pledge_list)
    out: dict = {"pledged_usd": Decimal(0), "disbursed_usd": Decimal(0), "by_country": {}}
    for p, t in rows:
        c = out["by_country"].setdefault(
            p.target_country_id, {"pledged_usd": Decimal(0), "disbursed_usd": Decimal(0)}
        )
        for key in ("pledged_usd", "disbursed_usd"):
            out[key] += t[key] or 0
            c[key] += t[key] or 0
    return out


def context_figures(*, kind: str | None = None, country: str | None = None):
    qs = ContextFigure.objects.select_related("country")
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country_id=country)
    return qs


def preferred_context_figures():
    return ContextFigure.objects.filter(is_preferred=True).select_related("country")


def transitions_between(start: dt.date, end: dt.date):
    return StageTransition.objects.filter(on__gte=start, on__lte=end)


def acting_organisations(user):
    """Organisations the user may act for (every partner-country organisation for the secretariat)."""
    from corridor.orgs.queries import acting_organisations as acting

    return acting(user, partner_countries_only=True)


def resolve(model_label: str, field: str, value, *, lookup: str = "pk"):
    """The record a client names by id/slug/code, or a field error (``unknown_<field>``)."""
    from django.apps import apps

    from corridor.core.errors import invalid

    if value in (None, ""):
        return None
    model = apps.get_model(model_label)
    try:
        return model.objects.get(**{lookup: value})
    except (model.DoesNotExist, ValueError, TypeError):
        raise invalid(
            field, f"Unknown {field.replace('_', ' ')}: {value}.", code=f"unknown_{field}"
        ) from None


ORIGIN_MODELS = {
    "meeting": "matchmaking.Meeting",
    "grant": "grants.Decision",
    "placement": "exchange.Placement",
    "recommendation": "orgs.PartnerRecommendation",
}


def partner_in(org_ids, *, other_than):
    """An organisation among ``org_ids`` from the other partner country than ``other_than``."""
    from django.conf import settings

    from corridor.orgs.models import Organisation

    return (
        Organisation.objects.filter(pk__in=org_ids, country_id__in=settings.PARTNER_COUNTRIES)
        .exclude(country_id=other_than.country_id)
        .order_by("name")
        .first()
    )


ORIGIN_OPTIONS_MAX = 100  # per kind, newest first: the secretariat may act for every organisation


def origin_options(user, org_ids) -> list[tuple[str, list[tuple[str, str]]]]:
    """The origin picker: held meetings, grant awards, live or past placements and partner
    recommendations involving the organisations ``org_ids`` (those the user acts for), grouped
    by kind as ``(group label, [(value, label)])``; each record also passes
    ``access.can_see_origin``."""
    from django.db.models import Q

    from corridor.exchange.models import Placement
    from corridor.grants.models import Decision, Partner
    from corridor.matchmaking.models import Meeting
    from corridor.orgs.models import PartnerRecommendation

    from .enums import OriginKind
    from .origins import origin_value

    ids = list(org_ids)
    meetings = (
        Meeting.objects.filter(status="held")
        .filter(
            Q(request__requester__organisation_id__in=ids) | Q(request__receiver__organisation_id__in=ids)
        )
        .select_related(
            "event", "slot", "request__requester__organisation", "request__receiver__organisation"
        )
        # every join is a foreign key: one row per meeting, no DISTINCT (which compared whole
        # wide rows, organisation descriptions included)
        .order_by("-slot__starts_at", "-pk")[:ORIGIN_OPTIONS_MAX]
    )
    partnered = Partner.objects.filter(organisation_id__in=ids).values("proposal_id")
    awards = (
        Decision.objects.filter(outcome="award")
        .filter(Q(proposal__lead_id__in=ids) | Q(proposal_id__in=partnered))
        .select_related("proposal__lead")
        .prefetch_related("proposal__partners")
        .order_by("-created_at", "-pk")[:ORIGIN_OPTIONS_MAX]
    )
    placements = (
        Placement.objects.filter(status__in=["accepted", "arrived", "completed"])
        .filter(Q(application__organisation_id__in=ids) | Q(host__organisation_id__in=ids))
        .select_related("application__organisation", "host__organisation")
        .order_by("-created_at", "-pk")[:ORIGIN_OPTIONS_MAX]
    )
    recommendations = (
        PartnerRecommendation.objects.filter(organisation_id__in=ids)
        .select_related("organisation", "partner")
        .order_by("organisation__name", "rank")[:ORIGIN_OPTIONS_MAX]
    )

    def meeting_label(m):
        day = m.slot.starts_at.date().isoformat() if m.slot else ""
        a, b = m.request.requester.organisation.name, m.request.receiver.organisation.name
        return f"{m.event.title}: {a} – {b} {day}".strip()

    groups = [
        (OriginKind.MEETING, meetings, meeting_label),
        (OriginKind.GRANT, awards, lambda d: f"{d.proposal.title} ({d.proposal.lead.name})"),
        (
            OriginKind.PLACEMENT,
            placements,
            lambda p: f"{p.application.organisation.name} → {p.host.organisation.name}",
        ),
        (
            OriginKind.RECOMMENDATION,
            recommendations,
            lambda r: f"{r.organisation.name} → {r.partner.name} (#{r.rank})",
        ),
    ]
    out = []
    for kind, records, label in groups:
        options = [(origin_value(kind, r), label(r)) for r in records if access.can_see_origin(user, kind, r)]
        if options:
            out.append((str(OriginKind(kind).label), options))
    return out


def venture_from(kind: str, record):
    """The first venture recorded as started from ``record`` (None if none)."""
    from .origins import ORIGIN_FIELDS

    field = ORIGIN_FIELDS.get(kind)
    if field is None or record is None:
        return None
    return Venture.objects.filter(origin_kind=kind, **{field: record}).order_by("pk").first()
