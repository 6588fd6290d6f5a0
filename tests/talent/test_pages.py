"""Talent pages and API by the people who use them, bad input, and query counts."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from corridor.talent import keys, services, vc
from corridor.talent.models import Application, Credential, Job, ProfessionalProfile
from tests.api_errors import error_codes


def test_landing_and_public_pages(client, talent):
    for url in (
        "/talent/",
        "/talent/jobs/",
        "/talent/professionals/",
        "/talent/bridge/",
        "/talent/pathways/",
    ):
        r = client.get(url)
        assert r.status_code == 200, url
    body = client.get("/talent/pathways/").content.decode()
    assert "Malaysia Employment Pass" in body and "20,000.00" in body
    assert "Payments engineer" in client.get("/talent/jobs/?country=MY").content.decode()
    assert "Payments engineer" not in client.get("/talent/jobs/?country=KE").content.decode()


def test_bridge_compares_and_converts_credits(client, ref):
    body = client.get("/talent/bridge/?framework=MQF&level=6&credits=120").content.decode()
    assert "Reads as KNQF level 7 (Indicative)" in body
    assert "120 MQF credits = 480 KNQF credits" in body
    body = client.get("/talent/bridge/?framework=KNQF&level=9").content.decode()
    assert "Reads as MQF level 7" in body


def test_secretariat_adds_an_equivalence_rule_and_others_cannot(login, personas, ref):
    data = {
        "mqf_level": 6,
        "knqf_level": 7,
        "status": "recognised",
        "source_url": "https://example.org/mra",
        "read_on": "2026-12-01",
        "valid_from": "2026-12-01",
    }
    assert login(personas.alice).post("/talent/bridge/", data).status_code == 404
    r = login(personas.secretariat).post("/talent/bridge/", {**data, "valid_to": "2026-01-01"})
    assert "The end date is before the start date." in r.content.decode()
    r = login(personas.secretariat).post("/talent/bridge/", data)
    assert r.status_code == 302
    assert (
        "Officially recognised"
        in login(personas.alice).get("/talent/bridge/?framework=MQF&level=6").content.decode()
    )


def test_profile_form_with_formsets(login, ref, ke, my):
    from tests.factories import UserFactory

    user = UserFactory(email="new@k.example", full_name="New Pro")
    c = login(user)
    assert c.get("/talent/profile/").status_code == 200
    data = {
        "headline": "Android developer",
        "occupation": ref.dev.pk,
        "experience_years": 3,
        "country": "KE",
        "desired_country": "MY",
        "mobility": "either",
        "visibility": "public",
        "skills-TOTAL_FORMS": 2,
        "skills-INITIAL_FORMS": 0,
        "skills-0-skill": ref.python.pk,
        "skills-0-level": 3,
        "skills-1-skill": ref.sql.pk,
        "skills-1-level": 2,
        "languages-TOTAL_FORMS": 1,
        "languages-INITIAL_FORMS": 0,
        "languages-0-language": "en",
        "languages-0-level": 3,
        "qualifications-TOTAL_FORMS": 1,
        "qualifications-INITIAL_FORMS": 0,
        "qualifications-0-title": "Diploma in IT",
        "qualifications-0-awarding_body": "KNEC",
        "qualifications-0-country": "KE",
        "qualifications-0-framework": "KNQF",
        "qualifications-0-level": 6,
    }
    bad = {**data, "skills-1-skill": ref.python.pk}
    r = c.post("/talent/profile/", bad)
    assert r.status_code == 200 and "Each entry may appear only once." in r.content.decode()
    assert not ProfessionalProfile.objects.filter(user=user).exists()
    r = c.post("/talent/profile/", data)
    assert r.status_code == 302
    p = ProfessionalProfile.objects.get(user=user)
    assert p.skills.count() == 2 and p.qualifications.get().level == 6
    page = c.get(p.get_absolute_url()).content.decode()
    assert (
        "Compares with MQF level 4 (Indicative)." in page
        and "Compares with MQF level 5 (Indicative)." in page
    )


def test_employer_posts_a_job_by_page_with_inline_errors(login, personas, ref):
    c = login(personas.alice)
    data = {
        "organisation": personas.org_a.slug,
        "title": "Cloud engineer",
        "occupation": ref.dev.pk,
        "qualification_framework": "MQF",
        "qualification_level": 6,
        "min_experience_years": 2,
        "language": "en",
        "salary_min": "12000",
        "salary_max": "9000",
        "currency": "MYR",
        "country": "MY",
        "work_mode": "onsite",
        "sponsors_permit": "on",
        "expires_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "skills-TOTAL_FORMS": 1,
        "skills-INITIAL_FORMS": 0,
        "skills-0-skill": ref.python.pk,
        "skills-0-level": 3,
    }
    r = c.post("/talent/jobs/new/", data)
    assert r.status_code == 200 and "The maximum salary is below the minimum." in r.content.decode()
    assert not Job.objects.filter(title="Cloud engineer").exists()
    r = c.post("/talent/jobs/new/", {**data, "salary_max": "15000"})
    assert r.status_code == 302
    job = Job.objects.get(title="Cloud engineer")
    page = c.get(job.get_absolute_url()).content.decode()
    assert "Professionals who fit" in page and "reads as KNQF level 7" in page


def test_professional_sees_fit_applies_and_checks_permit_by_page(login, talent):
    c = login(talent.dan)
    page = c.get(talent.job.get_absolute_url()).content.decode()
    assert "Your fit" in page and "Missing SQL." in page
    r = c.post(talent.job.get_absolute_url(), {"cover_note": "Keen"})
    assert r.status_code == 302
    app = Application.objects.get(profile=talent.dan_p)
    r = c.post(
        f"/talent/jobs/{talent.job.pk}/eligibility/",
        {"income": "12000", "currency": "MYR", "as_of": "2026-07-01"},
    )
    assert r.status_code == 302
    check_page = c.get(r["Location"]).content.decode()
    assert "Category II" in check_page and "Succession plan" in check_page and "10000.00" in check_page
    assert "Payments engineer" in c.get("/talent/matches/").content.decode()
    assert app.status == "applied"


def test_api_journey_and_error_shape(login, personas, talent):
    dan, alice = login(talent.dan), login(personas.alice)
    r = dan.post("/api/talent/applications/", {"job": talent.job.pk})
    assert r.status_code == 201
    app_id = r.json()["id"]
    r = dan.post("/api/talent/applications/", {"job": talent.job.pk})
    assert r.status_code == 400 and error_codes(r) == {None: ["already_applied"]}
    r = alice.post(f"/api/talent/applications/{app_id}/transition/", {"status": "moved"})
    assert r.status_code == 400 and error_codes(r) == {"status": ["transition_not_allowed"]}
    for status in ("shortlisted", "offered", "moved"):
        assert (
            alice.post(f"/api/talent/applications/{app_id}/transition/", {"status": status}).status_code
            == 200
        )
    creds = dan.get("/api/talent/credentials/").json()
    assert creds["count"] == 1
    doc = creds["results"][0]["document"]
    r = dan.post("/api/talent/credentials/verify/", {"credential": doc}, content_type="application/json")
    assert r.json()["valid"] is True
    doc["credentialSubject"]["name"] = "Someone else"
    r = dan.post("/api/talent/credentials/verify/", {"credential": doc}, content_type="application/json")
    assert r.json()["valid"] is False
    stats = login(personas.secretariat).get(f"/api/talent/stats/?year={timezone.localdate().year}").json()
    assert stats["applications_by_status"]["moved"] == 1
    assert stats["moved_by_pathway_and_direction"] == [{"pathway": "none", "direction": "KE→MY", "n": 1}]


def test_api_profile_me_bad_input_names_the_field(login, talent):
    c = login(talent.dan)
    r = c.put(
        "/api/talent/professionals/me/",
        {"headline": "x", "country": "ZZ"},
        content_type="application/json",
    )
    assert r.status_code == 400 and error_codes(r) == {"country": ["unknown_country"]}
    r = c.put(
        "/api/talent/professionals/me/",
        {"headline": "x", "country": "KE", "expected_salary": "12.345", "expected_currency": "KES"},
        content_type="application/json",
    )
    assert error_codes(r) == {"expected_salary": ["too_precise"]}
    r = c.put(
        "/api/talent/professionals/me/",
        {
            "headline": "Updated",
            "country": "KE",
            "skills": [{"skill": "sql", "level": 2}],
            "visibility": "hidden",
        },
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["visibility"] == "hidden"
    assert c.get("/api/talent/professionals/me/matches/").status_code == 200


def test_issuer_document_status_list_and_offline_cli_verify(client, talent, personas, tmp_path, capsys):
    issuer = client.get("/.well-known/corridor-issuer.json").json()
    assert issuer["verificationMethod"][0]["publicKeyMultibase"].startswith("z6Mk")
    q = talent.dan_p.qualifications.get()
    services.verify_qualification(by=personas.secretariat, qualification=q)
    cred = Credential.objects.get(qualification=q)
    file = tmp_path / "cred.json"
    file.write_text(json.dumps(cred.document))
    key_file = tmp_path / "issuer.json"
    key_file.write_text(json.dumps(issuer))
    call_command("talent", "verify", str(file), "--key", str(key_file))
    assert "VALID" in capsys.readouterr().out
    tampered = {**cred.document, "validFrom": "2020-01-01T00:00:00Z"}
    file.write_text(json.dumps(tampered))
    with pytest.raises(SystemExit):
        call_command("talent", "verify", str(file), "--key", str(key_file))
    assert "INVALID" in capsys.readouterr().out
    # revoked → the published status list says so, and the CLI fails with it
    from corridor.talent import credentials

    credentials.revoke(by=personas.secretariat, credential=cred, reason="Mistake")
    status = client.get("/talent/credentials/status-list.json").json()
    assert vc.status_bit(status["credentialSubject"]["encodedList"], cred.status_index)
    (tmp_path / "status.json").write_text(json.dumps(status))
    file.write_text(json.dumps(cred.document))
    with pytest.raises(SystemExit):
        call_command(
            "talent",
            "verify",
            str(file),
            "--key",
            str(key_file),
            "--status-list",
            str(tmp_path / "status.json"),
        )
    assert "revoked" in capsys.readouterr().out
    assert keys.issuer_id().endswith("/.well-known/corridor-issuer.json")


def _make_jobs(personas, ref, my, start, n):
    from corridor.core.models import Currency

    for i in range(start, start + n):
        services.save_job(
            by=personas.alice,
            organisation=personas.org_a,
            title=f"Job {i}",
            occupation=ref.dev,
            salary_min=1000,
            salary_max=2000,
            currency=Currency.objects.get(code="MYR"),
            country=my,
            expires_on=timezone.localdate() + dt.timedelta(days=10),
            skills=[(ref.python, 2), (ref.sql, 1)],
        )


@pytest.mark.parametrize("url", ["/talent/jobs/", "/api/talent/jobs/"])
def test_job_lists_query_count_does_not_grow(client, personas, ref, my, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _make_jobs(personas, ref, my, 0, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _make_jobs(personas, ref, my, 1, 2)
    with CaptureQueriesContext(connection) as three:
        assert "Job 2" in client.get(url).content.decode()
    assert len(three) == len(one)


@pytest.mark.parametrize("url", ["/talent/professionals/", "/api/talent/professionals/"])
def test_directory_query_count_does_not_grow(client, ref, ke, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    def make(i):
        u = UserFactory(email=f"p{i}@x.example", full_name=f"Pro {i}")
        services.save_profile(
            by=u, headline=f"Pro {i}", country=ke, visibility="public", skills=[(ref.sql, 2)]
        )

    make(0)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make(1)
    make(2)
    with CaptureQueriesContext(connection) as three:
        assert "Pro 2" in client.get(url).content.decode()
    assert len(three) == len(one)
