"""Browser journey: the secretariat uploads a Comtrade file, watches the import's progress, sees
the dashboard change, publishes the release, and an anonymous visitor then sees the figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.core.enums import Role
from corridor.core.services import grant_role
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.trade.conftest import COMTRADE_HEADER, comtrade_rows

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-trade-failure.png"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def secretariat(live_server):
    """Created before the browser starts (no ORM calls once Playwright's loop runs)."""
    user = UserFactory(email="sec@trade-e2e.example", full_name="Siti Sec")
    grant_role(user=user, role=Role.SECRETARIAT, by=None)
    return user


def _wait_for_images(page) -> None:
    """Charts are rendered by the server; wait until every image is in (no page-side eval: CSP),
    so no request thread still holds a database connection when the test ends."""
    for _ in range(120):
        if page.locator("img").evaluate_all("imgs => imgs.every(i => i.complete)"):
            return
        page.wait_for_timeout(250)
    raise AssertionError("chart images did not load")


def test_secretariat_uploads_sees_progress_and_dashboard_changes(
    live_server, secretariat, open_page, settings, tmp_path
):
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    upload = tmp_path / "comtrade_my_ke.csv"
    upload.write_text("\n".join([COMTRADE_HEADER, *comtrade_rows()]) + "\n", encoding="utf-8")
    base = live_server.url

    page = open_page(timeout=20_000)
    try:
        log_in(page, secretariat.email)

        page.goto(f"{base}/trade/")
        assert page.locator("#no-flows").is_visible()
        page.get_by_role("link", name="Upload trade data").click()
        page.set_input_files("#id_file", str(upload))
        page.select_option("#id_format", "comtrade")
        page.fill("#id_dataset", "my-ke-comtrade")
        page.get_by_role("button", name="Upload and import").click()

        page.wait_for_url("**/trade/jobs/*/")
        page.locator("#job-status").get_by_text("Imported").wait_for()
        assert page.locator("#job-progress .run-progress span").inner_text() == "100%"
        assert page.locator("#job-progress progress").get_attribute("value") == "100"

        page.get_by_role("link", name="Open in the dashboard").click()
        assert page.locator("#release-label").get_by_text("unpublished").is_visible()
        assert page.locator("#no-flows").count() == 0
        img = page.locator("#fig-trend img")
        for _ in range(60):  # the server renders the SVG chart; poll without page-side eval (CSP)
            if img.evaluate("i => i.complete && i.naturalWidth > 0"):
                break
            page.wait_for_timeout(250)
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
        assert "Animal or vegetable fats" in page.locator("#fig-composition").text_content()

        _wait_for_images(page)
        page.locator("#release-label a").click()
        page.get_by_role("button", name="Publish").click()
        page.get_by_text("The release is published.").wait_for()

        visitor = open_page()
        visitor.goto(f"{base}/trade/")
        _wait_for_images(visitor)
        assert visitor.locator("#no-flows").count() == 0
        assert "comtrade_my_ke.csv" in visitor.locator("#release-label").inner_text()
        visitor.locator("#drill a").first.click()
        assert "by HS chapter" in visitor.content()
        _wait_for_images(visitor)
        # Let the server finish rendering the chart images before the database is torn down.
        visitor.wait_for_load_state("networkidle")
        visitor.context.close()
        page.wait_for_load_state("networkidle")
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        raise
