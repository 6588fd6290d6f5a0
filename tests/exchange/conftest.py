import datetime as dt

import pytest
from django.utils import timezone

from corridor.core.models import Country
from corridor.exchange import services
from corridor.orgs.enums import MemberRole, OrgKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def market(personas):
    """A KE→MY-and-back programme with an open cohort: two MY hubs (hub staff: hana, harun), a KE
    hub, bob's KE startup (Beta Pay) plus two more KE startups."""
    p = personas
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    p.org_b.founded_year = 2020
    p.org_b.save()
    programme = services.create_programme(by=p.secretariat, title="Launchpad ASEAN", direction="both")
    now = timezone.now()
    cohort = services.create_cohort(
        by=p.secretariat,
        programme=programme,
        name="Cohort 1",
        starts_on=dt.date.today() + dt.timedelta(days=60),
        ends_on=dt.date.today() + dt.timedelta(days=150),
        applications_open=now - dt.timedelta(days=1),
        applications_close=now + dt.timedelta(days=10),
        match_date=dt.date.today() + dt.timedelta(days=20),
        stipend_amount=2000,
        stipend_currency="USD",
        max_ranked=2,
        questions="Why this market?",
    )
    hana, harun, kip = (
        UserFactory(email=e) for e in ("hana@hub1.example", "harun@hub2.example", "kip@hub3.example")
    )
    hub1 = OrganisationFactory(name="Cyberjaya Hub", slug="cj-hub", country=my, kind=OrgKind.TECH_HUB)
    hub2 = OrganisationFactory(name="Penang Hub", slug="pg-hub", country=my, kind=OrgKind.TECH_HUB)
    hub3 = OrganisationFactory(name="Nairobi Labs", slug="nbo-labs", country=ke, kind=OrgKind.TECH_HUB)
    for org, user in ((hub1, hana), (hub2, harun), (hub3, kip)):
        MembershipFactory(organisation=org, user=user, role=MemberRole.OWNER)
    h1 = services.join_cohort(by=hana, cohort=cohort, organisation=hub1, places=1, offers=["desk", "mentors"])
    h2 = services.join_cohort(by=harun, cohort=cohort, organisation=hub2, places=1)
    h3 = services.join_cohort(by=kip, cohort=cohort, organisation=hub3, places=1)
    startups = []
    for i in range(2):
        u = UserFactory(email=f"founder{i}@ke.example")
        org = OrganisationFactory(
            name=f"KE Startup {i}",
            slug=f"ke-startup-{i}",
            country=ke,
            kind=OrgKind.STARTUP,
            founded_year=2021,
        )
        MembershipFactory(organisation=org, user=u, role=MemberRole.OWNER)
        startups.append((org, u))
    p.__dict__.update(
        programme=programme,
        cohort=cohort,
        hana=hana,
        harun=harun,
        kip=kip,
        h1=h1,
        h2=h2,
        h3=h3,
        startups=startups,
    )
    return p


def place(m, capture, *, rerun=False, ties="list", publish=True):
    """Run placement as the secretariat before the deadline (explicitly confirmed), every hub
    having ranked its applicants, then publish the preview unless ``publish=False``."""
    from corridor.exchange.models import Evaluation

    if not rerun and not Evaluation.objects.filter(host__cohort=m.cohort).exists():
        for host in m.cohort.hosts.all():
            services.sort_hub_ranking_by_score(by=m.secretariat, host=host)
    with capture(execute=True):
        run = services.run_placement(by=m.secretariat, cohort=m.cohort, rerun=rerun, ties=ties, early=True)
    run.refresh_from_db()
    if publish and run.is_done:
        run = services.publish_placement(by=m.secretariat, run=run, confirm=True)
    return run
