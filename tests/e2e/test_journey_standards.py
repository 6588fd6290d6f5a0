"""Browser journey: a Malaysian firm's owner opens the standards registry, uploads a Malaysian
invoice to a Kenyan buyer, reads the report grouped by pack, and opens the conversion view
(MyInvois UBL and eTIMS payload, with the fields that could not be carried across)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import in_fresh_thread
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-standards-failure.png"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SAMPLE = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "myinvois"
    / "samples"
    / "1.0-Invoice-Sample.json"
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner(live_server):
    from corridor.core.models import Country
    from corridor.orgs.enums import MemberRole
    from corridor.standards.services import load_registry

    # An earlier transactional test may have truncated the registry its data migration loaded.
    load_registry()
    user = UserFactory(email="owner@std-e2e.example", full_name="Aminah Owner")
    org = OrganisationFactory(
        name="Alpha Sdn Bhd (fictional)", slug="alpha-std-e2e", country=Country.objects.get(code="MY")
    )
    MembershipFactory(organisation=org, user=user, role=MemberRole.OWNER)
    return user


@pytest.fixture
def browser(owner):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (install the Debian 'chromium' package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def test_upload_report_conversion(live_server, owner, browser, tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    buyer = data["Invoice"][0]["AccountingCustomerParty"][0]["Party"][0]
    buyer["PostalAddress"][0]["Country"][0]["IdentificationCode"][0]["_"] = (
        "KE"  # alpha-2: XB-01 and CL-01 fire
    )
    upload = tmp_path / "invoice-to-kenya.json"
    upload.write_text(json.dumps(data), encoding="utf-8")
    base = live_server.url

    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # phone width
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{base}/account/login/")
        page.fill("#id_username", owner.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{base}/dashboard/")

        page.goto(f"{base}/standards/")
        assert page.get_by_role("link", name="E-invoicing").is_visible()
        page.get_by_role("link", name="Check an invoice against both regimes").click()
        page.set_input_files("#id_document", str(upload))
        page.get_by_role("button", name="Check").click()

        page.wait_for_selector("#verdict")
        assert "Not valid" in page.inner_text("#verdict")
        report = page.inner_text("#report")
        assert "XB-01" in report and "KEN" in report and "CL-01" in report
        assert "$.Invoice[0].AccountingCustomerParty[0]" in report

        page.get_by_role("link", name="Conversion").first.click()
        page.get_by_text("eTIMS sales payload (JSON)").click()
        conversion = page.inner_text("#conversion")
        assert "Not carried across" in conversion and '"rcptTyCd": "S"' in conversion
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        raise

    def stored():
        from corridor.standards.models import ConformanceCheck

        return list(ConformanceCheck.objects.values_list("country_id", "document_kind", "valid"))

    assert in_fresh_thread(stored) == [("MY", "myinvois-json", False)]
