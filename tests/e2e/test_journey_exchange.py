"""Browser journey: a KE startup applies and ranks a Malaysian hub → the hub scores and keeps it
acceptable → the secretariat runs the placement early (confirmed) as a preview the startup does
not see → publishes it (confirmed) → the startup reads "Offered" and accepts → the hub marks arrival and
completion → the startup records its outcome."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from django.utils import timezone

from corridor.core.enums import Role
from corridor.core.models import Country
from corridor.core.services import grant_role
from corridor.exchange import services
from corridor.orgs.enums import MemberRole, OrgKind
from tests.e2e.conftest import in_fresh_thread, log_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-exchange-failure.png"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def exchange_setup(live_server):
    """All the journey's data, created before the browser starts."""
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    sec = UserFactory(email="sec@e2e.example", full_name="Siti Sec")
    grant_role(user=sec, role=Role.SECRETARIAT, by=None)
    founder = UserFactory(email="founder@e2e.example", full_name="Amina Founder")
    startup = OrganisationFactory(
        name="Soko Pay", slug="soko-pay", country=ke, kind=OrgKind.STARTUP, founded_year=2021
    )
    MembershipFactory(organisation=startup, user=founder, role=MemberRole.OWNER)
    hub_user = UserFactory(email="hub@e2e.example", full_name="Hafiz Hub")
    hub = OrganisationFactory(name="Cyberjaya Hub", slug="cj-hub", country=my, kind=OrgKind.TECH_HUB)
    MembershipFactory(organisation=hub, user=hub_user, role=MemberRole.OWNER)
    programme = services.create_programme(by=sec, title="Launchpad ASEAN", direction="ke_my")
    now = timezone.now()
    cohort = services.create_cohort(
        by=sec,
        programme=programme,
        name="Cohort E2E",
        starts_on=dt.date.today() + dt.timedelta(days=30),
        ends_on=dt.date.today() + dt.timedelta(days=90),
        applications_open=now - dt.timedelta(days=1),
        applications_close=now + dt.timedelta(days=7),
        match_date=dt.date.today() + dt.timedelta(days=10),
        max_ranked=2,
    )
    host = services.join_cohort(by=hub_user, cohort=cohort, organisation=hub, places=1, offers=["desk"])
    return {"startup": startup, "cohort": cohort, "host": host}


def test_apply_rank_place_accept_outcome(live_server, exchange_setup, open_page):
    from corridor.exchange.models import Outcome, Placement

    startup, cohort, host = exchange_setup["startup"], exchange_setup["cohort"], exchange_setup["host"]
    base = live_server.url
    pages = []
    try:
        st = log_in(open_page(phone=True), "founder@e2e.example")
        pages.append(st)
        st.goto(f"{base}/exchange/cohorts/{cohort.pk}/")
        st.get_by_role("link", name="Apply and rank hubs").click()
        st.select_option("#id_organisation", str(startup.pk))
        st.select_option("#id_stage", "seed")
        st.select_option("#id_choice_1", str(host.pk))
        st.get_by_role("button", name="Submit application").click()
        st.wait_for_url(f"{base}/exchange/applications/*/")
        assert "Cyberjaya Hub" in st.content()

        hp = log_in(open_page(phone=True), "hub@e2e.example")
        pages.append(hp)
        hp.goto(f"{base}/exchange/hosts/{host.pk}/")
        hp.get_by_label("Score Soko Pay").fill("85")
        hp.get_by_role("button", name="Save").click()
        hp.wait_for_selector("#ranking input[value='85']")
        hp.get_by_role("button", name="Sort by score").click()
        hp.wait_for_selector("#ranking")

        sp = log_in(open_page(phone=True), "sec@e2e.example")
        pages.append(sp)
        sp.goto(f"{base}/exchange/cohorts/{cohort.pk}/")
        # Applications are still open: running now needs the explicit early-run box.
        sp.get_by_role("button", name="Run placement (preview)").click()
        sp.wait_for_selector("text=Placement runs after the deadline")
        sp.get_by_label("Run before applications close").check()
        sp.get_by_role("button", name="Run placement (preview)").click()
        sp.wait_for_url(f"{base}/exchange/cohorts/{cohort.pk}/results/")
        sp.wait_for_selector("#preview")
        assert "0 blocking pairs" in sp.content() and "Soko Pay" in sp.content()

        # A preview tells nobody anything: the startup still reads "Submitted".
        st.goto(f"{base}/exchange/applications/")
        assert "Submitted" in st.content() and "Offered" not in st.content()

        sp.get_by_role("button", name="Publish placement").click()
        sp.wait_for_selector("text=Tick the box to confirm")
        sp.get_by_label("I have checked the preview").check()
        sp.get_by_role("button", name="Publish placement").click()
        sp.wait_for_selector("text=Placement published")

        st.goto(f"{base}/exchange/applications/")
        assert "Offered" in st.content()

        placement = in_fresh_thread(lambda: Placement.objects.get(application__organisation=startup))
        st.goto(f"{base}/exchange/placements/{placement.pk}/")
        st.get_by_role("button", name="Accept the place").click()
        st.wait_for_selector("#placement-status:has-text('Accepted')")

        hp.goto(f"{base}/exchange/placements/{placement.pk}/")
        hp.get_by_role("button", name="Mark arrived").click()
        hp.wait_for_selector("#placement-status:has-text('Arrived')")
        hp.get_by_role("button", name="Mark completed").click()
        hp.wait_for_selector("#placement-status:has-text('Completed')")

        st.goto(f"{base}/exchange/placements/{placement.pk}/")
        st.fill("#id_oc-customers_won", "4")
        st.fill("#id_oc-jobs_created", "2")
        st.get_by_role("button", name="Record outcome").click()
        st.wait_for_selector("text=Outcome recorded")
        outcome = in_fresh_thread(lambda: Outcome.objects.get(placement=placement))
        assert outcome.customers_won == 4 and outcome.jobs_created == 2
        for page in pages:
            page.context.close()
        # The live server closes a request thread's connection just after the response is sent; give
        # it a moment so PostgreSQL's test database has no other session when it is dropped.
        time.sleep(0.5)
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        if pages:
            pages[-1].screenshot(path=str(SCREENSHOT), full_page=True)
        raise
