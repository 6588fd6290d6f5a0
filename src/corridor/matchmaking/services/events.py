"""Services: events."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid, invalid
from corridor.core.text import check_name
from corridor.orgs.enums import OrgKind
from corridor.orgs.models import Organisation

from .. import access
from ..enums import EventFormat, EventStatus, MeetingStatus
from ..models import (
    Break,
    Event,
    Meeting,
    Session,
    Slot,
    Table,
)
from ._common import EVENT_FIELDS, _fmt, _valid_time_zone

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
        raise fields_invalid(
            {f: invalid(None, _("Unknown field."), code="unknown_field") for f in sorted(unknown)}
        )
    if "title" in data:
        data = {**data, "title": check_name(data["title"], field="title")}
    organiser = data.get("organiser", event.organiser if event.pk else None)
    if isinstance(organiser, (int, str)) and organiser != "":
        key = str(organiser)
        organiser = Organisation.objects.filter(
            Q(slug=key) | Q(pk=int(key) if key.isdigit() else None)
        ).first()
        if organiser is None:
            raise invalid("organiser", _("Unknown organisation."), code="unknown_organisation")
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
    if not access.is_secretariat(by):
        if organiser is None or organiser.kind != OrgKind.AGENCY or not access.can_act_for(by, organiser):
            errors.setdefault("organiser", []).append(
                _(
                    "Choose the agency you organise for: only the secretariat or an agency's admins run events."
                )
            )
        elif not access.can_act_with_rights(by, organiser, OrgKind.AGENCY):
            errors.setdefault("organiser", []).append(
                _("%(o)s is not verified by the secretariat yet, so it cannot run events.")
                % {"o": organiser.name}
            )
    if errors:
        raise fields_invalid(errors)


def create_event(*, by, **data) -> Event:
    """The secretariat or an agency admin creates an event (a draft unless ``status`` says)."""
    access.require_authenticated(by)
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
    access.require_organiser(by, event)
    _clean_event(event, data, by=by)
    with transaction.atomic(), acting_as(by):
        event.save()
    return event


def add_session(*, event: Event, by, name: str, starts_at: dt.datetime, ends_at: dt.datetime) -> Session:
    """Add a session; sessions of one event never overlap. Regenerates the event's slots."""
    access.require_organiser(by, event)
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
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        session = Session.objects.create(event=event, name=name, starts_at=starts_at, ends_at=ends_at)
        _generate_slots(event)
    return session


def add_break(*, session: Session, by, starts_at: dt.datetime, ends_at: dt.datetime) -> Break:
    event = session.event
    access.require_organiser(by, event)
    if not starts_at or not ends_at or ends_at <= starts_at:
        raise invalid("ends_at", _("The break must end after it starts."), code="break_must_end_after")
    if starts_at < session.starts_at or ends_at > session.ends_at:
        raise invalid(
            "starts_at",
            _("The break must lie within the session “%(s)s”.") % {"s": session.name},
            code="break_must_lie_within",
        )
    if session.breaks.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise invalid(
            "starts_at",
            _("This break overlaps another break of the session."),
            code="break_overlaps_another_break",
        )
    with transaction.atomic(), acting_as(by):
        brk = Break.objects.create(session=session, starts_at=starts_at, ends_at=ends_at)
        _generate_slots(event)
    return brk


def delete_session(*, session: Session, by) -> None:
    event = session.event
    access.require_organiser(by, event)
    if Meeting.objects.filter(slot__session=session, status=MeetingStatus.SCHEDULED).exists():
        raise invalid(
            None,
            _("Meetings are scheduled in this session; cancel them first."),
            code="meetings_scheduled_session_cancel",
        )
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
        raise invalid(
            None,
            _("Meetings are scheduled in slots this change would remove; cancel them first."),
            code="meetings_scheduled_slots_change",
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
    access.require_organiser(by, event)
    with transaction.atomic(), acting_as(by):
        return _generate_slots(event)


def add_table(*, event: Event, by, name: str, is_virtual: bool | None = None, room_url: str = "") -> Table:
    access.require_organiser(by, event)
    name = (name or "").strip()
    if not name:
        raise invalid("name", _("This field is required."), code="field_required")
    if event.tables.filter(name__iexact=name).exists():
        raise invalid(
            "name",
            _("The event already has a table called “%(n)s”.") % {"n": name},
            code="event_table_called",
        )
    table = Table(
        event=event,
        name=name,
        is_virtual=event.format == EventFormat.VIRTUAL if is_virtual is None else is_virtual,
        room_url=room_url or "",
    )
    try:
        table.full_clean(exclude=["event"])
    except ValidationError as exc:
        raise fields_invalid(exc.message_dict) from exc
    with transaction.atomic(), acting_as(by):
        table.save()
    return table


def add_tables(*, event: Event, by, count: int, prefix: str = "") -> list[Table]:
    access.require_organiser(by, event)
    if not 1 <= int(count) <= 500:
        raise invalid("count", _("Add between 1 and 500 tables at once."), code="add_between_tables_once")
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
