"""Services: requests."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid, invalid
from corridor.core.notifications import notify
from corridor.orgs.access import can_act_for

from .. import access
from ..enums import MeetingStatus, RequestStatus
from ..models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Registration,
)
from ._common import MAX_MESSAGE

# ---- meeting requests ----


def _event_url(event: Event, name: str) -> str:
    return reverse(f"matchmaking:{name}", args=[event.slug])


def send_request(
    *, event: Event, by, receiver: Registration, message: str = "", priority: int = 2
) -> MeetingRequest:
    """``by`` (registered for ``event``) asks ``receiver`` for a meeting.

    Refused, with nothing saved: outside the window, to oneself, to one's own organisation,
    above the per-participant cap, or when a request between the two is already open.
    """
    access.require_authenticated(by)
    requester = access.registration_of(by, event)
    if requester is None:
        raise invalid(
            None,
            _("Register for this event before requesting meetings."),
            code="register_event_before_requesting",
        )
    if not can_act_for(by, requester.organisation):
        raise invalid(
            "receiver",
            _("Only an owner or admin of your organisation can request meetings in its name."),
            code="not_organisation_admin",
        )
    if receiver is None or receiver.event_id != event.pk:
        raise access.NotFound
    errors: dict[str, list[str]] = {}
    closed = access.requests_problem(event)
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
        raise fields_invalid(errors)
    try:
        with transaction.atomic(), acting_as(by):
            req = MeetingRequest.objects.create(
                event=event, requester=requester, receiver=receiver, message=message, priority=priority
            )
            notify(
                user=receiver.user,
                text=lambda: (
                    _("%(who)s (%(org)s) asks to meet you at %(event)s.")
                    % {"who": by, "org": requester.organisation, "event": event.title}
                ),
                url=_event_url(event, "requests"),
            )
    except IntegrityError as exc:
        raise invalid(
            "receiver",
            _("You already have a meeting request with %(name)s.") % {"name": receiver.user},
            code="meeting_request_name",
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
        raise invalid("priority", _("Priority is 1, 2 or 3."), code="priority")
    with transaction.atomic(), acting_as(by):
        fresh = _lock_request(request)
        if fresh.status != RequestStatus.PENDING:
            raise invalid(
                None,
                _("This request is already %(s)s.") % {"s": fresh.get_status_display().lower()},
                code="request_not_pending",
            )
        fresh.status = RequestStatus.ACCEPTED
        fresh.receiver_priority = priority
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "receiver_priority", "responded_at", "updated_at"])
        meeting = Meeting.objects.create(event_id=fresh.event_id, request=fresh)
        event = fresh.event
        if event.last_scheduled_at is not None:
            from ..scheduling import place_one

            place_one(meeting)
        notify(
            user=request.requester.user,
            text=lambda: (
                _("%(who)s accepted your meeting request at %(event)s.") % {"who": by, "event": event.title}
            ),
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
            raise invalid(
                None,
                _("This request is already %(s)s.") % {"s": fresh.get_status_display().lower()},
                code="request_not_pending",
            )
        fresh.status = RequestStatus.DECLINED
        fresh.responded_at = timezone.now()
        fresh.save(update_fields=["status", "responded_at", "updated_at"])
        notify(
            user=request.requester.user,
            text=lambda: (
                _("%(who)s declined your meeting request at %(event)s.")
                % {"who": by, "event": request.event.title}
            ),
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
        raise invalid(None, _("Decline the request instead."), code="decline_request_instead")
    with transaction.atomic(), acting_as(by):
        fresh = _lock_request(request)
        if fresh.status != RequestStatus.PENDING:
            raise invalid(
                None,
                _("This request is already %(s)s.") % {"s": fresh.get_status_display().lower()},
                code="request_not_pending",
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
            raise invalid(
                None,
                _("This meeting is already %(s)s.") % {"s": fresh.get_status_display().lower()},
                code="meeting",
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
                    text=lambda: (
                        _("%(who)s cancelled your meeting at %(event)s.")
                        % {"who": by, "event": meeting.event.title}
                    ),
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
    from ..scheduling import place_one

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
                    text=lambda other=other: (
                        _("A slot opened up: your meeting with %(who)s at %(event)s is now scheduled.")
                        % {"who": other.user, "event": event.title}
                    ),
                    url=_event_url(event, "agenda"),
                )
    return placed


def mark_attendance(*, meeting: Meeting, by, status: str) -> Meeting:
    """The organiser records whether a scheduled meeting was held or a no-show."""
    access.require_organiser(by, meeting.event)
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise invalid("status", _("Mark the meeting held or no-show."), code="mark_meeting_held_show")
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise invalid(None, _("Only a scheduled meeting can be marked."), code="scheduled_meeting_marked")
    if meeting.slot is None or meeting.slot.starts_at > timezone.now():
        raise invalid(None, _("The meeting has not started yet."), code="meeting_started_yet")
    with transaction.atomic(), acting_as(by):
        meeting.status = status
        meeting.save(update_fields=["status", "updated_at"])
    return meeting
