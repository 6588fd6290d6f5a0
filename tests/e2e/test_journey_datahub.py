"""Browser journey: a Malaysian agency publishes a restricted dataset → a Kenyan university's
researcher requests access → the agency approves under a data-sharing agreement → the researcher
downloads the file → the agency sees the download in its log. Phone width throughout."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from corridor.core.models import Country
from corridor.orgs.enums import MemberRole, OrgKind
from tests.e2e.conftest import in_fresh_thread
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-datahub-failure.png"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CSV = "station,month,rainfall_mm\nKLIA,2025-01,210.5\nKLIA,2025-02,180.0\nSubang,2025-01,250.2\n"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(datahub_setup):
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
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/dashboard/")
    return page


@pytest.fixture
def datahub_setup(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    agency_user = UserFactory(email="agency@e2e.example", full_name="Aisyah Agency")
    agency = OrganisationFactory(name="MetMalaysia Demo", slug="met-demo", country=my, kind=OrgKind.AGENCY)
    MembershipFactory(organisation=agency, user=agency_user, role=MemberRole.OWNER)
    researcher = UserFactory(email="researcher@e2e.example", full_name="Wanjiru Researcher", country=ke)
    university = OrganisationFactory(
        name="Nairobi Tech University", slug="ntu", country=ke, kind=OrgKind.UNIVERSITY
    )
    MembershipFactory(organisation=university, user=researcher, role=MemberRole.MEMBER)
    data = tmp_path / "rainfall.csv"
    data.write_text(CSV)
    return {"agency": agency, "university": university, "file": data}


def test_publish_request_approve_download_log(live_server, datahub_setup, browser):
    from corridor.datahub.models import DataSharingAgreement, DownloadLog

    base = live_server.url
    pages = []
    try:
        ag = _login(browser, base, "agency@e2e.example")
        pages.append(ag)
        ag.goto(f"{base}/data/new/")
        ag.select_option("#id_organisation", str(datahub_setup["agency"].pk))
        ag.fill("#id_title", "Rainfall at Klang Valley stations")
        ag.fill("#id_description", "Monthly rainfall totals by station.")
        ag.select_option("#id_update_frequency", "monthly")
        ag.select_option("#id_access_level", "restricted")
        ag.get_by_role("button", name="Create and add files").click()
        ag.wait_for_url(f"{base}/data/rainfall-at-klang-valley-stations/v1/")
        ag.set_input_files("#id_file", str(datahub_setup["file"]))
        ag.fill("#id_title", "Rainfall by station")
        ag.get_by_role("button", name="Upload and validate").click()
        ag.wait_for_selector("text=File uploaded and validated")
        assert "valid" in ag.content()
        ag.check("input[name=confirm]")
        ag.get_by_role("button", name="Publish this version").click()
        ag.wait_for_url(f"{base}/data/rainfall-at-klang-valley-stations/")

        rs = _login(browser, base, "researcher@e2e.example")
        pages.append(rs)
        console: list[str] = []
        rs.on("console", lambda message: console.append(message.text))
        rs.goto(f"{base}/data/?access_level=restricted")
        rs.get_by_role("link", name="Rainfall at Klang Valley stations").click()
        rs.select_option("#id_organisation", str(datahub_setup["university"].pk))
        rs.select_option("#id_purpose", "model_training")
        rs.fill("#id_purpose_detail", "Training a flood-risk model for a joint MY–KE study.")
        rs.fill("#id_duration_days", "90")
        rs.get_by_role("button", name="Send request").click()
        rs.wait_for_selector("text=Request sent to the publisher")
        # The schema.org JSON-LD block on the dataset page is data, not script: no CSP report.
        assert not [text for text in console if "Content Security Policy" in text], console

        ag.goto(f"{base}/data/requests/")
        ag.get_by_role("link", name="Rainfall at Klang Valley stations").click()
        ag.select_option("#id_legal_basis_my", "my_due_diligence")
        ag.select_option("#id_legal_basis_ke", "ke_safeguards")
        ag.get_by_role("button", name="Approve and sign the agreement").click()
        ag.wait_for_selector("text=agreement recorded")
        agreement = in_fresh_thread(lambda: DataSharingAgreement.objects.get())
        assert agreement.recipient_organisation_id == datahub_setup["university"].pk

        rs.goto(f"{base}/data/rainfall-at-klang-valley-stations/")
        rs.get_by_role("link", name="Rainfall by station").first.click()
        with rs.expect_download() as info:
            rs.get_by_role("link", name="Download", exact=True).click()
        assert Path(info.value.path()).read_text().startswith("station,month")

        ag.goto(f"{base}/data/rainfall-at-klang-valley-stations/downloads/")
        ag.wait_for_selector("#download-log:has-text('Wanjiru Researcher')")
        assert "Kenya" in ag.content()
        log = in_fresh_thread(lambda: DownloadLog.objects.get())
        assert log.agreement_id == agreement.pk
        for page in pages:
            page.context.close()
        time.sleep(0.5)
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        if pages:
            pages[-1].screenshot(path=str(SCREENSHOT), full_page=True)
        raise
