"""Permission matrix for grants: every persona × every action, by page, API and service.

Data: an open call; a draft proposal "SECRET proposal of Alpha" led by organisation A (alice is
its owner, carol a plain member) with B (bob's) as partner. Expected:

* the proposal is seen by A's people (alice, carol), the partner's owner (bob) and the
  secretariat; to everybody else (the reviewer, both focal points, anonymous) it is missing;
* only those who may act for the lead organisation (alice, and the secretariat) edit, withdraw
  or create proposals for it: a plain member (carol) and a partner (bob) may not (issue 17 item 4);
* the call's set-up pages (new call, assignment, reviewers, scores) are the secretariat's;
* hidden = missing: a forbidden proposal answers like a nonexistent id, and its title never
  appears in the answer.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from corridor.grants import services
from corridor.grants.enums import ProposalStatus
from corridor.grants.models import Call, Proposal
from tests.formsets import formset
from tests.matrix import (
    MISSING_PK,
    PERSONAS,
    api_client,
    assert_api_refused,
    assert_hidden,
    assert_login_redirect,
    listed,
    page_client,
    user_of,
)

SECRET = "SECRET proposal of Alpha"
#: may see the draft proposal
VIEWERS = {"alice", "carol", "bob", "secretariat"}
#: may act for the lead organisation A: edit, withdraw, apply for it
EDITORS = {"alice", "secretariat"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(personas, call):
    return services.save_proposal(
        by=personas.alice,
        call=call,
        title=SECRET,
        lead=personas.org_a,
        partners=[personas.org_b],
        abstract="Shared logistics data between ports.",
        budget=[(personas.org_a, "Research staff", 20_000), (personas.org_b, "Pilot", 10_000)],
        milestones=[("Pilot report", timezone.localdate() + dt.timedelta(days=60), 30_000)],
    )


def form_data(personas, proposal, **changes):
    data = {
        "title": proposal.title,
        "lead": personas.org_a.pk,
        "partners": [personas.org_b.pk],
        "abstract": proposal.abstract,
        "keywords": "",
        "sector": "",
        "theme": "",
        **formset(
            "budget",
            [
                {"organisation": personas.org_a.pk, "description": "Research staff", "amount": "20000"},
                {"organisation": personas.org_b.pk, "description": "Pilot", "amount": "10000"},
            ],
        ),
        **formset("team", []),
        **formset(
            "milestones",
            [
                {
                    "title": "Pilot report",
                    "due_on": f"{timezone.localdate() + dt.timedelta(days=60):%Y-%m-%d}",
                    "amount": "30000",
                }
            ],
        ),
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("who", PERSONAS)
def test_page_proposal(personas, login, proposal, who):
    c = page_client(personas, login, who)
    r = c.get(reverse("grants:proposal", args=[proposal.pk]))
    if who in VIEWERS:
        assert r.status_code == 200 and SECRET in r.content.decode()
        assert ("Edit" in r.content.decode()) is (who in EDITORS)
    else:
        assert_hidden(r, c.get(reverse("grants:proposal", args=[MISSING_PK])), SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_edit_form(personas, login, proposal, who):
    c = page_client(personas, login, who)
    r = c.get(reverse("grants:proposal_edit", args=[proposal.pk]))
    if who in EDITORS:
        assert r.status_code == 200 and 'name="abstract"' in r.content.decode()
    else:
        missing = c.get(reverse("grants:proposal_edit", args=[MISSING_PK]))
        assert_hidden(r, missing, SECRET)


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "secretariat"])
def test_page_edit_post(personas, login, proposal, who):
    """Saving the form changes the proposal for the lead's owner only. (The secretariat edits
    through the service: the page offers only organisations the signed-in person belongs to.)"""
    c = page_client(personas, login, who)
    data = form_data(personas, proposal, abstract=f"Changed by {who}")
    r = c.post(reverse("grants:proposal_edit", args=[proposal.pk]), data)
    proposal.refresh_from_db()
    if who in EDITORS:
        assert r.status_code == 302, r.content.decode()[:2000]
        assert proposal.abstract == f"Changed by {who}"
    else:
        assert proposal.abstract == "Shared logistics data between ports."
        assert_hidden(r, c.post(reverse("grants:proposal_edit", args=[MISSING_PK]), data), SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_withdraw(personas, login, proposal, who):
    c = page_client(personas, login, who)
    r = c.post(reverse("grants:proposal_action", args=[proposal.pk, "withdraw"]))
    proposal.refresh_from_db()
    if who in EDITORS:
        assert r.status_code == 302
        assert proposal.status == ProposalStatus.WITHDRAWN
    else:
        assert proposal.status == ProposalStatus.DRAFT
        missing = c.post(reverse("grants:proposal_action", args=[MISSING_PK, "withdraw"]))
        assert_hidden(r, missing, SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_apply_for_a(personas, login, call, who):
    """Applying with A as lead works only for who may act for A; for others nothing is created."""
    c = page_client(personas, login, who)
    before = Proposal.objects.count()
    data = form_data(personas, Proposal(title="Matrix application", abstract="Matrix."))
    r = c.post(reverse("grants:proposal_new", args=[call.slug]), data)
    if who == "alice":
        assert r.status_code == 302
        assert Proposal.objects.filter(title="Matrix application", lead=personas.org_a).exists()
    elif who == "anonymous":
        assert_login_redirect(r)
        assert Proposal.objects.count() == before
    else:
        # carol (plain member) and everybody else: the form refuses A as lead, nothing is saved
        assert r.status_code == 200 and 'name="lead"' in r.content.decode()
        assert Proposal.objects.count() == before


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("name", ["call_new", "assignment", "reviewers", "scores"])
def test_page_secretariat_only(personas, login, call, proposal, who, name):
    c = page_client(personas, login, who)
    args = [] if name == "call_new" else [call.slug]
    r = c.get(reverse(f"grants:{name}", args=args))
    if who == "secretariat":
        assert r.status_code == 200
    elif who == "anonymous":
        assert_login_redirect(r)
    else:
        assert r.status_code == 404
        if args:
            assert_hidden(r, c.get(reverse(f"grants:{name}", args=["no-such-call"])), SECRET)
        assert SECRET not in r.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_page_call_is_public_and_my_proposals_are_mine(personas, login, call, proposal, who):
    c = page_client(personas, login, who)
    r = c.get(reverse("grants:call", args=[call.slug]))
    assert r.status_code == 200 and call.title in r.content.decode()
    if who != "secretariat":  # the call page lists no draft proposal to the public
        assert SECRET not in r.content.decode()
    mine = c.get(reverse("grants:my_proposals"))
    if who == "anonymous":
        assert_login_redirect(mine)
    else:
        assert mine.status_code == 200
        assert (SECRET in mine.content.decode()) is (who in {"alice", "carol", "bob"})


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("who", PERSONAS)
def test_api_proposal_list(personas, proposal, who):
    r = api_client(personas, who).get(reverse("grant-proposal-list"))
    if who == "anonymous":
        assert_api_refused(r, SECRET, anonymous=True)
    else:
        assert listed(r, SECRET) is (who in VIEWERS)


@pytest.mark.parametrize("who", PERSONAS)
def test_api_proposal_detail(personas, proposal, who):
    c = api_client(personas, who)
    r = c.get(reverse("grant-proposal-detail", args=[proposal.pk]))
    if who in VIEWERS:
        assert r.status_code == 200 and r.json()["title"] == SECRET
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        missing = c.get(reverse("grant-proposal-detail", args=[MISSING_PK]))
        assert r.status_code == missing.status_code


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_api_proposals_are_read_only(personas, proposal, who, method):
    c = api_client(personas, who)
    url = (
        reverse("grant-proposal-list")
        if method == "post"
        else reverse("grant-proposal-detail", args=[proposal.pk])
    )
    r = getattr(c, method)(url, {"title": "Hijacked"}, content_type="application/json")
    assert r.status_code in ((401, 403) if who == "anonymous" else (404, 405)), r.status_code
    proposal.refresh_from_db()
    assert proposal.title == SECRET and proposal.status == ProposalStatus.DRAFT


@pytest.mark.parametrize("who", PERSONAS)
def test_api_calls_are_public(personas, call, who):
    r = api_client(personas, who).get(reverse("grant-call-list"))
    assert listed(r, call.title)
    r = api_client(personas, who).post(
        reverse("grant-call-list"), {"title": "x"}, content_type="application/json"
    )
    assert r.status_code in (401, 403, 405)
    assert Call.objects.count() == 1


# ---------------------------------------------------------------- services


@pytest.mark.parametrize("who", PERSONAS)
def test_service_withdraw(personas, proposal, who):
    if who in EDITORS:
        services.withdraw_proposal(by=user_of(personas, who), proposal=proposal)
        assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN
    else:
        with pytest.raises(Http404):
            services.withdraw_proposal(by=user_of(personas, who), proposal=proposal)
        assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


@pytest.mark.parametrize("who", PERSONAS)
def test_service_edit(personas, proposal, call, who):
    kwargs = {
        "call": call,
        "title": "Rewritten",
        "lead": personas.org_a,
        "abstract": "Rewritten.",
        "budget": [(personas.org_a, "Staff", 1000)],
        "proposal": proposal,
    }
    if who in EDITORS:
        services.save_proposal(by=user_of(personas, who), **kwargs)
        assert Proposal.objects.get(pk=proposal.pk).title == "Rewritten"
    else:
        with pytest.raises((Http404, PermissionDenied)):
            services.save_proposal(by=user_of(personas, who), **kwargs)
        assert Proposal.objects.get(pk=proposal.pk).title == SECRET


@pytest.mark.parametrize("who", PERSONAS)
def test_service_apply_for_a(personas, call, who):
    kwargs = {"call": call, "title": "New for A", "lead": personas.org_a, "abstract": "A.", "budget": []}
    if who in EDITORS:
        services.save_proposal(by=user_of(personas, who), **kwargs)
        assert Proposal.objects.filter(title="New for A").exists()
    else:
        with pytest.raises(PermissionDenied):
            services.save_proposal(by=user_of(personas, who), **kwargs)
        assert not Proposal.objects.filter(title="New for A").exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_service_create_call(personas, who):
    now = timezone.now()
    kwargs = {
        "title": f"Call by {who}",
        "currency": "USD",
        "total_budget": 1000,
        "max_award": 500,
        "opens_at": now,
        "closes_at": now + dt.timedelta(days=10),
        "review_deadline": now + dt.timedelta(days=20),
        "criteria": [("Excellence", 1)],
    }
    if who == "secretariat":
        services.create_call(by=user_of(personas, who), **kwargs)
        assert Call.objects.filter(title=f"Call by {who}").exists()
    else:
        with pytest.raises((PermissionDenied, Http404)):
            services.create_call(by=user_of(personas, who), **kwargs)
        assert not Call.objects.filter(title=f"Call by {who}").exists()
