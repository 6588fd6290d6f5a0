"""Issue 17 item 2: trust is not self-declared.

Agencies, hubs, universities and investors get the rights of their kind only once the
secretariat verifies them; a dispute withdraws them; a changed identity is verified again.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from corridor.matchmaking import access as mm_access
from corridor.matchmaking import services as mm_services
from corridor.matchmaking.models import Event, Registration
from corridor.orgs import services
from corridor.orgs.enums import MemberRole, OrgKind, VerificationStatus
from tests.api_errors import error_codes
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def event_data(**extra):
    now = timezone.now()
    return {
        "title": "Agency brokerage",
        "format": "virtual",
        "time_zone": "Africa/Nairobi",
        "registration_opens_at": now - dt.timedelta(days=1),
        "registration_closes_at": now + dt.timedelta(days=3),
        "status": "published",
        **extra,
    }


def self_declared_agency(personas):
    """Bob (confirmed e-mail) creates an organisation of kind agency himself."""
    return services.create_organisation(
        by=personas.bob, name="Self-declared Trade Board", country="KE", kind=OrgKind.AGENCY
    )


def test_a_self_declared_agency_is_unverified_and_cannot_run_events(personas):
    agency = self_declared_agency(personas)
    assert agency.verification_status == VerificationStatus.UNVERIFIED
    assert not mm_access.can_create_events(personas.bob)
    with pytest.raises(PermissionDenied):
        mm_services.create_event(by=personas.bob, organiser=agency, **event_data())


def test_verified_agency_runs_events_and_disputed_one_loses_registrants(personas, login):
    agency = self_declared_agency(personas)
    services.set_verification(
        organisation=agency, by=personas.secretariat, status=VerificationStatus.VERIFIED
    )
    agency.refresh_from_db()
    assert agency.verified_by == personas.secretariat and agency.verified_at is not None
    event = mm_services.create_event(by=personas.bob, organiser=agency, **event_data())
    Registration.objects.create(event=event, user=personas.alice, organisation=personas.org_a)
    c = login(personas.bob)
    assert c.get(f"/events/{event.slug}/organise/registrations/").status_code == 200
    r = c.get(f"/api/matchmaking/events/{event.slug}/registrations/")
    assert r.status_code == 200 and "alice@a.example" in r.content.decode()

    services.set_verification(
        organisation=agency,
        by=personas.secretariat,
        status=VerificationStatus.DISPUTED,
        note="Not the real board",
    )
    event = Event.objects.get(pk=event.pk)
    assert not mm_access.can_organise(personas.bob, event)
    assert c.get(f"/events/{event.slug}/organise/registrations/").status_code == 404
    r = c.get(f"/api/matchmaking/events/{event.slug}/registrations/")
    assert r.status_code in (403, 404)
    assert "alice@a.example" not in r.content.decode()


def test_unverified_hub_cannot_host_or_rank(personas):
    from corridor.exchange import access as ex_access
    from corridor.exchange import services as ex_services
    from corridor.exchange.models import HostPlace

    hub = OrganisationFactory(
        name="Unverified Hub",
        slug="unverified-hub",
        kind=OrgKind.TECH_HUB,
        verification_status=VerificationStatus.UNVERIFIED,
    )
    MembershipFactory(organisation=hub, user=personas.alice, role=MemberRole.OWNER)
    programme = ex_services.create_programme(by=personas.secretariat, title="Launchpad", direction="both")
    cohort = ex_services.create_cohort(
        by=personas.secretariat,
        programme=programme,
        name="Cohort 1",
        starts_on=dt.date.today() + dt.timedelta(days=100),
        ends_on=dt.date.today() + dt.timedelta(days=150),
        applications_open=timezone.now(),
        applications_close=timezone.now() + dt.timedelta(days=10),
        match_date=dt.date.today() + dt.timedelta(days=20),
        stipend_amount=1000,
        stipend_currency="USD",
    )
    with pytest.raises(ValidationError) as exc:
        ex_services.join_cohort(by=personas.alice, cohort=cohort, organisation=hub, places=2)
    assert "organisation" in exc.value.message_dict
    # A host place made before the hub lost its verification: ranking is refused.
    host = HostPlace.objects.create(cohort=cohort, organisation=hub, places=1)
    with pytest.raises(Http404):
        ex_access.require_hub_staff(personas.alice, host)
    services.set_verification(organisation=hub, by=personas.secretariat, status=VerificationStatus.VERIFIED)
    hub.refresh_from_db()
    host.organisation = hub
    ex_access.require_hub_staff(personas.alice, host)


def test_only_the_secretariat_verifies(personas, login):
    agency = self_declared_agency(personas)
    with pytest.raises(PermissionDenied):
        services.set_verification(organisation=agency, by=personas.bob, status=VerificationStatus.VERIFIED)
    r = login(personas.bob).post(
        f"/api/organisations/{agency.slug}/verify/", {"status": "verified"}, content_type="application/json"
    )
    assert r.status_code == 403
    r = login(personas.bob).post(f"/organisations/{agency.slug}/verification/", {"status": "verified"})
    agency.refresh_from_db()
    assert agency.verification_status == VerificationStatus.UNVERIFIED

    r = login(personas.secretariat).post(
        f"/api/organisations/{agency.slug}/verify/", {"status": "verified"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["verification_status"] == "verified"
    r = login(personas.secretariat).post(
        f"/api/organisations/{agency.slug}/verify/", {"status": "disputed"}, content_type="application/json"
    )
    assert r.status_code == 400 and "note" in error_codes(r)


def test_secretariat_page_verifies_and_badge_shows(personas, login):
    agency = self_declared_agency(personas)
    c = login(personas.secretariat)
    assert c.get(f"/organisations/{agency.slug}/verification/").status_code == 200
    r = c.post(f"/organisations/{agency.slug}/verification/", {"status": "verified", "note": ""})
    assert r.status_code == 302
    agency.refresh_from_db()
    assert agency.is_verified
    assert "tag verified" in c.get(f"/organisations/{agency.slug}/").content.decode()
    assert "tag verified" in c.get("/organisations/?q=Self-declared").content.decode()
    other = services.create_organisation(
        by=personas.alice, name="Unchecked Hub", country="MY", kind="tech_hub"
    )
    assert "tag unverified" in c.get(f"/organisations/{other.slug}/").content.decode()


def test_anyone_may_report_a_dispute_and_the_secretariat_is_told(personas, login):
    agency = self_declared_agency(personas)
    r = login(personas.alice).post(
        f"/api/organisations/{agency.slug}/dispute/", {}, content_type="application/json"
    )
    assert r.status_code == 400 and "reason" in error_codes(r)
    mail.outbox.clear()
    with_commit = login(personas.alice)
    r = with_commit.post(
        f"/organisations/{agency.slug}/verification/", {"reason": "That registration number is ours."}
    )
    assert r.status_code == 302
    assert personas.secretariat.notifications.filter(
        text__contains="That registration number is ours"
    ).exists()
    agency.refresh_from_db()
    assert agency.verification_status == VerificationStatus.UNVERIFIED  # the secretariat decides


def test_a_changed_identity_is_verified_again(personas):
    agency = self_declared_agency(personas)
    services.set_verification(
        organisation=agency, by=personas.secretariat, status=VerificationStatus.VERIFIED
    )
    agency.refresh_from_db()
    services.update_organisation(organisation=agency, by=personas.bob, description="We moved.")
    agency.refresh_from_db()
    assert agency.is_verified
    services.update_organisation(organisation=agency, by=personas.bob, registration_number="BRS-1")
    agency.refresh_from_db()
    assert agency.verification_status == VerificationStatus.UNVERIFIED
