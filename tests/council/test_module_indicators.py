"""Automatic indicators equal the figures of the modules they come from (read through their services)."""

import random

import pytest

from corridor.council import services
from corridor.council.demo import seed_council
from corridor.council.models import Review
from corridor.council.report import gather
from corridor.engines.results import HalfYear
from tests.api_errors import errors_of


@pytest.fixture
def platform(db):
    from corridor.matchmaking.demo import seed_matchmaking
    from corridor.portal.demo.seed import SEED, seed_demo
    from corridor.trade.demo import load_trade_demo

    users = seed_demo(n_fictional=40)["users"]
    seed_matchmaking(users, random.Random(SEED))
    load_trade_demo()
    seed_council(
        secretariat=users["secretariat@corridor.demo"],
        focal_my=users["focal.my@corridor.demo"],
        focal_ke=users["focal.ke@corridor.demo"],
    )
    return users


def _meeting_period():
    from corridor.matchmaking.models import Meeting

    meeting = Meeting.objects.filter(status="held").select_related("slot").first()
    assert meeting is not None, "the demo holds a past event with meetings"
    return HalfYear.containing(meeting.slot.starts_at.date())


def test_matchmaking_indicators_equal_event_statistics(platform):
    from corridor.matchmaking.indicators import event_statistics

    half = _meeting_period()
    stats = event_statistics(period_start=half.start, period_end=half.end)
    assert stats["meetings_held"] > 0
    review = Review.objects.filter(period=str(half)).first() or services.open_review(
        by=platform["secretariat@corridor.demo"], period=str(half)
    )
    data = gather(review)
    by_code = {i["code"]: i for i in data["indicators"]}
    assert by_code["MM-01"]["value"] == stats["meetings_held"]
    assert by_code["MM-02"]["value"] == stats["deals_reported"]
    assert by_code["MM-03"]["value"] == pytest.approx(float(stats["deal_value_usd"]))


def test_trade_target_in_review_equals_trade_service(platform):
    from corridor.trade.indicators import target_status

    review = Review.objects.filter(status="published").get()
    half = HalfYear.parse(review.period)
    expected = target_status(as_of=half.end)
    frozen = review.snapshot["trade_target"]
    assert frozen["status"] == expected["status"]
    assert frozen["baseline_value"] == expected["baseline_value"]
    assert frozen["target_value"] == pytest.approx(expected["baseline_value"] * 1.3)
    text = _pdf_text(review)
    assert "Trade: the +30% target" in text
    # The status is said in words and the growth rate as a percentage, never "red" or "0.0914".
    words = {"green": "On track", "amber": "Slightly behind", "red": "Off track"}
    assert words.get(frozen["status"], "No figure after the baseline yet") in text
    assert f"{frozen['required_cagr'] * 100:.1f}%" in text


def _pdf_text(review):
    from io import BytesIO

    from pypdf import PdfReader

    with review.pdf.open("rb") as fh:
        return "\n".join(p.extract_text() for p in PdfReader(BytesIO(fh.read())).pages)


def test_country_less_figure_is_validated_by_the_other_country(personas):
    import datetime as dt
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from corridor.core.enums import Role
    from corridor.core.models import Country
    from corridor.core.services import grant_role
    from corridor.council.models import Indicator
    from tests.factories import UserFactory

    ind = Indicator.objects.create(
        code="DAT-01",
        name="Datasets shared",
        unit="datasets",
        pillar="data",
        source="reported",
        definition="d",
        baseline_value=Decimal(0),
        baseline_date=dt.date(2025, 5, 14),
        target_value=Decimal(25),
        target_date=dt.date(2028, 5, 14),
    )
    colleague = UserFactory(email="focal2.my@example.org")
    grant_role(user=colleague, role=Role.FOCAL_POINT, country=Country.objects.get(code="MY"), by=None)
    v = services.submit_value(by=personas.focal_my, indicator=ind, period="2026-H1", value=2, unit="datasets")
    assert v.submitter_country_id == "MY"
    with pytest.raises(ValidationError):
        services.validate_value(by=colleague, value=v)
    services.validate_value(by=personas.focal_ke, value=v)


def test_api_opens_comments_and_publishes(login, personas, reported):
    sec = login(personas.secretariat)
    r = sec.post("/api/council/reviews/", {"period": "2026-H1"}, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert (
        login(personas.alice)
        .post(f"/api/council/reviews/{pk}/comment/", {"text": "x"}, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        login(personas.focal_ke)
        .post(f"/api/council/reviews/{pk}/comment/", {"text": "KE agrees"}, content_type="application/json")
        .status_code
        == 201
    )
    assert (
        sec.post(
            f"/api/council/reviews/{pk}/narrative/",
            {"pillar": "talent", "text": "Rising."},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert (
        sec.post(f"/api/council/reviews/{pk}/publish/", content_type="application/json").json()["status"]
        == "published"
    )
    again = sec.post(
        f"/api/council/reviews/{pk}/narrative/",
        {"pillar": "talent", "text": "Edit"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "status" in errors_of(again)
    r = sec.post(
        "/api/council/indicators/",
        {"code": "X-1", "name": "X", "definition": "d", "unit": "u", "pillar": "data", "source": "reported"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert (
        login(personas.focal_my)
        .post("/api/council/indicators/", {"code": "X-2"}, content_type="application/json")
        .status_code
        == 404
    )
