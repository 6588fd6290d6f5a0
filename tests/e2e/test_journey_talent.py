"""Browser journey: a Kenyan developer applies to a Malaysian job → the employer shortlists,
offers and records the move → a signed placement credential is issued and verifies."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from corridor.core.models import Country, Currency
from corridor.orgs.enums import MemberRole, OrgKind
from corridor.talent import services
from corridor.talent.enums import Visibility, WorkMode
from corridor.talent.models import Occupation, Skill
from corridor.talent.reference import load_reference
from tests.e2e.conftest import in_fresh_thread
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-talent-failure.png"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def talent_setup(live_server):
    load_reference()
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    employer = UserFactory(email="hr@e2e.example", full_name="Hui Ling HR")
    org = OrganisationFactory(name="Klang Fintech", slug="klang-fintech", country=my, kind=OrgKind.COMPANY)
    MembershipFactory(organisation=org, user=employer, role=MemberRole.OWNER)
    dev = UserFactory(email="dev@e2e.example", full_name="Wanjiru Dev")
    python = Skill.objects.get(code="python")
    services.save_profile(
        by=dev,
        headline="Python developer",
        country=ke,
        desired_country=my,
        visibility=Visibility.EMPLOYERS,
        skills=[(python, 3)],
        languages=[("en", 4)],
    )
    job = services.save_job(
        by=employer,
        organisation=org,
        title="Python engineer",
        occupation=Occupation.objects.get(isco_code="2512"),
        salary_min=Decimal("11000"),
        salary_max=Decimal("14000"),
        currency=Currency.objects.get(code="MYR"),
        country=my,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        skills=[(python, 3)],
        work_mode=WorkMode.ONSITE,
        sponsors_permit=True,
    )
    return {"job": job}


@pytest.fixture
def browser(talent_setup):
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
    context = browser.new_context(viewport={"width": 390, "height": 844})  # phone width
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard/")
    return page


def _move(page, status, confirm=False):
    page.select_option("#id_status", status)
    if confirm:
        page.check("#id_confirm")
    page.get_by_role("button", name="Update").click()
    page.wait_for_selector("text=Application updated.")


def test_apply_shortlist_offer_move_credential(live_server, talent_setup, browser):
    from corridor.talent.models import Application, Credential

    job = talent_setup["job"]
    base = live_server.url
    pages = []
    try:
        dev = _login(browser, base, "dev@e2e.example")
        pages.append(dev)
        dev.goto(f"{base}/talent/jobs/{job.pk}/")
        assert "Your fit" in dev.content()
        dev.fill("#id_cover_note", "I build payment APIs in Django.")
        dev.get_by_role("button", name="Apply with my profile").click()
        dev.wait_for_url(f"{base}/talent/applications/*/")
        app = in_fresh_thread(lambda: Application.objects.get(job=job))

        hr = _login(browser, base, "hr@e2e.example")
        pages.append(hr)
        # the employer edits the job from its page (the form names the bad field, then saves)
        hr.goto(f"{base}/talent/jobs/{job.pk}/")
        hr.get_by_role("link", name="Edit this job").click()
        hr.fill("#id_salary_max", "1")
        hr.get_by_role("button", name="Save job").click()
        hr.wait_for_selector("text=The maximum salary is below the minimum.")
        hr.fill("#id_salary_max", str(job.salary_max))
        hr.fill("#id_title", "Senior payments engineer")
        hr.get_by_role("button", name="Save job").click()
        hr.wait_for_selector("h1:has-text('Senior payments engineer')")

        hr.goto(f"{base}/talent/applications/{app.pk}/")
        assert "Wanjiru Dev" in hr.content()
        _move(hr, "shortlisted")
        _move(hr, "offered")
        _move(hr, "moved", confirm=True)
        hr.wait_for_selector("#status:has-text('Moved')")

        dev.goto(f"{base}/talent/applications/{app.pk}/")
        dev.get_by_role("link", name="Your placement credential").click()
        dev.wait_for_selector("#verified:has-text('Valid')")
        cred = in_fresh_thread(lambda: Credential.objects.get(application=app))
        assert cred.document["credentialSubject"]["direction"] == "KE→MY"
        for page in pages:
            page.context.close()
        time.sleep(0.5)
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        if pages:
            pages[-1].screenshot(path=str(SCREENSHOT), full_page=True)
        raise
