"""Read queries for matchmaking pages and the API, joins built in."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone

from corridor.orgs.enums import MemberRole, OrgKind, OrgStatus, VerificationStatus
from corridor.orgs.models import Organisation, Posting

from . import access
from .enums import EventStatus, MeetingStatus, RequestStatus
from .models import Event, Meeting, MeetingRequest, Outcome, Registration, ScheduleRun, Session, Slot


def events_visible_to(user):
    qs = Event.objects.select_related("organiser").annotate(n_registrations=Count("registrations"))
    if access.is_secretariat(user):
        return qs
    visible = ~Q(status=EventStatus.DRAFT)
    if getattr(user, "is_authenticated", False):
        visible |= Q(
            organiser__memberships__user=user,
            organiser__memberships__role__in=["owner", "admin"],
            organiser__verification_status=VerificationStatus.VERIFIED,
        )
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


# ---- reads the event, organiser and schedule pages need (views hold no ORM queries)


def events_listed(user, *, fmt: str = ""):
    """Events ``user`` may see, newest registration first, of format ``fmt`` when given."""
    qs = events_visible_to(user).order_by("-registration_opens_at", "pk")
    return qs.filter(format=fmt) if fmt else qs


def organiser_choices(user):
    """Agencies ``user`` may organise an event for (every agency for the secretariat)."""
    qs = Organisation.objects.filter(kind=OrgKind.AGENCY).order_by("name")
    if access.is_secretariat(user):
        return qs
    return qs.filter(
        memberships__user=user,
        memberships__role__in=[MemberRole.OWNER, MemberRole.ADMIN],
        verification_status=VerificationStatus.VERIFIED,
    )


def event_counts(event: Event) -> dict:
    return {
        "n_slots": event.slots.count(),
        "n_tables": event.tables.count(),
        "n_registrations": event.registrations.count(),
        "n_requests": event.requests.count(),
    }


def slots_and_tables(event: Event) -> dict:
    """``slots`` (in order) and ``tables`` of the event's grid, for its set-up page."""
    return {"slots": event.slots.order_by("index"), "tables": event.tables.order_by("id")}


def get_session(event: Event, pk) -> Session:
    session = Session.objects.filter(event=event, pk=pk).select_related("event").first()
    if session is None:
        raise access.NotFound
    return session


def registrations_in_country(qs, country: str):
    return qs.filter(organisation__country_id=country.upper()) if country else qs


def requests_with_status(qs, status: str):
    return qs.filter(status=status) if status else qs


def schedule_runs(event: Event, limit: int = 5) -> list[ScheduleRun]:
    return list(ScheduleRun.objects.filter(event=event).select_related("actor")[:limit])


def latest_schedule_run(event: Event) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(event=event).first()


def get_schedule_run(event: Event, pk) -> ScheduleRun:
    run = ScheduleRun.objects.filter(event=event, pk=pk).first()
    if run is None:
        raise access.NotFound
    return run


def unplaced_meetings(event: Event):
    return Meeting.objects.filter(event=event, status=MeetingStatus.UNPLACED).select_related(*MEETING_JOINS)


def scheduled_count(event: Event) -> int:
    return Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).count()


def get_receiver(event: Event, pk) -> Registration:
    receiver = (
        Registration.objects.filter(event=event, pk=pk)
        .select_related("user", "organisation__country")
        .first()
    )
    if receiver is None:
        raise access.NotFound
    return receiver


def registration_by_calendar_token(token: str) -> Registration:
    reg = (
        Registration.objects.select_related("event", "user", "organisation")
        .filter(calendar_token=token)
        .first()
        if token
        else None
    )
    if reg is None:
        raise access.NotFound
    return reg


def outcome_of(meeting: Meeting, registration: Registration, *, follow_up: bool) -> Outcome | None:
    return meeting.outcomes.filter(recorded_by=registration, is_follow_up=follow_up).first()


# ---- reads the API needs


def own_registrations(user):
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "organisation")
        .prefetch_related("availability")
        .order_by("-created_at", "-id")
    )


def own_outcomes(user):
    return (
        Outcome.objects.filter(recorded_by__user=user)
        .select_related("currency")
        .order_by("-created_at", "-id")
    )


def organisation_by_slug(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first() if slug else None


def event_detail_queryset(user):
    return (
        events_visible_to(user)
        .prefetch_related("sessions", Prefetch("slots", queryset=Slot.objects.order_by("index")))
        .order_by("-registration_opens_at", "pk")
    )


def schedule_status(event: Event) -> dict:
    """The latest run, the number of scheduled meetings and the unplaced ones (by pk)."""
    return {
        "run": latest_schedule_run(event),
        "scheduled": scheduled_count(event),
        "unplaced": unplaced_meetings(event).order_by("pk"),
    }


def meeting_for_user(user, pk) -> Meeting:
    """One meeting of ``user``'s, as the API shows it (read again after a write)."""
    return meetings_for_user(user).get(pk=pk)
