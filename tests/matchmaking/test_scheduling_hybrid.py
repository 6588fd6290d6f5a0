"""Issue 11 (d): a hybrid event is scheduled jointly (tables and video rooms in one model)."""

from __future__ import annotations

import pytest

from corridor.core.runs import RunStatus
from corridor.matchmaking import scheduling, services
from corridor.matchmaking.enums import MeetingStatus
from corridor.matchmaking.models import Meeting

pytestmark = pytest.mark.django_db


def accepted(event, by, to, receiver_user):
    req = services.send_request(event=event, by=by, receiver=to)
    return services.accept_request(request=req, by=receiver_user)


def test_xyz_case_places_both_meetings(personas, people, make_event, django_capture_on_commit_callbacks):
    """X and Y in person, Z online and free only in the second slot; one table and one room
    per slot; meetings X–Y and X–Z: the two-pass schedule lost X–Z, the joint one keeps both."""
    p = personas
    event = make_event(fmt="hybrid", title="Hybrid XYZ", start=(14, 0), end=(14, 40), brk=False, tables=1)
    services.add_table(event=event, by=p.secretariat, name="Room A", is_virtual=True)
    slots = list(event.slots.order_by("index"))
    assert len(slots) == 2
    x = services.register(event=event, by=p.alice, organisation=p.org_a)
    y = services.register(event=event, by=p.bob, organisation=p.org_b)
    z = services.register(
        event=event, by=people.dan, organisation=people.org_d, attendance="online", availability=[slots[1].pk]
    )
    accepted(event, p.bob, x, p.alice)  # X–Y at a table (requested first)
    accepted(event, people.dan, x, p.alice)  # X–Z in the video room
    with django_capture_on_commit_callbacks(execute=True):
        run = scheduling.run_schedule(event=event, by=p.secretariat)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and (run.placed, run.unplaced) == (2, 0)
    assert run.bound == 2
    placed = {
        (m.request.requester_id, m.slot.index, m.table.is_virtual)
        for m in Meeting.objects.select_related("slot", "table", "request").filter(event=event)
    }
    assert placed == {(y.pk, 0, False), (z.pk, 1, True)}
    assert not Meeting.objects.filter(event=event, status=MeetingStatus.UNPLACED).exists()
