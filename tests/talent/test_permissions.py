"""Permission matrix: every persona against the talent pages and API, with data that would
leak if a rule broke. Hidden profiles never leak; employers-only profiles reach members of
organisations only; applications reach only the applicant, the employer and the secretariat."""

import pytest
from django.test import Client

from corridor.talent import services

SECRET = "SECRET"


def clients(personas, talent, login):
    return {
        "anonymous": Client(),
        "alice": login(personas.alice),  # owner of the employer
        "carol": login(personas.carol),  # plain member of the employer
        "bob": login(personas.bob),  # owner of another organisation
        "reviewer": login(personas.reviewer),  # no organisation
        "paul": login(talent.paul),  # another professional, no organisation
        "secretariat": login(personas.secretariat),
    }


@pytest.fixture
def matrix(personas, talent, login):
    app = services.apply_to_job(by=talent.dan, job=talent.job, cover_note=f"{SECRET} cover note")
    return clients(personas, talent, login), app


EMPLOYERS_ONLY_SEES = {"alice", "carol", "bob", "secretariat"}


def test_hidden_profile_never_leaks_by_page_or_api(matrix, talent):
    cs, _app = matrix
    for name, c in cs.items():
        for url in (
            f"/talent/professionals/{talent.hana_p.pk}/",
            f"/api/talent/professionals/{talent.hana_p.pk}/",
        ):
            r = c.get(url)
            assert r.status_code == (200 if name == "secretariat" else 404), (name, url)
        listing = (
            c.get("/talent/professionals/").content.decode()
            + c.get("/api/talent/professionals/").content.decode()
        )
        assert ("Hana" in listing) is (name == "secretariat"), name
        assert c.get("/talent/professionals/?q=SECRET").status_code == 200


def test_employers_only_profile_reaches_members_of_organisations(matrix, talent):
    cs, _app = matrix
    for name, c in cs.items():
        page = c.get(f"/talent/professionals/{talent.dan_p.pk}/")
        api = c.get(f"/api/talent/professionals/{talent.dan_p.pk}/")
        expected = 200 if name in EMPLOYERS_ONLY_SEES else 404
        assert (page.status_code, api.status_code) == (expected, expected), name
        assert ("Dan Kamau" in c.get("/api/talent/professionals/").content.decode()) is (
            name in EMPLOYERS_ONLY_SEES
        )
        # the public profile is seen by everyone
        assert c.get(f"/talent/professionals/{talent.paul_p.pk}/").status_code == 200


def test_applications_reach_applicant_employer_and_secretariat_only(matrix, talent, login):
    cs, app = matrix
    cs["dan"] = login(talent.dan)
    can = {"dan", "alice", "secretariat"}
    for name, c in cs.items():
        page = c.get(f"/talent/applications/{app.pk}/")
        api = c.get(f"/api/talent/applications/{app.pk}/")
        if name in can:
            assert page.status_code == 200 and SECRET in page.content.decode(), name
            assert api.status_code == 200, name
        else:
            assert page.status_code in (302, 404) and SECRET not in page.content.decode(), name
            assert api.status_code in (401, 403, 404), name
            listing = c.get("/api/talent/applications/")
            assert listing.status_code in (401, 403) or listing.json()["count"] == 0, name


def test_only_the_employer_moves_an_application_forward(matrix, talent):
    cs, app = matrix
    for name in ("carol", "bob", "paul", "reviewer", "anonymous"):
        r = cs[name].post(f"/api/talent/applications/{app.pk}/transition/", {"status": "shortlisted"})
        assert r.status_code in (401, 403, 404), name
        r = cs[name].post(f"/talent/applications/{app.pk}/", {"status": "shortlisted"})
        assert (
            r.status_code in (302, 404)
            and "/account/login" in r.get("Location", "/account/login")
            or r.status_code == 404
        )
    app.refresh_from_db()
    assert app.status == "applied"
    r = cs["alice"].post(f"/api/talent/applications/{app.pk}/transition/", {"status": "shortlisted"})
    assert r.status_code == 200 and r.json()["status"] == "shortlisted"


def test_job_posting_needs_can_act_for(matrix, personas, talent, ref):
    cs, _app = matrix
    payload = {
        "organisation": personas.org_a.slug,
        "title": "Data engineer",
        "occupation": "2521",
        "salary_min": "9000",
        "salary_max": "11000",
        "currency": "MYR",
        "country": "MY",
        "expires_on": "2099-01-01",
        "skills": [{"skill": "sql", "level": 3}],
    }
    for name in ("carol", "bob", "reviewer", "paul"):
        r = cs[name].post("/api/talent/jobs/", payload, content_type="application/json")
        assert r.status_code in (403, 404), name
    assert cs["anonymous"].post(
        "/api/talent/jobs/", payload, content_type="application/json"
    ).status_code in (401, 403)
    assert cs["carol"].get("/talent/jobs/new/").status_code == 403


def test_credentials_are_seen_by_their_subject_and_the_secretariat(matrix, personas, talent, login):
    cs, _app = matrix
    q = talent.dan_p.qualifications.get()
    services.verify_qualification(by=personas.secretariat, qualification=q)
    cred = q.credential
    cs["dan"] = login(talent.dan)
    for name, c in cs.items():
        r = c.get(f"/talent/credentials/{cred.pk}/")
        api = c.get(f"/api/talent/credentials/{cred.pk}/")
        ok = name in ("dan", "secretariat")
        assert (r.status_code == 200) is ok, name
        assert (api.status_code == 200) is ok, name
        # revocation is the secretariat's only
        if name != "secretariat":
            r = c.post(f"/talent/credentials/{cred.pk}/", {"reason": "x", "confirm": "on"})
            assert r.status_code in (302, 404), name
    cred.refresh_from_db()
    assert cred.revoked_at is None
    r = cs["secretariat"].post(f"/talent/credentials/{cred.pk}/", {"reason": "x"})
    assert r.status_code == 200 and "This field is required." in r.content.decode()
    cs["secretariat"].post(f"/talent/credentials/{cred.pk}/", {"reason": "x", "confirm": "on"})
    cred.refresh_from_db()
    assert cred.revoked_at is not None


def test_jobs_of_a_draft_organisation_and_expired_jobs_stay_with_the_employer(matrix, personas, talent):
    import datetime as dt

    from corridor.orgs.enums import OrgStatus
    from corridor.talent.models import Job

    cs, _app = matrix
    Job.objects.filter(pk=talent.job.pk).update(expires_on=dt.date(2020, 1, 1))
    for name, c in cs.items():
        visible = name in ("alice", "secretariat")
        assert (c.get(f"/talent/jobs/{talent.job.pk}/").status_code == 200) is visible, name
        assert (c.get(f"/api/talent/jobs/{talent.job.pk}/").status_code == 200) is visible, name
        assert ("Payments engineer" in c.get("/talent/jobs/").content.decode()) is visible, name
    Job.objects.filter(pk=talent.job.pk).update(expires_on=dt.date(2099, 1, 1))
    type(personas.org_a).objects.filter(pk=personas.org_a.pk).update(status=OrgStatus.DRAFT)
    assert cs["anonymous"].get(f"/talent/jobs/{talent.job.pk}/").status_code == 404
    assert cs["alice"].get(f"/talent/jobs/{talent.job.pk}/").status_code == 200
