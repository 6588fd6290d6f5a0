"""Matchmaking operations: events and their sessions, breaks, slots and tables; registrations;
meeting requests; meetings and outcomes; follow-up asks.

Each write takes the acting user as ``by`` (keyword-only), checks object-level permission
through ``access`` (forbidden looks like missing), validates everything before writing (a
``ValidationError`` naming the field; nothing saved), runs in one transaction attributed in the
audit log, and notifies people on commit. Scheduling lives in ``scheduling``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.models import Currency
from corridor.core.notifications import notify
from corridor.orgs.access import can_act_for
from corridor.orgs.enums import OrgKind
from corridor.orgs.models import Organisation

from . import access, calendar
from .enums import Attendance, EventFormat, EventStatus, MeetingStatus, OutcomeKind, RequestStatus
from .models import (
    Break,
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Outcome,
    Registration,
    Session,
    Slot,
    Table,
)

EVENT_FIELDS = (
    "title",
    "description",
    "format",
    "time_zone",
    "organiser",
    "location",
    "registration_opens_at",
    "registration_closes_at",
    "requests_close_at",
    "max_requests_per_participant",
    "slot_minutes",
    "follow_up_months",
    "status",
    "room_link_base",
)
MAX_MESSAGE = 1000


def _require_signed_in(by) -> None:
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))


def _require_organiser(by, event: Event) -> None:
    if not access.can_organise(by, event):
        raise access.NotFound


def _valid_time_zone(name: str) -> bool:
    if not name or "/" not in name and name != "UTC":
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _fmt(when: dt.datetime, tz: str | None = None) -> str:
    local = timezone.localtime(when, ZoneInfo(tz)) if tz else timezone.localtime(when)
    return date_format(local, "j M Y H:i") + (f" ({tz})" if tz else "")


# ---- events ----


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "event"
    slug, n = base, 2
    while slug in {"new", "calendar"} or Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _clean_event(event: Event, data: dict, *, by) -> None:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError({f: _("Unknown field.") for f in sorted(unknown)})
    organiser = data.get("organiser", event.organiser if event.pk else None)
    if isinstance(organiser, (int, str)) and organiser != "":
        key = str(organiser)
        organiser = Organisation.objects.filter(
            Q(slug=key) | Q(pk=int(key) if key.isdigit() else None)
        ).first()
        if organiser is None:
            raise ValidationError({"organiser": _("Unknown organisation.")})
    if organiser == "":
        organiser = None
    data = {**data, "organiser": organiser}
    for field, value in data.items():
        setattr(event, field, value)
    errors: dict[str, list[str]] = {}
    try:
        event.full_clean(exclude=["slug", "created_by", "last_scheduled_at"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if event.time_zone and not _valid_time_zone(event.time_zone):
        errors.setdefault("time_zone", []).append(_("Enter an IANA time zone such as Asia/Kuala_Lumpur."))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        errors.setdefault("registration_closes_at", []).append(_("Registration must close after it opens."))
    if event.requests_close_at and opens and event.requests_close_at <= opens:
        errors.setdefault("requests_close_at", []).append(_("Requests must close after registration opens."))
    if not access.is_staff_user(by):
        if (
            organiser is None
            or organiser.kind != OrgKind.AGENCY
            or not access.can_admin_organisation(by, organiser)
        ):
            errors.setdefault("organiser", []).append(
                _(
                    "Choose the agency you organise for: only the secretariat or an agency's admins run events."
                )
            )
    if errors:
        raise ValidationError(errors)


def create_event(*, by, **data) -> Event:
    """The secretariat or an agency admin creates an event (a draft unless ``status`` says)."""
    _require_signed_in(by)
    if not access.can_create_events(by):
        raise PermissionDenied(_("Only the secretariat or an agency's admins can create events."))
    data.setdefault("status", EventStatus.DRAFT)
    event = Event(created_by=by)
    _clean_event(event, data, by=by)
    with transaction.atomic(), acting_as(by):
        event.slug = _unique_slug(event.title)
        event.save()
    return event


def update_event(*, event: Event, by, **data) -> Event:
    _require_organiser(by, event)
    _clean_event(event, data, by=by)
    with transaction.atomic(), acting_as(by):
        event.save()
    return event


def add_session(*, event: Event, by, name: str, starts_at: dt.datetime, ends_at: dt.datetime) -> Session:
    """Add a session; sessions of one event never overlap. Regenerates the event's slots."""
    _require_organiser(by, event)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("This field is required.")]
    if not starts_at or not ends_at:
        errors["starts_at"] = [_("Give the start and end.")]
    elif ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    else:
        clash = event.sessions.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
        if clash is not None:
            errors["starts_at"] = [
                _("This session overlaps “%(name)s” (%(start)s – %(end)s).")
                % {
                    "name": clash.name,
                    "start": _fmt(clash.starts_at, event.time_zone),
                    "end": _fmt(clash.ends_at, event.time_zone),
                }
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        session = Session.objects.create(event=event, name=name, starts_at=starts_at, ends_at=ends_at)
        _generate_slots(event)
    return session


def add_break(*, session: Session, by, starts_at: dt.datetime, ends_at: dt.datetime) -> Break:
    event = session.event
    _require_organiser(by, event)
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The break must end after it starts.")})
    if starts_at < session.starts_at or ends_at > session.ends_at:
        raise ValidationError(
            {"starts_at": _("The break must lie within the session “%(s)s”.") % {"s": session.name}}
        )
    if session.breaks.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise ValidationError({"starts_at": _("This break overlaps another break of the session.")})
    with transaction.atomic(), acting_as(by):
        brk = Break.objects.create(session=session, starts_at=starts_at, ends_at=ends_at)
        _generate_slots(event)
    return brk


def delete_session(*, session: Session, by) -> None:
    event = session.event
    _require_organiser(by, event)
    if Meeting.objects.filter(slot__session=session, status=MeetingStatus.SCHEDULED).exists():
        raise ValidationError(_("Meetings are scheduled in this session; cancel them first."))
    with transaction.atomic(), acting_as(by):
        session.delete()
        _generate_slots(event)


def slot_times(event: Event) -> list[tuple[Session, dt.datetime, dt.datetime]]:
    """Slots as (session, start, end): each session cut into ``slot_minutes`` pieces, skipping
    breaks (a slot never straddles a break or the session end)."""
    step = dt.timedelta(minutes=event.slot_minutes)
    out = []
    for session in event.sessions.prefetch_related("breaks").order_by("starts_at"):
        breaks = sorted(session.breaks.all(), key=lambda b: b.starts_at)
        t = session.starts_at
        while t + step <= session.ends_at:
            clash = next((b for b in breaks if b.starts_at < t + step and b.ends_at > t), None)
            if clash is not None:
                t = clash.ends_at
                continue
            out.append((session, t, t + step))
            t += step
    return out


def _generate_slots(event: Event) -> list[Slot]:
    """Make the Slot rows match the sessions: keep slots whose times are unchanged (with their
    availability and meetings), drop the rest, renumber in time order."""
    wanted = slot_times(event)
    existing = {(s.starts_at, s.ends_at): s for s in event.slots.all()}
    keep_keys = {(a, b) for _s, a, b in wanted}
    doomed = [s.pk for key, s in existing.items() if key not in keep_keys]
    if doomed and Meeting.objects.filter(slot_id__in=doomed, status=MeetingStatus.SCHEDULED).exists():
        raise ValidationError(
            _("Meetings are scheduled in slots this change would remove; cancel them first.")
        )
    Slot.objects.filter(pk__in=doomed).delete()
    # Two passes so renumbering never collides with the unique (event, index).
    offset = len(existing) + len(wanted) + 1
    Slot.objects.filter(event=event).update(index=models_f_index_plus(offset))
    result = []
    for i, (session, a, b) in enumerate(wanted):
        slot = existing.get((a, b))
        if slot is None:
            slot = Slot.objects.create(event=event, session=session, index=i, starts_at=a, ends_at=b)
        else:
            slot.index = i
            slot.session = session
            slot.save(update_fields=["index", "session"])
        result.append(slot)
    return result


def models_f_index_plus(offset: int):
    from django.db.models import F

    return F("index") + offset


def generate_slots(*, event: Event, by) -> list[Slot]:
    _require_organiser(by, event)
    with transaction.atomic(), acting_as(by):
        return _generate_slots(event)


def add_table(*, event: Event, by, name: str, is_virtual: bool | None = None, room_url: str = "") -> Table:
    _require_organiser(by, event)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("This field is required.")})
    if event.tables.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The event already has a table called “%(n)s”.") % {"n": name}})
    table = Table(
        event=event,
        name=name,
        is_virtual=event.format == EventFormat.VIRTUAL if is_virtual is None else is_virtual,
        room_url=room_url or "",
    )
    try:
        table.full_clean(exclude=["event"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    with transaction.atomic(), acting_as(by):
        table.save()
    return table


def add_tables(*, event: Event, by, count: int, prefix: str = "") -> list[Table]:
    _require_organiser(by, event)
    if not 1 <= int(count) <= 500:
        raise ValidationError({"count": _("Add between 1 and 500 tables at once.")})
    prefix = prefix.strip() or (_("Room") if event.format == EventFormat.VIRTUAL else _("Table"))
    taken = set(event.tables.values_list("name", flat=True))
    made, n = [], 1
    with transaction.atomic(), acting_as(by):
        while len(made) < int(count):
            name = f"{prefix} {n}"
            n += 1
            if name in taken:
                continue
            made.append(
                Table.objects.create(event=event, name=name, is_virtual=event.format == EventFormat.VIRTUAL)
            )
    return made


# ---- registrations ----


def _registration_open(event: Event, now=None) -> str | None:
    """Why registration is not possible now, or None."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return _("This event is not open for registration.")
    if now < event.registration_opens_at:
        return _("Registration opens on %(d)s.") % {"d": _fmt(event.registration_opens_at, event.time_zone)}
    if now > event.registration_closes_at:
        return _("Registration closed on %(d)s.") % {"d": _fmt(event.registration_closes_at, event.time_zone)}
    return None


def default_availability(registration: Registration) -> list[Slot]:
    """Slots a person is available for unless they say otherwise.

    In person: every slot. Virtual or hybrid: the slots within 09:00–17:00 on a working day in
    the person's own time zone, minus their country's (and Malaysian state's) public holidays,
    minus Friday prayer time if they keep it.
    """
    slots = list(registration.event.slots.order_by("index"))
    if registration.event.format == EventFormat.IN_PERSON:
        return slots
    country = registration.organisation.country_id if registration.organisation_id else None
    return [
        s
        for s in slots
        if calendar.is_available_by_default(
            s.starts_at,
            s.ends_at,
            time_zone=registration.time_zone,
            country=country,
            subdivision=registration.subdivision,
            friday_prayer=registration.observes_friday_prayer,
        )
    ]


def _resolve_slots(event: Event, availability: Iterable) -> list[Slot]:
    ids = []
    for item in availability:
        ids.append(item.pk if isinstance(item, Slot) else item)
    try:
        ids = [int(i) for i in ids]
    except (TypeError, ValueError) as exc:
        raise ValidationError({"availability": _("Unknown slot.")}) from exc
    slots = list(Slot.objects.filter(event=event, pk__in=ids))
    if len(slots) != len(set(ids)):
        missing = sorted(set(ids) - {s.pk for s in slots})
        raise ValidationError(
            {"availability": _("Unknown slot for this event: %(s)s.") % {"s": ", ".join(map(str, missing))}}
        )
    return slots


def _clean_registration_fields(time_zone: str, subdivision: str, organisation) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not _valid_time_zone(time_zone):
        errors["time_zone"] = [_("Enter an IANA time zone such as Africa/Nairobi.")]
    if subdivision:
        if organisation is None or organisation.country_id != "MY":
            errors["subdivision"] = [_("A state applies only to organisations in Malaysia.")]
        elif subdivision not in dict(calendar.malaysian_states()):
            errors["subdivision"] = [_("Unknown Malaysian state code.")]
    return errors


def default_attendance(event: Event) -> str:
    """Online at virtual events; in person otherwise (a hybrid event's guests may choose)."""
    return Attendance.ONLINE if event.format == EventFormat.VIRTUAL else Attendance.IN_PERSON


def _clean_attendance(event: Event, attendance: str) -> dict[str, list[str]]:
    if attendance not in Attendance.values:
        return {"attendance": [_("Choose in person or online.")]}
    if event.format != EventFormat.HYBRID and attendance != default_attendance(event):
        return {
            "attendance": [
                _("This event is in person only.")
                if event.format == EventFormat.IN_PERSON
                else _("This event is online only.")
            ]
        }
    return {}


def register(
    *,
    event: Event,
    by,
    organisation: Organisation,
    availability: Iterable | None = None,
    wants_to_discuss: str = "",
    time_zone: str | None = None,
    observes_friday_prayer: bool = False,
    subdivision: str = "",
    attendance: str | None = None,
) -> Registration:
    """``by`` registers for ``event`` on behalf of ``organisation`` (which they may act for).

    ``availability`` (slots or slot ids) defaults to ``default_availability``; a registration
    with no available slot is refused, as is one outside the registration window.
    """
    _require_signed_in(by)
    if not access.can_view_event(by, event):
        raise access.NotFound
    errors: dict[str, list[str]] = {}
    closed = _registration_open(event)
    if closed:
        errors[NON_FIELD_ERRORS] = [closed]
    if organisation is None or not can_act_for(by, organisation):
        errors["organisation"] = [_("Only an owner or admin of an organisation can register for it.")]
    if Registration.objects.filter(event=event, user=by).exists():
        errors[NON_FIELD_ERRORS] = [*errors.get(NON_FIELD_ERRORS, []), _("You are already registered.")]
    time_zone = time_zone or getattr(by, "time_zone", "") or event.time_zone
    errors.update(_clean_registration_fields(time_zone, subdivision, organisation))
    attendance = attendance or default_attendance(event)
    errors.update(_clean_attendance(event, attendance))
    if errors:
        raise ValidationError(errors)
    registration = Registration(
        attendance=attendance,
        event=event,
        user=by,
        organisation=organisation,
        wants_to_discuss=(wants_to_discuss or "").strip(),
        time_zone=time_zone,
        observes_friday_prayer=bool(observes_friday_prayer),
        subdivision=subdivision or "",
    )
    slots = (
        default_availability(registration) if availability is None else _resolve_slots(event, availability)
    )
    if not slots:
        raise ValidationError(
            {
                "availability": _(
                    "Choose at least one slot you are available for: without one no meeting can be placed."
                )
            }
        )
    try:
        with transaction.atomic(), acting_as(by):
            registration.save()
            registration.availability.set(slots)
    except IntegrityError as exc:
        raise ValidationError(_("You are already registered.")) from exc
    return registration


def update_registration(
    *,
    registration: Registration,
    by,
    availability: Iterable | None = None,
    wants_to_discuss: str | None = None,
    time_zone: str | None = None,
    observes_friday_prayer: bool | None = None,
    subdivision: str | None = None,
    attendance: str | None = None,
) -> Registration:
    if registration.user_id != getattr(by, "pk", None):
        raise access.NotFound
    event = registration.event
    if event.status != EventStatus.PUBLISHED or timezone.now() > event.registration_closes_at:
        raise ValidationError(_("Registration is closed; ask the organiser to change your availability."))
    tz = time_zone if time_zone is not None else registration.time_zone
    sub = subdivision if subdivision is not None else registration.subdivision
    errors = _clean_registration_fields(tz, sub, registration.organisation)
    if attendance is not None and attendance != registration.attendance:
        errors.update(_clean_attendance(event, attendance))
        if (
            "attendance" not in errors
            and MeetingSeat.objects.filter(
                registration=registration, meeting__status=MeetingStatus.SCHEDULED
            ).exists()
        ):
            errors["attendance"] = [
                _("Your meetings are placed at tables or rooms for the way you attend; cancel them first.")
            ]
    slots = None
    if availability is not None:
        slots = _resolve_slots(event, availability)
        if not slots:
            errors["availability"] = [_("Choose at least one slot you are available for.")]
        else:
            booked = set(
                MeetingSeat.objects.filter(registration=registration).values_list("slot_id", flat=True)
            ) - {s.pk for s in slots}
            if booked:
                errors["availability"] = [
                    _("You have meetings in slots you unticked; cancel those meetings first.")
                ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        registration.time_zone = tz
        registration.subdivision = sub
        if wants_to_discuss is not None:
            registration.wants_to_discuss = wants_to_discuss.strip()
        if observes_friday_prayer is not None:
            registration.observes_friday_prayer = observes_friday_prayer
        if attendance is not None:
            registration.attendance = attendance
        registration.save()
        if slots is not None:
            registration.availability.set(slots)
    return registration


# ---- meeting requests ----


def _requests_open(event: Event, now=None) -> str | None:
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return _("This event does not take meeting requests.")
    if now < event.registration_opens_at:
        return _("Meeting requests open with registration on %(d)s.") % {
            "d": _fmt(event.registration_opens_at, event.time_zone)
        }
    if event.requests_close_at and now > event.requests_close_at:
        return _("Meeting requests closed on %(d)s.") % {"d": _fmt(event.requests_close_at, event.time_zone)}
    return None


def _event_url(event: Event, name: str) -> str:
    return reverse(f"matchmaking:{name}", args=[event.slug])


def send_request(
    *, event: Event, by, receiver: Registration, message: str = "", priority: int = 2
) -> MeetingRequest:
    """``by`` (registered for ``event``) asks ``receiver`` for a meeting.

    Refused, with nothing saved: outside the window, to oneself, to one's own organisation,
    above the per-participant cap, or when a request between the two is already open.
    """
    _require_signed_in(by)
    requester = access.registration_of(by, event)
    if requester is None:
        raise ValidationError(_("Register for this event before requesting meetings."))
    if not can_act_for(by, requester.organisation):
        raise ValidationError(
            {"receiver": _("Only an owner or admin of your organisation can request meetings in its name.")}
        )
    if receiver is None or receiver.event_id != event.pk:
        raise access.NotFound
    errors: dict[str, list[str]] = {}
    closed = _requests_open(event)
    if closed:
        errors[NON_FIELD_ERRORS] = [closed]
    if receiver.pk == requester.pk:
        errors["receiver"] = [_("You cannot request a meeting with yourself.")]
    elif receiver.organisation_id == requester.organisation_id:
        errors["receiver"] = [
            _("%(name)s is from your own organisation; matchmaking is for meeting other organisations.")
            % {"name": receiver.user}
        ]
    elif (
        MeetingRequest.objects.filter(
            Q(requester=requester, receiver=receiver) | Q(requester=receiver, receiver=requester)
        )
        .exclude(status=RequestStatus.CANCELLED)
        .exists()
    ):
        errors["receiver"] = [
            _("You already have a meeting request with %(name)s.") % {"name": receiver.user}
        ]
    sent = requester.sent_requests.exclude(status=RequestStatus.CANCELLED).count()
    if sent >= event.max_requests_per_participant:
        errors[NON_FIELD_ERRORS] = [
            *errors.get(NON_FIELD_ERRORS, []),
            _("You have reached this event's limit of %(n)d meeting requests.")
            % {"n": event.max_requests_per_participant},
        ]
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        priority = 0
    if priority not in (1, 2, 3):
        errors["priority"] = [_("Priority is 1 (nice to meet), 2 (want to meet) or 3 (must meet).")]
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        errors["message"] = [_("At most %(n)d characters.") % {"n": MAX_MESSAGE}]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(by):
            req = MeetingRequest.objects.create(
                event=event, requester=requester, receiver=receiver, message=message, priority=priority
            )
            notify(
                user=receiver.user,
                text=_("%(who)s (%(org)s) asks to meet you at %(event)s.")
                % {"who": by, "org": requester.organisation, "event": event.title},
                url=_event_url(event, "requests"),
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"receiver": _("You already have a meeting request with %(name)s.") % {"name": receiver.user}}
        ) from exc
    return req


def _lock_request(request: MeetingRequest) -> MeetingRequest:
    # Lock the event row first: every write that places or frees a seat takes it, so two
    # people accepting or cancelling at once are serialised (PostgreSQL; SQLite locks the file).
    Event.objects.select_for_update().get(pk=request.event_id)
    return MeetingRequest.objects.select_for_update().get(pk=request.pk)


def accept_request(*, request: MeetingRequest, by, priority: int = 2) -> Meeting:
    """The receiver accepts. A meeting is created; if the event is already scheduled it is placed
    at once in the first slot where both are free and a table is free (confirmed meetings never
    move)."""
    if request.receiver.user_id != getattr(by, "pk", None):
        raise access.NotFound
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        priority = 0
    if priority not in (1, 2, 3):
        raise ValidationError({"priority": _("Priority is 1, 2 or 3.")})
    with transaction.atomic(), acting_as(by):
        fresh = _lock_request(request)
        if fresh.status != RequestStatus.PENDING:
            raise ValidationError(
                _("This request is already %(s)s.") % {"s": fresh.get_status_display().lower()}
            )
        fresh.status = RequestStatus.ACCEPTED
        fresh.receiver_priority = priority
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "receiver_priority", "responded_at", "updated_at"])
        meeting = Meeting.objects.create(event_id=fresh.event_id, request=fresh)
        event = fresh.event
        if event.last_scheduled_at is not None:
            from .scheduling import place_one

            place_one(meeting)
        notify(
            user=request.requester.user,
            text=_("%(who)s accepted your meeting request at %(event)s.") % {"who": by, "event": event.title},
            url=_event_url(event, "agenda"),
        )
    request.refresh_from_db()
    return meeting


def decline_request(*, request: MeetingRequest, by) -> MeetingRequest:
    if request.receiver.user_id != getattr(by, "pk", None):
        raise access.NotFound
    with transaction.atomic(), acting_as(by):
        fresh = _lock_request(request)
        if fresh.status != RequestStatus.PENDING:
            raise ValidationError(
                _("This request is already %(s)s.") % {"s": fresh.get_status_display().lower()}
            )
        fresh.status = RequestStatus.DECLINED
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "responded_at", "updated_at"])
        notify(
            user=request.requester.user,
            text=_("%(who)s declined your meeting request at %(event)s.")
            % {"who": by, "event": request.event.title},
            url=_event_url(request.event, "requests"),
            email=True,
        )
    request.refresh_from_db()
    return request


def cancel_request(*, request: MeetingRequest, by) -> MeetingRequest:
    """The requester withdraws a pending request; either side cancels an accepted one (which
    cancels its meeting)."""
    uid = getattr(by, "pk", None)
    if uid not in (request.requester.user_id, request.receiver.user_id):
        raise access.NotFound
    if request.status == RequestStatus.ACCEPTED and hasattr(request, "meeting"):
        cancel_meeting(meeting=request.meeting, by=by)
        request.refresh_from_db()
        return request
    if request.status == RequestStatus.PENDING and uid != request.requester.user_id:
        raise ValidationError(_("Decline the request instead."))
    with transaction.atomic(), acting_as(by):
        fresh = _lock_request(request)
        if fresh.status != RequestStatus.PENDING:
            raise ValidationError(
                _("This request is already %(s)s.") % {"s": fresh.get_status_display().lower()}
            )
        fresh.status = RequestStatus.CANCELLED
        fresh.save(update_fields=["status", "updated_at"])
    request.refresh_from_db()
    return request


def cancel_meeting(*, meeting: Meeting, by) -> Meeting:
    """Either participant or an organiser cancels a meeting: its seats are freed and its
    calendar SEQUENCE rises so calendars show it cancelled."""
    req = meeting.request
    uid = getattr(by, "pk", None)
    if uid not in (req.requester.user_id, req.receiver.user_id) and not access.can_organise(
        by, meeting.event
    ):
        raise access.NotFound
    with transaction.atomic(), acting_as(by):
        Event.objects.select_for_update().get(pk=meeting.event_id)
        fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if fresh.status not in (MeetingStatus.SCHEDULED, MeetingStatus.UNPLACED):
            raise ValidationError(
                _("This meeting is already %(s)s.") % {"s": fresh.get_status_display().lower()}
            )
        was_scheduled = fresh.status == MeetingStatus.SCHEDULED
        freed_slot_id = fresh.slot_id if was_scheduled else None
        fresh.status = MeetingStatus.CANCELLED
        if was_scheduled:
            fresh.sequence += 1
        fresh.save(update_fields=["status", "sequence", "updated_at"])
        MeetingSeat.objects.filter(meeting=fresh).delete()
        MeetingRequest.objects.filter(pk=req.pk).update(
            status=RequestStatus.CANCELLED, updated_at=timezone.now()
        )
        for reg in (req.requester, req.receiver):
            if reg.user_id != uid:
                notify(
                    user=reg.user,
                    text=_("%(who)s cancelled your meeting at %(event)s.")
                    % {"who": by, "event": meeting.event.title},
                    url=_event_url(meeting.event, "agenda"),
                )
        if freed_slot_id is not None:
            offer_freed_seats(meeting=fresh, slot_id=freed_slot_id)
    meeting.refresh_from_db()
    return meeting


def offer_freed_seats(*, meeting: Meeting, slot_id: int) -> list[Meeting]:
    """After ``meeting`` (scheduled in ``slot_id``) is cancelled, place at once the accepted
    meetings still waiting for a slot that the cancellation may help: those of either freed
    person, and those whose two sides are both available in the freed slot. Nothing that is
    placed moves. The caller holds the event lock. Returns the meetings placed (both sides of
    each are notified)."""
    from .scheduling import place_one

    event = meeting.event
    if event.last_scheduled_at is None:
        return []
    req = meeting.request
    freed = [req.requester_id, req.receiver_id]
    waiting = (
        Meeting.objects.filter(
            event=event, status=MeetingStatus.UNPLACED, request__status=RequestStatus.ACCEPTED
        )
        .filter(
            Q(request__requester__in=freed)
            | Q(request__receiver__in=freed)
            | Q(request__requester__availability=slot_id, request__receiver__availability=slot_id)
        )
        .exclude(pk=meeting.pk)
        .select_related("event", "request__requester__user", "request__receiver__user")
        .distinct()
    )
    # Higher priority first, then first come.
    candidates = sorted(
        waiting,
        key=lambda m: (-m.request.weight, m.request.created_at, m.pk),
    )
    placed = []
    for m in candidates:
        if place_one(m):
            placed.append(m)
            for reg, other in (
                (m.request.requester, m.request.receiver),
                (m.request.receiver, m.request.requester),
            ):
                notify(
                    user=reg.user,
                    text=_("A slot opened up: your meeting with %(who)s at %(event)s is now scheduled.")
                    % {"who": other.user, "event": event.title},
                    url=_event_url(event, "agenda"),
                )
    return placed


def mark_attendance(*, meeting: Meeting, by, status: str) -> Meeting:
    """The organiser records whether a scheduled meeting was held or a no-show."""
    _require_organiser(by, meeting.event)
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise ValidationError({"status": _("Mark the meeting held or no-show.")})
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise ValidationError(_("Only a scheduled meeting can be marked."))
    if meeting.slot is None or meeting.slot.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not started yet."))
    with transaction.atomic(), acting_as(by):
        meeting.status = status
        meeting.save(update_fields=["status", "updated_at"])
    return meeting


# ---- outcomes ----


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    month = when.month - 1 + months
    year, month = when.year + month // 12, month % 12 + 1
    day = min(
        when.day,
        [
            31,
            29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month - 1],
    )
    return when.replace(year=year, month=month, day=day)


def follow_up_due_at(meeting: Meeting) -> dt.datetime | None:
    if meeting.slot is None:
        return None
    return add_months(meeting.slot.ends_at, meeting.event.follow_up_months)


def record_outcome(
    *,
    meeting: Meeting,
    by,
    kind: str,
    deal_value=None,
    currency=None,
    notes: str = "",
    is_follow_up: bool = False,
) -> Outcome:
    """A participant records what came of a meeting (after it started), or, once
    ``follow_up_months`` have passed, answers the follow-up ask. Recording again replaces the
    earlier answer of the same stage. The meeting counts as held."""
    req = meeting.request
    uid = getattr(by, "pk", None)
    if uid == req.requester.user_id:
        reg = req.requester
    elif uid == req.receiver.user_id:
        reg = req.receiver
    else:
        raise access.NotFound
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD) or meeting.slot is None:
        errors[NON_FIELD_ERRORS] = [_("Only a meeting that took place can have an outcome.")]
    elif meeting.slot.starts_at > now:
        errors[NON_FIELD_ERRORS] = [_("The meeting has not started yet.")]
    elif is_follow_up and follow_up_due_at(meeting) > now:
        errors[NON_FIELD_ERRORS] = [
            _("The follow-up question opens on %(d)s.") % {"d": _fmt(follow_up_due_at(meeting))}
        ]
    if kind not in OutcomeKind.values:
        errors["kind"] = [_("Choose one of: %(v)s.") % {"v": ", ".join(OutcomeKind.values)}]
    value = None
    if deal_value not in (None, ""):
        try:
            value = Decimal(str(deal_value))
        except (InvalidOperation, ValueError):
            errors["deal_value"] = [_("Enter an amount.")]
        else:
            if value < 0 or value.as_tuple().exponent < -2 or abs(value) >= Decimal("1e14"):
                errors["deal_value"] = [_("Enter a positive amount with at most two decimals.")]
    cur = None
    if currency not in (None, ""):
        code = currency.code if isinstance(currency, Currency) else str(currency).upper()
        cur = Currency.objects.filter(code=code).first()
        if cur is None:
            errors["currency"] = [_("Unknown currency code: %(c)s.") % {"c": code}]
    if kind == OutcomeKind.DEAL_SIGNED and value is None and "deal_value" not in errors:
        errors["deal_value"] = [_("Give the deal's value.")]
    if value is not None and cur is None and "currency" not in errors:
        errors["currency"] = [_("Give the currency of the deal value.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        outcome, _created = Outcome.objects.update_or_create(
            meeting=meeting,
            recorded_by=reg,
            is_follow_up=bool(is_follow_up),
            defaults={"kind": kind, "deal_value": value, "currency": cur, "notes": (notes or "").strip()},
        )
        if meeting.status == MeetingStatus.SCHEDULED:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status", "updated_at"])
    return outcome


def due_follow_ups(now=None):
    """Held meetings whose follow-up ask is due and not yet sent."""
    now = now or timezone.now()
    qs = Meeting.objects.filter(
        status=MeetingStatus.HELD, follow_up_sent_at__isnull=True, slot__isnull=False
    ).select_related("event", "slot", "request__requester__user", "request__receiver__user")
    return [m for m in qs if follow_up_due_at(m) <= now]


def send_follow_up_asks(*, now=None) -> int:
    """Ask both sides of each due meeting whether a deal followed (one notification each).
    Idempotent: a meeting is asked once. Returns the number of meetings asked."""
    now = now or timezone.now()
    count = 0
    for meeting in due_follow_ups(now):
        with transaction.atomic():
            updated = Meeting.objects.filter(pk=meeting.pk, follow_up_sent_at__isnull=True).update(
                follow_up_sent_at=now
            )
            if not updated:
                continue
            for reg in (meeting.request.requester, meeting.request.receiver):
                other = (
                    meeting.request.receiver
                    if reg == meeting.request.requester
                    else meeting.request.requester
                )
                notify(
                    user=reg.user,
                    text=_(
                        "%(months)d months after your meeting with %(org)s at %(event)s: did a deal follow?"
                    )
                    % {
                        "months": meeting.event.follow_up_months,
                        "org": other.organisation,
                        "event": meeting.event.title,
                    },
                    url=reverse("matchmaking:outcome", args=[meeting.event.slug, meeting.pk])
                    + "?follow_up=1",
                )
            count += 1
    return count
