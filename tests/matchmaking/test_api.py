"""API: same rules and permissions as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from corridor.matchmaking import scheduling, services
from corridor.matchmaking.models import MeetingRequest
from tests.api_errors import errors_of

pytestmark = pytest.mark.django_db


def api(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def test_events_are_public_and_drafts_hidden(make_event):
    make_event(title="Open Event")
    make_event(title="Draft Event", status="draft")
    titles = [e["title"] for e in api().get("/api/matchmaking/events/").json()["results"]]
    assert titles == ["Open Event"]


def test_event_create_is_for_organisers(personas):
    payload = {
        "title": "API event",
        "format": "virtual",
        "time_zone": "Africa/Nairobi",
        "registration_opens_at": "2030-01-01T00:00:00Z",
        "registration_closes_at": "2030-02-01T00:00:00Z",
    }
    assert api(personas.alice).post("/api/matchmaking/events/", payload, format="json").status_code == 403
    r = api(personas.secretariat).post("/api/matchmaking/events/", payload, format="json")
    assert r.status_code == 201 and r.json()["status"] == "draft"
    bad = api(personas.secretariat).post(
        "/api/matchmaking/events/", {**payload, "time_zone": "Nowhere"}, format="json"
    )
    assert bad.status_code == 400 and "time_zone" in errors_of(bad)


def test_register_request_accept_agenda_outcome(event, personas, django_capture_on_commit_callbacks):
    a, b = api(personas.alice), api(personas.bob)
    r = a.post(
        "/api/matchmaking/registrations/",
        {"event": event.slug, "organisation": "alpha-logistics"},
        format="json",
    )
    assert r.status_code == 201 and len(r.json()["availability"]) == 8
    r = b.post(
        "/api/matchmaking/registrations/", {"event": event.slug, "organisation": "beta-pay"}, format="json"
    )
    bob_reg = r.json()["id"]
    r = a.post(
        "/api/matchmaking/meeting-requests/",
        {"event": event.slug, "receiver": bob_reg, "priority": 3},
        format="json",
    )
    assert r.status_code == 201
    req_id = r.json()["id"]
    again = a.post(
        "/api/matchmaking/meeting-requests/", {"event": event.slug, "receiver": bob_reg}, format="json"
    )
    assert again.status_code == 400 and "already have a meeting request" in errors_of(again)["receiver"][0]
    assert a.post(f"/api/matchmaking/meeting-requests/{req_id}/accept/", {}, format="json").status_code == 404
    r = b.post(f"/api/matchmaking/meeting-requests/{req_id}/accept/", {"priority": 1}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "unplaced"
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_schedule(event=event, by=personas.secretariat)
    agenda = a.get("/api/matchmaking/agenda/", {"event": event.slug}).json()["results"]
    assert len(agenda) == 1 and agenda[0]["status"] == "scheduled" and agenda[0]["table"] == "Table 1"
    assert [
        x["id"] for x in b.get("/api/matchmaking/meeting-requests/", {"box": "received"}).json()["results"]
    ] == [req_id]
    # The meeting has not started: no outcome yet.
    r = a.post("/api/matchmaking/outcomes/", {"meeting": agenda[0]["id"], "kind": "mou"}, format="json")
    assert r.status_code == 400 and "not started" in str(r.json())


def test_participants_see_only_their_own(regs, personas, people, event):
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob, message="SECRET")
    services.accept_request(request=req, by=personas.bob)
    outsider = api(people.dan)
    assert outsider.get("/api/matchmaking/meeting-requests/").json()["results"] == []
    assert outsider.get(f"/api/matchmaking/meeting-requests/{req.pk}/").status_code == 404
    assert outsider.post(f"/api/matchmaking/meeting-requests/{req.pk}/cancel/").status_code == 404
    assert outsider.get("/api/matchmaking/agenda/").json()["results"] == []
    assert outsider.get(f"/api/matchmaking/agenda/{req.meeting.pk}/").status_code == 404
    assert api().get("/api/matchmaking/meeting-requests/").status_code in (401, 403)
    assert MeetingRequest.objects.get().status == "accepted"


@pytest.mark.parametrize("n", [1, 3])
def test_agenda_endpoint_query_count(regs, personas, people, event, n, django_assert_num_queries):
    for reg, user in [(regs.bob, personas.bob), (regs.dan, people.dan), (regs.eve, people.eve)][:n]:
        services.accept_request(
            request=services.send_request(event=event, by=personas.alice, receiver=reg), by=user
        )
    c = api(personas.alice)
    with django_assert_num_queries(2):
        r = c.get("/api/matchmaking/agenda/")
    assert r.json()["count"] == n
