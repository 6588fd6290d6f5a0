"""Grants services: the call-to-award workflow, bad input (clear message, nothing saved), history."""

import datetime as dt
import functools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from corridor.grants import access, services
from corridor.grants.enums import ConflictSource, Outcome, ProposalStatus
from corridor.grants.models import Assignment, Conflict, Decision, HistoryEntry, Proposal, Review
from tests.factories import UserFactory

from .conftest import make_submitted, pdf

pytestmark = pytest.mark.django_db(transaction=False)


def test_full_workflow_submit_assign_review_award(personas, call, submitted, reviewers, assigned):
    assigned.refresh_from_db()
    assert assigned.status == "done" and assigned.progress == 100
    names = set(
        Assignment.objects.filter(proposal=submitted).values_list("reviewer__user__full_name", flat=True)
    )
    assert len(names) == 2
    countries = set(
        Assignment.objects.filter(proposal=submitted).values_list("reviewer__country_id", flat=True)
    )
    assert countries == {"MY", "KE"}  # one reviewer from each country
    for a in Assignment.objects.filter(proposal=submitted).select_related("reviewer__user"):
        services.submit_review(
            by=a.reviewer.user,
            proposal=submitted,
            scores={str(c.pk): 4 for c in call.criteria.all()},
            comments_for_applicants="Solid plan.",
        )
    support = services.decision_support(by=personas.secretariat, call=call)
    assert support["selection"].ids == (submitted.pk,)
    decision = services.decide(
        by=personas.secretariat, proposal=submitted, outcome=Outcome.AWARD, reason="Top ranked."
    )
    assert decision.amount == 30_000 and decision.letter_reference
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.AWARDED
    actions = list(HistoryEntry.objects.filter(proposal=submitted).values_list("action", flat=True))
    for action in ("submitted", "assigned", "review submitted", "decided"):
        assert action in actions


def test_submit_after_deadline_is_refused(personas, draft):
    services.add_attachment(by=personas.alice, proposal=draft, kind="Project plan", file=pdf())
    with pytest.raises(ValidationError) as exc:
        services.submit_proposal(
            by=personas.alice, proposal=draft, now=draft.call.closes_at + dt.timedelta(minutes=1)
        )
    assert "call" in exc.value.message_dict
    assert Proposal.objects.get(pk=draft.pk).status == ProposalStatus.DRAFT


def test_team_without_partner_from_other_country_names_the_rule(personas, call, my):
    from tests.factories import OrganisationFactory

    other_my = OrganisationFactory(country=my)
    p = services.save_proposal(
        by=personas.alice,
        call=call,
        title="MY only",
        lead=personas.org_a,
        partners=[other_my],
        abstract="x",
        budget=[(personas.org_a, "Staff", 100)],
    )
    services.add_attachment(by=personas.alice, proposal=p, kind="Project plan", file=pdf())
    with pytest.raises(ValidationError) as exc:
        services.submit_proposal(by=personas.alice, proposal=p)
    assert "Kenya" in " ".join(exc.value.message_dict["partners"]) or "KE" in " ".join(
        exc.value.message_dict["partners"]
    )
    assert Proposal.objects.get(pk=p.pk).status == ProposalStatus.DRAFT


def test_budget_above_maximum_is_refused_and_nothing_saved(personas, call):
    before = Proposal.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.save_proposal(
            by=personas.alice,
            call=call,
            title="Too big",
            lead=personas.org_a,
            partners=[personas.org_b],
            abstract="x",
            budget=[(personas.org_a, "Staff", 60_000)],
        )
    assert "budget_lines" in exc.value.message_dict
    assert Proposal.objects.count() == before


def test_milestones_not_adding_up_block_submission(personas, call):
    p = services.save_proposal(
        by=personas.alice,
        call=call,
        title="Mismatch",
        lead=personas.org_a,
        partners=[personas.org_b],
        abstract="x",
        budget=[(personas.org_a, "Staff", 1000)],
        milestones=[("M1", timezone.localdate(), 500)],
    )
    services.add_attachment(by=personas.alice, proposal=p, kind="Project plan", file=pdf())
    with pytest.raises(ValidationError) as exc:
        services.submit_proposal(by=personas.alice, proposal=p)
    assert "milestones" in exc.value.message_dict


def test_attachment_must_be_a_pdf_and_small(personas, draft, settings):
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(
            by=personas.alice,
            proposal=draft,
            kind="Project plan",
            file=pdf("evil.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert exc.value.message_dict["file"] == ["The file is not a PDF."]
    big = pdf("big.pdf", b"%PDF-" + b"0" * (services.PDF_MAX_BYTES + 1))
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(by=personas.alice, proposal=draft, kind="Project plan", file=big)
    assert "10 MB" in exc.value.message_dict["file"][0]
    assert draft.attachments.count() == 0


def test_submitted_proposal_is_not_editable_until_reopened(personas, submitted):
    kwargs = {
        "call": submitted.call,
        "title": "Changed",
        "lead": personas.org_a,
        "partners": [personas.org_b],
        "abstract": "x",
        "budget": [(personas.org_a, "S", 1)],
    }
    with pytest.raises(ValidationError):
        services.save_proposal(by=personas.alice, proposal=submitted, **kwargs)
    services.reopen_proposal(by=personas.secretariat, proposal=submitted, reason="Fix the budget")
    p = services.save_proposal(by=personas.alice, proposal=submitted, **kwargs)
    assert p.title == "Changed"
    services.withdraw_proposal(by=personas.alice, proposal=p)
    assert Proposal.objects.get(pk=p.pk).status == ProposalStatus.WITHDRAWN


def test_conflicts_detected_by_organisation_and_orcid(personas, call, submitted, my):
    bob_reviewer = services.register_reviewer(
        by=personas.secretariat, user=personas.bob, expertise="payments", country=my, calls=[call]
    )
    assert (
        Conflict.objects.get(reviewer=bob_reviewer, proposal=submitted).source
        == ConflictSource.SAME_ORGANISATION
    )
    services.reopen_proposal(by=personas.secretariat, proposal=submitted, reason="team")
    services.save_proposal(
        by=personas.alice,
        proposal=submitted,
        call=call,
        title=submitted.title,
        lead=personas.org_a,
        partners=[personas.org_b],
        abstract="x",
        budget=[(personas.org_a, "S", 1)],
        team=[{"name": "Dr Wanjiru", "email": "w@uni.example", "orcid": "0000-0002-1825-0097"}],
    )
    services.add_attachment(by=personas.alice, proposal=submitted, kind="Project plan", file=pdf())
    same = services.register_reviewer(
        by=personas.secretariat,
        user=UserFactory(email="wanjiru@other.example"),
        expertise="x",
        country=my,
        orcid="0000-0002-1825-0097",
        calls=[call],
    )
    services.submit_proposal(by=personas.alice, proposal=Proposal.objects.get(pk=submitted.pk))
    assert Conflict.objects.get(reviewer=same, proposal=submitted).source == ConflictSource.SAME_PERSON


def test_reviewer_cannot_score_unassigned_or_conflicted(personas, call, submitted, reviewers, assigned):
    scores = {str(c.pk): 3 for c in call.criteria.all()}
    stranger = services.register_reviewer(
        by=personas.secretariat, user=UserFactory(), expertise="x", country=reviewers.rita.country, calls=[]
    )
    with pytest.raises(access.NotFound):
        services.submit_review(by=stranger.user, proposal=submitted, scores=scores)
    a = Assignment.objects.filter(proposal=submitted).select_related("reviewer__user").first()
    services.declare_conflict(by=a.reviewer.user, proposal=submitted, reason="Former colleague")
    with pytest.raises(access.NotFound):
        services.submit_review(by=a.reviewer.user, proposal=submitted, scores=scores)
    assert Review.objects.count() == 0


def test_score_out_of_scale_names_the_criterion(personas, call, submitted, reviewers, assigned):
    a = Assignment.objects.filter(proposal=submitted).select_related("reviewer__user").first()
    c = call.criteria.first()
    with pytest.raises(ValidationError) as exc:
        services.submit_review(by=a.reviewer.user, proposal=submitted, scores={str(c.pk): 9})
    assert f"criterion_{c.pk}" in exc.value.message_dict
    assert Review.objects.count() == 0


def test_award_above_remaining_budget_is_refused(personas, call, reviewers):
    first, second, third = make_submitted(personas, call, 3)
    call.total_budget = 2500
    call.save()
    services.decide(by=personas.secretariat, proposal=first, outcome=Outcome.AWARD, reason="ok", amount=1000)
    services.decide(by=personas.secretariat, proposal=second, outcome=Outcome.AWARD, reason="ok", amount=1000)
    with pytest.raises(ValidationError) as exc:
        services.decide(
            by=personas.secretariat, proposal=third, outcome=Outcome.AWARD, reason="ok", amount=1000
        )
    assert "remaining budget" in exc.value.message_dict["amount"][0]
    assert Decision.objects.count() == 2


def test_only_secretariat_decides_and_assigns(personas, call, submitted):
    with pytest.raises(PermissionDenied):
        services.decide(by=personas.alice, proposal=submitted, outcome=Outcome.AWARD, reason="me")
    with pytest.raises(PermissionDenied):
        services.start_assignment(by=personas.reviewer, call=call)


def test_pins_and_forbids_are_honoured_on_rerun(personas, call, submitted, reviewers, run_assignment):
    services.set_pair_rule(by=personas.secretariat, proposal=submitted, reviewer=reviewers.mei, kind="pin")
    services.set_pair_rule(
        by=personas.secretariat, proposal=submitted, reviewer=reviewers.rita, kind="forbid"
    )
    run_assignment(call)
    got = set(Assignment.objects.filter(proposal=submitted).values_list("reviewer_id", flat=True))
    assert reviewers.mei.pk in got and reviewers.rita.pk not in got


def codes_of(exc) -> set[str]:
    return {e.code for errors in exc.error_dict.values() for e in errors}


def test_pins_beyond_demand_or_load_are_refused_where_they_are_made(personas, call, submitted, reviewers):
    """reviews_per_proposal=2 and max_load=4 in the call fixture."""
    from corridor.grants.models import PairRule
    from tests.grants.conftest import make_submitted

    pin = functools.partial(services.set_pair_rule, by=personas.secretariat, kind="pin")
    pin(proposal=submitted, reviewer=reviewers.mei)
    pin(proposal=submitted, reviewer=reviewers.kofi)
    pin(proposal=submitted, reviewer=reviewers.mei)  # the same pin again changes nothing
    with pytest.raises(ValidationError) as exc:
        pin(proposal=submitted, reviewer=reviewers.rita)
    assert codes_of(exc.value) == {"pins_exceed_demand"}
    services.set_pair_rule(
        by=personas.secretariat, proposal=submitted, reviewer=reviewers.rita, kind="forbid"
    )
    others = make_submitted(personas, call, 4, title="Load")
    for proposal in others[:3]:
        pin(proposal=proposal, reviewer=reviewers.mei)
    with pytest.raises(ValidationError) as exc:
        pin(proposal=others[3], reviewer=reviewers.mei)
    assert codes_of(exc.value) == {"pins_exceed_load"}
    assert PairRule.objects.filter(kind="pin", reviewer=reviewers.mei).count() == 4


def test_reminders_and_overdue_milestones(personas, call, submitted, reviewers, assigned):
    n = services.remind_reviewers(now=call.review_deadline - dt.timedelta(days=1))
    assert n == 2
    m = submitted.milestones.first()
    m.due_on = timezone.localdate() - dt.timedelta(days=1)
    m.save()
    assert m.is_overdue


def test_indicator_counts_awards_by_lead_country(personas, call, submitted):
    from corridor.council.registry import provider

    services.decide(by=personas.secretariat, proposal=submitted, outcome=Outcome.AWARD, reason="ok")
    today = timezone.localdate()
    assert provider("grants.awarded").compute(today, today)["MY"] == 1
    assert provider("grants.awarded_usd").compute(today, today)["MY"] == pytest.approx(30_000)


def test_demo_seed_builds_a_closed_and_an_open_call(personas):
    from corridor.grants.demo import seed_grants
    from corridor.grants.models import Call

    out = seed_grants(
        secretariat=personas.secretariat,
        applicant_a=personas.alice,
        applicant_b=personas.bob,
        reviewer=personas.reviewer,
    )
    assert out["calls"] == 2 and out["awards"] >= 1
    assert Call.objects.count() == 2
    assert Decision.objects.filter(outcome=Outcome.AWARD).count() == out["awards"]
    assert seed_grants(
        secretariat=personas.secretariat,
        applicant_a=personas.alice,
        applicant_b=personas.bob,
        reviewer=personas.reviewer,
    ) == {"calls": 0}
