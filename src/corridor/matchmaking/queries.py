"""Read queries for matchmaking pages and the API, joins built in."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from corridor.orgs.enums import OrgStatus
from corridor.orgs.models import Posting

from . import access
from .enums import EventStatus, MeetingStatus, RequestStatus
from .models import Event, Meeting, MeetingRequest, Outcome, Registration


def events_visible_to(user):
    qs = Event.objects.select_related("organiser").annotate(n_registrations=Count("registrations"))
    if access.is_secretariat(user):
        return qs
    visible = ~Q(status=EventStatus.DRAFT)
    if getattr(user, "is_authenticated", False):
        visible |= Q(organiser__memberships__user=user, organiser__memberships__role__in=["owner", "admin"])
    return qs.filter(visible).distinct()


def recommended_ids(organisation) -> list[int]:
    """Partner organisations recommended to ``organisation`` (best first), if the orgs module
    offers recommendations; otherwise none (the catalogue then sorts by name)."""
    try:
        from corridor.orgs.recommendations import recommended_partner_ids
    except ImportError:
        return []
    try:
        return list(recommended_partner_ids(organisation))
    except Exception:  # noqa: BLE001 - recommendations are a nicety; the catalogue must render
        return []


def catalogue(
    *,
    event: Event,
    viewer: Registration | None,
    country: str = "",
    sector: str = "",
    kind: str = "",
    has: str = "",
    q: str = "",
):
    """Other participants of ``event``; recommended partners first, then by organisation name."""
    today = timezone.localdate()
    qs = Registration.objects.filter(event=event, organisation__status=OrgStatus.PUBLISHED)
    if viewer is not None:
        qs = qs.exclude(pk=viewer.pk)
    if country:
        qs = qs.filter(organisation__country_id=country.upper())
    if kind:
        qs = qs.filter(organisation__kind=kind)
    if sector:
        qs = qs.filter(Q(organisation__sectors__slug=sector) | Q(organisation__sectors__parent__slug=sector))
    if has:
        qs = qs.filter(organisation__postings__in=Posting.objects.current(today).filter(type=has))
    if q:
        qs = qs.filter(
            Q(organisation__name__icontains=q)
            | Q(organisation__description__icontains=q)
            | Q(wants_to_discuss__icontains=q)
            | Q(user__full_name__icontains=q)
        )
    if sector or has:
        qs = qs.distinct()
    ranked = recommended_ids(viewer.organisation) if viewer is not None else []
    rank = (
        Case(
            *[When(organisation_id=oid, then=Value(i)) for i, oid in enumerate(ranked[:50])],
            default=Value(10_000),
            output_field=IntegerField(),
        )
        if ranked
        else Value(10_000, output_field=IntegerField())
    )
    return (
        qs.annotate(rank=rank)
        .select_related("user", "organisation", "organisation__country")
        .prefetch_related(
            "organisation__sectors",
            Prefetch(
                "organisation__postings",
                queryset=Posting.objects.current(today).select_related("sector"),
                to_attr="current_postings",
            ),
        )
        .order_by("rank", "organisation__name", "pk")
    )


def open_request_partners(registration: Registration) -> dict[int, MeetingRequest]:
    """Registration id of the other side -> the open (non-cancelled) request with them."""
    out = {}
    for req in MeetingRequest.objects.filter(Q(requester=registration) | Q(receiver=registration)).exclude(
        status=RequestStatus.CANCELLED
    ):
        other = req.receiver_id if req.requester_id == registration.pk else req.requester_id
        out[other] = req
    return out


REQUEST_JOINS = (
    "event",
    "requester__user",
    "requester__organisation__country",
    "receiver__user",
    "receiver__organisation__country",
)


def requests_of(registration: Registration, box: str = "received"):
    qs = MeetingRequest.objects.select_related(*REQUEST_JOINS)
    if box == "sent":
        return qs.filter(requester=registration)
    return qs.filter(receiver=registration)


def requests_for_user(user):
    """Every request the user sent or received, over all events."""
    return (
        MeetingRequest.objects.filter(Q(requester__user=user) | Q(receiver__user=user))
        .select_related(*REQUEST_JOINS)
        .order_by("-created_at", "-id")
    )


MEETING_JOINS = (
    "event",
    "slot",
    "table",
    "request__requester__user",
    "request__requester__organisation__country",
    "request__receiver__user",
    "request__receiver__organisation__country",
)


def agenda(registration: Registration):
    """The person's meetings (scheduled, held, no-show, awaiting a slot), in time order, each
    with their own outcomes prefetched as ``my_outcomes``."""
    return (
        Meeting.objects.filter(Q(request__requester=registration) | Q(request__receiver=registration))
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related(*MEETING_JOINS)
        .prefetch_related(
            Prefetch(
                "outcomes", queryset=Outcome.objects.filter(recorded_by=registration), to_attr="my_outcomes"
            )
        )
        .order_by("slot__starts_at", "pk")
    )


def calendar_meetings(registration: Registration):
    """Meetings for the person's calendar: every meeting that ever had a time (cancelled ones
    too, so calendars remove them)."""
    return (
        Meeting.objects.filter(Q(request__requester=registration) | Q(request__receiver=registration))
        .filter(slot__isnull=False)
        .select_related(*MEETING_JOINS)
        .order_by("slot__starts_at", "pk")
    )


def meetings_for_user(user):
    return (
        Meeting.objects.filter(Q(request__requester__user=user) | Q(request__receiver__user=user))
        .select_related(*MEETING_JOINS)
        .order_by("slot__starts_at", "pk")
    )


def scheduled_meetings(event: Event):
    return (
        Meeting.objects.filter(
            event=event, status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW]
        )
        .select_related(*MEETING_JOINS)
        .order_by("slot__index", "table_id")
    )


def master_grid(event: Event):
    """(tables, rows): one row per slot, one cell per table (a meeting or None)."""
    tables = list(event.tables.order_by("id"))
    slots = list(event.slots.order_by("index"))
    cells = {(m.slot_id, m.table_id): m for m in scheduled_meetings(event)}
    rows = [(slot, [cells.get((slot.pk, t.pk)) for t in tables]) for slot in slots]
    return tables, rows


def registrations_of_event(event: Event):
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "organisation__country")
        .annotate(
            n_available=Count("availability", distinct=True),
            n_sent=Count("sent_requests", distinct=True),
            n_received=Count("received_requests", distinct=True),
        )
        .order_by("organisation__name", "pk")
    )


def requests_of_event(event: Event):
    return MeetingRequest.objects.filter(event=event).select_related(*REQUEST_JOINS, "meeting")


def registrations_of_user(user):
    return Registration.objects.filter(user=user).select_related("event", "organisation__country")
