"""Browser journey in real Chromium: an applicant drafts and submits a joint proposal (with its PDF
plan) → the secretariat runs the reviewer assignment (htmx progress) → the assigned reviewer scores
it → the secretariat awards it → the applicant reads the decision and downloads the award letter."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from corridor.core.enums import Role
from corridor.core.models import Country
from corridor.core.services import grant_role
from corridor.grants import services
from corridor.orgs.enums import MemberRole, OrgKind
from tests.e2e.conftest import log_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-grants-failure.png"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Cold-chain data exchange for Port Klang and Mombasa"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def grants_setup(live_server):
    """Everything in the database is created here, before the browser starts; the test body makes
    no ORM call (Playwright's sync API runs an event loop in the test's thread)."""
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    sec = UserFactory(email="sec@e2e.example", full_name="Siti Secretariat")
    grant_role(user=sec, role=Role.SECRETARIAT, by=None)
    aisyah = UserFactory(email="aisyah@e2e.example", full_name="Aisyah Rahman")
    brian = UserFactory(email="brian@e2e.example", full_name="Brian Kamau")
    lead = OrganisationFactory(
        name="Klang Cold Chain", slug="klang-cold-chain", country=my, kind=OrgKind.COMPANY
    )
    partner = OrganisationFactory(
        name="Nairobi AgriPay", slug="nairobi-agripay", country=ke, kind=OrgKind.STARTUP
    )
    MembershipFactory(organisation=lead, user=aisyah, role=MemberRole.OWNER)
    MembershipFactory(organisation=partner, user=brian, role=MemberRole.OWNER)
    now = timezone.now()
    call = services.create_call(
        by=sec,
        title="Digital logistics research 2026",
        currency="USD",
        total_budget=100_000,
        max_award=50_000,
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
        review_deadline=now + dt.timedelta(days=30),
        criteria=[("Excellence", 2), ("Impact", 1)],
        challenges="Port congestion\nFinancial inclusion",
        required_documents="Project plan",
        startup_required=True,
        reviews_per_proposal=1,
        max_load=4,
    )
    rita = UserFactory(email="rita@e2e.example", full_name="Rita Reviewer")
    grant_role(user=rita, role=Role.REVIEWER, by=None)
    services.register_reviewer(
        by=sec, user=rita, expertise="logistics, ports, cold chain", country=ke, calls=[call]
    )
    return {"slug": call.slug, "call_title": call.title, "lead": lead.pk, "partner": partner.pk}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_submit_assign_review_award_decision(live_server, grants_setup, open_page):
    data = grants_setup
    base, slug = live_server.url, data["slug"]
    due = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    pages = []
    try:
        # The applicant finds the open call, drafts the proposal, attaches the plan and submits.
        aisyah = log_in(open_page(locale="en-GB"), "aisyah@e2e.example")
        pages.append(aisyah)
        aisyah.goto(f"{base}/grants/")
        aisyah.get_by_role("link", name=data["call_title"]).first.click()
        aisyah.wait_for_url(f"{base}/grants/{slug}/")
        aisyah.get_by_role("link", name="Start a proposal").click()
        aisyah.wait_for_url(f"{base}/grants/{slug}/apply/")
        aisyah.fill("#id_title", TITLE)
        aisyah.select_option("#id_lead", str(data["lead"]))
        # the organisation picker filters its options as you type (name or country)
        aisyah.get_by_label("Partner organisations — Type to search by name or country").fill("agripay")
        visible = aisyah.eval_on_selector(
            "#id_partners", "s => [...s.options].filter(o => !o.hidden).map(o => o.text)"
        )
        assert visible and all("AgriPay" in t for t in visible), visible
        assert "Kenya" in visible[0]
        aisyah.select_option("#id_partners", [str(data["partner"])])
        aisyah.fill("#id_abstract", "Shared logistics data between ports to cut cold-chain losses.")
        aisyah.fill("#id_keywords", "logistics, cold chain, ports")
        aisyah.select_option("#id_theme", "Port congestion")
        # budget lines are rows: add one, the total follows as you type
        aisyah.select_option("#id_budget-0-organisation", str(data["lead"]))
        aisyah.fill("#id_budget-0-description", "Research staff")
        aisyah.fill("#id_budget-0-amount", "20000")
        aisyah.get_by_role("button", name="Add a row").first.click()
        aisyah.select_option("#id_budget-1-organisation", str(data["partner"]))
        aisyah.fill("#id_budget-1-description", "Pilot")
        aisyah.fill("#id_budget-1-amount", "10000")
        assert aisyah.text_content("output[data-total-for=budget]") in ("30,000.00", "30000.00")
        aisyah.fill("#id_milestones-0-title", "Pilot report")
        aisyah.fill("#id_milestones-0-due_on", f"{due}")
        aisyah.fill("#id_milestones-0-amount", "30000")
        aisyah.get_by_role("button", name="Save draft").click()
        aisyah.wait_for_url(re.compile(r".*/grants/proposals/\d+/$"))
        proposal_url = aisyah.url
        pk = int(proposal_url.rstrip("/").rsplit("/", 1)[-1])
        assert "Missing required document: Project plan." in aisyah.content()
        aisyah.select_option("#id_kind", "Project plan")
        aisyah.set_input_files(
            "#id_file", files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        aisyah.get_by_role("button", name="Attach").click()
        aisyah.wait_for_selector("text=Document attached.")
        aisyah.click("#submit-proposal")
        aisyah.wait_for_selector("text=Proposal submitted.")
        assert aisyah.inner_text("#status") == "Submitted"

        # The secretariat runs the assignment and waits for the htmx progress to reach 100%.
        sec = log_in(open_page(locale="en-GB"), "sec@e2e.example")
        pages.append(sec)
        sec.goto(f"{base}/grants/{slug}/assignment/")
        assert TITLE in sec.content()
        sec.click("#run-assignment")
        sec.wait_for_url(re.compile(rf".*/grants/{slug}/assignment/\?run=\d+$"))
        sec.wait_for_selector("#run-progress progress[value='100']")
        sec.wait_for_selector("#run-progress:not([hx-trigger])")  # polling stopped: the run is over
        progress = sec.inner_text("#run-progress")
        assert "Done" in progress and "Every proposal is fully covered." in progress, progress
        sec.reload()
        assert "Rita Reviewer (KE," in sec.inner_text("table")

        # The reviewer scores the proposal from their list.
        rita = log_in(open_page(locale="en-GB"), "rita@e2e.example")
        pages.append(rita)
        rita.goto(f"{base}/grants/reviews/")
        rita.get_by_role("link", name=TITLE).click()
        rita.wait_for_url(f"{base}/grants/proposals/{pk}/review/")
        scores = rita.locator("select[name^='criterion_']")
        assert scores.count() == 2
        for i in range(scores.count()):
            scores.nth(i).select_option("4")
        rita.fill("#id_comments_for_applicants", "A convincing pilot across both ports.")
        rita.fill("#id_confidential_comments", "Budget is tight but realistic.")
        rita.click("#submit-review")
        rita.wait_for_url(f"{base}/grants/reviews/")
        assert "Review submitted." in rita.content()
        assert "4.00" in rita.inner_text("table")

        # The secretariat awards it from the score table.
        sec.goto(f"{base}/grants/{slug}/scores/")
        row = sec.locator("tr", has_text=TITLE)
        assert "✓" in row.inner_text()  # decision support selects it
        sec.select_option(f"#o-{pk}", "award")
        sec.fill(f"#r-{pk}", "Top ranked; both ports committed.")
        row.get_by_role("button", name="Decide").click()
        sec.wait_for_selector("text=Decision recorded.")
        assert "Award 30,000.00" in sec.locator("tr", has_text=TITLE).inner_text()

        # The applicant sees the decision, the reviewer's comment (not their name) and the letter.
        aisyah.goto(proposal_url)
        decision = aisyah.inner_text("#decision")
        assert "Award: 30,000.00 USD" in decision, decision
        assert "Top ranked; both ports committed." in decision
        assert "A convincing pilot across both ports." in decision
        assert "Rita" not in aisyah.content() and "Budget is tight" not in aisyah.content()
        assert aisyah.inner_text("#status") == "Awarded"
        href = aisyah.get_attribute("#decision-letter-pdf", "href")
        response = aisyah.request.get(f"{base}{href}")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert _squash(TITLE) in _squash(text) and "30,000.00USD" in _squash(text)
        assert [e for pg in pages for e in pg.errors] == []  # no uncaught script error on any page
    except Exception:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(pages):
            page.screenshot(path=str(SCREENSHOT.with_suffix(f".{i}.png")), full_page=True)
        raise
