"""The origin picker and the "open a venture" links: a venture may only be traced to a meeting,
grant award, exchange placement or recommendation the user may see; the service refuses any
other by naming the field, on the page and through the API, and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.ventures import services
from corridor.ventures.enums import OriginKind, PartyRole
from corridor.ventures.models import Venture
from tests.api_errors import error_codes
from tests.factories import OrganisationFactory

from .conftest import START
from .test_services import _meeting_between

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def meetings(personas):
    """Alpha–Beta (both personas' organisations) and Beta–Outsider (Alice is in neither)."""
    outsider = OrganisationFactory(name="Outsider MY", slug="outsider-my", country=personas.org_a.country)
    return _meeting_between(personas.org_a, personas.org_b), _meeting_between(personas.org_b, outsider)


def _form(fintech, **extra):
    data = {
        "title": "Traced venture",
        "sector": fintech.pk,
        "organisation": "alpha-logistics",
        "partner": "beta-pay",
        "started_on": "2025-03-05",
        "stage": "idea",
    }
    data.update(extra)
    return data


def test_the_picker_lists_only_origins_of_the_users_organisations(login, personas, meetings):
    ours, theirs = meetings
    alice = login(personas.alice).get("/ventures/new/").content.decode()
    assert f'value="meeting:{ours.pk}"' in alice and f'value="meeting:{theirs.pk}"' not in alice
    assert "Started from" in alice and "None of these (other)" in alice
    bob = login(personas.bob).get("/ventures/new/").content.decode()
    assert f'value="meeting:{ours.pk}"' in bob and f'value="meeting:{theirs.pk}"' in bob
    sec = login(personas.secretariat).get("/ventures/new/").content.decode()
    assert f'value="meeting:{theirs.pk}"' in sec


def test_a_picked_origin_is_recorded(login, personas, meetings, fintech):
    ours, _theirs = meetings
    r = login(personas.alice).post("/ventures/new/", _form(fintech, origin=f"meeting:{ours.pk}"))
    assert r.status_code == 302
    venture = Venture.objects.get()
    assert venture.origin_kind == OriginKind.MEETING and venture.origin_meeting == ours


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("theirs", "No such record among those you may see."),
        ("meeting:999999", "Choose the record that started the venture."),
        ("bogus:1", "Unknown origin."),
    ],
)
def test_an_origin_the_user_cannot_see_is_refused_beside_the_picker(
    login, personas, meetings, fintech, value, message
):
    _ours, theirs = meetings
    if value == "theirs":
        value = f"meeting:{theirs.pk}"
    r = login(personas.alice).post("/ventures/new/", _form(fintech, origin=value))
    assert r.status_code == 200
    body = r.content.decode()
    assert message in body
    # shown beside the picker, not at the top of the form
    assert body.index(message) > body.index('name="origin"') or body.index(message) > body.index(
        'for="id_origin"'
    )
    assert not Venture.objects.exists()


def test_the_api_refuses_an_origin_the_caller_cannot_see(login, personas, meetings, rates):
    _ours, theirs = meetings
    body = {
        "title": "Through the API",
        "sector": "fintech",
        "parties": [
            {"organisation": personas.org_a.slug, "role": "lead"},
            {"organisation": personas.org_b.slug, "role": "partner"},
        ],
        "started_on": "2025-03-01",
        "stage": "idea",
        "origin_kind": "meeting",
        "origin_id": theirs.pk,
    }
    r = login(personas.alice).post("/api/ventures/ventures/", body, content_type=JSON)
    assert r.status_code == 400
    assert error_codes(r) == {"origin_meeting": ["origin_not_visible"]}
    assert not Venture.objects.exists()
    r = login(personas.bob).post("/api/ventures/ventures/", body, content_type=JSON)
    assert r.status_code == 201, r.json()
    assert r.json()["origin_meeting"] == theirs.pk


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("alice", "origin_not_visible"),  # member of Alpha only: the meeting is Beta's and another's
        ("bob", "ok"),  # acts for Beta, which met there
        ("secretariat", "ok"),
        ("carol", "forbidden"),  # a plain member acts for nobody
        ("reviewer", "forbidden"),
        ("focal_my", "forbidden"),
        ("focal_ke", "forbidden"),
        ("anonymous", "forbidden"),
    ],
)
def test_who_may_name_a_meeting_as_the_origin(personas, meetings, fintech, persona, outcome):
    from django.contrib.auth.models import AnonymousUser

    _ours, theirs = meetings
    user = AnonymousUser() if persona == "anonymous" else getattr(personas, persona)

    def create():
        return services.create_venture(
            by=user,
            title="Named origin",
            sector=fintech,
            parties=[(personas.org_a, PartyRole.LEAD), (personas.org_b, PartyRole.PARTNER)],
            started_on=START,
            origin_kind=OriginKind.MEETING,
            origin=theirs,
        )

    if outcome == "ok":
        assert create().origin_meeting == theirs
        return
    expected = PermissionDenied if outcome == "forbidden" else ValidationError
    with pytest.raises(expected) as info:
        create()
    if outcome != "forbidden":
        assert info.value.message_dict.keys() == {"origin_meeting"}
        assert info.value.error_dict["origin_meeting"][0].code == outcome
    assert not Venture.objects.exists()


def _award(personas, outcome="award"):
    from django.utils import timezone

    from corridor.grants import services as grants
    from corridor.grants.models import Decision

    now = timezone.now()
    call = grants.create_call(
        by=personas.secretariat,
        title="Digital logistics research",
        currency="USD",
        total_budget=100_000,
        max_award=50_000,
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
        review_deadline=now + dt.timedelta(days=30),
        criteria=[("Excellence", 1)],
        challenges="Port congestion",
        required_documents="",
        reviews_per_proposal=1,
        max_load=4,
    )
    proposal = grants.save_proposal(
        by=personas.alice,
        call=call,
        title="Cold-chain data exchange",
        lead=personas.org_a,
        partners=[personas.org_b],
        abstract="Shared port data.",
        keywords="logistics",
        theme="Port congestion",
        budget=[(personas.org_a, "Staff", 20_000)],
        milestones=[("Pilot", timezone.localdate() + dt.timedelta(days=60), 20_000)],
    )
    return Decision.objects.create(proposal=proposal, outcome=outcome, amount=20_000, reason="Strong plan.")


def test_a_grant_award_page_offers_to_open_a_venture(login, personas, fintech):
    decision = _award(personas)
    url = f"/grants/proposals/{decision.proposal.pk}/"
    c = login(personas.alice)
    page = c.get(url).content.decode()
    link = f"/ventures/new/?origin=grant&amp;id={decision.pk}"
    assert link in page
    form = c.get(f"/ventures/new/?origin=grant&id={decision.pk}").content.decode()
    assert f'value="grant:{decision.pk}" selected' in form
    assert 'value="alpha-logistics" selected' in form and 'value="beta-pay" selected' in form
    r = c.post("/ventures/new/", _form(fintech, origin=f"grant:{decision.pk}"))
    assert r.status_code == 302
    venture = Venture.objects.get()
    assert venture.origin_kind == OriginKind.GRANT and venture.origin_award == decision
    page = c.get(url).content.decode()
    assert "See the joint venture it started" in page and link not in page


def test_a_declined_proposal_offers_no_venture(login, personas):
    decision = _award(personas, outcome="decline")
    page = login(personas.alice).get(f"/grants/proposals/{decision.proposal.pk}/").content.decode()
    assert "Open a joint venture" not in page


def test_a_recommendation_offers_a_venture_to_its_organisation_only(login, personas, fintech):
    from corridor.orgs.models import PartnerRecommendation

    rec = PartnerRecommendation.objects.create(
        organisation=personas.org_b, partner=personas.org_a, rank=1, score=0.9
    )
    link = f"/ventures/new/?origin=recommendation&amp;id={rec.pk}"
    assert link in login(personas.bob).get("/organisations/beta-pay/recommendations/").content.decode()
    # Alpha is the suggested partner, not the organisation the suggestion was made for
    alice = login(personas.alice)
    form = alice.get(f"/ventures/new/?origin=recommendation&id={rec.pk}").content.decode()
    assert f'value="recommendation:{rec.pk}"' not in form
    r = alice.post("/ventures/new/", _form(fintech, origin=f"recommendation:{rec.pk}"))
    assert "No such record among those you may see." in r.content.decode()
    assert not Venture.objects.exists()


def _placement(personas, status="accepted"):
    """Beta Pay (bob, KE) placed at Alpha Logistics (alice, MY) in a cohort."""
    from django.utils import timezone

    from corridor.exchange import services as exchange
    from corridor.exchange.models import Application, HostPlace, Placement, PlacementRun

    now = timezone.now()
    programme = exchange.create_programme(by=personas.secretariat, title="Launchpad", direction="both")
    cohort = exchange.create_cohort(
        by=personas.secretariat,
        programme=programme,
        name="Cohort 1",
        starts_on=dt.date.today() + dt.timedelta(days=60),
        ends_on=dt.date.today() + dt.timedelta(days=150),
        applications_open=now - dt.timedelta(days=1),
        applications_close=now + dt.timedelta(days=10),
        match_date=dt.date.today() + dt.timedelta(days=20),
        stipend_amount=2000,
        stipend_currency="USD",
        max_ranked=2,
        questions="Why?",
    )
    host = HostPlace.objects.create(cohort=cohort, organisation=personas.org_a, places=1)
    application = Application.objects.create(cohort=cohort, organisation=personas.org_b, stage="seed")
    run = PlacementRun.objects.create(cohort=cohort, status="done", published_at=now)  # offers are out
    return Placement.objects.create(run=run, application=application, host=host, choice_rank=1, status=status)


def test_a_placement_page_offers_a_venture_once_the_place_is_taken(login, personas, fintech):
    placement = _placement(personas, status="offered")
    url = f"/exchange/placements/{placement.pk}/"
    link = f"/ventures/new/?origin=placement&amp;id={placement.pk}"
    bob = login(personas.bob)
    assert link not in bob.get(url).content.decode()  # only an offer so far
    placement.status = "accepted"
    placement.save(update_fields=["status"])
    assert link in bob.get(url).content.decode()
    form = bob.get(f"/ventures/new/?origin=placement&id={placement.pk}").content.decode()
    assert f'value="placement:{placement.pk}" selected' in form
    assert 'value="beta-pay" selected' in form and 'value="alpha-logistics" selected' in form
    r = bob.post(
        "/ventures/new/",
        _form(
            fintech, organisation="beta-pay", partner="alpha-logistics", origin=f"placement:{placement.pk}"
        ),
    )
    assert r.status_code == 302
    venture = Venture.objects.get()
    assert venture.origin_kind == OriginKind.PLACEMENT and venture.origin_placement == placement
    # a member of neither organisation may not name it
    outsider = OrganisationFactory(name="Gamma KE", slug="gamma-ke", country=personas.org_b.country)
    with pytest.raises(ValidationError) as info:
        services.create_venture(
            by=personas.alice,
            title="Not hers",
            sector=fintech,
            parties=[(personas.org_a, PartyRole.LEAD), (outsider, PartyRole.PARTNER)],
            started_on=START,
            origin_kind=OriginKind.PLACEMENT,
            origin=_placement_between(personas, outsider),
        )
    assert info.value.error_dict["origin_placement"][0].code == "origin_not_visible"


def _placement_between(personas, outsider):
    """A placement of ``outsider`` at another outsider: Alice is in neither."""
    from corridor.exchange.models import Application, HostPlace, Placement, PlacementRun

    cohort = Venture.objects.get().origin_placement.run.cohort
    other_host = OrganisationFactory(name="Delta MY", slug="delta-my", country=personas.org_a.country)
    host = HostPlace.objects.create(cohort=cohort, organisation=other_host, places=1)
    application = Application.objects.create(cohort=cohort, organisation=outsider, stage="seed")
    run = PlacementRun.objects.create(cohort=cohort, status="done")
    return Placement.objects.create(
        run=run, application=application, host=host, choice_rank=1, status="accepted"
    )
