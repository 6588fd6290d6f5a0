"""Council pages and API: the public sees only what is published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.council import services
from corridor.council.models import Commitment
from tests.api_errors import errors_of


@pytest.fixture
def reviews(personas, reported):
    v = services.submit_value(
        by=personas.focal_ke, indicator=reported, period="2026-H1", value=5, unit="startups", country="KE"
    )
    services.validate_value(by=personas.focal_my, value=v)
    published = services.open_review(by=personas.secretariat, period="2026-H1")
    services.publish_review(by=personas.secretariat, review=published)
    open_review = services.open_review(by=personas.secretariat, period="2026-H2", title="SECRET open review")
    return published, open_review


def test_public_sees_published_review_pdf_and_dashboard_only(client, reviews):
    published, open_review = reviews
    assert client.get(published.get_absolute_url()).status_code == 200
    pdf = client.get(f"/council/reviews/{published.pk}/review.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(open_review.get_absolute_url()).status_code == 404
    assert client.get(f"/council/reviews/{open_review.pk}/review.pdf").status_code == 404
    listing = client.get("/council/reviews/").content.decode()
    assert "SECRET open review" not in listing
    dash = client.get("/council/dashboard/").content.decode()
    assert "Startups exchanged" in dash
    api = client.get("/api/council/reviews/").json()
    assert [r["period"] for r in api["results"]] == ["2026-H1"]
    assert client.get(f"/api/council/reviews/{open_review.pk}/").status_code == 404
    assert client.get("/api/council/values/").status_code in (401, 403)


def test_staff_pages_are_not_found_for_members(login, personas, reviews):
    c = login(personas.alice)
    for url in [
        "/council/",
        "/council/commitments/",
        "/council/validation/",
        f"/council/reviews/{reviews[1].pk}/",
    ]:
        assert c.get(url).status_code == 404, url


def test_focal_point_flow_through_pages(login, personas, reported):
    ke = login(personas.focal_ke)
    r = ke.post(
        "/council/indicators/SX-01/", {"period": "2026-H1", "country": "KE", "value": "4", "unit": "startups"}
    )
    assert r.status_code == 302
    bad = ke.post(
        "/council/indicators/SX-01/", {"period": "2026-Q3", "country": "KE", "value": "4", "unit": "startups"}
    )
    assert bad.status_code == 200 and "half-year period" in bad.content.decode()
    my = login(personas.focal_my)
    queue = my.get("/council/validation/").content.decode()
    assert "SX-01" in queue
    value = reported.values.get()
    assert my.post(f"/council/validation/{value.pk}/", {"decision": "approve"}).status_code == 302
    value.refresh_from_db()
    assert value.status == "validated"
    # The submitter's own queue never shows their own figure.
    assert "SX-01" not in ke.get("/council/validation/").content.decode()


def test_api_submit_and_validate(login, personas, reported):
    ke = login(personas.focal_ke)
    r = ke.post(
        "/api/council/values/",
        {"indicator": "SX-01", "period": "2026-H1", "country": "KE", "value": "3", "unit": "startups"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    vid = r.json()["id"]
    assert (
        ke.post(
            f"/api/council/values/{vid}/validate/", {"approve": True}, content_type="application/json"
        ).status_code
        == 400
    )
    my = login(personas.focal_my)
    r = my.post(f"/api/council/values/{vid}/validate/", {"approve": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "validated"
    bad = ke.post(
        "/api/council/values/",
        {"indicator": "SX-01", "period": "2026-H1", "country": "KE", "value": "3", "unit": "people"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "unit" in errors_of(bad)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_commitment_list_query_count_is_flat(login, personas):
    c = login(personas.secretariat)
    services.create_commitment(by=personas.secretariat, code="C-1", title="One", pillar="trade")
    one = _count(c, "/council/commitments/")
    for i in (2, 3):
        services.create_commitment(
            by=personas.secretariat, code=f"C-{i}", title=f"N{i}", pillar="talent", owner_country="KE"
        )
    assert Commitment.objects.count() == 3
    assert _count(c, "/council/commitments/") == one


def test_compare_two_published_reviews(login, personas, reported):
    for period, value in [("2025-H2", 2), ("2026-H1", 6)]:
        v = services.submit_value(
            by=personas.focal_ke,
            indicator=reported,
            period=period,
            value=value,
            unit="startups",
            country="KE",
        )
        services.validate_value(by=personas.focal_my, value=v)
        services.publish_review(
            by=personas.secretariat, review=services.open_review(by=personas.secretariat, period=period)
        )
    from corridor.council.models import Review

    a, b = Review.objects.order_by("period")
    page = login(personas.focal_my).get(f"/council/reviews/compare/?a={b.pk}&b={a.pk}").content.decode()
    assert "2025-H2" in page and "▲ 4" in page
