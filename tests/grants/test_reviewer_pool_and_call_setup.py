"""Reviewer pool and call set-up: reviewer invitations and call-wide conflict detection, team people on the form,
pin/forbid controls, opening a call (page and admin), the deadline for visitors, reminders, the
published lottery, and the assignment page's proposal list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from corridor.core.models import Notification
from corridor.grants import services
from corridor.grants.enums import ConflictSource, PairRuleKind, ProposalStatus
from corridor.grants.models import Assignment, Call, Conflict, PairRule, Proposal, Reviewer
from tests.factories import OrganisationFactory, UserFactory
from tests.formsets import formset

from .conftest import make_submitted, pdf

pytestmark = pytest.mark.django_db


def _proposal_with_team(personas, call, team):
    p = services.save_proposal(
        by=personas.alice,
        call=call,
        title="Team proposal",
        lead=personas.org_a,
        partners=[personas.org_b],
        abstract="Ports and logistics data.",
        keywords="logistics, ports",
        budget=[(personas.org_a, "Staff", 1000)],
        team=team,
    )
    services.add_attachment(by=personas.alice, proposal=p, kind="Project plan", file=pdf())
    return services.submit_proposal(by=personas.alice, proposal=p)


# ----------------------------------------------------------------- 1. reviewers and conflicts


def test_reviewer_added_like_the_admin_is_never_assigned_a_conflicted_proposal(
    personas, call, my, ke, run_assignment
):
    lab = OrganisationFactory(name="Mombasa Port Lab", country=ke)
    proposal = _proposal_with_team(
        personas, call, [{"name": "Dr Wanjiru", "email": "w@lab.example", "orcid": "", "organisation": lab}]
    )
    services.register_reviewer(
        by=personas.secretariat,
        user=personas.reviewer,
        expertise="logistics, ports",
        country=my,
        calls=[call],
    )
    # Added directly (admin, shell): no conflict detection ran, and the pool needs them.
    zed = Reviewer.objects.create(
        user=UserFactory(full_name="Zed Port"), expertise="ports, logistics", country=ke, institution=lab
    )
    zed.calls.add(call)
    assert not Conflict.objects.filter(reviewer=zed).exists()
    run = run_assignment(call)
    assert run.status == "done"
    assert Conflict.objects.get(reviewer=zed, proposal=proposal).source == ConflictSource.SAME_ORGANISATION
    assert not Assignment.objects.filter(reviewer=zed, proposal=proposal).exists()
    assert run.uncovered and run.uncovered[0]["proposal"] == proposal.pk


def test_reviewer_added_in_the_admin_page_is_not_assigned(personas, login, call, my, ke, run_assignment):
    lab = OrganisationFactory(name="Nairobi Data Lab", country=ke)
    proposal = _proposal_with_team(
        personas, call, [{"name": "Dr Otieno", "email": "", "orcid": "", "organisation": lab}]
    )
    services.register_reviewer(
        by=personas.secretariat, user=personas.reviewer, expertise="logistics", country=my, calls=[call]
    )
    zed = UserFactory(full_name="Zed Admin-added")
    r = login(personas.secretariat).post(
        "/admin/grants/reviewer/add/",
        {
            "user": zed.pk,
            "expertise": "ports, logistics",
            "institution": lab.pk,
            "country": "KE",
            "orcid": "",
            "co_workers": "",
            "calls": [call.pk],
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    reviewer = Reviewer.objects.get(user=zed)
    assert Conflict.objects.filter(reviewer=reviewer, proposal=proposal).exists()
    run_assignment(call)
    assert not Assignment.objects.filter(reviewer=reviewer).exists()


def test_register_reviewer_validates_and_notifies(personas, call, my):
    with pytest.raises(ValidationError) as exc:
        services.register_reviewer(
            by=personas.secretariat, user=personas.reviewer, expertise=" ", country=None, orcid="12"
        )
    assert {"expertise", "country", "orcid"} <= set(exc.value.message_dict)
    services.register_reviewer(
        by=personas.secretariat,
        user=personas.reviewer,
        expertise="logistics\nports",
        country=my,
        orcid="0000-0002-1825-009x",
        calls=[call],
    )
    reviewer = Reviewer.objects.get(user=personas.reviewer)
    assert reviewer.expertise == "logistics, ports" and reviewer.orcid == "0000-0002-1825-009X"
    assert Notification.objects.filter(user=personas.reviewer, text__contains=call.title).exists()


def test_secretariat_invites_a_reviewer_on_the_page(personas, login, call, submitted, my):
    url = reverse("grants:reviewers", args=[call.slug])
    assert login(personas.alice).get(url).status_code == 404
    c = login(personas.secretariat)
    assert c.get(url).status_code == 200
    r = c.post(url, {"email": "nobody@example.org", "expertise": "ports", "country": "MY"})
    assert r.status_code == 200 and "No account uses this e-mail" in r.content.decode()
    r = c.post(url, {"email": personas.reviewer.email, "expertise": "ports", "country": "MY", "orcid": "bad"})
    assert r.status_code == 200 and "An ORCID looks like" in r.content.decode()
    assert not Reviewer.objects.filter(user=personas.reviewer).exists()
    r = c.post(
        url,
        {
            "email": personas.reviewer.email.upper(),
            "expertise": "ports, cold chain",
            "institution": personas.org_a.slug,
            "country": "MY",
            "orcid": "0000-0002-1825-0097",
        },
    )
    assert r.status_code == 302
    reviewer = Reviewer.objects.get(user=personas.reviewer)
    assert list(reviewer.calls.all()) == [call] and reviewer.institution == personas.org_a
    # Same organisation as the lead: conflict found at once.
    assert Conflict.objects.filter(reviewer=reviewer, proposal=submitted).exists()
    assert Notification.objects.filter(user=personas.reviewer, text__contains="invited").exists()
    assert "0000-0002-1825-0097" in c.get(url).content.decode()


# ----------------------------------------------------------------- 2. team people on the form


def _proposal_post(personas, team=(), **extra):
    return {
        "title": "Cold-chain exchange",
        "lead": personas.org_a.pk,
        "partners": [personas.org_b.pk],
        "abstract": "Ports data.",
        **formset("budget", [{"organisation": personas.org_a.pk, "description": "Staff", "amount": "1000"}]),
        **formset("team", list(team)),
        **formset("milestones", []),
        **extra,
    }


def test_team_rows_report_their_own_errors(personas, login, call):
    r = login(personas.alice).post(
        reverse("grants:proposal_new", args=[call.slug]),
        _proposal_post(
            personas,
            team=[
                {"name": "Ann Lee", "email": "ann@example.org", "orcid": "0000-0002-1825-0097"},
                {"name": "Bo", "email": "not-an-email", "orcid": "123", "organisation": "999999"},
                {"email": "just@example.org"},
            ],
        ),
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="id_team-1-email_error"' in html and 'id="id_team-1-orcid_error"' in html
    assert 'id="id_team-1-organisation_error"' in html and 'id="id_team-2-name_error"' in html
    assert 'id="id_team-0-name_error"' not in html
    assert "0000-0002-1825-0097" in html  # the good row keeps what was typed
    assert not Proposal.objects.filter(title="Cold-chain exchange").exists()


def test_team_people_from_the_page_create_orcid_and_co_worker_conflicts(personas, login, call, my, ke):
    orcid_twin = services.register_reviewer(
        by=personas.secretariat,
        user=UserFactory(email="other-address@example.org", full_name="Ann Under Another Email"),
        expertise="ports",
        country=ke,
        orcid="0000-0002-1825-0097",
        calls=[call],
    )
    friend = services.register_reviewer(
        by=personas.secretariat,
        user=UserFactory(full_name="Friend of Bo"),
        expertise="ports",
        country=my,
        co_workers="bo@example.org",
        calls=[call],
    )
    c = login(personas.alice)
    r = c.post(
        reverse("grants:proposal_new", args=[call.slug]),
        _proposal_post(
            personas,
            team=[
                {"name": "Ann Lee", "email": "ann@example.org", "orcid": "0000-0002-1825-0097"},
                {"name": "Bo Kim", "email": "Bo@Example.org", "organisation": personas.org_b.pk},
            ],
        ),
    )
    assert r.status_code == 302
    proposal = Proposal.objects.get(title="Cold-chain exchange")
    assert [(m.name, m.email, m.orcid) for m in proposal.team.all()] == [
        ("Ann Lee", "ann@example.org", "0000-0002-1825-0097"),
        ("Bo Kim", "bo@example.org", ""),
    ]
    edit = c.get(reverse("grants:proposal_edit", args=[proposal.pk])).content.decode()
    assert (
        'name="team-1-name" value="Bo Kim"' in edit and 'name="team-1-email" value="bo@example.org"' in edit
    )
    services.add_attachment(by=personas.alice, proposal=proposal, kind="Project plan", file=pdf())
    c.post(reverse("grants:proposal_action", args=[proposal.pk, "submit"]))
    sources = dict(Conflict.objects.filter(proposal=proposal).values_list("reviewer_id", "source"))
    assert sources == {orcid_twin.pk: ConflictSource.SAME_PERSON, friend.pk: ConflictSource.CO_WORKER}


# ----------------------------------------------------------------- 3. pin / forbid


def test_pin_and_forbid_on_the_assignment_page(personas, login, call, submitted, reviewers, run_assignment):
    c = login(personas.secretariat)
    url = reverse("grants:pair_rule", args=[call.slug, submitted.pk])
    services.declare_conflict(by=reviewers.mei.user, proposal=submitted, reason="Former student")
    r = c.post(url, {"reviewer": reviewers.mei.pk, "kind": "pin"}, follow=True)
    assert "has a conflict of interest with this proposal and cannot be pinned" in r.content.decode()
    assert not PairRule.objects.exists()
    r = c.post(url, {"reviewer": reviewers.rita.pk, "kind": "forbid"}, follow=True)
    assert "Re-run the assignment" in r.content.decode()
    assert PairRule.objects.get().kind == PairRuleKind.FORBID
    run_assignment(call)
    assigned = set(Assignment.objects.filter(proposal=submitted).values_list("reviewer_id", flat=True))
    assert reviewers.rita.pk not in assigned and reviewers.mei.pk not in assigned
    html = c.get(reverse("grants:assignment", args=[call.slug])).content.decode()
    assert "Forbid (never assign): Rita Reviewer" in html
    c.post(url, {"reviewer": reviewers.rita.pk, "kind": "clear"})
    assert not PairRule.objects.exists()
    assert login(personas.alice).post(url, {"reviewer": reviewers.rita.pk, "kind": "pin"}).status_code == 404


# ----------------------------------------------------------------- 4. opening a call


def _call_post(criteria=(("Excellence", "2"), ("Impact", "1")), **extra):
    return {
        **formset("criteria", [{"name": n, "weight": w} for n, w in criteria]),
        "title": "Blue economy research 2027",
        "challenges": "Fisheries\nCoastal tourism",
        "currency": "USD",
        "total_budget": "200000",
        "max_award": "50000",
        "time_zone": "Africa/Nairobi",
        "opens_at": "2030-01-10T09:00",
        "closes_at": "2030-03-31T17:00",
        "review_deadline": "2030-05-01T17:00",
        "score_scale": "7",
        "reviews_per_proposal": "2",
        "min_load": "0",
        "max_load": "6",
        "required_documents": "Project plan\nCVs",
        "startup_required": "on",
        "publish": "on",
        **extra,
    }


def test_secretariat_opens_a_call_on_the_page(personas, login):
    url = reverse("grants:call_new")
    assert login(personas.alice).get(url).status_code == 404
    c = login(personas.secretariat)
    assert "Open a call" in c.get(reverse("grants:calls")).content.decode()
    r = c.post(url, _call_post(max_award="300000", criteria=[("Excellence", "heavy")]))
    html = r.content.decode()
    assert r.status_code == 200 and 'id="id_criteria-0-weight_error"' in html
    r = c.post(url, _call_post(max_award="300000"))
    assert "cannot exceed the total budget" in r.content.decode()
    assert not Call.objects.exists()
    r = c.post(url, _call_post())
    assert r.status_code == 302
    call = Call.objects.get()
    assert call.time_zone == "Africa/Nairobi" and call.startup_required and call.score_scale == 7
    assert call.closes_at == dt.datetime(2030, 3, 31, 14, 0, tzinfo=dt.UTC)  # 17:00 in Nairobi
    assert [(c.name, c.weight) for c in call.criteria.all()] == [
        ("Excellence", Decimal(2)),
        ("Impact", Decimal(1)),
    ]
    assert call.themes() == ["Fisheries", "Coastal tourism"] and call.document_list() == [
        "Project plan",
        "CVs",
    ]


def test_create_call_rules(personas):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.create_call(
            by=personas.secretariat,
            title="Bad",
            currency="USD",
            total_budget=100,
            max_award=10,
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
            review_deadline=now,
            time_zone="Mars/Olympus",
            reviews_per_proposal=0,
            min_load=9,
            max_load=8,
            criteria=[("Excellence", 0)],
        )
    assert {"review_deadline", "time_zone", "reviews_per_proposal", "min_load", "criteria"} <= set(
        exc.value.message_dict
    )


def _admin_call_post(**extra):
    return {
        "title": "Admin call",
        "slug": "admin-call",
        "currency": "USD",
        "total_budget": "1000",
        "max_award": "5000",
        "time_zone": "Asia/Kuala_Lumpur",
        "opens_at_0": "2030-01-01",
        "opens_at_1": "09:00:00",
        "closes_at_0": "2030-02-01",
        "closes_at_1": "09:00:00",
        "reviews_per_proposal": "3",
        "min_load": "0",
        "max_load": "8",
        "score_scale": "5",
        "disagreement_threshold": "2",
        "share_low": "0.4",
        "share_high": "0.6",
        "status": "published",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-name": "Excellence",
        "criteria-0-weight": "1",
        "criteria-0-position": "0",
        **extra,
    }


def test_call_admin_validates_through_the_service_rules(personas, login):
    c = login(personas.secretariat)
    r = c.post("/admin/grants/call/add/", _admin_call_post())
    assert r.status_code == 200 and "cannot exceed the total budget" in r.content.decode()
    r = c.post("/admin/grants/call/add/", _admin_call_post(max_award="500", **{"criteria-0-weight": "0"}))
    assert r.status_code == 200 and "weight above zero" in r.content.decode()
    assert not Call.objects.exists()
    r = c.post("/admin/grants/call/add/", _admin_call_post(max_award="500"))
    assert r.status_code == 302
    assert Call.objects.get().created_by == personas.secretariat


# ----------------------------------------------------------------- 5. the deadline for visitors


def test_anonymous_visitor_sees_the_call_zone_and_utc(client, personas, call):
    html = client.get(reverse("grants:call", args=[call.slug])).content.decode()
    assert "your time zone" not in html
    assert "the call's time zone, Asia/Kuala_Lumpur" in html and "(UTC)" in html
    local = timezone.localtime(call.closes_at, dt.timezone(dt.timedelta(hours=8)))
    assert local.strftime("%H:%M") in html and call.closes_at.strftime("%H:%M") in html
    assert "<script" not in html.split('id="deadline"')[1].split("</dd>")[0]


def test_signed_in_visitor_sees_their_zone_labelled(personas, login, call):
    personas.alice.time_zone = "Africa/Nairobi"
    personas.alice.save()
    html = login(personas.alice).get(reverse("grants:call", args=[call.slug])).content.decode()
    assert "your time zone, Africa/Nairobi" in html and " +03" not in html


# ----------------------------------------------------------------- 6. reminders


def test_grants_reminders_command(personas, call, submitted, reviewers, assigned, capsys):
    Call.objects.filter(pk=call.pk).update(review_deadline=timezone.now() + dt.timedelta(days=1))
    call_command("grants_reminders")
    assert "2 reminder(s) sent." in capsys.readouterr().out
    assert Notification.objects.filter(text__startswith="Reminder: your review").count() == 2


# ----------------------------------------------------------------- 7. the published lottery


def _tied_call(personas, call, reviewers, run_assignment):
    # Both leads are Malaysian: drop the country band and theme rule so one of the two is funded.
    Call.objects.filter(pk=call.pk).update(
        total_budget=1500, max_award=1000, share_low=0, share_high=1, themes_at_least_once=False
    )
    call.refresh_from_db()
    a, b = make_submitted(personas, call, 2, title="Tied")
    run_assignment(call)
    for p in (a, b):
        for asg in Assignment.objects.filter(proposal=p).select_related("reviewer__user"):
            services.submit_review(
                by=asg.reviewer.user, proposal=p, scores={str(c.pk): 4 for c in call.criteria.all()}
            )
    return a, b


def test_lottery_is_published_with_the_decisions(personas, login, client, call, reviewers, run_assignment):
    a, b = _tied_call(personas, call, reviewers, run_assignment)
    c = login(personas.secretariat)
    html = c.get(reverse("grants:scores", args=[call.slug])).content.decode()
    assert "Lottery at the funding line" in html
    call.refresh_from_db()
    assert sorted(call.lottery_draw["group"]) == sorted([a.pk, b.pk]) and call.lottery_draw["places"] == 1
    # Not public before any decision.
    assert "published seed" not in client.get(reverse("grants:call", args=[call.slug])).content.decode()
    assert client.get(f"/api/grants/calls/{call.slug}/").json()["lottery_seed"] is None
    winner = Proposal.objects.get(pk=call.lottery_draw["winners"][0])
    services.decide(by=personas.secretariat, proposal=winner, outcome="award", reason="Drawn by lottery.")
    page = client.get(reverse("grants:call", args=[call.slug])).content.decode()
    assert f"published seed {call.lottery_seed}" in page and f"#{a.pk}" in page and f"#{b.pk}" in page
    data = client.get(f"/api/grants/calls/{call.slug}/").json()
    assert data["lottery_seed"] == call.lottery_seed
    assert sorted(data["lottery_group"]) == sorted([a.pk, b.pk]) and data["lottery_winners"] == [winner.pk]
    # Re-running decision support after the decision does not change the published draw.
    c.get(reverse("grants:scores", args=[call.slug]))
    call.refresh_from_db()
    assert call.lottery_draw["winners"] == [winner.pk] and call.lottery_draw["published"]


def test_lottery_can_be_switched_off(personas, login, call, reviewers, run_assignment):
    _tied_call(personas, call, reviewers, run_assignment)
    c = login(personas.secretariat)
    html = c.get(reverse("grants:scores", args=[call.slug]), {"lottery": "off"}).content.decode()
    assert "Lottery at the funding line (seed" not in html and "Use a lottery at the funding line" in html
    support = services.decision_support(by=personas.secretariat, call=call, use_lottery=False)
    assert support["lottery"] is None
    call.refresh_from_db()
    assert call.lottery_draw == {}
    assert (
        "Lottery at the funding line (seed"
        in c.get(reverse("grants:scores", args=[call.slug])).content.decode()
    )


# ----------------------------------------------------------------- 8. the assignment page's list


def test_assignment_page_lists_all_but_drafts_and_withdrawn(personas, login, call, draft):
    decided, reopened, withdrawn = make_submitted(personas, call, 3, title="Listed")
    services.decide(by=personas.secretariat, proposal=decided, outcome="decline", reason="Out of scope.")
    services.reopen_proposal(by=personas.secretariat, proposal=reopened, reason="Fix budget")
    services.withdraw_proposal(by=personas.alice, proposal=withdrawn)
    assert Proposal.objects.get(pk=withdrawn.pk).status == ProposalStatus.WITHDRAWN
    html = login(personas.secretariat).get(reverse("grants:assignment", args=[call.slug])).content.decode()
    assert decided.title in html and reopened.title in html
    assert withdrawn.title not in html and draft.title not in html
