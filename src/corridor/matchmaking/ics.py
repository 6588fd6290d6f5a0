"""iCalendar agendas. Each meeting has one stable UID and a SEQUENCE that rises whenever it
moves or is cancelled, so calendar programs update the entry instead of adding a second one."""

from __future__ import annotations

from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from .enums import MeetingStatus

LIVE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)


def other_side(meeting, registration):
    req = meeting.request
    return req.receiver if req.requester_id == registration.pk else req.requester


def meeting_location(meeting) -> str:
    parts = []
    if meeting.room_link:
        parts.append(meeting.room_link)
    if meeting.table_id:
        parts.append(meeting.table.name)
    if meeting.event.location and not meeting.event.format == "virtual":
        parts.append(meeting.event.location)
    return " · ".join(parts)


def agenda_calendar(registration, meetings) -> bytes:
    """The person's meetings of one event as an iCalendar file (times in UTC)."""
    event = registration.event
    cal = Calendar()
    cal.add("prodid", "-//Corridor//Matchmaking//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{event.title} — {registration.user}")
    for m in meetings:
        if m.slot_id is None:
            continue
        other = other_side(m, registration)
        ve = VEvent()
        ve.add("uid", m.uid)
        ve.add("sequence", m.sequence)
        ve.add("dtstamp", m.updated_at)
        ve.add("last-modified", m.updated_at)
        ve.add("dtstart", m.slot.starts_at)
        ve.add("dtend", m.slot.ends_at)
        ve.add("summary", _("Meeting: %(who)s (%(org)s)") % {"who": other.user, "org": other.organisation})
        location = meeting_location(m)
        if location:
            ve.add("location", location)
        if m.room_link:
            ve.add("url", m.room_link)
        lines = [event.title, f"{other.user} — {other.organisation} ({other.organisation.country_id})"]
        if m.request.message:
            lines.append(m.request.message)
        if m.room_link:
            lines.append(_("Video room: %(url)s") % {"url": m.room_link})
        ve.add("description", "\n".join(lines))
        ve.add("status", "CONFIRMED" if m.status in LIVE else "CANCELLED")
        cal.add_component(ve)
    return cal.to_ical()
