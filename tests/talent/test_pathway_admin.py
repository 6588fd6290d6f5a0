"""Permit pathways maintained by the secretariat (create, correct, add a band, new dated
version, retire) by page and API, and employers editing and closing their jobs: the
permission matrix, bad input naming the field and changing nothing, and past eligibility
checks staying explainable after the rules change."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from corridor.talent import eligibility, services
from corridor.talent.models import Job, PermitPathway, PermitRule

TODAY = timezone.localdate()
NEW = {
    "code": "my-test-pass",
    "name": "Test Pass",
    "country": "MY",
    "kind": "employment",
    "authority": "Immigration Department of Malaysia",
    "description": "A pathway for the test.",
    "source_url": "https://example.org/pass",
    "read_on": "2025-01-02",
}
BAND = {
    "label": "Band T",
    "valid_from": "2024-01-01",
    "min_income": "8000",
    "currency": "MYR",
    "period": "month",
    "documents": ["Passport", "Offer letter"],
    "source_url": "https://example.org/pass/bands",
    "read_on": "2025-01-02",
}


@pytest.fixture
def cs(personas, talent, login):
    return {
        "anonymous": Client(),
        "alice": login(personas.alice),
        "carol": login(personas.carol),
        "bob": login(personas.bob),
        "reviewer": login(personas.reviewer),
        "focal_my": login(personas.focal_my),
        "focal_ke": login(personas.focal_ke),
        "paul": login(talent.paul),
        "secretariat": login(personas.secretariat),
    }


def _state():
    return (
        list(PermitPathway.objects.order_by("pk").values_list("code", "name", "retired_on")),
        list(PermitRule.objects.order_by("pk").values_list("pk", "version", "valid_to", "min_income")),
    )


def test_only_the_secretariat_maintains_pathways_by_page_or_api(cs, talent):
    pathway = PermitPathway.objects.get(code="my-employment-pass")
    rule = pathway.rules.filter(valid_to__isnull=True).first()
    before = _state()
    for name, c in cs.items():
        if name == "secretariat":
            continue
        for url in (
            "/talent/pathways/new/",
            f"/talent/pathways/{pathway.pk}/edit/",
            f"/talent/pathways/{pathway.pk}/retire/",
            f"/talent/pathways/{pathway.pk}/rules/new/",
        ):
            r = c.get(url)
            assert r.status_code == (302 if name == "anonymous" else 404), (name, url)
            r = c.post(url, {**NEW, "on": TODAY.isoformat(), "confirm": "on"})
            assert r.status_code in (302, 404) and not r.get("Location", "").startswith("/talent/"), (
                name,
                url,
            )
        for method, url, body in (
            ("post", "/api/talent/pathways/", NEW),
            ("put", f"/api/talent/pathways/{pathway.pk}/", {**NEW, "code": pathway.code}),
            ("post", f"/api/talent/pathways/{pathway.pk}/rules/", BAND),
            (
                "post",
                f"/api/talent/pathways/{pathway.pk}/versions/",
                {**BAND, "rule": rule.pk, "valid_from": TODAY.isoformat()},
            ),
            ("post", f"/api/talent/pathways/{pathway.pk}/retire/", {"on": TODAY.isoformat()}),
        ):
            r = getattr(c, method)(url, body, content_type="application/json")
            assert r.status_code in (401, 403), (name, url, r.status_code)
        page = c.get("/talent/pathways/").content.decode()
        assert "/talent/pathways/new/" not in page and "/retire/" not in page, name
    assert _state() == before
    assert "/talent/pathways/new/" in cs["secretariat"].get("/talent/pathways/").content.decode()


def test_secretariat_creates_corrects_adds_a_band_and_versions_it_by_api(cs):
    c = cs["secretariat"]
    r = c.post("/api/talent/pathways/", NEW, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert c.post("/api/talent/pathways/", NEW, content_type="application/json").json()["errors"][0] == {
        "code": "code_taken",
        "field": "code",
        "message": "Another pathway has this code.",
    }
    r = c.put(
        f"/api/talent/pathways/{pk}/",
        {**NEW, "name": "Test Pass (corrected)"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["name"] == "Test Pass (corrected)"
    r = c.put(f"/api/talent/pathways/{pk}/", {**NEW, "code": "renamed"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "code"
    r = c.post(f"/api/talent/pathways/{pk}/rules/", BAND, content_type="application/json")
    assert r.status_code == 201 and r.json()["rules"][0]["version"] == 1
    rule_id = r.json()["rules"][0]["id"]
    r = c.post(
        f"/api/talent/pathways/{pk}/versions/",
        {
            "rule": rule_id,
            "valid_from": "2025-06-01",
            "min_income": "9000",
            "documents": ["Passport"],
            "source_url": "https://example.org/v2",
            "read_on": "2025-05-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    rules = {x["version"]: x for x in r.json()["rules"]}
    assert rules[1]["valid_to"] == "2025-05-31" and rules[2]["valid_from"] == "2025-06-01"
    assert rules[2]["min_income"] == "9000.00"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"min_income": "9000", "max_income": "100"}, "max_income", "income_range_reversed"),
        ({"documents": []}, "documents", "documents_required"),
        ({"documents": ["  "]}, "documents", None),
        ({"currency": "ZZZ"}, "currency", "unknown_currency"),
        ({"occupation_prefixes": ["25a"]}, "occupation_prefixes", "invalid_prefix"),
        ({"valid_to": "2023-01-01"}, "valid_to", "dates_reversed"),
        ({"label": ""}, "label", None),
    ],
)
def test_a_bad_band_names_the_field_and_adds_nothing(cs, change, field, code):
    pathway = PermitPathway.objects.get(code="my-employment-pass")
    before = _state()
    r = cs["secretariat"].post(
        f"/api/talent/pathways/{pathway.pk}/rules/", {**BAND, **change}, content_type="application/json"
    )
    assert r.status_code == 400
    error = r.json()["errors"][0]
    assert error["field"] == field and (code is None or error["code"] == code)
    assert _state() == before


def test_pages_create_add_band_and_retire(cs, talent, personas):
    c = cs["secretariat"]
    r = c.post("/talent/pathways/new/", {**NEW, "country": "MY"})
    assert r.status_code == 302
    pathway = PermitPathway.objects.get(code=NEW["code"])
    r = c.post(f"/talent/pathways/{pathway.pk}/edit/", {**NEW, "name": ""})
    assert r.status_code == 200 and "This field is required." in r.content.decode()
    rule_page = f"/talent/pathways/{pathway.pk}/rules/new/"
    management = {"docs-TOTAL_FORMS": "2", "docs-INITIAL_FORMS": "0", "docs-0-document": "Passport"}
    band = {k: v for k, v in BAND.items() if k != "documents"}
    r = c.post(rule_page, {**band, **management, "max_income": "10"})
    assert r.status_code == 200 and "The ceiling is below the threshold." in r.content.decode()
    assert not pathway.rules.exists()
    r = c.post(rule_page, {**band, **management, "occupation_prefixes": "25, 35"})
    assert r.status_code == 302
    rule = pathway.rules.get()
    assert rule.occupation_prefixes == ["25", "35"] and rule.documents == ["Passport"]
    assert "Band T" in c.get("/talent/pathways/").content.decode()
    # retire from today: the band ends yesterday; a check today no longer finds the pathway
    r = c.post(f"/talent/pathways/{pathway.pk}/retire/", {"on": TODAY.isoformat()})
    assert r.status_code == 200 and "This field is required." in r.content.decode()  # confirm
    r = c.post(f"/talent/pathways/{pathway.pk}/retire/", {"on": TODAY.isoformat(), "confirm": "on"})
    assert r.status_code == 302
    pathway.refresh_from_db()
    rule.refresh_from_db()
    assert pathway.retired_on == TODAY and rule.valid_to == TODAY - dt.timedelta(days=1)
    assert not eligibility.rules_in_force("MY", TODAY).filter(pathway=pathway).exists()
    assert eligibility.rules_in_force("MY", TODAY - dt.timedelta(days=1)).filter(pathway=pathway).exists()
    page = c.get("/talent/pathways/").content.decode()
    assert "Retired from" in page and f"/talent/pathways/{pathway.pk}/rules/new/" not in page
    assert "Retired from" in c.get("/talent/").content.decode()
    r = c.post(
        f"/api/talent/pathways/{pathway.pk}/rules/",
        {**BAND, "label": "Band U"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "pathway_retired"


def test_retiring_before_a_later_version_is_refused(cs, personas):
    pathway = PermitPathway.objects.get(code="my-employment-pass")
    latest = pathway.rules.order_by("-valid_from").first()
    before = _state()
    r = cs["secretariat"].post(
        f"/api/talent/pathways/{pathway.pk}/retire/",
        {"on": latest.valid_from.isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "retired_on"
    assert _state() == before


def test_a_past_check_stays_explainable_after_a_new_version(personas, talent):
    rule = (
        PermitRule.objects.filter(
            pathway__code="my-employment-pass", valid_to__isnull=True, min_income__isnull=False
        )
        .order_by("min_income")
        .first()
    )
    old_threshold = str(rule.min_income)
    check = eligibility.check_eligibility(by=talent.dan, profile=talent.dan_p, job=talent.job)
    used = [r for r in check.results if r["rule_id"] == rule.pk][0]
    services.new_rule_version(
        by=personas.secretariat,
        rule=rule,
        valid_from=TODAY,
        min_income=rule.min_income + 50000,
        documents=["Passport"],
        source_url="https://example.org/raised",
        read_on=TODAY,
    )
    check.refresh_from_db()
    assert [r for r in check.results if r["rule_id"] == rule.pk][0] == used
    assert used["threshold"] == old_threshold and used["version"] == rule.version
    later = eligibility.check_eligibility(by=talent.dan, profile=talent.dan_p, job=talent.job)
    band = [r for r in later.results if r["label"] == rule.label][0]
    assert band["version"] == rule.version + 1 and band["threshold"] != old_threshold


# ---- employers edit and close their jobs ----

EMPLOYER = {"alice", "secretariat"}


def test_only_those_who_act_for_the_organisation_edit_or_close_a_job(cs, talent):
    job = talent.job
    url = f"/api/talent/jobs/{job.pk}/"
    for name, c in cs.items():
        job.refresh_from_db()
        title = job.title
        r = c.patch(url, {"title": f"{name} was here"}, content_type="application/json")
        page = c.get(f"/talent/jobs/{job.pk}/edit/")
        close = c.post(f"/api/talent/jobs/{job.pk}/close/")
        if name in EMPLOYER:
            assert r.status_code == 200 and r.json()["title"] == f"{name} was here", name
            assert page.status_code == 200, name
            assert close.status_code == 200 and close.json()["status"] == "closed", name
            Job.objects.filter(pk=job.pk).update(status="open")
        else:
            assert r.status_code in (401, 403, 404), name
            assert page.status_code in (302, 404), name
            assert close.status_code in (401, 403, 404), name
            job.refresh_from_db()
            assert (job.status, job.title) == ("open", title), name
        assert "/edit/" in c.get(f"/talent/jobs/{job.pk}/").content.decode() or name not in EMPLOYER


def test_job_edit_by_page_and_api_names_the_bad_field(cs, talent, ref):
    job, c = talent.job, cs["alice"]
    r = c.patch(f"/api/talent/jobs/{job.pk}/", {"salary_max": "1"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "salary_max"
    r = c.patch(f"/api/talent/jobs/{job.pk}/", {"organisation": "beta-pay"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "organisation"
    r = c.patch(f"/api/talent/jobs/{job.pk}/", {"expires_on": "2020-01-01"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "expires_on"
    job.refresh_from_db()
    assert job.salary_max == 15000 and job.expires_on > TODAY and job.skills.count() == 3
    new_expiry = (TODAY + dt.timedelta(days=90)).isoformat()
    r = c.patch(
        f"/api/talent/jobs/{job.pk}/",
        {"expires_on": new_expiry, "skills": [{"skill": "sql", "level": 4}]},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["expires_on"] == new_expiry
    assert r.json()["skills"] == [{"skill": "sql", "level": 4}] and r.json()["title"] == "Payments engineer"
    form = c.get(f"/talent/jobs/{job.pk}/edit/")
    assert form.status_code == 200 and 'value="Payments engineer"' in form.content.decode()
    data = {
        "title": "Payments engineer II",
        "occupation": ref.dev.pk,
        "qualification_framework": "MQF",
        "min_experience_years": "2",
        "language": "en",
        "salary_min": "12000",
        "salary_max": "16000",
        "currency": "MYR",
        "country": "MY",
        "work_mode": "onsite",
        "expires_on": new_expiry,
        "skills-TOTAL_FORMS": "1",
        "skills-INITIAL_FORMS": "0",
        "skills-0-skill": ref.python.pk,
        "skills-0-level": "3",
    }
    r = c.post(f"/talent/jobs/{job.pk}/edit/", {**data, "salary_max": "100"})
    assert r.status_code == 200 and "The maximum salary is below the minimum." in r.content.decode()
    r = c.post(f"/talent/jobs/{job.pk}/edit/", data)
    assert r.status_code == 302
    job.refresh_from_db()
    assert job.title == "Payments engineer II" and job.salary_max == 16000
    assert [(s.skill_id, s.level) for s in job.skills.all()] == [(ref.python.pk, 3)]
    # saving again with the pre-filled skill row left as it was keeps the skill
    r = c.post(
        f"/talent/jobs/{job.pk}/edit/", {**data, "skills-INITIAL_FORMS": "1", "title": "Payments lead"}
    )
    assert r.status_code == 302
    job.refresh_from_db()
    assert job.title == "Payments lead"
    assert [(s.skill_id, s.level) for s in job.skills.all()] == [(ref.python.pk, 3)]
