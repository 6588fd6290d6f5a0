"""Pages: pipeline, the chain from a meeting to the council review that counted the venture, the
offer on a meeting outcome page, the innovation context (page, CSV, review page and PDF),
indicators, and forms that name the bad field."""

import csv
import datetime as dt
import io

import pytest

from corridor.council.registry import provider
from corridor.ventures import services
from corridor.ventures.enums import OriginKind, Stage
from corridor.ventures.models import ContextFigure, Venture

from .conftest import START
from .test_services import _meeting_between

pytestmark = pytest.mark.django_db


def test_pipeline_page_shows_stages_conversion_and_chart(client, make_venture, personas):
    v = make_venture(stage=Stage.MOU)
    services.advance_venture(by=personas.alice, venture=v, to_stage=Stage.SIGNED, on=START)
    make_venture(stage=Stage.MOU, title="Second venture")
    body = client.get("/ventures/").content.decode()
    assert "Alpha–Beta payments corridor" in body and "Second venture" in body
    assert "Conversion between stages" in body and "50.0 %" in body  # 1 of 2 MoUs moved on
    chart = client.get("/ventures/pipeline.svg")
    assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content
    assert "MoU" in client.get("/ventures/?stage=mou").content.decode()


def test_pipeline_empty_state_says_what_to_do(client, db):
    assert "open one from a matchmaking meeting" in client.get("/ventures/").content.decode()


def test_outcome_page_offers_a_venture_prefilled_from_the_meeting(login, personas, fintech):
    from corridor.matchmaking.models import Outcome

    meeting = _meeting_between(personas.org_a, personas.org_b)
    reg = meeting.request.requester
    reg.user = personas.alice
    reg.save()
    c = login(personas.alice)
    url = f"/events/{meeting.event.slug}/meetings/{meeting.pk}/outcome/"
    assert "Open a joint venture" not in c.get(url).content.decode()
    Outcome.objects.create(meeting=meeting, recorded_by=reg, kind="mou")
    page = c.get(url).content.decode()
    assert f"/ventures/new/?meeting={meeting.pk}" in page
    form = c.get(f"/ventures/new/?meeting={meeting.pk}").content.decode()
    assert 'value="alpha-logistics" selected' in form and 'value="beta-pay" selected' in form
    assert f'value="meeting:{meeting.pk}" selected' in form
    r = c.post(
        f"/ventures/new/?meeting={meeting.pk}",
        {
            "title": "From the B2B day",
            "sector": fintech.pk,
            "organisation": "alpha-logistics",
            "partner": "beta-pay",
            "started_on": "2025-03-05",
            "stage": "mou",
            "origin": f"meeting:{meeting.pk}",
        },
    )
    venture = Venture.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/ventures/{venture.pk}/"
    assert venture.origin_kind == OriginKind.MEETING and venture.origin_meeting == meeting
    assert "See the joint venture" in c.get(url).content.decode()


def test_form_errors_are_shown_beside_the_field_and_change_nothing(login, personas, fintech):
    c = login(personas.alice)
    r = c.post(
        "/ventures/new/",
        {
            "title": "Lonely",
            "sector": fintech.pk,
            "organisation": "alpha-logistics",
            "partner": "alpha-logistics",
            "started_on": "2025-03-05",
            "stage": "idea",
            "expected_value": "12.345",
        },
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "Ensure that there are no more than 2 decimal places." in body
    r = c.post(
        "/ventures/new/",
        {
            "title": "Lonely",
            "sector": fintech.pk,
            "organisation": "alpha-logistics",
            "partner": "alpha-logistics",
            "started_on": "2025-03-05",
            "stage": "idea",
        },
    )
    assert "at least one Malaysian and one Kenyan organisation" in r.content.decode()
    assert not Venture.objects.exists()


def test_dissolving_asks_for_confirmation(login, personas, make_venture):
    v = make_venture(stage=Stage.SIGNED)
    c = login(personas.alice)
    r = c.post(f"/ventures/{v.pk}/stage/", {"to_stage": "dissolved", "on": "2025-04-01"})
    assert r.status_code == 400 and "Confirm that the venture is dissolved." in r.content.decode()
    v.refresh_from_db()
    assert v.stage == Stage.SIGNED
    r = c.post(f"/ventures/{v.pk}/stage/", {"to_stage": "dissolved", "on": "2025-04-01", "confirm": "on"})
    v.refresh_from_db()
    assert r.status_code == 302 and v.stage == Stage.DISSOLVED


def test_indicators(make_venture, personas, rates, myr):
    v = make_venture(stage=Stage.MOU, committed_value="450000", committed_currency=myr, committed_on=START)
    services.advance_venture(by=personas.alice, venture=v, to_stage=Stage.SIGNED, on=dt.date(2025, 8, 1))
    make_venture()  # an idea: not an agreement
    h1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    h2 = (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert provider("ventures.agreements").compute(*h1) == {"MY": 1.0, "KE": 1.0, None: 1.0}
    assert provider("ventures.agreements").compute(*h2)[None] == 0.0
    assert provider("ventures.stage_mou").compute(*h1) == {None: 1.0}
    assert provider("ventures.stage_signed").compute(*h2) == {None: 1.0}
    assert provider("ventures.stage_idea").compute(*h2) == {None: 1.0}
    assert provider("ventures.committed_usd").compute(*h1) == {None: 0.0}
    assert provider("ventures.committed_usd").compute(*h2) == {None: 100000.0}  # 450,000 MYR / 4.50


def test_chain_leads_to_the_review_that_counted_the_venture(client, login, personas, make_venture):
    from corridor.council import services as council
    from corridor.orgs.models import PartnerRecommendation

    PartnerRecommendation.objects.create(
        organisation=personas.org_a, partner=personas.org_b, rank=2, score=0.8
    )
    meeting = _meeting_between(personas.org_a, personas.org_b)
    v = make_venture(stage=Stage.MOU, origin_kind=OriginKind.MEETING, origin=meeting)
    review = council.open_review(by=personas.secretariat, period="2025-H1", title="First half 2025")
    council.publish_review(by=personas.secretariat, review=review)
    page = client.get(f"/ventures/{v.pk}/").content.decode()
    assert "Beta Pay was suggested to Alpha Logistics as partner #2." in page
    assert "Alpha Logistics ⇄ Beta Pay" in page
    assert "Counted in ventures.agreements for 2025-H1" in page
    assert f'href="/council/reviews/{review.pk}/"' in page
    assert "its published snapshot records 1.0 venture agreements" in page


def test_context_page_csv_and_review_blocks_carry_sources(client, login, personas):
    assert ContextFigure.objects.filter(country="MY", kind="gii_rank").exists()
    page = client.get("/ventures/context/?country=KE").content.decode()
    table = page.split("<table")[1].split("</table>")[0]
    assert "Central Bank of Kenya" in table and "Malaysia" not in table
    rows = list(csv.reader(io.StringIO(client.get("/ventures/context.csv").content.decode())))
    assert rows[0][6:8] == ["source", "source_url"]
    assert len(rows) - 1 == ContextFigure.objects.count()
    assert all(r[6] and r[7].startswith("http") and r[8] for r in rows[1:])
    # both sources are listed where they disagree, and the choice is stated
    ke_2024 = [r for r in rows if r[0].startswith("Mobile-money") and r[2] == "2024"]
    assert sorted(r[5] for r in ke_2024) == ["no", "yes"]
    from corridor.council import services as council
    from corridor.council.report import gather, pdf_bytes

    review = council.open_review(by=personas.secretariat, period="2025-H1", title="H1")
    body = login(personas.secretariat).get(f"/council/reviews/{review.pk}/").content.decode()
    assert "Innovation context (published figures)" in body and "Bank Negara Malaysia" in body
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes(review, gather(review)))).pages)
    assert "Innovation context" in text and "Mwakilishi" in text


def test_a_venture_opened_from_a_partner_recommendation(login, personas, fintech):
    from corridor.orgs.models import PartnerRecommendation

    rec = PartnerRecommendation.objects.create(
        organisation=personas.org_b, partner=personas.org_a, rank=1, score=0.9
    )
    c = login(personas.bob)
    url = f"/ventures/new/?origin=recommendation&id={rec.pk}"
    form = c.get(url).content.decode()
    assert 'value="beta-pay" selected' in form and 'value="alpha-logistics" selected' in form
    assert "Started from: Partner recommendation" in form
    r = c.post(
        url,
        {
            "title": "Suggested pair",
            "sector": fintech.pk,
            "organisation": "beta-pay",
            "partner": "alpha-logistics",
            "started_on": "2025-03-05",
            "stage": "idea",
            "origin": f"recommendation:{rec.pk}",
        },
    )
    assert r.status_code == 302
    venture = Venture.objects.get()
    assert venture.origin_kind == OriginKind.RECOMMENDATION and venture.origin_recommendation == rec
    assert venture.origin_note == "Beta Pay → Alpha Logistics (#1)"  # kept when recommendations refresh
    assert "Started from" in login(personas.secretariat).get(url).content.decode()  # acts for all
    assert login(personas.carol).get(url).status_code == 403  # a plain member acts for nobody


def test_pledges_page_and_chart(client, personas, fintech, rates):
    from corridor.core.models import Country, Currency

    p = services.create_pledge(
        by=personas.alice,
        organisation=personas.org_a,
        title="Alpha to Kenya",
        target_country=Country.objects.get(code="KE"),
        sector=fintech,
        amount="450000",
        currency=Currency.objects.get(code="MYR"),
        announced_on=dt.date(2025, 2, 1),
    )
    services.add_disbursement(by=personas.alice, pledge=p, amount="45000", disbursed_on=dt.date(2025, 3, 1))
    body = client.get("/ventures/pledges/").content.decode()
    assert "Pledged: USD 100,000 · disbursed: USD 10,000" in body
    assert "MYR 450,000" in body and "MYR 45,000" in body
    chart = client.get("/ventures/pledges.svg")
    assert chart["Content-Type"] == "image/svg+xml" and b"Disbursed" in chart.content
    detail = client.get(f"/ventures/pledges/{p.pk}/").content.decode()
    assert "USD 100,000.00" in detail and "10.0 %" in detail and "MYR 405,000.00" in detail


def test_context_page_has_gii_2025_and_says_what_was_not_found(client, db):
    figures = ContextFigure.objects.filter(year=2025, kind="gii_rank")
    assert [(f.country_id, int(f.value), f.published_on) for f in figures] == [
        ("KE", 102, dt.date(2025, 9, 16))
    ]
    assert figures[0].source_url.startswith("https://kenia.go.ke/")
    funding = ContextFigure.objects.get(kind="startup_funding", country_id="MY", year=2024)
    assert funding.unit == "MYR billion" and str(funding.value.normalize()) == "6.7" and funding.source_url
    body = client.get("/ventures/context/?kind=gii_rank&country=MY").content.decode()
    assert "Searched for and not found" in body
    assert "Malaysia&#x27;s rank and score" in body or "Malaysia's rank and score" in body
    rows = list(csv.reader(io.StringIO(client.get("/ventures/context.csv").content.decode())))
    assert any(r[1] == "MY" and r[2] == "2024" and "startup" in r[0].lower() for r in rows)
