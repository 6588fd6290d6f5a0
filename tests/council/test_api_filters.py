"""Issue 10 item 9: council list endpoints filter with the shared style (q, country, status,
ordering) and page with the shared pagination."""

import pytest

from corridor.council import services
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db


def test_indicator_list_filters(client, reported, automatic):
    body = client.get("/api/council/indicators/?q=startups").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [i["code"] for i in body["results"]] == ["SX-01"]
    assert [i["code"] for i in client.get("/api/council/indicators/?source=automatic").json()["results"]] == [
        "ORG-01"
    ]
    codes = [i["code"] for i in client.get("/api/council/indicators/?ordering=-code").json()["results"]]
    assert codes == ["SX-01", "ORG-01"]


def test_value_list_filters_by_country_status_and_q(login, personas, reported):
    for who, country in (("focal_ke", "KE"), ("focal_my", "MY")):
        services.submit_value(
            by=getattr(personas, who),
            indicator=reported,
            period="2026-H1",
            value=3,
            unit=reported.unit,
            country=country,
        )
    c = login(personas.secretariat)
    assert c.get("/api/council/values/").json()["count"] == 2
    assert [v["country"] for v in c.get("/api/council/values/?country=ke").json()["results"]] == ["KE"]
    assert c.get("/api/council/values/?status=validated").json()["count"] == 0
    assert c.get("/api/council/values/?q=SX-01&period=2026-H1").json()["count"] == 2
    r = c.get("/api/council/values/?status=final")
    assert r.status_code == 400 and error_codes(r) == {"status": ["invalid_choice"]}


def test_review_list_filters(client, personas, reported):
    review = services.open_review(by=personas.secretariat, period="2026-H1")
    services.publish_review(by=personas.secretariat, review=review)
    assert client.get("/api/council/reviews/?status=published&q=2026-H1").json()["count"] == 1
    assert client.get("/api/council/reviews/?period=2025-H2").json()["count"] == 0
