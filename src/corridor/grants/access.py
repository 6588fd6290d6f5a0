"""Who may see or change calls and proposals. A proposal the user may not open answers "not
found", exactly like a missing one (a conflicted reviewer cannot even learn it exists)."""

from __future__ import annotations

from corridor.core.access import NotFound, is_authenticated, is_secretariat
from corridor.orgs.access import can_act_for

from .enums import CallStatus, ProposalStatus
from .models import Call, Proposal, Reviewer

__all__ = ["NotFound", "is_secretariat"]


def reviewer_of(user) -> Reviewer | None:
    if not is_authenticated(user):
        return None
    if not hasattr(user, "_grant_reviewer_cache"):
        user._grant_reviewer_cache = Reviewer.objects.filter(user=user).first()
    return user._grant_reviewer_cache


def member_org_ids(user) -> set[int]:
    if not is_authenticated(user):
        return set()
    if not hasattr(user, "_grant_org_cache"):
        user._grant_org_cache = set(user.memberships.values_list("organisation_id", flat=True))
    return user._grant_org_cache


def is_applicant(user, proposal: Proposal) -> bool:
    """Members of any organisation in the team (and the author) see the proposal."""
    if not is_authenticated(user):
        return False
    if proposal.created_by_id == user.pk or proposal.lead_id in member_org_ids(user):
        return True
    return proposal.partners.filter(organisation_id__in=member_org_ids(user)).exists()


def can_edit(user, proposal: Proposal) -> bool:
    """Editing, submitting or withdrawing acts for the lead organisation: its owner/admin (or the
    secretariat) only; plain members and the author alone may read it."""
    return can_act_for(user, proposal.lead)


def is_assigned_reviewer(user, proposal: Proposal) -> bool:
    reviewer = reviewer_of(user)
    if reviewer is None:
        return False
    return (
        proposal.assignments.filter(reviewer=reviewer).exists()
        and not proposal.conflicts.filter(reviewer=reviewer).exists()
    )


def can_view_proposal(user, proposal: Proposal) -> bool:
    return is_secretariat(user) or is_applicant(user, proposal) or is_assigned_reviewer(user, proposal)


def get_proposal(user, pk, *, for_edit: bool = False) -> Proposal:
    try:
        proposal = Proposal.objects.select_related(
            "call", "call__currency", "lead", "lead__country", "sector"
        ).get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc
    allowed = (
        (can_edit(user, proposal) or is_secretariat(user)) if for_edit else can_view_proposal(user, proposal)
    )
    if not allowed:
        raise NotFound
    return proposal


def visible_calls(user):
    qs = Call.objects.select_related("currency")
    return qs if is_secretariat(user) else qs.exclude(status=CallStatus.DRAFT)


def get_call(user, slug) -> Call:
    call = visible_calls(user).filter(slug=slug).first()
    if call is None:
        raise NotFound
    return call


def biddable(user, call: Call):
    """Titles a reviewer of the call may see for bidding: submitted, not in conflict with them."""
    reviewer = reviewer_of(user)
    if reviewer is None or not reviewer.calls.filter(pk=call.pk).exists():
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED)
        .exclude(conflicts__reviewer=reviewer)
        .order_by("title")
    )
