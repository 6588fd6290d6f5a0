"""Permit eligibility at the band edges (one below, at, one above), dated rules, and a past
check that stays explainable after the rules change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from corridor.core.models import Currency
from corridor.talent import services
from corridor.talent.eligibility import check_eligibility
from corridor.talent.enums import Mobility, WorkMode
from corridor.talent.models import PermitRule

AFTER = dt.date(2026, 7, 1)  # the 2026 Employment Pass bands are in force
BEFORE = dt.date(2026, 5, 1)


def eligible_labels(check, pathway="my-employment-pass"):
    return [r["label"] for r in check.results if r["eligible"] and r["pathway"] == pathway]


@pytest.mark.parametrize(
    ("income", "expected"),
    [
        ("4999.99", []),
        ("5000.00", ["Category III"]),
        ("5000.01", ["Category III"]),
        ("9999.99", ["Category III"]),
        ("10000.00", ["Category II"]),
        ("10000.01", ["Category II"]),
        ("19999.99", ["Category II"]),
        ("20000.00", ["Category I"]),
        ("20000.01", ["Category I"]),
    ],
)
def test_employment_pass_bands_2026(talent, income, expected):
    check = check_eligibility(
        by=talent.dan, profile=talent.dan_p, job=talent.job, income=income, currency="MYR", as_of=AFTER
    )
    assert eligible_labels(check) == expected
    for r in check.results:
        if r["eligible"]:
            assert r["documents"] and r["source_url"].startswith("https://")


@pytest.mark.parametrize(
    ("income", "expected"),
    [
        ("2999.99", []),
        ("3000.00", ["Category III"]),
        ("4999.99", ["Category III"]),
        ("5000.00", ["Category II"]),
        ("10000.00", ["Category I"]),
    ],
)
def test_employment_pass_bands_before_june_2026(talent, income, expected):
    check = check_eligibility(
        by=talent.dan, profile=talent.dan_p, job=talent.job, income=income, currency="MYR", as_of=BEFORE
    )
    assert eligible_labels(check) == expected


@pytest.fixture
def remote_job_from_kenya(personas, ref, ke):
    return services.save_job(
        by=personas.bob,
        organisation=personas.org_b,
        title="Remote payments developer",
        occupation=ref.dev,
        salary_min=Decimal("1000"),
        salary_max=Decimal("3000"),
        currency=Currency.objects.get(code="USD"),
        country=ke,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        skills=[(ref.python, 2)],
        work_mode=WorkMode.REMOTE,
    )


@pytest.mark.parametrize(("income", "ok"), [("1999.99", False), ("2000.00", True), ("2000.01", True)])
def test_de_rantau_usd_24000_a_year(talent, remote_job_from_kenya, income, ok):
    # Dan lives in Kenya, wants Malaysia, works remotely for a Kenyan employer: DE Rantau.
    check = check_eligibility(
        by=talent.dan,
        profile=talent.dan_p,
        job=remote_job_from_kenya,
        income=income,
        currency="USD",
        as_of=AFTER,
    )
    rantau = [r for r in check.results if r["pathway"] == "my-de-rantau"]
    assert len(rantau) == 1 and rantau[0]["eligible"] is ok
    assert rantau[0]["threshold"] == "24000.00" and rantau[0]["period"] == "year"
    assert not any(r["eligible"] for r in check.results if r["pathway"] == "my-employment-pass")


@pytest.mark.parametrize(("income", "ok"), [("1999.99", False), ("2000.00", True), ("2000.01", True)])
def test_kenya_class_n_usd_24000_a_year(personas, ref, my, ke, income, ok):
    malaysian = services.save_profile(
        by=personas.carol,
        headline="Remote UX designer",
        country=my,
        desired_country=ke,
        mobility=Mobility.REMOTE,
        occupation=ref.dev,
    )
    check = check_eligibility(
        by=personas.carol, profile=malaysian, income=income, currency="USD", as_of=AFTER
    )
    class_n = [r for r in check.results if r["pathway"] == "ke-class-n"]
    assert len(class_n) == 1 and class_n[0]["eligible"] is ok
    # Class D needs an on-site job with a Kenyan employer
    class_d = [r for r in check.results if r["pathway"] == "ke-class-d"]
    assert class_d and not class_d[0]["eligible"]


def test_class_n_threshold_was_55000_before_the_december_2024_amendment(personas, ref, my, ke):
    p = services.save_profile(
        by=personas.carol, headline="x", country=my, desired_country=ke, mobility=Mobility.REMOTE
    )
    check = check_eligibility(
        by=personas.carol, profile=p, income="3000", currency="USD", as_of=dt.date(2024, 11, 1)
    )
    (class_n,) = [r for r in check.results if r["pathway"] == "ke-class-n"]
    assert class_n["threshold"] == "55000.00" and not class_n["eligible"]


def test_converted_income_uses_dated_rates(talent):
    # 4,000 USD a month at 4.50 MYR/USD = 18,000 MYR: Category II.
    check = check_eligibility(
        by=talent.dan, profile=talent.dan_p, job=talent.job, income="4000", currency="USD", as_of=AFTER
    )
    assert eligible_labels(check) == ["Category II"]


def test_past_check_stays_explainable_after_the_rule_changes(talent):
    check = check_eligibility(
        by=talent.dan, profile=talent.dan_p, job=talent.job, income="12000", currency="MYR", as_of=AFTER
    )
    before = check.results
    rule = PermitRule.objects.get(pathway__code="my-employment-pass", label="Category II", version=2)
    rule.min_income = Decimal("15000")
    rule.save()
    check.refresh_from_db()
    assert check.results == before
    (cat2,) = [r for r in check.results if r["label"] == "Category II"]
    assert cat2["threshold"] == "10000.00" and cat2["version"] == 2 and cat2["eligible"]


def test_same_country_needs_no_permit(talent, personas, ref, my):
    p = services.save_profile(by=personas.carol, headline="x", country=my)
    check = check_eligibility(by=personas.carol, profile=p, job=talent.job, as_of=AFTER)
    assert check.results == []


def test_bad_income_names_the_field(talent):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        check_eligibility(by=talent.dan, profile=talent.dan_p, job=talent.job, income="12x", currency="MYR")
    assert "income" in exc.value.message_dict


def test_secretariat_publishes_a_new_rule_version_by_page(talent, login, personas):
    rule = PermitRule.objects.get(pathway__code="my-employment-pass", label="Category I", version=2)
    check = check_eligibility(
        by=talent.dan, profile=talent.dan_p, job=talent.job, income="21000", currency="MYR", as_of=AFTER
    )
    url = f"/talent/pathways/rules/{rule.pk}/new-version/"
    assert login(personas.alice).get(url).status_code == 404
    c = login(personas.secretariat)
    data = {
        "valid_from": "2027-01-01",
        "min_income": "25000",
        "source_url": "https://example.org/ep-2027",
        "read_on": "2026-12-04",
        "docs-TOTAL_FORMS": 1,
        "docs-INITIAL_FORMS": 0,
        "docs-0-document": "Passport",
    }
    r = c.post(url, {**data, "valid_from": "2020-01-01"})
    assert "The new version must start after the current one." in r.content.decode()
    assert c.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.valid_to == dt.date(2026, 12, 31)
    later = check_eligibility(
        by=talent.dan,
        profile=talent.dan_p,
        job=talent.job,
        income="21000",
        currency="MYR",
        as_of=dt.date(2027, 2, 1),
    )
    assert eligible_labels(later) == []  # 21,000 is below the new Category I floor and above Category II
    check.refresh_from_db()
    assert eligible_labels(check) == ["Category I"]  # the old check still reads as it did
