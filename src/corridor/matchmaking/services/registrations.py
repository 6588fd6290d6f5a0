"""Services: registrations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid, invalid
from corridor.orgs.access import can_act_for
from corridor.orgs.models import Organisation

from .. import access, calendar
from ..enums import Attendance, EventFormat, EventStatus, MeetingStatus
from ..models import (
    Event,
    MeetingSeat,
    Registration,
    Slot,
)
from ._common import _valid_time_zone

# ---- registrations ----


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
        raise invalid("availability", _("Unknown slot."), code="unknown_slot") from exc
    slots = list(Slot.objects.filter(event=event, pk__in=ids))
    if len(slots) != len(set(ids)):
        missing = sorted(set(ids) - {s.pk for s in slots})
        raise invalid(
            "availability",
            _("Unknown slot for this event: %(s)s.") % {"s": ", ".join(map(str, missing))},
            code="unknown_slot_event",
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
    """``by`` registers for ``event`` on behalf of ``organisation`` (of which they are a member).

    ``availability`` (slots or slot ids) defaults to ``default_availability``; a registration
    with no available slot is refused, as is one outside the registration window.
    """
    access.require_authenticated(by)
    if not access.can_view_event(by, event):
        raise access.NotFound
    errors: dict[str, list[str]] = {}
    closed = access.registration_problem(event)
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
        raise fields_invalid(errors)
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
        raise invalid(
            "availability",
            _("Choose at least one slot you are available for: without one no meeting can be placed."),
            code="choose_least_slot_available",
        )
    try:
        with transaction.atomic(), acting_as(by):
            registration.save()
            registration.availability.set(slots)
    except IntegrityError as exc:
        raise invalid(None, _("You are already registered."), code="registered") from exc
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
        raise invalid(
            None,
            _("Registration is closed; ask the organiser to change your availability."),
            code="registration_closed_ask_organiser",
        )
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
        raise fields_invalid(errors)
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
