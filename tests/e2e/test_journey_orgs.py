"""Browser journey in real Chromium: sign up, confirm the address from the e-mail, create an
organisation, post an offer, and find it in the directory with filters; plus phone-width layout
and no Content-Security-Policy violations along the way."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.core import mail

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-failure.png"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _wait_for_mail(count=1, timeout=5.0):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mail.outbox) >= count, "no e-mail was sent"
    return mail.outbox[count - 1]


def _no_horizontal_overflow(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url}: content is {scroll_width}px wide on a {width}px screen"


def test_sign_up_create_organisation_post_offer_find_it(live_server, page):
    """The whole first-visit journey works in a real browser, and nothing breaks the CSP."""
    base = live_server.url
    try:
        # sign up
        page.goto(f"{base}/account/signup/")
        page.fill("#id_full_name", "Achieng Otieno")
        page.fill("#id_email", "achieng@kisumu-agri.example")
        page.fill("#id_password", "long-enough-passphrase-77")
        page.select_option("#id_language", "en")
        page.select_option("#id_time_zone", "Africa/Nairobi")
        page.get_by_role("button", name="Sign up").click()
        page.wait_for_url(f"{base}/account/login/")  # the same answer for new and taken addresses
        assert "open the link in it to confirm your address" in page.content()

        # the verification link from the e-mail (it names SITE_URL; open the path on the test server)
        message = _wait_for_mail()
        assert message.to == ["achieng@kisumu-agri.example"]
        path = re.search(r"https?://[^/\s]+(/account/verify/\S+)", message.body).group(1)
        page.goto(base + path)
        page.wait_for_url(f"{base}/account/login/")
        assert "achieng@kisumu-agri.example is confirmed" in page.content()
        page.fill("#id_username", "achieng@kisumu-agri.example")
        page.fill("#id_password", "long-enough-passphrase-77")
        page.locator("main form button[type=submit], main form button").first.click()
        page.wait_for_url(f"{base}/dashboard/")
        assert "Please confirm your e-mail address" not in page.content()

        # create an organisation
        page.goto(f"{base}/organisations/new/")
        page.fill("#id_name", "Kisumu Agri Data")
        page.select_option("#id_country", "KE")
        page.select_option("#id_kind", "startup")
        page.get_by_label("Fintech and mobile banking", exact=True).check()
        page.get_by_label("Smart agriculture", exact=True).check()
        page.fill("#id_city", "Kisumu")
        page.fill("#id_website", "https://kisumu-agri.example")
        page.fill("#id_description", "Crop data and mobile payments for smallholder farmers.")
        page.get_by_role("button", name="Create").click()
        page.wait_for_url(f"{base}/organisations/kisumu-agri-data/")
        assert page.locator("h1").inner_text() == "Kisumu Agri Data"

        # post an offer
        page.get_by_role("link", name="Post an offer").click()
        page.wait_for_url(re.compile(r".*/organisations/kisumu-agri-data/postings/new/.*"))
        assert page.locator("input[name=type][value=offer]").is_checked()
        page.select_option("#id_kind", "service")
        page.select_option("#id_sector", label="Smart agriculture")
        page.fill("#id_title", "Soil moisture data feed for Malaysian growers")
        page.fill("#id_description", "Daily soil moisture readings via API, priced per hectare.")
        page.select_option("#id_target_country", "MY")
        page.get_by_role("button", name="Post", exact=True).click()
        page.wait_for_url(f"{base}/organisations/kisumu-agri-data/")
        assert "Your offer is posted" in page.content()
        assert "Soil moisture data feed for Malaysian growers" in page.content()

        # find it in the directory with filters (htmx swaps the results in place)
        page.goto(f"{base}/organisations/")
        page.select_option("#id_country", "KE")
        page.wait_for_url(re.compile(r".*country=KE.*"))
        page.select_option("#id_sector", "fintech")
        page.wait_for_url(re.compile(r".*sector=fintech.*"))
        results = page.locator("#results").first  # see test_directory_filter_keeps_one_results_region
        results.get_by_text("Soil moisture data feed for Malaysian growers").wait_for()
        assert "Kisumu Agri Data" in results.inner_text()
        assert "1 organisation" in results.inner_text()
        # a non-matching filter empties the list
        page.select_option("#id_kind", "investor")
        results.get_by_text("No organisation matches these filters").wait_for()
        # the filtered URL works on its own (bookmark / no JavaScript)
        page.goto(f"{base}/organisations/?country=KE&sector=smart-agriculture")
        page.locator("#results").first.get_by_text("Kisumu Agri Data").wait_for()
        page.get_by_role("link", name="Soil moisture data feed for Malaysian growers").click()
        page.wait_for_url(re.compile(r".*/organisations/postings/\d+/"))
        assert "Daily soil moisture readings" in page.content()

        # phone width: no horizontal scrolling on the pages of the journey
        page.set_viewport_size({"width": 390, "height": 844})
        for url in (
            "/organisations/?country=KE",
            "/organisations/kisumu-agri-data/",
            "/organisations/kisumu-agri-data/postings/new/",
            "/organisations/new/",
            "/dashboard/",
            "/",
        ):
            page.goto(base + url)
            _no_horizontal_overflow(page, 390)

        csp_errors = [
            text
            for kind, text in page.console_messages_seen
            if "Content Security Policy" in text or "Content-Security-Policy" in text
        ]
        assert csp_errors == [], csp_errors
        errors = [(kind, text) for kind, text in page.console_messages_seen if kind in ("error", "pageerror")]
        assert errors == [], errors
    except BaseException:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        raise


@pytest.fixture
def long_named_org():
    """Created before the browser starts: the ORM may not run while Playwright's loop is active."""
    from tests.factories import OrganisationFactory, PostingFactory

    org = OrganisationFactory(
        name="A Rather Long Organisation Name For Narrow Screens Sdn Bhd", slug="long-name"
    )
    PostingFactory(organisation=org, title="An offer with a long title that must wrap on a phone screen")
    return org


def test_directory_filter_keeps_one_results_region(long_named_org, live_server, page):
    """After filtering with htmx there is still exactly one #results region."""
    page.goto(live_server.url + "/organisations/")
    page.select_option("#id_country", "MY")
    page.wait_for_url(re.compile(r".*country=MY.*"))
    page.get_by_text("1 organisation").first.wait_for()
    assert page.locator("#results").count() == 1


def test_phone_width_public_pages(long_named_org, live_server, page):
    """At 390×844 the public pages fit the screen and the menu is reachable."""
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        for url in (
            "/",
            "/organisations/",
            "/organisations/long-name/",
            "/account/login/",
            "/account/signup/",
        ):
            page.goto(live_server.url + url)
            _no_horizontal_overflow(page, 390)
        page.goto(live_server.url + "/")
        page.locator("label.nav-toggle-label").click()
        assert page.locator("nav.nav").get_by_role("link", name="Directory").is_visible()
        csp_errors = [t for _k, t in page.console_messages_seen if "Content Security Policy" in t]
        assert csp_errors == []
    except BaseException:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        raise
