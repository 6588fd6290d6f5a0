"""The record that started a venture, read through the other modules' models (never written)."""

from __future__ import annotations

from .enums import OriginKind

ORIGIN_FIELDS = {
    OriginKind.MEETING: "origin_meeting",
    OriginKind.GRANT: "origin_award",
    OriginKind.PLACEMENT: "origin_placement",
    OriginKind.RECOMMENDATION: "origin_recommendation",
}


def origin_org_ids(kind: str, record) -> set[int]:
    """Organisations involved in an origin record."""
    if record is None:
        return set()
    if kind == OriginKind.MEETING:
        return {record.request.requester.organisation_id, record.request.receiver.organisation_id}
    if kind == OriginKind.GRANT:
        ids = {p.organisation_id for p in record.proposal.partners.all()}
        ids.add(record.proposal.lead_id)
        return ids
    if kind == OriginKind.PLACEMENT:
        return {record.application.organisation_id, record.host.organisation_id}
    if kind == OriginKind.RECOMMENDATION:
        return {record.organisation_id, record.partner_id}
    return set()


def origin_record(venture):
    field = ORIGIN_FIELDS.get(venture.origin_kind)
    return getattr(venture, field) if field else None


def meeting_by_id(pk):
    from corridor.matchmaking.models import Meeting

    try:
        return Meeting.objects.select_related(
            "event", "slot", "request__requester__organisation", "request__receiver__organisation"
        ).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        return None


def meeting_outcomes(meeting) -> list:
    """Every outcome recorded for a meeting (both sides, first answer and follow-up)."""
    from corridor.matchmaking.models import Outcome

    return list(
        Outcome.objects.filter(meeting=meeting)
        .select_related("recorded_by__organisation", "currency")
        .order_by("created_at", "id")
    )


def recommendation_between(org_ids: set[int]):
    """A partner recommendation between two of the given organisations (best rank first)."""
    from corridor.orgs.models import PartnerRecommendation

    return (
        PartnerRecommendation.objects.filter(organisation_id__in=org_ids, partner_id__in=org_ids)
        .select_related("organisation", "partner")
        .order_by("rank")
        .first()
    )


def origin_by_id(kind: str, pk):
    """A meeting, award, placement or partner recommendation by id (None if missing), with what
    ``origin_org_ids`` reads."""
    from django.apps import apps

    related = {
        OriginKind.GRANT: ("grants.Decision", ["proposal"], ["proposal__partners"]),
        OriginKind.PLACEMENT: ("exchange.Placement", ["application", "host"], []),
        OriginKind.RECOMMENDATION: ("orgs.PartnerRecommendation", ["organisation", "partner"], []),
    }
    if kind == OriginKind.MEETING:
        return meeting_by_id(pk)
    if kind not in related:
        return None
    label, joins, prefetch = related[kind]
    model = apps.get_model(label)
    try:
        return model.objects.select_related(*joins).prefetch_related(*prefetch).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        return None


def origin_value(kind: str, record) -> str:
    """The origin picker's value for a record: ``<kind>:<id>``."""
    return f"{kind}:{record.pk}"


def parse_origin_value(value: str):
    """``(kind, record)`` for a picker value (``("other", None)`` when empty); an unknown kind is
    an error on ``origin``; a missing record comes back as None (the service names it)."""
    from django.utils.translation import gettext as _

    from corridor.core.errors import invalid

    value = (value or "").strip()
    if not value:
        return OriginKind.OTHER, None
    kind, _sep, pk = value.partition(":")
    if kind not in ORIGIN_FIELDS:
        raise invalid("origin", _("Unknown origin."), code="bad_origin")
    return kind, origin_by_id(kind, pk)
