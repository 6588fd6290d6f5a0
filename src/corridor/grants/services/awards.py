"""Services: awards."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.engines import award as award_engine

from .. import access
from ..enums import (
    Outcome,
    ProposalStatus,
)
from ..models import (
    Call,
    Decision,
    Milestone,
    Proposal,
)
from ._common import _money, log

# --------------------------------------------------------------------------------- decisions


def committed_amount(call: Call) -> Decimal:
    return sum(
        (d.amount for d in Decision.objects.filter(proposal__call=call, outcome=Outcome.AWARD)), Decimal(0)
    )


def decision_support(*, by, call: Call, lottery_tolerance: float = 0.05, use_lottery: bool = True) -> dict:
    """The engine's proposal: the set maximising calibrated score within the remaining budget,
    with the call's constraints, and (``use_lottery``) the seeded lottery among indistinguishable
    proposals at the funding line. Writes nothing except the call's seed (chosen once) and, until
    the first decision, the draw that will be published with the decisions."""
    require_secretariat(by, hide=False)
    from ..queries import score_table

    # Decided proposals stay in the table (with their decision); only undecided ones are candidates.
    rows = [r for r in score_table(call) if r["calibrated"] is not None]
    cands = [
        award_engine.Candidate(
            id=r["proposal"].pk,
            score=r["calibrated"],
            amount=float(r["proposal"].requested_amount),
            theme=r["proposal"].theme,
            lead_country=r["proposal"].lead.country_id,
        )
        for r in rows
        if r["proposal"].status == ProposalStatus.SUBMITTED
    ]
    budget = float(call.total_budget - committed_amount(call))
    band = (float(call.share_low), float(call.share_high))
    selection = award_engine.select_awards(
        cands, budget=budget, themes_at_least_once=call.themes_at_least_once, share_band=band
    )
    note = ""
    if selection.status != "optimal":
        note = selection.message
        selection = award_engine.select_awards(cands, budget=budget)
    lottery = None
    if use_lottery:
        if call.lottery_seed is None:
            with transaction.atomic(), acting_as(by):
                call.lottery_seed = secrets.randbelow(10**6)
                call.save(update_fields=["lottery_seed", "updated_at"])
        lottery = award_engine.funding_line_lottery(
            cands, selection, budget=budget, seed=call.lottery_seed, tolerance=lottery_tolerance
        )
    if not (call.lottery_draw or {}).get("published"):
        # Until the first decision, remember the draw the decisions will be based on.
        draw = (
            {
                "group": list(lottery.group),
                "places": lottery.places,
                "order": list(lottery.order),
                "winners": list(lottery.winners),
            }
            if lottery is not None and len(lottery.group) > 1
            else {}
        )
        if draw != (call.lottery_draw or {}):
            with transaction.atomic(), acting_as(by):
                call.lottery_draw = draw
                call.save(update_fields=["lottery_draw", "updated_at"])
    return {"selection": selection, "lottery": lottery, "budget_left": budget, "rows": rows, "note": note}


def decide(*, by, proposal: Proposal, outcome: str, reason: str, amount=None) -> Decision:
    """Record the secretariat's decision with its reason; an award must fit the call's remaining
    budget and maximum award. The applicant is notified on commit; awards get a letter."""
    require_secretariat(by, hide=False)
    if outcome not in Outcome.values:
        raise invalid("outcome", _("Choose award or decline."), code="choose_award_decline")
    if not reason.strip():
        raise invalid("reason", _("Record the reason for the decision."), code="record_reason_decision")
    if proposal.status != ProposalStatus.SUBMITTED:
        raise invalid(
            "status", _("Only a submitted proposal can be decided."), code="submitted_proposal_decided"
        )
    call = proposal.call
    value = (
        _money(amount if amount is not None else proposal.requested_amount, "amount")
        if outcome == Outcome.AWARD
        else Decimal(0)
    )
    if outcome == Outcome.AWARD:
        remaining = call.total_budget - committed_amount(call)
        if value > call.max_award:
            raise invalid(
                "amount",
                _("The award is above the call's maximum award (%(m)s).") % {"m": call.max_award},
                code="award_above_call_maximum",
            )
        if value > remaining:
            raise invalid(
                "amount",
                _("The award is above the remaining budget (%(r)s %(c)s).")
                % {"r": remaining, "c": call.currency_id},
                code="award_above_remaining_budget",
            )
    with transaction.atomic(), acting_as(by):
        decision = Decision.objects.create(
            proposal=proposal,
            outcome=outcome,
            amount=value,
            reason=reason.strip(),
            decided_by=by,
            letter_reference=f"MYKE-{call.pk:03d}-{proposal.pk:05d}" if outcome == Outcome.AWARD else "",
        )
        proposal.status = ProposalStatus.AWARDED if outcome == Outcome.AWARD else ProposalStatus.DECLINED
        proposal.save(update_fields=["status", "updated_at"])
        log(proposal, by, "decided", outcome)
        if call.lottery_draw and not call.lottery_draw.get("published"):
            call.lottery_draw = {**call.lottery_draw, "published": True}
            call.save(update_fields=["lottery_draw", "updated_at"])
        if proposal.created_by:
            notify(
                user=proposal.created_by,
                text=lambda: _("A decision was made on your proposal “%(t)s”.") % {"t": proposal.title},
                url=proposal.get_absolute_url(),
            )
    return decision


def report_milestone(*, by, milestone: Milestone, report: str, now: dt.datetime | None = None) -> Milestone:
    proposal = access.get_proposal(by, milestone.proposal_id, for_edit=True)
    if proposal.status != ProposalStatus.AWARDED:
        raise invalid("report", _("Reports are for awarded grants."), code="reports_awarded_grants")
    if not report.strip():
        raise invalid("report", _("Write the report."), code="write_report")
    with transaction.atomic(), acting_as(by):
        milestone.report, milestone.reported_at = report.strip(), now or timezone.now()
        milestone.save(update_fields=["report", "reported_at"])
        log(proposal, by, "milestone reported", milestone.title)
    return milestone


def record_disbursement(*, by, milestone: Milestone, now: dt.datetime | None = None) -> Milestone:
    require_secretariat(by, hide=False)
    if milestone.reported_at is None:
        raise invalid(
            "milestone",
            _("Disburse only after the milestone report."),
            code="disburse_after_milestone_report",
        )
    with transaction.atomic(), acting_as(by):
        milestone.disbursed_at = now or timezone.now()
        milestone.save(update_fields=["disbursed_at"])
        log(milestone.proposal, by, "disbursed", f"{milestone.title}: {milestone.amount}")
    return milestone
