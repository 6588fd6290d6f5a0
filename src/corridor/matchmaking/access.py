"""Who may see or change an event, a registration, a request or a meeting.

As in ``orgs.access``, a record the user may not see raises the same ``NotFound`` as a record
that does not exist, so a guessed slug or id leaks nothing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from corridor.core.access import NotFound, is_authenticated, is_secretariat, require_authenticated
from corridor.orgs.access import can_act_for, can_act_with_rights, membership_of
from corridor.orgs.enums import OrgKind, VerificationStatus

from .enums import EventStatus
from .models import Event, Meeting, MeetingRequest, Registration

__all__ = [
    "NotFound",
    "can_act_for",
    "can_act_with_rights",
    "can_create_events",
    "can_organise",
    "can_view_event",
    "get_event",
    "get_meeting",
    "get_registration",
    "get_request",
    "is_secretariat",
    "membership_of",
    "require_authenticated",
    "registration_problem",
    "require_organiser",
    "requests_problem",
]


def can_create_events(user) -> bool:
    """The secretariat, or an admin of an agency the secretariat has verified."""
    if is_secretariat(user):
        return True
    if not is_authenticated(user):
        return False
    return user.memberships.filter(
        organisation__kind=OrgKind.AGENCY,
        organisation__verification_status=VerificationStatus.VERIFIED,
        role__in=["owner", "admin"],
    ).exists()


def can_organise(user, event: Event) -> bool:
    if is_secretariat(user):
        return True
    if event.organiser_id is None or not is_authenticated(user):
        return False
    # Organising (publishing, registrant names and e-mails) needs a verified agency.
    return can_act_with_rights(user, event.organiser, OrgKind.AGENCY)


def require_organiser(user, event: Event) -> None:
    """An organiser of ``event`` (or the secretariat), else "not found"."""
    if not can_organise(user, event):
        raise NotFound


def can_view_event(user, event: Event) -> bool:
    return event.status != EventStatus.DRAFT or can_organise(user, event)


def get_event(user, *, slug: str, for_organiser: bool = False) -> Event:
    try:
        event = Event.objects.select_related("organiser", "organiser__country").get(slug=slug)
    except (Event.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    allowed = can_organise(user, event) if for_organiser else can_view_event(user, event)
    if not allowed:
        raise NotFound
    return event


def registration_of(user, event: Event) -> Registration | None:
    if not is_authenticated(user):
        return None
    return (
        Registration.objects.select_related("organisation", "organisation__country", "user", "event")
        .filter(event=event, user=user)
        .first()
    )


def get_registration(user, *, event: Event) -> Registration:
    """The user's own registration for ``event``."""
    reg = registration_of(user, event)
    if reg is None:
        raise NotFound
    return reg


def get_request(user, *, pk, event: Event | None = None) -> MeetingRequest:
    """A request the user sent or received (any request of the event for its organisers)."""
    try:
        req = MeetingRequest.objects.select_related(
            "event",
            "requester__user",
            "requester__organisation__country",
            "receiver__user",
            "receiver__organisation__country",
        ).get(pk=pk, **({"event": event} if event is not None else {}))
    except (MeetingRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    uid = getattr(user, "pk", None)
    if uid is None or (
        req.requester.user_id != uid and req.receiver.user_id != uid and not can_organise(user, req.event)
    ):
        raise NotFound
    return req


def get_meeting(user, *, pk, event: Event | None = None, for_organiser: bool = False) -> Meeting:
    try:
        meeting = Meeting.objects.select_related(
            "event",
            "slot",
            "table",
            "request__requester__user",
            "request__requester__organisation__country",
            "request__receiver__user",
            "request__receiver__organisation__country",
        ).get(pk=pk, **({"event": event} if event is not None else {}))
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    uid = getattr(user, "pk", None)
    is_party = uid is not None and uid in (
        meeting.request.requester.user_id,
        meeting.request.receiver.user_id,
    )
    organiser = can_organise(user, meeting.event)
    if not (organiser if for_organiser else (is_party or organiser)):
        raise NotFound
    return meeting


# ---- what the event allows now (pages show the reason; services refuse with it)


def _when(when: dt.datetime, tz: str | None = None) -> str:
    local = timezone.localtime(when, ZoneInfo(tz)) if tz else timezone.localtime(when)
    return date_format(local, "j M Y H:i") + (f" ({tz})" if tz else "")


def registration_problem(event: Event, now=None) -> str | None:
    """Why registration is not possible now, or None."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return _("This event is not open for registration.")
    if now < event.registration_opens_at:
        return _("Registration opens on %(d)s.") % {"d": _when(event.registration_opens_at, event.time_zone)}
    if now > event.registration_closes_at:
        return _("Registration closed on %(d)s.") % {
            "d": _when(event.registration_closes_at, event.time_zone)
        }
    return None


def requests_problem(event: Event, now=None) -> str | None:
    """Why meeting requests are not possible now, or None."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return _("This event does not take meeting requests.")
    if now < event.registration_opens_at:
        return _("Meeting requests open with registration on %(d)s.") % {
            "d": _when(event.registration_opens_at, event.time_zone)
        }
    if event.requests_close_at and now > event.requests_close_at:
        return _("Meeting requests closed on %(d)s.") % {"d": _when(event.requests_close_at, event.time_zone)}
    return None
