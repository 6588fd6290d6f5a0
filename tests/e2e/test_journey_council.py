"""Browser journey: focal point KE submits a figure → focal point MY validates it → KE corrects
it, is warned and gives the reason it asks for (shown in the history) → the secretariat opens and
publishes the review → an anonymous visitor (no staff links in the council menu) reads it and
downloads the PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from corridor.core.enums import Role
from corridor.core.models import Country
from corridor.core.services import grant_role
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-council-failure.png"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def council_people(live_server):
    """Everything in the database is created before the browser starts."""
    from corridor.council.models import Indicator

    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    focal_ke = UserFactory(email="focal.ke@e2e.example", full_name="Wanjiku KE")
    grant_role(user=focal_ke, role=Role.FOCAL_POINT, country=ke, by=None)
    focal_my = UserFactory(email="focal.my@e2e.example", full_name="Farid MY")
    grant_role(user=focal_my, role=Role.FOCAL_POINT, country=my, by=None)
    secretariat = UserFactory(email="sec@e2e.example", full_name="Siti Sec")
    grant_role(user=secretariat, role=Role.SECRETARIAT, by=None)
    Indicator.objects.create(
        code="SX-01",
        name="Startups exchanged between hubs",
        unit="startups",
        pillar="startup_exchange",
        source="reported",
        by_country=True,
        definition="Startups hosted.",
        baseline_value=Decimal(0),
        baseline_date=dt.date(2025, 5, 14),
        target_value=Decimal(40),
        target_date=dt.date(2028, 5, 14),
    )


def test_submit_validate_publish_read(live_server, council_people, open_page):
    base = live_server.url
    pages = []
    try:
        ke_page = log_in(open_page(), "focal.ke@e2e.example")
        pages.append(ke_page)
        ke_page.goto(f"{base}/council/indicators/SX-01/")
        ke_page.fill("#id_period", "2026-H1")
        ke_page.select_option("#id_country", "KE")
        ke_page.fill("#id_value", "9")
        ke_page.get_by_role("button", name="Submit").click()
        ke_page.wait_for_url(f"{base}/council/indicators/SX-01/")
        assert "Submitted for validation" in ke_page.content()

        my_page = log_in(open_page(), "focal.my@e2e.example")
        pages.append(my_page)
        my_page.goto(f"{base}/council/validation/")
        assert "SX-01" in my_page.content()
        my_page.get_by_label("Validate").check()
        my_page.get_by_role("button", name="Record").click()
        my_page.wait_for_url(f"{base}/council/validation/")
        assert "Nothing waits for you" in my_page.content()

        # Correcting a validated half-year warns and asks why; the reason shows in the history.
        ke_page.goto(f"{base}/council/indicators/SX-01/")
        assert ke_page.locator("#id_reason").count() == 0
        ke_page.fill("#id_period", "2026-H1")
        ke_page.select_option("#id_country", "KE")
        ke_page.fill("#id_value", "10")
        ke_page.get_by_role("button", name="Submit").click()
        ke_page.wait_for_selector("#id_reason")
        assert "already validated" in ke_page.content()
        ke_page.fill("#id_reason", "Two late hub reports arrived.")
        ke_page.get_by_role("button", name="Submit").click()
        ke_page.wait_for_selector("text=Your figure is recorded")
        assert "Two late hub reports arrived." in ke_page.content()

        sec_page = log_in(open_page(), "sec@e2e.example")
        pages.append(sec_page)
        sec_page.goto(f"{base}/council/reviews/new/")
        sec_page.fill("#id_period", "2026-H1")
        sec_page.get_by_role("button", name="Open").click()
        sec_page.wait_for_url(f"{base}/council/reviews/*/")
        # An open review's PDF is drawn in the background when asked for, then downloaded.
        sec_page.get_by_role("link", name="Preview PDF").click()
        sec_page.get_by_role("button", name="Prepare the PDF").click()
        sec_page.wait_for_selector("text=Download the draft PDF")
        draft_href = sec_page.get_by_role("link", name="Download the draft PDF").get_attribute("href")
        draft = sec_page.request.get(f"{base}{draft_href}")
        assert draft.status == 200 and draft.body()[:5] == b"%PDF-"
        sec_page.get_by_role("button", name="Publish this review").click()
        sec_page.wait_for_selector("text=figures frozen")
        review_url = sec_page.url.split("#")[0]
        review_pk = int(review_url.rstrip("/").rsplit("/", 1)[-1])
        review_title = sec_page.locator("h1").inner_text()

        anon = open_page()
        pages.append(anon)
        anon.goto(f"{base}/council/reviews/")
        nav = anon.locator("nav.subnav").inner_html()
        assert "/council/validation/" not in nav and "/council/commitments/" not in nav
        anon.get_by_role("link", name=review_title).click()
        anon.wait_for_url(f"{base}/council/reviews/{review_pk}/")
        assert "Startups exchanged between hubs" in anon.content()
        response = anon.request.get(f"{base}/council/reviews/{review_pk}/review.pdf")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body()[:5] == b"%PDF-"
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        if pages:
            pages[-1].screenshot(path=str(SCREENSHOT), full_page=True)
        raise
