"""API: ventures, transitions, pledges, disbursements, pipeline statistics, context figures;
bad input names the field and changes nothing; list endpoints keep their query count."""

import datetime as dt

import pytest

from corridor.core.models import Country, Currency
from corridor.ventures import services
from corridor.ventures.models import Pledge, Venture
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _venture_body(personas, **extra):
    body = {
        "title": "Beta–Alpha logistics hub",
        "sector": "logistics",
        "parties": [
            {"organisation": personas.org_a.slug, "role": "lead"},
            {"organisation": personas.org_b.slug, "role": "partner"},
        ],
        "started_on": "2025-03-01",
        "stage": "mou",
        "expected_value": "1000000.00",
        "expected_currency": "MYR",
    }
    body.update(extra)
    return body


def test_create_a_venture_then_move_it(login, personas, rates):
    c = login(personas.bob)
    r = c.post("/api/ventures/ventures/", _venture_body(personas), content_type=JSON)
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["stage"] == "mou"
    assert {p["country"] for p in data["parties"]} == {"MY", "KE"}
    pk = data["id"]
    r = c.post(
        f"/api/ventures/ventures/{pk}/transitions/",
        {"to_stage": "signed", "on": "2025-06-01"},
        content_type=JSON,
    )
    assert r.status_code == 201
    r = c.get(f"/api/ventures/ventures/{pk}/transitions/")
    assert [(t["from_stage"], t["to_stage"], t["on"]) for t in r.json()] == [
        ("", "mou", "2025-03-01"),
        ("mou", "signed", "2025-06-01"),
    ]
    r = c.post(
        f"/api/ventures/ventures/{pk}/transitions/",
        {"to_stage": "idea", "on": "2025-06-02"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert error_codes(r) == {"to_stage": ["transition_not_allowed"]}
    r = c.put(
        f"/api/ventures/ventures/{pk}/",
        {"title": "Renamed", "sector": "fintech", "committed_value": "500000", "committed_currency": "KES"},
        content_type=JSON,
    )
    assert r.status_code == 200 and r.json()["title"] == "Renamed"
    stats = c.get("/api/ventures/pipeline/").json()
    assert stats["total"] == 1
    assert {s["stage"]: s["count"] for s in stats["by_stage"]}["signed"] == 1
    assert stats["conversion"][0] == {
        "from_stage": "idea",
        "to_stage": "mou",
        "from_label": "Idea",
        "to_label": "MoU",
        "reached": 1,
        "converted": 1,
        "rate": 100.0,
    }
    assert stats["committed_usd"] == "3846.15"  # 500,000 KES at 130 per USD, the rate on the signing date


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (
            {"parties": [{"organisation": "alpha-logistics", "role": "lead"}]},
            "parties",
            "needs_both_countries",
        ),
        ({"parties": [{"organisation": "nope", "role": "lead"}]}, "parties", "unknown_parties"),
        ({"sector": "no-such-sector"}, "sector", "unknown_sector"),
        ({"expected_value": "1e40"}, "expected_value", "out_of_range"),
        ({"expected_value": "NaN"}, "expected_value", "not_a_number"),
        ({"expected_currency": "ZZZ"}, "expected_currency", "unknown_expected_currency"),
        ({"stage": "dissolved"}, "stage", "bad_stage"),
        ({"origin_kind": "meeting", "origin_id": 999999}, "origin_id", "unknown_origin_id"),
        ({"started_on": "2999-01-01"}, "started_on", "date_in_future"),
    ],
)
def test_bad_venture_input_names_the_field_and_changes_nothing(login, personas, change, field, code):
    r = login(personas.alice).post(
        "/api/ventures/ventures/", _venture_body(personas, **change), content_type=JSON
    )
    assert r.status_code == 400, r.json()
    assert code in error_codes(r)[field]
    assert not Venture.objects.exists()


def test_pledges_and_disbursements(login, personas, rates):
    c = login(personas.alice)
    body = {
        "organisation": personas.org_a.slug,
        "title": "Alpha data-centre pledge",
        "target_country": "KE",
        "sector": "fintech",
        "amount": "450000",
        "currency": "MYR",
        "announced_on": "2025-02-01",
        "source_url": "https://example.org/pledge",
    }
    r = c.post("/api/ventures/pledges/", body, content_type=JSON)
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["pledged_usd"] == "100000.00"
    r = c.post(
        f"/api/ventures/pledges/{pk}/disbursements/",
        {"amount": "42500", "disbursed_on": "2025-07-01"},
        content_type=JSON,
    )
    assert r.status_code == 201
    r = c.post(
        f"/api/ventures/pledges/{pk}/disbursements/",
        {"amount": "999999", "disbursed_on": "2025-07-02"},
        content_type=JSON,
    )
    assert r.status_code == 400 and error_codes(r) == {"amount": ["exceeds_pledge"]}
    data = c.get(f"/api/ventures/pledges/{pk}/").json()
    assert (data["disbursed"], data["disbursed_usd"]) == ("42500.00", "10000.00")
    bad = c.post("/api/ventures/pledges/", {**body, "amount": "-5"}, content_type=JSON)
    assert bad.status_code == 400 and error_codes(bad) == {"amount": ["amount_not_positive"]}
    bad = c.post("/api/ventures/pledges/", {**body, "target_country": "FR"}, content_type=JSON)
    assert bad.status_code == 400 and error_codes(bad) == {"target_country": ["bad_country"]}
    assert Pledge.objects.count() == 1


def test_context_figures_are_read_only_and_carry_sources(client, personas):
    r = client.get("/api/ventures/context/?country=KE&kind=gii_rank")
    assert r.status_code == 200
    rows = r.json()["results"]
    assert {row["year"] for row in rows} >= {2023, 2024}
    assert all(row["source_url"].startswith("http") and row["published_on"] for row in rows)
    assert client.post("/api/ventures/context/", {}, content_type=JSON).status_code in (403, 405)


def _pledges(personas, fintech, n):
    for i in range(n):
        p = services.create_pledge(
            by=personas.alice,
            organisation=personas.org_a,
            title=f"Pledge {i}",
            target_country=Country.objects.get(code="KE"),
            sector=fintech,
            amount="1000",
            currency=Currency.objects.get(code="MYR"),
            announced_on=dt.date(2025, 1, 10),
        )
        services.add_disbursement(by=personas.alice, pledge=p, amount="10", disbursed_on=dt.date(2025, 2, 1))


def _count(django_assert_max_num_queries, c, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url", ["/api/ventures/ventures/", "/ventures/", "/api/ventures/pipeline/"])
def test_venture_lists_keep_their_query_count(
    login, personas, make_venture, url, django_assert_max_num_queries
):
    c = login(personas.bob)
    make_venture(stage="mou")
    one = _count(django_assert_max_num_queries, c, url)
    make_venture(stage="mou")
    make_venture(stage="signed")
    assert _count(django_assert_max_num_queries, c, url) == one


@pytest.mark.parametrize("url", ["/api/ventures/pledges/", "/ventures/pledges/"])
def test_pledge_lists_keep_their_query_count(
    login, personas, fintech, rates, url, django_assert_max_num_queries
):
    c = login(personas.bob)
    _pledges(personas, fintech, 1)
    one = _count(django_assert_max_num_queries, c, url)
    _pledges(personas, fintech, 2)
    assert _count(django_assert_max_num_queries, c, url) == one
