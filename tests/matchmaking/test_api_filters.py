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
