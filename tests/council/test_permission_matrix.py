"""Permission matrix for the council: every persona × every action, by page, API and service.

Data: the reported indicator SX-01; Kenya's focal point has a DRAFT value (note "SECRET draft
note of KE") and a SUBMITTED one (note "SECRET submitted note of KE"); an open review "SECRET
open review"; a commitment C-1 owned by Kenya. Expected:

* council pages and unpublished material are for council staff (the secretariat and the focal
  points); to organisation people (alice, carol, bob), the reviewer and anonymous they are
  missing;
* a draft value stays with its own country (focal_ke) and the secretariat; a submitted value is
  also seen by the other country's focal point, who (or the secretariat) validates it: four
  eyes, never one's own country;
* opening, writing and publishing reviews and creating commitments are the secretariat's;
  focal points comment; a commitment's status is updated by its owner country and the secretariat.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from corridor.council import services
from corridor.council.enums import ValueStatus
from corridor.council.models import Commitment, IndicatorValue, Review, ReviewComment, ReviewNarrative
from tests.matrix import (
    PERSONAS,
    api_client,
    assert_api_refused,
    assert_hidden,
    assert_login_redirect,
    listed,
    page_client,
    user_of,
)

DRAFT_NOTE = "SECRET draft note of KE"
SUBMITTED_NOTE = "SECRET submitted note of KE"
REVIEW = "SECRET open review"
STAFF = {"secretariat", "focal_my", "focal_ke"}
#: see the draft KE value
DRAFT_VIEWERS = {"secretariat", "focal_ke"}
#: validate the submitted KE value
VALIDATORS = {"secretariat", "focal_my"}
#: update commitment C-1 (owned by Kenya)
COMMITMENT_OWNERS = {"secretariat", "focal_ke"}
MISSING = 987654

pytestmark = pytest.mark.django_db


@pytest.fixture
def cx(personas, reported):
    p = personas
    draft = services.submit_value(
        by=p.focal_ke, indicator=reported, period="2026-H1", value=3, unit="startups", country="KE",
        note=DRAFT_NOTE, draft=True,
    )  # fmt: skip
    submitted = services.submit_value(
        by=p.focal_ke, indicator=reported, period="2025-H2", value=4, unit="startups", country="KE",
        note=SUBMITTED_NOTE,
    )  # fmt: skip
    review = services.open_review(by=p.secretariat, period="2025-H2", title=REVIEW)
    commitment = services.create_commitment(
        by=p.secretariat, code="C-1", title="Digital trade desk", pillar="trade", owner_country="KE",
        due_date=dt.date(2027, 1, 1),
    )  # fmt: skip
    p.__dict__.update(
        indicator=reported, draft=draft, submitted=submitted, review=review, commitment=commitment
    )
    return p


def status_of(value):
    return IndicatorValue.objects.get(pk=value.pk).status


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("name", ["overview", "commitments", "queue"])
def test_page_council_staff_only(cx, login, who, name):
    r = page_client(cx, login, who).get(reverse(f"council:{name}"))
    if who in STAFF:
        assert r.status_code == 200
    elif who == "anonymous":
        assert_login_redirect(r)
    else:
        assert r.status_code == 404
        for secret in (DRAFT_NOTE, SUBMITTED_NOTE, REVIEW, "Digital trade desk"):
            assert secret not in r.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_page_commitment(cx, login, who):
    c = page_client(cx, login, who)
    r = c.get(reverse("council:commitment", args=["C-1"]))
    if who in STAFF:
        assert r.status_code == 200 and "Digital trade desk" in r.content.decode()
    else:
        assert_hidden(r, c.get(reverse("council:commitment", args=["C-404"])), "Digital trade desk")


@pytest.mark.parametrize("who", PERSONAS)
def test_page_indicator_shows_values_by_role(cx, login, who):
    r = page_client(cx, login, who).get(reverse("council:indicator", args=["SX-01"]))
    assert r.status_code == 200 and "Startups exchanged" in r.content.decode()
    content = r.content.decode()
    if who not in DRAFT_VIEWERS:
        assert DRAFT_NOTE not in content
    if who not in STAFF:
        assert SUBMITTED_NOTE not in content


@pytest.mark.parametrize("who", PERSONAS)
def test_page_validate(cx, login, who):
    c = page_client(cx, login, who)
    r = c.post(reverse("council:validate", args=[cx.submitted.pk]), {"decision": "approve", "note": ""})
    if who in VALIDATORS:
        assert r.status_code == 302 and status_of(cx.submitted) == ValueStatus.VALIDATED
    else:
        assert status_of(cx.submitted) == ValueStatus.SUBMITTED
        if who == "focal_ke":  # sees it (own country) but may not validate it: an error, not "missing"
            assert r.status_code == 302
        else:
            missing = c.post(reverse("council:validate", args=[MISSING]), {"decision": "approve"})
            assert_hidden(r, missing, SUBMITTED_NOTE)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_open_review(cx, login, who):
    c = page_client(cx, login, who)
    r = c.get(reverse("council:review", args=[cx.review.pk]))
    if who in STAFF:
        assert r.status_code == 200 and REVIEW in r.content.decode()
    else:
        assert_hidden(r, c.get(reverse("council:review", args=[MISSING])), REVIEW)
    listing = c.get(reverse("council:reviews"))
    assert listing.status_code == 200
    assert (REVIEW in listing.content.decode()) is (who in STAFF)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_new_review(cx, login, who):
    r = page_client(cx, login, who).get(reverse("council:review_create"))
    if who == "secretariat":
        assert r.status_code == 200
    elif who == "anonymous":
        assert_login_redirect(r)
    else:
        assert r.status_code == 404


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("who", PERSONAS)
def test_api_values(cx, who):
    c = api_client(cx, who)
    r = c.get(reverse("indicator-value-list"))
    if who == "anonymous":
        assert_api_refused(r, DRAFT_NOTE, SUBMITTED_NOTE, anonymous=True)
    else:
        assert listed(r, DRAFT_NOTE) is (who in DRAFT_VIEWERS)
        assert listed(r, SUBMITTED_NOTE) is (who in STAFF)
    r = c.get(reverse("indicator-value-detail", args=[cx.draft.pk]))
    if who in DRAFT_VIEWERS:
        assert r.status_code == 200 and DRAFT_NOTE in r.content.decode()
    else:
        assert_api_refused(r, DRAFT_NOTE, anonymous=who == "anonymous")
        assert r.status_code == c.get(reverse("indicator-value-detail", args=[MISSING])).status_code


@pytest.mark.parametrize("who", PERSONAS)
def test_api_validate(cx, who):
    r = api_client(cx, who).post(
        reverse("indicator-value-validate", args=[cx.submitted.pk]),
        {"approve": True},
        content_type="application/json",
    )
    if who in VALIDATORS:
        assert r.status_code == 200 and status_of(cx.submitted) == ValueStatus.VALIDATED
    else:
        assert status_of(cx.submitted) == ValueStatus.SUBMITTED
        if who == "focal_ke":
            assert r.status_code == 400 and "validated_by" in r.content.decode()
        else:
            assert_api_refused(r, SUBMITTED_NOTE, anonymous=who == "anonymous")


@pytest.mark.parametrize("who", PERSONAS)
def test_api_submit_value(cx, who):
    body = {"indicator": "SX-01", "period": "2026-H2", "value": "9", "unit": "startups", "country": "MY"}
    r = api_client(cx, who).post(reverse("indicator-value-list"), body, content_type="application/json")
    created = IndicatorValue.objects.filter(period="2026-H2").exists()
    if who in {"secretariat", "focal_my"}:
        assert r.status_code == 201, r.content
        assert created
    else:
        assert not created
        if who == "focal_ke":  # staff, but not Malaysia's focal point: a named error
            assert r.status_code in (400, 403, 404)
        else:
            assert_api_refused(r, anonymous=who == "anonymous")


@pytest.mark.parametrize("who", PERSONAS)
def test_api_reviews(cx, who):
    c = api_client(cx, who)
    assert listed(c.get(reverse("review-list")), REVIEW) is (who in STAFF)
    r = c.get(reverse("review-detail", args=[cx.review.pk]))
    if who in STAFF:
        assert r.status_code == 200
    else:
        assert r.status_code == c.get(reverse("review-detail", args=[MISSING])).status_code == 404
        assert REVIEW not in r.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_comment_and_publish(cx, who):
    c = api_client(cx, who)
    r = c.post(
        reverse("review-comment", args=[cx.review.pk]),
        {"text": f"From {who}"},
        content_type="application/json",
    )
    commented = ReviewComment.objects.filter(text=f"From {who}").exists()
    if who in STAFF:
        assert r.status_code == 201 and commented
    else:
        assert_api_refused(r, REVIEW, anonymous=who == "anonymous")
        assert not commented
    r = c.post(reverse("review-publish", args=[cx.review.pk]), {}, content_type="application/json")
    published = Review.objects.get(pk=cx.review.pk).is_published
    if who == "secretariat":
        assert r.status_code == 200 and published
    else:
        assert r.status_code in (401, 403, 404) and not published
        if who not in STAFF:
            assert REVIEW not in r.content.decode()


# ---------------------------------------------------------------- services


@pytest.mark.parametrize("who", PERSONAS)
def test_service_validate(cx, who):
    by = user_of(cx, who)
    if who in VALIDATORS:
        services.validate_value(by=by, value=cx.submitted)
        assert status_of(cx.submitted) == ValueStatus.VALIDATED
    else:
        with pytest.raises((Http404, ValidationError)):
            services.validate_value(by=by, value=cx.submitted)
        assert status_of(cx.submitted) == ValueStatus.SUBMITTED


@pytest.mark.parametrize("who", PERSONAS)
def test_service_update_commitment(cx, who):
    by = user_of(cx, who)
    if who in COMMITMENT_OWNERS:
        services.update_commitment_status(commitment=cx.commitment, by=by, status="on_track")
        assert Commitment.objects.get(pk=cx.commitment.pk).status == "on_track"
    else:
        with pytest.raises(Http404):
            services.update_commitment_status(commitment=cx.commitment, by=by, status="on_track")
        assert Commitment.objects.get(pk=cx.commitment.pk).status == "not_started"


@pytest.mark.parametrize("who", PERSONAS)
def test_service_open_review_and_commitment(cx, who):
    by = user_of(cx, who)
    if who == "secretariat":
        services.open_review(by=by, period="2026-H1")
        services.create_commitment(by=by, code="C-2", title="Second", pillar="trade")
    else:
        with pytest.raises(Http404):
            services.open_review(by=by, period="2026-H1")
        with pytest.raises(Http404):
            services.create_commitment(by=by, code="C-2", title="Second", pillar="trade")
    assert Review.objects.filter(period="2026-H1").exists() is (who == "secretariat")
    assert Commitment.objects.filter(code="C-2").exists() is (who == "secretariat")


@pytest.mark.parametrize("who", PERSONAS)
def test_service_write_narrative(cx, who):
    by = user_of(cx, who)
    if who == "secretariat":
        services.write_narrative(by=by, review=cx.review, pillar="trade", text="Trade grew.")
    else:
        with pytest.raises(Http404):
            services.write_narrative(by=by, review=cx.review, pillar="trade", text="Trade grew.")
    assert ReviewNarrative.objects.filter(review=cx.review).exists() is (who == "secretariat")
