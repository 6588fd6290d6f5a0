"""Organiser API and hybrid rooms: the organiser's API, the catalogue API, hybrid attendance and rooms, freed seats
offered at once after a cancellation, the beat schedule, decline e-mails, follow-up months."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from corridor.core.runs import RunStatus
from corridor.engines import schedule as engine
from corridor.matchmaking import queries, scheduling, services
from corridor.matchmaking.enums import MeetingStatus
from corridor.matchmaking.forms import EventForm
from corridor.matchmaking.models import Meeting, Table
from tests.api_errors import errors_of

pytestmark = pytest.mark.django_db


def api(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def accepted(event, by, to, receiver_user):
    req = services.send_request(event=event, by=by, receiver=to)
    return services.accept_request(request=req, by=receiver_user)


def run(event, by, capture, mode="incremental"):
    with capture(execute=True):
        r = scheduling.run_schedule(event=event, by=by, mode=mode)
    r.refresh_from_db()
    return r


# ---- 1. the organiser's API ----

ORGANISER_LISTS = ["registrations", "requests", "meetings", "schedule", "stats"]


@pytest.mark.parametrize("name", ORGANISER_LISTS)
def test_organiser_endpoints_are_404_for_everyone_else(regs, personas, people, event, name):
    path = f"/api/matchmaking/events/{event.slug}/{name}/"
    assert api(personas.secretariat).get(path).status_code == 200
    for who in (None, personas.alice, people.dan):
        assert api(who).get(path).status_code == 404, who
    assert api(personas.secretariat).get(f"/api/matchmaking/events/no-such-event/{name}/").status_code == 404


def test_organiser_api_lists_registrations_requests_master_and_stats(
    regs, personas, people, event, django_capture_on_commit_callbacks
):
    c = api(personas.secretariat)
    r = c.get(f"/api/matchmaking/events/{event.slug}/registrations/").json()
    assert r["count"] == 4 and {x["attendance"] for x in r["results"]} == {"in_person"}
    assert (
        c.get(f"/api/matchmaking/events/{event.slug}/registrations/", {"country": "ke"}).json()["count"] == 2
    )
    accepted(event, personas.alice, regs.bob, personas.bob)
    services.send_request(event=event, by=people.eve, receiver=regs.dan)
    reqs = c.get(f"/api/matchmaking/events/{event.slug}/requests/").json()
    assert reqs["count"] == 2
    assert (
        c.get(f"/api/matchmaking/events/{event.slug}/requests/", {"status": "pending"}).json()["count"] == 1
    )
    assert c.get(f"/api/matchmaking/events/{event.slug}/requests/", {"status": "bogus"}).status_code == 400

    status = c.get(f"/api/matchmaking/events/{event.slug}/schedule/").json()
    assert status["run"] is None and [u["reason"] for u in status["unplaced"]] == ["not_selected"]
    with django_capture_on_commit_callbacks(execute=True):
        started = c.post(f"/api/matchmaking/events/{event.slug}/schedule/", {"mode": "full"}, format="json")
    assert started.status_code == 202 and started.json()["mode"] == "full"
    assert (
        c.post(f"/api/matchmaking/events/{event.slug}/schedule/", {"mode": "nope"}, format="json").status_code
        == 400
    )
    status = c.get(f"/api/matchmaking/events/{event.slug}/schedule/").json()
    assert status["run"]["status"] == "done" and status["run"]["progress"] == 100
    assert status["scheduled"] == 1 and status["unplaced"] == [] and status["precheck"] == []
    # A participant cannot start a run either.
    assert api(personas.alice).post(f"/api/matchmaking/events/{event.slug}/schedule/", {}).status_code == 404

    master = c.get(f"/api/matchmaking/events/{event.slug}/meetings/").json()
    (row,) = master["results"]
    # One meeting: any slot both sides are free in is optimal; the engine need not pick the first.
    assert isinstance(row["slot"], int) and row["slot"] >= 0
    assert row["table"] == "Table 1" and row["status"] == "scheduled"
    assert {row["requester"]["organisation"], row["receiver"]["organisation"]} == {
        "alpha-logistics",
        "beta-pay",
    }
    stats = c.get(f"/api/matchmaking/events/{event.slug}/stats/").json()
    assert (stats["registrations"], stats["requests"], stats["accepted"], stats["scheduled"]) == (4, 2, 1, 1)


def test_schedule_api_reports_unplaced_reasons(regs, personas, people, make_event):
    event = regs.alice.event
    services.update_registration(
        registration=regs.dan, by=people.dan, availability=[event.slots.order_by("index").last()]
    )
    services.update_registration(
        registration=regs.eve, by=people.eve, availability=[event.slots.order_by("index").first()]
    )
    accepted(event, people.eve, regs.dan, people.dan)
    status = api(personas.secretariat).get(f"/api/matchmaking/events/{event.slug}/schedule/").json()
    assert [(u["reason"], u["requester"]["organisation"]) for u in status["precheck"]] == [
        ("no_common_slot", "echo-data")
    ]


def test_organiser_registrations_query_count_is_the_same_at_1_and_3(personas, people, event):
    who = [(personas.alice, personas.org_a), (personas.bob, personas.org_b), (people.dan, people.org_d)]
    c = api(personas.secretariat)
    path = f"/api/matchmaking/events/{event.slug}/registrations/"
    counts = {}
    for n, more in ((1, who[:1]), (3, who[1:])):
        for user, org in more:
            services.register(event=event, by=user, organisation=org)
        c.get(path)  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(path)
        assert r.json()["count"] == n
        counts[n] = len(ctx.captured_queries)
    assert counts[1] == counts[3] <= 6, counts


# ---- 2. the catalogue API ----


def test_participants_api_is_for_registered_participants(regs, personas, people, event, monkeypatch):
    path = f"/api/matchmaking/events/{event.slug}/participants/"
    assert api().get(path).status_code in (401, 403)
    assert api(personas.carol).get(path).status_code == 404  # not registered
    assert api(personas.alice).get("/api/matchmaking/events/no-such/participants/").status_code == 404
    r = api(personas.alice).get(path).json()
    assert [x["organisation"] for x in r["results"]] == ["beta-pay", "delta-agri", "echo-data"]
    assert api(personas.alice).get(path, {"country": "ke"}).json()["count"] == 2
    assert api(personas.alice).get(path, {"q": "Payments"}).json()["results"][0]["organisation"] == "beta-pay"
    assert api(personas.alice).get(path, {"kind": "nonsense"}).status_code == 400
    # Recommended partners come first and say so.
    monkeypatch.setattr(queries, "recommended_ids", lambda org: [people.org_e.pk])
    r = api(personas.alice).get(path).json()["results"]
    assert r[0]["organisation"] == "echo-data" and r[0]["recommended"] is True
    assert r[1]["recommended"] is False


# ---- 3. hybrid events ----


def test_attendance_defaults_from_the_format_and_is_checked(personas, people, make_event):
    virtual = make_event(fmt="virtual", title="Online only", start=(14, 0), end=(17, 0), brk=False)
    reg = services.register(event=virtual, by=personas.bob, organisation=personas.org_b)
    assert reg.attendance == "online"
    in_person = make_event(title="In person only")
    with pytest.raises(ValidationError) as exc:
        services.register(event=in_person, by=personas.bob, organisation=personas.org_b, attendance="online")
    assert "in person only" in exc.value.message_dict["attendance"][0]
    hybrid = make_event(fmt="hybrid", title="Hybrid", start=(14, 0), end=(17, 0), brk=False)
    assert services.register(event=hybrid, by=personas.bob, organisation=personas.org_b).attendance == (
        "in_person"
    )
    mine = services.register(event=hybrid, by=people.dan, organisation=people.org_d, attendance="online")
    assert mine.attendance == "online"


@pytest.fixture
def hybrid(personas, people, make_event):
    """A hybrid event with one table and one video room: alice, bob and eve in person, dan online."""
    event = make_event(
        fmt="hybrid", title="Hybrid Brokerage", start=(14, 0), end=(17, 0), brk=False, tables=1
    )
    services.add_table(event=event, by=personas.secretariat, name="Room A", is_virtual=True)
    p = personas
    regs = {
        "alice": services.register(event=event, by=p.alice, organisation=p.org_a),
        "bob": services.register(event=event, by=p.bob, organisation=p.org_b),
        "dan": services.register(event=event, by=people.dan, organisation=people.org_d, attendance="online"),
        "eve": services.register(event=event, by=people.eve, organisation=people.org_e),
    }
    return event, regs


def test_hybrid_schedule_uses_rooms_that_suit_both(
    hybrid, personas, people, django_capture_on_commit_callbacks
):
    event, regs = hybrid
    accepted(event, personas.alice, regs["bob"], personas.bob)  # both in person: a table
    accepted(event, personas.alice, regs["dan"], people.dan)  # dan online: a video room
    accepted(event, people.eve, regs["dan"], people.dan)  # video room
    accepted(event, people.eve, regs["bob"], personas.bob)  # table
    ctx = scheduling.build_instance(event)
    assert [p.kind for p in ctx.parts] == ["physical", "virtual"]
    r = run(event, personas.secretariat, django_capture_on_commit_callbacks)
    assert r.status == RunStatus.DONE and (r.placed, r.unplaced) == (4, 0)
    for m in Meeting.objects.select_related("table", "request__requester", "request__receiver"):
        online = m.request.requester.is_online or m.request.receiver.is_online
        assert m.table.is_virtual == online, m
    # Nobody is double-booked across tables and rooms.
    seats = list(Meeting.objects.values_list("seats__registration_id", "seats__slot_id"))
    assert len(seats) == len(set(seats)) == 8
    assert r.bound >= r.placed


def test_no_suitable_room_is_a_reason_before_and_after(
    hybrid, personas, people, django_capture_on_commit_callbacks
):
    event, regs = hybrid
    Table.objects.filter(event=event, is_virtual=True).delete()
    m = accepted(event, personas.alice, regs["dan"], people.dan)
    assert [code for _m, code, _t in scheduling.unplaceable(event)] == ["no_suitable_room"]
    r = run(event, personas.secretariat, django_capture_on_commit_callbacks)
    m.refresh_from_db()
    assert r.status == RunStatus.DONE and m.status == MeetingStatus.UNPLACED
    assert m.unplaced_reason == "no_suitable_room"
    # A late accept is placed only at a place that suits it.
    late = accepted(event, personas.bob, regs["dan"], people.dan)
    late.refresh_from_db()
    assert late.status == MeetingStatus.UNPLACED and late.unplaced_reason == "no_suitable_room"
    inperson = accepted(event, personas.alice, regs["bob"], personas.bob)
    inperson.refresh_from_db()
    assert inperson.status == MeetingStatus.SCHEDULED and not inperson.table.is_virtual


def test_solve_joint_hybrid_passes_the_checker_on_the_joint_instance(hybrid, personas, people):
    event, regs = hybrid
    for a, ua, b, ub in [
        ("alice", personas.alice, "bob", personas.bob),
        ("alice", personas.alice, "dan", people.dan),
        ("eve", people.eve, "dan", people.dan),
    ]:
        accepted(event, ua, regs[b], ub)
    ctx = scheduling.build_instance(event)
    sol = scheduling.solve(ctx, time_limit_s=5)
    slot_idx = {s.pk: i for i, s in enumerate(ctx.slots)}
    place_idx = {t.pk: i for kind in ctx.tables.values() for i, t in enumerate(kind)}
    joint = ctx.instance  # tables and rooms are places of two kinds in one engine instance
    placements = [engine.Placement(mid, slot_idx[s], place_idx[t]) for mid, s, t in sol.placements]
    assert engine.check(joint, placements) == [] and len(placements) == 3


# ---- 4. freed seats offered at once ----


def test_cancellation_places_waiting_meetings_and_notifies(
    regs, personas, people, make_event, django_capture_on_commit_callbacks, mailoutbox
):
    event = regs.alice.event
    Table.objects.filter(event=event).exclude(name="Table 1").delete()
    first = event.slots.order_by("index").first()
    for reg, user in [
        (regs.alice, personas.alice),
        (regs.bob, personas.bob),
        (regs.dan, people.dan),
        (regs.eve, people.eve),
    ]:
        services.update_registration(registration=reg, by=user, availability=[first])
    held = accepted(event, personas.alice, regs.bob, personas.bob)
    run(event, personas.secretariat, django_capture_on_commit_callbacks)
    held.refresh_from_db()
    assert held.status == MeetingStatus.SCHEDULED
    waiting = accepted(event, people.eve, regs.dan, people.dan)
    waiting.refresh_from_db()
    assert waiting.status == MeetingStatus.UNPLACED and waiting.unplaced_reason == "tables_full"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=held, by=personas.alice)
    waiting.refresh_from_db()
    assert waiting.status == MeetingStatus.SCHEDULED and waiting.slot_id == first.pk
    for user in (people.eve, people.dan):
        assert user.notifications.filter(text__contains="A slot opened up").exists()
    assert {m.to[0] for m in mailoutbox if "A slot opened up" in m.subject} == {
        people.eve.email,
        people.dan.email,
    }


def test_cancellation_before_any_run_places_nothing(regs, personas, people, event):
    m = accepted(event, personas.alice, regs.bob, personas.bob)
    accepted(event, people.eve, regs.dan, people.dan)
    services.cancel_meeting(meeting=m, by=personas.alice)
    assert not Meeting.objects.filter(status=MeetingStatus.SCHEDULED).exists()


# ---- 5. beat schedule ----


def test_beat_schedule_names_registered_tasks():
    from corridor.celery import app

    names = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert names == {
        "corridor.matchmaking.tasks.send_follow_ups_task",
        "corridor.council.tasks.remind_overdue_commitments_task",
    }
    app.loader.import_default_modules()
    assert names <= set(app.tasks)


# ---- 6. small ones ----


def test_decline_is_emailed(regs, personas, event, django_capture_on_commit_callbacks, mailoutbox):
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(request=req, by=personas.bob)
    assert [m.to for m in mailoutbox] == [[personas.alice.email]]
    assert "declined" in mailoutbox[0].subject


def test_follow_up_months_is_at_least_one(event, personas, login):
    with pytest.raises(ValidationError) as exc:
        services.update_event(event=event, by=personas.secretariat, follow_up_months=0)
    assert "follow_up_months" in exc.value.message_dict
    assert "follow_up_months" in EventForm({"follow_up_months": 0}).errors
    r = api(personas.secretariat).patch(
        f"/api/matchmaking/events/{event.slug}/", {"follow_up_months": 0}, format="json"
    )
    assert r.status_code == 400 and "follow_up_months" in errors_of(r)
    page = login(personas.secretariat).post(
        reverse("matchmaking:edit", args=[event.slug]), {"title": "X", "follow_up_months": 0}
    )
    assert page.status_code == 200 and "greater than or equal to 1" in page.content.decode()
