"""Read queries with their joins built in, and the score table (raw, calibrated, rank, spread)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, Q

from corridor.engines.award import calibrate

from . import access
from .enums import CallStatus, ProposalStatus
from .models import (
    Assignment,
    AssignmentRun,
    Attachment,
    Call,
    Milestone,
    PairRule,
    Proposal,
    Review,
    Reviewer,
)


def calls_for(user, *, status: str | None = None):
    qs = access.visible_calls(user).annotate(
        n_proposals=Count("proposals", filter=~Q(proposals__status=ProposalStatus.DRAFT), distinct=True)
    )
    if status == "open":
        from django.utils import timezone

        qs = qs.filter(closes_at__gt=timezone.now())
    elif status == "closed":
        from django.utils import timezone

        qs = qs.filter(closes_at__lte=timezone.now())
    return qs.order_by("-closes_at", "-id")


def proposals_visible_to(user):
    """Proposals a user may list: all for the secretariat; otherwise their own, their
    organisations' (as lead or partner) and those assigned to them as a reviewer without a
    declared conflict."""
    from django.db.models import Q

    qs = Proposal.objects.select_related("call", "lead").order_by("-created_at", "-id")
    if access.is_secretariat(user):
        return qs
    orgs = access.member_org_ids(user)
    reviewer = access.reviewer_of(user)
    visible = Q(created_by=user) | Q(lead_id__in=orgs) | Q(partners__organisation_id__in=orgs)
    if reviewer is not None:
        visible |= Q(assignments__reviewer=reviewer) & ~Q(conflicts__reviewer=reviewer)
    return qs.filter(visible).distinct()


def my_proposals(user):
    orgs = access.member_org_ids(user)
    return (
        Proposal.objects.filter(
            Q(created_by=user) | Q(lead_id__in=orgs) | Q(partners__organisation_id__in=orgs)
        )
        .distinct()
        .select_related("call", "lead", "lead__country", "decision")
        .order_by("-created_at", "-id")
    )


def proposals_of_call(call: Call, *, status: str | None = None):
    qs = (
        Proposal.objects.filter(call=call)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("lead", "lead__country", "decision")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("reviewer__user", "reviewer__country"),
            )
        )
        .order_by("title", "id")
    )
    return qs.filter(status=status) if status else qs


def assignments_for(reviewer):
    return (
        Assignment.objects.filter(reviewer=reviewer)
        .exclude(proposal__conflicts__reviewer=reviewer)
        .select_related("proposal", "proposal__call", "proposal__lead", "review")
        .order_by("proposal__call", "proposal__title")
    )


def score_table(call: Call) -> list[dict]:
    """One row per submitted/decided proposal: raw mean, calibrated mean (per-reviewer z-scores),
    spread (max − min raw total), disagreement flag, and rank by calibrated score."""
    reviews = list(
        Review.objects.filter(assignment__proposal__call=call, submitted_at__isnull=False).select_related(
            "assignment"
        )
    )
    triples = [(r.assignment.reviewer_id, r.assignment.proposal_id, float(r.total)) for r in reviews]
    cal = calibrate(triples)
    raw_by_p: dict[int, list[float]] = defaultdict(list)
    cal_by_p: dict[int, list[float]] = defaultdict(list)
    for rid, pid, raw in triples:
        raw_by_p[pid].append(raw)
        cal_by_p[pid].append(cal[(rid, pid)])
    proposals = (
        Proposal.objects.filter(call=call)
        .exclude(status__in=(ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN))
        .select_related("lead", "lead__country", "decision")
        .prefetch_related("budget_lines")
    )
    rows = []
    for p in proposals:
        raws = raw_by_p.get(p.pk, [])
        rows.append(
            {
                "proposal": p,
                "reviews": len(raws),
                "raw": round(sum(raws) / len(raws), 3) if raws else None,
                "calibrated": round(sum(cal_by_p[p.pk]) / len(raws), 3) if raws else None,
                "spread": round(max(raws) - min(raws), 2) if len(raws) > 1 else 0.0,
            }
        )
    for row in rows:
        row["disagreement"] = row["spread"] > call.disagreement_threshold
    rows.sort(key=lambda r: (r["calibrated"] is None, -(r["calibrated"] or 0), r["proposal"].pk))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank if row["calibrated"] is not None else None
    return rows


# ---- reads the proposal, assignment and reviewer pages need (views hold no ORM queries)


def assignment_of(proposal: Proposal, reviewer):
    """``reviewer``'s assignment to ``proposal`` with its review (None without a reviewer)."""
    if reviewer is None:
        return None
    return proposal.assignments.filter(reviewer=reviewer).select_related("review").first()


def proposal_parts(proposal: Proposal) -> dict:
    """The team, budget, milestones and attachments shown on the proposal page."""
    return {
        "partners": proposal.partners.select_related("organisation__country"),
        "budget_lines": proposal.budget_lines.select_related("organisation"),
        "milestones": proposal.milestones.all(),
        "attachments": proposal.attachments.all(),
    }


def attachment_of(proposal: Proposal, pk) -> Attachment:
    """One of ``proposal``'s documents (the caller has checked the proposal is visible)."""
    attachment = proposal.attachments.filter(pk=pk).first() if str(pk).isdigit() else None
    if attachment is None:
        raise access.NotFound
    return attachment


def comments_for_applicants(proposal: Proposal) -> list[str]:
    """Reviewers' comments meant for the applicants (never the reviewers' names)."""
    return [
        a.review.comments_for_applicants
        for a in proposal.assignments.filter(review__submitted_at__isnull=False).select_related("review")
        if a.review.comments_for_applicants
    ]


def assignments_of(proposal: Proposal):
    return proposal.assignments.select_related("reviewer__user", "reviewer__country", "review")


def history_of(proposal: Proposal, limit: int = 50):
    return proposal.history.select_related("actor")[:limit]


def proposal_for_bid(pk):
    """A proposal by id with its call, for bidding (``place_bid`` decides whether it is biddable)."""
    proposal = Proposal.objects.filter(pk=pk).select_related("call").first() if str(pk).isdigit() else None
    if proposal is None:
        raise access.NotFound
    return proposal


def proposal_of_call(call, pk) -> Proposal:
    proposal = Proposal.objects.filter(call=call, pk=pk).first() if str(pk).isdigit() else None
    if proposal is None:
        raise access.NotFound
    return proposal


def reviewers_of_call(call):
    return Reviewer.objects.filter(calls=call).select_related("user", "country", "institution")


def get_reviewer(pk) -> Reviewer:
    return Reviewer.objects.select_related("user").get(pk=pk)


def is_decided(call) -> bool:
    """Decisions are recorded: the call is marked decided or a proposal is awarded or declined.
    Reviewer assignment no longer changes then."""
    return (
        call.status == CallStatus.DECIDED
        or call.proposals.filter(status__in=[ProposalStatus.AWARDED, ProposalStatus.DECLINED]).exists()
    )


def assignment_page(call) -> dict:
    """Proposals that reached the secretariat (with their pair rules), the call's reviewers and latest run."""
    proposals = list(proposals_of_call(call).exclude(status=ProposalStatus.WITHDRAWN))
    rules: dict[int, list] = {}
    for rule in PairRule.objects.filter(proposal__call=call).select_related("reviewer__user"):
        rules.setdefault(rule.proposal_id, []).append(rule)
    for p in proposals:
        p.rules = rules.get(p.pk, [])
    return {
        "run": call.runs.first(),
        "proposals": proposals,
        "reviewers": list(reviewers_of_call(call)),
        "decided": is_decided(call),
    }


def get_run(call, pk) -> AssignmentRun:
    run = AssignmentRun.objects.filter(call=call, pk=pk).first() if str(pk).isdigit() else None
    if run is None:
        raise access.NotFound
    return run


def get_milestone(pk) -> Milestone:
    milestone = Milestone.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if milestone is None:
        raise access.NotFound
    return milestone
