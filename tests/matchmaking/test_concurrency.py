"""Two people accepting or cancelling at once never produce a double booking (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from corridor.matchmaking import services
from corridor.matchmaking.models import Event, Meeting, MeetingSeat, Slot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _in_threads(*calls):
    errors, barrier = [], threading.Barrier(len(calls))

    def wrap(fn):
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrap, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_accepts_never_double_book(regs, personas, people, event):
    # Bob has one free slot; two requests to him are accepted at the same moment.
    one = Slot.objects.get(event=event, index=0)
    for reg in (regs.alice, regs.bob, regs.eve):
        reg.availability.set([one])
    Event.objects.filter(pk=event.pk).update(last_scheduled_at=event.created_at)
    r1 = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    r2 = services.send_request(event=event, by=people.eve, receiver=regs.bob)
    errors = _in_threads(
        lambda: services.accept_request(request=r1, by=personas.bob),
        lambda: services.accept_request(request=r2, by=personas.bob),
    )
    assert errors == []
    statuses = sorted(Meeting.objects.values_list("status", flat=True))
    assert statuses == ["scheduled", "unplaced"]
    assert MeetingSeat.objects.filter(registration=regs.bob).count() == 1
    assert Meeting.objects.get(status="unplaced").unplaced_reason == "participant_full"


def test_concurrent_cancels_raise_sequence_once(regs, personas, event):
    Event.objects.filter(pk=event.pk).update(last_scheduled_at=event.created_at)
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    meeting = services.accept_request(request=req, by=personas.bob)
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    errors = _in_threads(
        lambda: services.cancel_meeting(meeting=Meeting.objects.get(pk=meeting.pk), by=personas.alice),
        lambda: services.cancel_meeting(meeting=Meeting.objects.get(pk=meeting.pk), by=personas.bob),
    )
    assert len(errors) == 1 and "already cancelled" in str(errors[0])
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.sequence == 1
    assert not MeetingSeat.objects.exists()
