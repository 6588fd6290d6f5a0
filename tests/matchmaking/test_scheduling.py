"""Scheduling through the engine: runs, incremental placement, reasons, SEQUENCE, late accepts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from corridor.core.runs import RunStatus
from corridor.engines import schedule as engine
from corridor.matchmaking import ics, queries, scheduling, services
from corridor.matchmaking.enums import MeetingStatus
from corridor.matchmaking.models import Meeting, MeetingSeat, Slot
from tests.matchmaking.conftest import register_colleague

pytestmark = pytest.mark.django_db


def accepted(event, by, to, receiver_user):
    req = services.send_request(event=event, by=by, receiver=to)
    return services.accept_request(request=req, by=receiver_user)


def run(event, by, mode="incremental", capture=None):
    with capture(execute=True):
        r = scheduling.run_schedule(event=event, by=by, mode=mode)
    r.refresh_from_db()
    return r


def test_run_places_every_meeting_without_double_booking(
    regs, personas, people, event, django_capture_on_commit_callbacks
):
    p = personas
    accepted(event, p.alice, regs.bob, p.bob)
    accepted(event, p.alice, regs.dan, people.dan)
    accepted(event, people.eve, regs.bob, p.bob)
    accepted(event, people.eve, regs.dan, people.dan)
    r = run(event, p.secretariat, capture=django_capture_on_commit_callbacks)
    assert r.status == RunStatus.DONE and r.progress == 100
    assert (r.placed, r.unplaced, r.bound) == (4, 0, 4)
    ctx = scheduling.build_instance(event)
    (part,) = ctx.parts
    assert engine.check(part.instance, scheduling._current_placements(part)) == []
    assert MeetingSeat.objects.count() == 8
    assert p.bob.notifications.filter(text__contains="agenda").exists()
    event.refresh_from_db()
    assert event.last_scheduled_at is not None


def test_unplaceable_requests_are_listed_with_their_reason_before_the_run(
    regs, personas, people, event, django_capture_on_commit_callbacks
):
    p = personas
    first = Slot.objects.get(event=event, index=0)
    last = Slot.objects.get(event=event, index=7)
    services.update_registration(registration=regs.alice, by=p.alice, availability=[first])
    services.update_registration(registration=regs.bob, by=p.bob, availability=[last])
    accepted(event, p.alice, regs.bob, p.bob)
    rows = scheduling.unplaceable(event)
    assert [code for _m, code, _t in rows] == ["no_common_slot"]
    assert "share no available slot" in rows[0][2]
    r = run(event, p.secretariat, capture=django_capture_on_commit_callbacks)
    assert (r.placed, r.unplaced) == (0, 1)
    assert Meeting.objects.get().unplaced_reason == "no_common_slot"


def test_org_pair_duplicates_are_explained(regs, personas, people, event):
    p = personas
    carol = register_colleague(event, p)
    accepted(event, p.alice, regs.bob, p.bob)
    accepted(event, p.carol, regs.bob, p.bob)
    assert carol
    assert [code for _m, code, _t in scheduling.unplaceable(event)] == ["org_pair_duplicate"]


def test_incremental_keeps_confirmed_meetings_and_places_late_accepts_at_once(
    regs, personas, people, event, django_capture_on_commit_callbacks
):
    p = personas
    m1 = accepted(event, p.alice, regs.bob, p.bob)
    run(event, p.secretariat, capture=django_capture_on_commit_callbacks)
    m1.refresh_from_db()
    where = (m1.slot_id, m1.table_id)
    m2 = accepted(event, p.alice, regs.dan, people.dan)  # late accept: placed on the spot
    m2.refresh_from_db()
    assert m2.status == MeetingStatus.SCHEDULED and m2.slot_id != m1.slot_id
    r = run(event, p.secretariat, capture=django_capture_on_commit_callbacks)
    m1.refresh_from_db()
    assert (m1.slot_id, m1.table_id) == where and m1.sequence == 0
    assert r.moved == 0


def test_cancel_frees_seats_and_raises_sequence(regs, personas, event, django_capture_on_commit_callbacks):
    p = personas
    m = accepted(event, p.alice, regs.bob, p.bob)
    run(event, p.secretariat, capture=django_capture_on_commit_callbacks)
    m.refresh_from_db()
    services.cancel_meeting(meeting=m, by=p.bob)
    m.refresh_from_db()
    assert m.status == MeetingStatus.CANCELLED and m.sequence == 1
    assert not MeetingSeat.objects.exists()
    assert p.alice.notifications.filter(text__contains="cancelled").exists()
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting=m, by=p.alice)
    cal = Calendar.from_ical(ics.agenda_calendar(regs.alice, queries.calendar_meetings(regs.alice)))
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1


def test_ics_uid_is_stable_and_sequence_rises_after_a_reschedule(
    regs, personas, people, event, django_capture_on_commit_callbacks
):
    p = personas
    m = accepted(event, p.alice, regs.bob, p.bob)
    run(event, p.secretariat, capture=django_capture_on_commit_callbacks)

    def vevent():
        cal = Calendar.from_ical(ics.agenda_calendar(regs.bob, queries.calendar_meetings(regs.bob)))
        (ve,) = cal.walk("VEVENT")
        return ve

    before = vevent()
    assert str(before["UID"]) == m.uid and int(before["SEQUENCE"]) == 0
    assert "Alpha Logistics" in str(before["SUMMARY"])
    m.refresh_from_db()
    # Alice can no longer make that slot; the organiser allows a full re-run, which moves it.
    MeetingSeat.objects.filter(meeting=m).delete()
    regs.alice.availability.remove(m.slot)
    r = run(event, p.secretariat, mode="full", capture=django_capture_on_commit_callbacks)
    assert r.status == RunStatus.DONE, r.message
    after = vevent()
    m2 = Meeting.objects.get(pk=m.pk)
    assert str(after["UID"]) == m.uid
    assert int(after["SEQUENCE"]) == 1 and m2.slot_id != m.slot_id
    assert after.decoded("DTSTART") != before.decoded("DTSTART")


def test_only_organisers_run_the_scheduler_and_one_run_at_a_time(regs, personas, event):
    from corridor.matchmaking.access import NotFound

    with pytest.raises(NotFound):
        scheduling.run_schedule(event=event, by=personas.alice)
    scheduling.run_schedule(event=event, by=personas.secretariat)  # queued; task waits for commit
    with pytest.raises(ValidationError) as exc:
        scheduling.run_schedule(event=event, by=personas.secretariat)
    assert "already in progress" in exc.value.messages[0]


def test_virtual_meetings_carry_the_room_link(make_event, personas, django_capture_on_commit_callbacks):
    event = make_event(
        fmt="virtual",
        start=(14, 0),
        end=(17, 0),
        brk=False,
        title="Virtual",
        room_link_base="https://meet.example/r",
    )
    alice = services.register(
        event=event, by=personas.alice, organisation=personas.org_a, time_zone="Asia/Kuala_Lumpur"
    )
    bob = services.register(
        event=event, by=personas.bob, organisation=personas.org_b, time_zone="Africa/Nairobi"
    )
    accepted(event, personas.alice, bob, personas.bob)
    run(event, personas.secretariat, capture=django_capture_on_commit_callbacks)
    cal = Calendar.from_ical(ics.agenda_calendar(alice, queries.calendar_meetings(alice)))
    (ve,) = cal.walk("VEVENT")
    assert str(ve["URL"]).startswith("https://meet.example/r/")
