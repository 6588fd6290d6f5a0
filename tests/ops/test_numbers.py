"""Issue 17.3: every decimal is checked against its column in the service (400 naming the field,
nothing stored); periods outside 2000–2100 and negative counts are refused."""

from __future__ import annotations

import pytest

from corridor.council.models import IndicatorValue
from tests.api_errors import error_codes

BAD_NUMBERS = ["1e999999", "9" * 40, "NaN", "inf", "-Infinity", "sNaN"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_council_value_api_refuses_numbers_that_do_not_fit(login, personas, reported, value):
    ke = login(personas.focal_ke)
    r = ke.post(
        "/api/council/values/",
        {"indicator": "SX-01", "period": "2026-H1", "country": "KE", "value": value, "unit": "startups"},
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
    assert "value" in error_codes(r)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("period", ["0000-H1", "1999-H2", "2101-H1", "9999-H2"])
def test_council_value_refuses_years_outside_the_sane_range(login, personas, reported, period):
    ke = login(personas.focal_ke)
    r = ke.post(
        "/api/council/values/",
        {"indicator": "SX-01", "period": period, "country": "KE", "value": "3", "unit": "startups"},
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
    assert "period" in error_codes(r)
    assert not IndicatorValue.objects.exists()


def test_council_value_page_names_the_field(login, personas, reported):
    ke = login(personas.focal_ke)
    r = ke.post(
        "/council/indicators/SX-01/",
        {"period": "2026-H1", "country": "KE", "value": "1e999999", "unit": "startups"},
    )
    assert r.status_code == 200 and "The number is too large" in r.content.decode()
    assert not IndicatorValue.objects.exists()


def test_council_value_at_the_limit_is_accepted_and_one_more_digit_is_not(login, personas, reported):
    ke = login(personas.focal_ke)
    big = "999999999999999.9999"
    r = ke.post(
        "/api/council/values/",
        {"indicator": "SX-01", "period": "2026-H1", "country": "KE", "value": big, "unit": "startups"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert login(personas.secretariat).get("/council/indicators/SX-01/").status_code == 200
    too_big = "1" + "0" * 15
    r = ke.post(
        "/api/council/values/",
        {"indicator": "SX-01", "period": "2026-H1", "country": "KE", "value": too_big, "unit": "startups"},
        content_type="application/json",
    )
    assert r.status_code == 400 and error_codes(r)["value"] == ["out_of_range"]


# ---- matchmaking: deal values ----


@pytest.mark.parametrize("value", ["99999999999999.99", "1e999999", "NaN", "inf", "-5", "1.005"])
def test_deal_value_is_checked_in_the_service(held, event, login, personas, value):
    from corridor.matchmaking.models import Outcome

    c = login(personas.bob)
    r = c.post(
        "/api/matchmaking/outcomes/",
        {"meeting": held.pk, "kind": "deal_signed", "deal_value": value, "currency": "USD"},
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
    assert "deal_value" in error_codes(r)
    assert not Outcome.objects.exists()
    page = c.post(
        f"/events/{event.slug}/meetings/{held.pk}/outcome/",
        {"kind": "deal_signed", "deal_value": value, "currency": "USD"},
    )
    assert page.status_code == 200 and not Outcome.objects.exists()


# ---- grants: budgets ----


@pytest.mark.parametrize("value", ["1e999999", "9" * 40, "NaN", "inf", "1000000000000"])
def test_grant_call_budget_is_checked(personas, value):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from corridor.grants import services
    from corridor.grants.models import Call

    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.create_call(
            by=personas.secretariat,
            title="Budget check",
            currency="USD",
            total_budget=value,
            max_award=1000,
            opens_at=now,
            closes_at=now + dt.timedelta(days=5),
            criteria=[("Excellence", 1)],
        )
    assert "total_budget" in exc.value.message_dict
    assert not Call.objects.exists()


def test_grant_budget_line_and_milestone_amounts_are_checked(personas):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from corridor.grants import services
    from corridor.grants.models import Proposal

    now = timezone.now()
    call = services.create_call(
        by=personas.secretariat,
        title="Budget lines",
        currency="USD",
        total_budget=100_000,
        max_award=50_000,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=5),
        criteria=[("Excellence", 1)],
        challenges="Ports",
    )
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(
            by=personas.alice,
            call=call,
            title="T",
            lead=personas.org_a,
            partners=[],
            abstract="A",
            theme="Ports",
            budget=[(personas.org_a, "Staff", "1e999999")],
            milestones=[("Report", timezone.localdate() + dt.timedelta(days=9), "inf")],
        )
    assert {"budget_lines[0]", "milestones[0]"} <= set(exc.value.message_dict)
    assert not Proposal.objects.exists()


# ---- exchange: stipends, outcome amounts and counts ----


@pytest.mark.parametrize("value", ["1e999999", "NaN", "10000000000.00"])
def test_exchange_stipend_is_checked(personas, value):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from corridor.exchange import services
    from corridor.exchange.models import Cohort

    programme = services.create_programme(by=personas.secretariat, title="Launchpad", direction="both")
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.create_cohort(
            by=personas.secretariat,
            programme=programme,
            name="Cohort 1",
            starts_on=dt.date.today() + dt.timedelta(days=60),
            ends_on=dt.date.today() + dt.timedelta(days=150),
            applications_open=now - dt.timedelta(days=1),
            applications_close=now + dt.timedelta(days=10),
            match_date=dt.date.today() + dt.timedelta(days=20),
            stipend_amount=value,
        )
    assert list(exc.value.message_dict) == ["stipend_amount"]
    assert not Cohort.objects.exists()


def test_exchange_outcome_amounts_and_counts_are_checked(personas):
    from types import SimpleNamespace

    from django.core.exceptions import ValidationError

    from corridor.exchange import services
    from corridor.exchange.enums import PlacementStatus
    from corridor.exchange.models import Outcome

    placement = SimpleNamespace(
        status=PlacementStatus.COMPLETED, application=SimpleNamespace(organisation=personas.org_b)
    )
    with pytest.raises(ValidationError) as exc:
        services.record_outcome(
            by=personas.bob,
            placement=placement,
            revenue="1e999999",
            funding_raised="NaN",
            customers_won=-1,
            jobs_created="x",
            partners_met=3,
        )
    errors = exc.value.error_dict
    assert set(errors) == {"revenue", "funding_raised", "customers_won", "jobs_created"}
    assert {e.code for e in errors["customers_won"]} == {"out_of_range"}
    assert not Outcome.objects.exists()


# ---- ventures: pledges ----


@pytest.mark.parametrize("value", ["99999999999999.99", "1e999999", "NaN"])
def test_pledge_amount_is_checked(personas, value):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from corridor.core.models import Country, Currency, Sector
    from corridor.ventures import services
    from corridor.ventures.models import Pledge

    with pytest.raises(ValidationError) as exc:
        services.create_pledge(
            by=personas.bob,
            organisation=personas.org_b,
            title="Expansion",
            target_country=Country.objects.get(code="MY"),
            sector=Sector.objects.get(slug="fintech"),
            amount=value,
            currency=Currency.objects.get(code="USD"),
            announced_on=dt.date(2026, 1, 5),
        )
    assert "amount" in exc.value.message_dict
    assert not Pledge.objects.exists()
