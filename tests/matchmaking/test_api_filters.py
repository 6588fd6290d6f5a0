"""Issue 10 item 9: matchmaking list endpoints filter with the shared style (q, country,
status, ordering) and page with the shared pagination."""

import pytest

from corridor.matchmaking import services
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db


def test_event_list_filters(client, make_event):
    kl = make_event(title="KL Fintech Brokerage")
    make_event(title="Nairobi Agritech Days", fmt="virtual")
    body = client.get("/api/matchmaking/events/?q=fintech").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [e["slug"] for e in body["results"]] == [kl.slug]
    assert client.get("/api/matchmaking/events/?event_format=virtual").json()["count"] == 1
    assert client.get("/api/matchmaking/events/?status=published&ordering=title").json()["count"] == 2
    r = client.get("/api/matchmaking/events/?status=someday")
    assert r.status_code == 400 and error_codes(r) == {"status": ["invalid_choice"]}


def test_meeting_request_list_filters(login, personas, regs, event):
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    services.send_request(event=event, by=personas.alice, receiver=regs.dan)
    services.accept_request(request=req, by=personas.bob)
    c = login(personas.alice)
    assert c.get("/api/matchmaking/meeting-requests/").json()["count"] == 2
    assert [
        r["id"] for r in c.get("/api/matchmaking/meeting-requests/?status=accepted").json()["results"]
    ] == [req.pk]
    assert c.get("/api/matchmaking/meeting-requests/?q=delta&box=sent").json()["count"] == 1


def test_box_and_event_are_filters_of_the_request_list(login, personas, people, regs, event):
    sent = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    received = services.send_request(event=event, by=people.dan, receiver=regs.alice)
    c = login(personas.alice)
    ids = lambda url: [r["id"] for r in c.get(url).json()["results"]]  # noqa: E731
    assert ids("/api/matchmaking/meeting-requests/?box=sent") == [sent.pk]
    assert ids("/api/matchmaking/meeting-requests/?box=received") == [received.pk]
    assert ids(f"/api/matchmaking/meeting-requests/?event={event.slug}&ordering=created_at") == [
        sent.pk,
        received.pk,
    ]
    assert ids("/api/matchmaking/meeting-requests/?event=no-such-event") == []
    r = c.get("/api/matchmaking/meeting-requests/?box=lost")
    assert r.status_code == 400 and error_codes(r) == {"box": ["invalid_choice"]}
    # a filter never widens: bob sees only his own, whatever the box
    assert [
        r["id"]
        for r in login(personas.bob).get("/api/matchmaking/meeting-requests/?box=sent").json()["results"]
    ] == []


def test_the_organisers_lists_filter_like_every_other_list(login, personas, people, regs, event):
    services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    services.send_request(event=event, by=people.dan, receiver=regs.eve)
    c = login(personas.secretariat)
    base = f"/api/matchmaking/events/{event.slug}"
    regs_ke = c.get(f"{base}/registrations/?country=ke").json()
    assert set(regs_ke) == {"count", "next", "previous", "results"}
    assert regs_ke["count"] == 2  # bob (Beta Pay) and dan (Delta Agri)
    assert c.get(f"{base}/registrations/?q=delta").json()["count"] == 1
    names = [
        r["organisation"] for r in c.get(f"{base}/registrations/?ordering=-organisation").json()["results"]
    ]
    assert names == sorted(names, reverse=True)
    assert c.get(f"{base}/requests/?status=pending").json()["count"] == 2
    assert c.get(f"{base}/requests/?q=echo").json()["count"] == 1
    r = c.get(f"{base}/requests/?status=someday")
    assert r.status_code == 400 and error_codes(r) == {"status": ["invalid_choice"]}
    assert c.get(f"{base}/meetings/?status=scheduled").json()["count"] == 0
    # still the organiser's: others get 404 whatever the filter
    assert login(personas.bob).get(f"{base}/registrations/?country=ke").status_code == 404


def test_own_registrations_agenda_and_outcomes_filter_by_event(login, personas, regs, event, make_event):
    other = make_event(title="Nairobi Agritech Days")
    services.register(event=other, by=personas.alice, organisation=personas.org_a)
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    services.accept_request(request=req, by=personas.bob)
    c = login(personas.alice)
    assert c.get("/api/matchmaking/registrations/").json()["count"] == 2
    assert c.get(f"/api/matchmaking/registrations/?event={other.slug}").json()["count"] == 1
    assert c.get(f"/api/matchmaking/agenda/?event={event.slug}").json()["count"] == 1
    assert c.get(f"/api/matchmaking/agenda/?event={other.slug}").json()["count"] == 0
    assert c.get("/api/matchmaking/agenda/?status=unplaced").json()["count"] == 1
    assert c.get("/api/matchmaking/outcomes/?kind=deal_signed").json()["count"] == 0
    r = c.get("/api/matchmaking/outcomes/?kind=everything")
    assert r.status_code == 400 and error_codes(r) == {"kind": ["invalid_choice"]}
