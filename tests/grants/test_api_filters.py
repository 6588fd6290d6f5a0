"""Issue 10 item 9: grants list endpoints filter with the shared style (q, country, sector,
status, ordering) and page with the shared pagination."""

import pytest

from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db


def test_call_list_filters(login, personas, call):
    c = login(personas.secretariat)
    body = c.get("/api/grants/calls/?q=logistics").json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 1
    assert c.get("/api/grants/calls/?q=volcanoes").json()["count"] == 0
    assert c.get(f"/api/grants/calls/?status={call.status}").json()["count"] == 1
    r = c.get("/api/grants/calls/?status=maybe")
    assert r.status_code == 400 and error_codes(r) == {"status": ["invalid_choice"]}


def test_proposal_list_filters(login, personas, call, submitted):
    c = login(personas.secretariat)
    assert c.get("/api/grants/proposals/?status=submitted").json()["count"] == 1
    assert c.get("/api/grants/proposals/?status=awarded").json()["count"] == 0
    country = submitted.lead.country_id
    other = "KE" if country == "MY" else "MY"
    assert c.get(f"/api/grants/proposals/?country={country}").json()["count"] == 1
    assert c.get(f"/api/grants/proposals/?country={other}").json()["count"] == 0
    assert c.get("/api/grants/proposals/?q=cold-chain").json()["count"] == 1
    assert c.get(f"/api/grants/proposals/?call={call.slug}&ordering=-title").json()["count"] == 1
