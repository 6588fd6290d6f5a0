"""Permission matrix: every persona against every venture action by page, API and service, with
data that would leak if a rule broke (an idea and a confidential venture carry SECRET titles)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from corridor.ventures import access, services
from corridor.ventures.enums import Stage

pytestmark = pytest.mark.django_db

PERSONAS = ["alice", "bob", "carol", "reviewer", "focal_my", "focal_ke", "secretariat", "anonymous"]
# who sees what: parties (alice, bob and carol, a plain member of A) and council staff see all
SEES_PRIVATE = {"alice", "bob", "carol", "focal_my", "focal_ke", "secretariat"}
# who edits: can_act_for a party (owners alice and bob) or the secretariat; carol is a plain member
EDITS = {"alice", "bob", "secretariat"}


@pytest.fixture
def ventures(make_venture):
    return {
        "idea": make_venture(title="SECRET idea of Alpha and Beta"),
        "confidential": make_venture(title="SECRET confidential deal", stage=Stage.MOU, confidential=True),
        "public": make_venture(title="Public corridor venture", stage=Stage.MOU),
    }


def _user(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


def _client(client, login, personas, name):
    return client if name == "anonymous" else login(getattr(personas, name))


@pytest.mark.parametrize("name", PERSONAS)
def test_view_by_page_api_and_service(client, login, personas, ventures, name):
    c = _client(client, login, personas, name)
    pipeline = c.get("/ventures/").content.decode()
    listed = {item["title"] for item in c.get("/api/ventures/ventures/").json()["results"]}
    stats_total = c.get("/api/ventures/pipeline/").json()["total"]
    for key, venture in ventures.items():
        visible = key == "public" or name in SEES_PRIVATE
        page = c.get(f"/ventures/{venture.pk}/")
        api = c.get(f"/api/ventures/ventures/{venture.pk}/")
        assert page.status_code == (200 if visible else 404), (name, key)
        assert api.status_code == (200 if visible else 404), (name, key)
        assert (venture.title in pipeline) == visible, (name, key)
        assert (venture.title in listed) == visible, (name, key)
        user = _user(personas, name)
        if visible:
            assert access.get_venture(user, venture.pk) == venture
        else:
            with pytest.raises(Http404):
                access.get_venture(user, venture.pk)
    assert stats_total == (3 if name in SEES_PRIVATE else 1)
    # a guessed id answers like a hidden one
    assert c.get("/ventures/999999/").status_code == 404
    assert c.get("/api/ventures/ventures/999999/").status_code == 404


@pytest.mark.parametrize("name", PERSONAS)
def test_change_stage_by_page_api_and_service(client, login, personas, ventures, name):
    c = _client(client, login, personas, name)
    venture = ventures["public"]
    allowed = name in EDITS
    on = dt.date(2025, 4, 1).isoformat()
    page = c.post(f"/ventures/{venture.pk}/stage/", {"to_stage": "term_sheet", "on": on})
    if name == "anonymous":
        assert page.status_code == 302 and "/login/" in page["Location"]
    else:
        assert page.status_code == (302 if allowed else 403), name
    venture.refresh_from_db()
    assert venture.stage == (Stage.TERM_SHEET if allowed else Stage.MOU)
    api = c.post(
        f"/api/ventures/ventures/{venture.pk}/transitions/",
        {"to_stage": "signed", "on": on},
        content_type="application/json",
    )
    assert api.status_code == (201 if allowed else 403), name
    venture.refresh_from_db()
    assert venture.stage == (Stage.SIGNED if allowed else Stage.MOU)
    if not allowed and name != "anonymous":
        with pytest.raises(PermissionDenied):
            services.advance_venture(
                by=_user(personas, name), venture=venture, to_stage="dissolved", on=dt.date(2025, 5, 1)
            )
    # the edit page follows the same rule
    edit = c.get(f"/ventures/{venture.pk}/edit/")
    assert edit.status_code == (200 if allowed else 302 if name == "anonymous" else 403)


@pytest.mark.parametrize("name", sorted(set(PERSONAS) - SEES_PRIVATE))
def test_a_hidden_venture_cannot_be_changed_and_answers_not_found(client, login, personas, ventures, name):
    c = _client(client, login, personas, name)
    venture = ventures["confidential"]
    r = c.post(f"/ventures/{venture.pk}/stage/", {"to_stage": "signed", "on": "2025-04-01"})
    assert r.status_code in (302, 404)
    if name != "anonymous":
        assert r.status_code == 404
        with pytest.raises(Http404):
            services.advance_venture(
                by=_user(personas, name), venture=venture, to_stage="signed", on=dt.date(2025, 4, 1)
            )
    venture.refresh_from_db()
    assert venture.stage == Stage.MOU


@pytest.mark.parametrize("name", PERSONAS)
def test_record_a_pledge_and_disbursement(client, login, personas, fintech, name):
    from corridor.core.models import Country, Currency

    pledge = services.create_pledge(
        by=personas.alice,
        organisation=personas.org_a,
        title="Alpha pledges to Kenya",
        target_country=Country.objects.get(code="KE"),
        sector=fintech,
        amount="1000",
        currency=Currency.objects.get(code="MYR"),
        announced_on=dt.date(2025, 1, 10),
    )
    c = _client(client, login, personas, name)
    assert c.get(f"/ventures/pledges/{pledge.pk}/").status_code == 200  # pledges are public
    allowed = name in {"alice", "secretariat"}  # acting for the pledging organisation A
    r = c.post(f"/ventures/pledges/{pledge.pk}/", {"amount": "10", "disbursed_on": "2025-02-01"})
    assert r.status_code == (302 if allowed else 403), name
    api = c.post(
        f"/api/ventures/pledges/{pledge.pk}/disbursements/",
        {"amount": "5", "disbursed_on": "2025-02-02"},
        content_type="application/json",
    )
    assert api.status_code == (201 if allowed else 403), name
    assert pledge.disbursements.count() == (2 if allowed else 0)
