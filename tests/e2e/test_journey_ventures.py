"""Browser journey: a meeting's outcome was a deal → its Malaysian participant opens a joint
venture from the outcome page (pre-filled from the meeting, the origin picker on it) → the
venture's chain shows the recommendation, the meeting, the outcome and the council indicator
counting it → the indicator's page."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from django.utils import timezone

from corridor.core.enums import Role
from corridor.core.models import Country
from corridor.core.services import grant_role
from corridor.engines.results import HalfYear
from corridor.orgs.enums import MemberRole, OrgKind
from tests.e2e.conftest import in_fresh_thread
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-ventures-failure.png"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(ventures_setup):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (install the Debian 'chromium' package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def _login(browser, base, email):
    from tests.factories import PASSWORD

    context = browser.new_context(viewport={"width": 390, "height": 844})  # phone width
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard/")
    return page


@pytest.fixture
def ventures_setup(live_server):
    """All the journey's data, created before the browser starts."""
    from corridor.council import services as council
    from corridor.matchmaking.models import Event, Meeting, MeetingRequest, Outcome, Registration

    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    sec = UserFactory(email="sec@e2e.example", full_name="Siti Sec")
    grant_role(user=sec, role=Role.SECRETARIAT, by=None)
    aina = UserFactory(email="aina@e2e.example", full_name="Aina MY")
    wanjiru = UserFactory(email="wanjiru@e2e.example", full_name="Wanjiru KE")
    port = OrganisationFactory(name="Port Klang Reefers", slug="pk-reefers", country=my, kind=OrgKind.COMPANY)
    pay = OrganisationFactory(name="Mombasa Pay", slug="mombasa-pay", country=ke, kind=OrgKind.STARTUP)
    MembershipFactory(organisation=port, user=aina, role=MemberRole.OWNER)
    MembershipFactory(organisation=pay, user=wanjiru, role=MemberRole.OWNER)
    now = timezone.now()
    event = Event.objects.create(
        title="KL–Mombasa B2B day",
        slug="kl-mombasa-b2b",
        time_zone="Asia/Kuala_Lumpur",
        registration_opens_at=now - dt.timedelta(days=30),
        registration_closes_at=now - dt.timedelta(days=20),
        requests_close_at=now - dt.timedelta(days=15),
        status="closed",
    )
    mine = Registration.objects.create(event=event, user=aina, organisation=port)
    theirs = Registration.objects.create(event=event, user=wanjiru, organisation=pay)
    request = MeetingRequest.objects.create(event=event, requester=mine, receiver=theirs, status="accepted")
    meeting = Meeting.objects.create(event=event, request=request, status="held")
    Outcome.objects.create(
        meeting=meeting, recorded_by=mine, kind="deal_signed", deal_value=250000, currency_id="MYR"
    )
    from corridor.orgs.models import PartnerRecommendation

    PartnerRecommendation.objects.create(organisation=port, partner=pay, rank=2, score=0.8)
    council.save_indicator(
        by=sec,
        code="JV-01",
        name="Joint ventures reaching an agreement",
        definition="Computed by the ventures module.",
        unit="ventures",
        pillar="joint_ventures",
        source="automatic",
        provider_code="ventures.agreements",
        by_country=True,
    )
    period = str(HalfYear.containing(timezone.localdate()))
    council.open_review(by=sec, period=period, title=f"Review {period}")
    return {"meeting": meeting, "event": event, "period": period}


def test_meeting_outcome_to_venture_to_council_indicator(live_server, ventures_setup, browser):
    from corridor.ventures.models import Venture

    meeting, event, period = ventures_setup["meeting"], ventures_setup["event"], ventures_setup["period"]
    base = live_server.url
    pages = []
    try:
        page = _login(browser, base, "aina@e2e.example")
        pages.append(page)
        page.goto(f"{base}/events/{event.slug}/meetings/{meeting.pk}/outcome/")
        page.get_by_role("link", name="Open a joint venture").click()
        page.wait_for_url(f"{base}/ventures/new/?meeting={meeting.pk}")
        assert page.input_value("#id_organisation") == "pk-reefers"
        assert page.input_value("#id_partner") == "mombasa-pay"
        assert page.input_value("#id_stage") == "mou"
        assert page.input_value("#id_origin") == f"meeting:{meeting.pk}"  # the origin picker
        page.fill("#id_title", "Reefer payments corridor")
        page.select_option("#id_sector", label="Logistics")
        page.fill("#id_started_on", timezone.localdate().isoformat())
        page.fill("#id_expected_value", "1000000")
        page.select_option("#id_expected_currency", "MYR")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"{base}/ventures/*/")
        chain = page.locator("#chain").inner_text()
        assert "Mombasa Pay was suggested to Port Klang Reefers as partner #2." in chain
        assert "Port Klang Reefers ⇄ Mombasa Pay" in chain
        assert "Deal signed" in chain
        assert f"Counted in ventures.agreements for {period}" in chain
        assert "open review: it counts 1.0 venture agreements" in chain
        page.get_by_role("link", name="Joint ventures reaching an agreement").click()
        page.wait_for_url(f"{base}/council/indicators/JV-01/")
        assert "Joint ventures reaching an agreement" in page.content()
        venture = in_fresh_thread(lambda: Venture.objects.select_related("origin_meeting").get())
        assert venture.origin_meeting_id == meeting.pk and venture.stage == "mou"
        for p in pages:
            p.context.close()
        time.sleep(0.5)
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        if pages:
            pages[-1].screenshot(path=str(SCREENSHOT), full_page=True)
        raise
