"""Issue 10 item 9: exchange list endpoints filter with the shared style (q, country, sector,
status, ordering) and page with the shared pagination."""

import pytest

from corridor.exchange import services
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db


def test_cohort_and_programme_lists_filter(client, market):
    other = services.create_programme(by=market.secretariat, title="Nairobi Bridge", direction="my_ke")
    body = client.get("/api/exchange/programmes/?q=launchpad").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [p["title"] for p in body["results"]] == ["Launchpad ASEAN"]
    assert [p["id"] for p in client.get("/api/exchange/programmes/?direction=my_ke").json()["results"]] == [
        other.pk
    ]
    assert client.get("/api/exchange/cohorts/?country=ke").json()["count"] == 1  # Nairobi Labs hosts
    assert client.get("/api/exchange/cohorts/?q=nothing-like-this").json()["count"] == 0
    r = client.get("/api/exchange/programmes/?direction=sideways")
    assert r.status_code == 400 and error_codes(r) == {"direction": ["invalid_choice"]}


def test_application_list_filters_by_status_country_and_q(login, market):
    s0, u0 = market.startups[0]
    a = services.submit_application(
        by=market.bob, cohort=market.cohort, organisation=market.org_b, hosts=[market.h1], stage="seed"
    )
    services.submit_application(by=u0, cohort=market.cohort, organisation=s0, hosts=[market.h1], stage="seed")
    sec = login(market.secretariat)
    assert sec.get("/api/exchange/applications/").json()["count"] == 2
    assert [x["id"] for x in sec.get("/api/exchange/applications/?q=beta").json()["results"]] == [a.pk]
    assert sec.get("/api/exchange/applications/?status=withdrawn").json()["count"] == 0
    assert sec.get(f"/api/exchange/applications/?country={market.org_b.country_id}").json()["count"] >= 1
    names = [
        x["organisation"]
        for x in sec.get("/api/exchange/applications/?ordering=-organisation").json()["results"]
    ]
    assert names == sorted(names, reverse=True)


def test_rankings_filter_by_host_and_cohort(login, market):
    a = services.submit_application(
        by=market.bob,
        cohort=market.cohort,
        organisation=market.org_b,
        hosts=[market.h1, market.h2],
        stage="seed",
    )
    services.set_hub_ranking(by=market.hana, host=market.h1, applications=[a.pk])
    hana = login(market.hana)
    body = hana.get("/api/exchange/rankings/").json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 1
    assert hana.get(f"/api/exchange/rankings/?host={market.h1.pk}").json()["count"] == 1
    assert hana.get(f"/api/exchange/rankings/?host={market.h2.pk}").json()["count"] == 0  # not her hub
    assert hana.get(f"/api/exchange/rankings/?cohort={market.cohort.pk}&q=beta").json()["count"] == 1
    assert hana.get("/api/exchange/rankings/?q=nobody").json()["count"] == 0
    r = hana.get("/api/exchange/rankings/?host=first")
    assert r.status_code == 400 and "host" in error_codes(r)
