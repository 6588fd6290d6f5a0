"""Talent services: profiles, jobs, applications with notifications, credentials, bridge."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from corridor.core.models import Currency, Notification
from corridor.talent import credentials, services
from corridor.talent.enums import ApplicationStatus, Framework
from corridor.talent.models import Application, Credential, PermitPathway, Qualification


def test_profile_replaces_lists_and_changed_qualification_loses_verification(talent, personas, ref, ke):
    q = talent.dan_p.qualifications.get()
    services.verify_qualification(by=personas.secretariat, qualification=q)
    q.refresh_from_db()
    assert q.verified_at is not None
    assert Credential.objects.filter(qualification=q).exists()
    services.save_profile(
        by=talent.dan,
        headline="Backend developer",
        country=ke,
        skills=[(ref.sql, 2)],
        languages=[("en", 3)],
        qualifications=[
            {
                "id": q.pk,
                "title": "BSc Computer Science",
                "awarding_body": "UoN",
                "country": ke,
                "framework": "KNQF",
                "level": 7,
            }
        ],
    )
    q.refresh_from_db()
    assert q.verified_at is None
    assert [s.skill.code for s in talent.dan_p.skills.all()] == ["sql"]


def test_bad_profile_input_names_the_field_and_changes_nothing(talent, ref, ke):
    with pytest.raises(ValidationError) as exc:
        services.save_profile(
            by=talent.dan,
            headline="Changed",
            country=ke,
            qualifications=[
                {"title": "X", "awarding_body": "Y", "country": ke, "framework": "MQF", "level": 9}
            ],
        )
    assert "qualifications-0-level" in exc.value.message_dict
    talent.dan_p.refresh_from_db()
    assert talent.dan_p.headline == "Backend developer, payments"
    with pytest.raises(ValidationError) as exc:
        services.save_profile(by=talent.dan, headline="x", country=ke, skills=[(ref.sql, 2), (ref.sql, 3)])
    assert exc.value.error_dict["skills"][0].code == "duplicate_skill"
    with pytest.raises(ValidationError) as exc:
        services.save_profile(by=talent.dan, headline="x", country=ke, expected_salary="1e400")
    assert "expected_salary" in exc.value.message_dict


def test_only_those_acting_for_the_organisation_post_jobs(talent, personas, ref, my):
    kwargs = {
        "organisation": personas.org_a,
        "title": "X",
        "occupation": ref.dev,
        "salary_min": 1,
        "salary_max": 2,
        "currency": Currency.objects.get(code="MYR"),
        "country": my,
        "expires_on": timezone.localdate() + dt.timedelta(days=5),
        "skills": [(ref.sql, 1)],
    }
    for user in (personas.carol, personas.bob, personas.reviewer, talent.dan):
        with pytest.raises(PermissionDenied):
            services.save_job(by=user, **kwargs)
    with pytest.raises(ValidationError) as exc:
        services.save_job(by=personas.alice, **{**kwargs, "salary_min": 5, "salary_max": 2})
    assert exc.value.error_dict["salary_max"][0].code == "salary_range_reversed"
    assert services.save_job(by=personas.secretariat, **kwargs).pk


def test_full_journey_notifies_each_step_and_issues_a_verifiable_credential(talent, personas):
    app = services.apply_to_job(by=talent.dan, job=talent.job, cover_note="Hello")
    assert Notification.objects.filter(user=personas.alice, url=app.get_absolute_url()).exists()
    with pytest.raises(ValidationError):
        services.apply_to_job(by=talent.dan, job=talent.job)
    with pytest.raises(ValidationError) as exc:
        services.transition(by=talent.dan, application=app, to_status=ApplicationStatus.SHORTLISTED)
    assert exc.value.error_dict["status"][0].code == "transition_not_allowed"
    ep = PermitPathway.objects.get(code="my-employment-pass")
    for status in ("shortlisted", "offered", "permit_filed", "moved"):
        app = services.transition(
            by=personas.alice,
            application=app,
            to_status=status,
            pathway=ep if status == "permit_filed" else None,
        )
    assert Notification.objects.filter(user=talent.dan).count() >= 4
    assert [e.to_status for e in app.events.all()] == [
        "applied",
        "shortlisted",
        "offered",
        "permit_filed",
        "moved",
    ]
    cred = Credential.objects.get(application=app)
    assert cred.document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert cred.document["credentialSubject"]["direction"] == "KE→MY"
    assert credentials.verify_credential(cred.document)[0]
    tampered = {**cred.document, "name": "Placement: CEO"}
    assert not credentials.verify_credential(tampered)[0]
    credentials.revoke(by=personas.secretariat, credential=cred, reason="Issued in error")
    ok, notes = credentials.verify_credential(cred.document)
    assert not ok and "revoked" in notes[-1]
    # the published status list says the same, offline
    ok, _ = credentials.verify_credential(cred.document, status_list=credentials.status_list_credential())
    assert not ok


def test_revocation_needs_the_secretariat(talent, personas):
    q = Qualification.objects.get(profile=talent.dan_p)
    services.verify_qualification(by=personas.secretariat, qualification=q)
    cred = Credential.objects.get(qualification=q)
    with pytest.raises(PermissionDenied):
        credentials.revoke(by=talent.dan, credential=cred, reason="x")
    with pytest.raises(PermissionDenied):
        services.verify_qualification(by=personas.alice, qualification=q)


def test_applicant_cannot_see_or_move_someone_elses_application(talent, personas):
    app = services.apply_to_job(by=talent.dan, job=talent.job)
    from corridor.talent.access import NotFound

    for user in (talent.paul, personas.bob, personas.carol):
        with pytest.raises(NotFound):
            services.transition(by=user, application=app, to_status="shortlisted")
    assert Application.objects.get(pk=app.pk).status == "applied"


def test_credit_conversion_uses_notional_hours(ref):
    # MQF: 1 credit = 40 h; KNQF: 1 credit = 10 h. A 120-credit MQF bachelor = 4,800 h = 480 KNQF credits.
    assert services.credit_conversion(120, source=Framework.MQF, target=Framework.KNQF) == Decimal(480)
    assert services.credit_conversion(480, source=Framework.KNQF, target=Framework.MQF) == Decimal(120)
    assert services.credit_conversion(1, source=Framework.KNQF, target=Framework.MQF) == Decimal("0.25")
