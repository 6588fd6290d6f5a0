"""Issue 10 item 9: the list endpoints of matchmaking, exchange, grants and council share one
filter style, documented in the OpenAPI schema (q and ordering on every one, the same names)."""

import pytest
import yaml
from django.core.management import call_command

LISTS = [
    "/api/matchmaking/events/",
    "/api/matchmaking/meeting-requests/",
    "/api/matchmaking/registrations/",
    "/api/matchmaking/agenda/",
    "/api/matchmaking/outcomes/",
    "/api/matchmaking/events/{slug}/registrations/",
    "/api/matchmaking/events/{slug}/requests/",
    "/api/matchmaking/events/{slug}/meetings/",
    "/api/exchange/rankings/",
    "/api/exchange/programmes/",
    "/api/exchange/cohorts/",
    "/api/exchange/applications/",
    "/api/grants/calls/",
    "/api/grants/proposals/",
    "/api/grants/assignments/",
    "/api/council/indicators/",
    "/api/council/values/",
    "/api/council/reviews/",
]


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text())


@pytest.mark.parametrize("path", LISTS)
def test_list_endpoints_document_q_ordering_and_page(schema, path):
    params = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
    assert {"q", "ordering", "page"} <= params, params
    assert "search" not in params


COUNTRY = {
    "/api/matchmaking/events/",
    "/api/matchmaking/registrations/",
    "/api/matchmaking/events/{slug}/registrations/",
    "/api/exchange/cohorts/",
    "/api/exchange/applications/",
    "/api/grants/proposals/",
    "/api/council/values/",
}
STATUS = {
    "/api/matchmaking/events/",
    "/api/matchmaking/meeting-requests/",
    "/api/matchmaking/agenda/",
    "/api/matchmaking/events/{slug}/requests/",
    "/api/matchmaking/events/{slug}/meetings/",
    "/api/exchange/applications/",
    "/api/grants/calls/",
    "/api/grants/proposals/",
    "/api/council/values/",
    "/api/council/reviews/",
}


def test_shared_names_where_meaningful(schema):
    for path in LISTS:
        params = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
        assert ("country" in params) == (path in COUNTRY), path
        assert ("status" in params) == (path in STATUS), path
