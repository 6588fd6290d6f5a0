"""Services: reviewers."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid, invalid
from corridor.core.notifications import notify

from .. import access
from ..enums import (
    BidLevel,
    ConflictSource,
    PairRuleKind,
    ProposalStatus,
)
from ..models import (
    Assignment,
    Bid,
    Call,
    Conflict,
    PairRule,
    Proposal,
    Reviewer,
)
from ._common import ORCID_RE, log

# --------------------------------------------------------------------------------- reviewers


def _clean_expertise(expertise: str) -> str:
    return ", ".join(k.strip() for k in (expertise or "").replace("\n", ",").split(",") if k.strip())


def register_reviewer(
    *, by, user, expertise: str, country, institution=None, orcid: str = "", co_workers: str = "", calls=()
) -> Reviewer:
    """Invite a reviewer (secretariat) to one or more calls; conflicts are detected at once and
    the reviewer is notified (in the app and by e-mail)."""
    require_secretariat(by, hide=False)
    expertise = _clean_expertise(expertise)
    orcid = (orcid or "").strip().upper()
    errors: dict[str, str] = {}
    if user is None:
        errors["user"] = _("Choose the reviewer's account.")
    if not expertise:
        errors["expertise"] = _("Give at least one expertise keyword.")
    if orcid and not ORCID_RE.fullmatch(orcid):
        errors["orcid"] = _("An ORCID looks like 0000-0002-1825-0097.")
    if country is None:
        errors["country"] = _("This field is required.")
    if errors:
        raise fields_invalid(errors)
    calls = list(calls)
    with transaction.atomic(), acting_as(by):
        reviewer, _created = Reviewer.objects.update_or_create(
            user=user,
            defaults={
                "expertise": expertise,
                "country": country,
                "institution": institution,
                "orcid": orcid,
                "co_workers": (co_workers or "").strip(),
            },
        )
        reviewer.calls.add(*calls)
        for proposal in Proposal.objects.filter(call__in=calls).exclude(
            status__in=(ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN)
        ):
            detect_conflicts(proposal=proposal, reviewers=[reviewer])
        titles = ", ".join(c.title for c in calls)
        notify(
            user=user,
            text=lambda: (
                _("You are invited to review proposals for: %(c)s.") % {"c": titles}
                if titles
                else _("You are invited to review for the joint research grants.")
            ),
            url=reverse("grants:my_reviews"),
        )
    user.__dict__.pop("_grant_reviewer_cache", None)
    return reviewer


def update_reviewer_profile(
    *, by, expertise: str, country, institution=None, orcid: str = "", co_workers: str | None = None
) -> Reviewer:
    """A reviewer edits their own profile. Conflicts are re-detected on the submitted proposals of
    their calls, since a new institution or ORCID can create one (existing conflicts are kept)."""
    reviewer = access.reviewer_of(by)
    if reviewer is None:
        raise access.NotFound
    expertise = ", ".join(k.strip() for k in expertise.replace("\n", ",").split(",") if k.strip())
    orcid = orcid.strip().upper()
    errors: dict[str, str] = {}
    if not expertise:
        errors["expertise"] = _("Give at least one expertise keyword.")
    if orcid and not ORCID_RE.fullmatch(orcid):
        errors["orcid"] = _("An ORCID looks like 0000-0002-1825-0097.")
    if country is None:
        errors["country"] = _("This field is required.")
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        reviewer.expertise, reviewer.country, reviewer.institution, reviewer.orcid = (
            expertise,
            country,
            institution,
            orcid,
        )
        fields = ["expertise", "country", "institution", "orcid", "updated_at"]
        if co_workers is not None:
            reviewer.co_workers = co_workers.strip()
            fields.append("co_workers")
        reviewer.save(update_fields=fields)
        for proposal in Proposal.objects.filter(call__in=reviewer.calls.all()).exclude(
            status__in=(ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN)
        ):
            detect_conflicts(proposal=proposal, reviewers=[reviewer])
    return reviewer


def detect_conflicts(*, proposal: Proposal, reviewers=None, member_orgs=None) -> list[Conflict]:
    """Automatic conflicts: same organisation as any team member or partner (by the reviewer's
    institution or memberships), declared co-workers, and identity by ORCID (not only e-mail).
    ``member_orgs`` (reviewer id → organisation ids) may be passed to save queries."""
    reviewers = list(
        reviewers
        if reviewers is not None
        else Reviewer.objects.filter(calls=proposal.call).select_related("user")
    )
    if member_orgs is None:
        member_orgs = _member_orgs(reviewers)
    orgs = {p.organisation_id for p in proposal.partners.all()} | {proposal.lead_id}
    team = list(proposal.team.all())
    orgs |= {m.organisation_id for m in team if m.organisation_id}
    emails = {m.email.lower() for m in team if m.email}
    orcids = {m.orcid.upper() for m in team if m.orcid}
    created = []
    for reviewer in reviewers:
        reason = None
        if (reviewer.institution_id in orgs) or (member_orgs.get(reviewer.pk, set()) & orgs):
            reason = (ConflictSource.SAME_ORGANISATION, _("Works at an organisation in the team."))
        elif (reviewer.orcid and reviewer.orcid.upper() in orcids) or reviewer.user.email.lower() in emails:
            reason = (ConflictSource.SAME_PERSON, _("Is a member of the team."))
        else:
            declared = {line.strip().lower() for line in reviewer.co_workers.splitlines() if line.strip()}
            if declared & (emails | {o.lower() for o in orcids}):
                reason = (ConflictSource.CO_WORKER, _("Declared a team member as a co-worker."))
        if reason:
            conflict, new = Conflict.objects.get_or_create(
                reviewer=reviewer, proposal=proposal, defaults={"source": reason[0], "reason": reason[1]}
            )
            if new:
                created.append(conflict)
                log(proposal, None, "conflict", f"{reason[0]}")
                Assignment.objects.filter(reviewer=reviewer, proposal=proposal, review__isnull=True).delete()
    return created


def _member_orgs(reviewers) -> dict[int, set[int]]:
    from corridor.orgs.models import Membership

    by_user = defaultdict(set)
    for user_id, org_id in Membership.objects.filter(user_id__in=[r.user_id for r in reviewers]).values_list(
        "user_id", "organisation_id"
    ):
        by_user[user_id].add(org_id)
    return {r.pk: by_user.get(r.user_id, set()) for r in reviewers}


def detect_call_conflicts(*, call: Call) -> list[Conflict]:
    """Conflict detection for every reviewer and every non-draft proposal of the call, whatever
    way the reviewer was added (this page, the admin, a script). Run before each assignment."""
    reviewers = list(Reviewer.objects.filter(calls=call).select_related("user"))
    if not reviewers:
        return []
    member_orgs = _member_orgs(reviewers)
    created: list[Conflict] = []
    proposals = (
        Proposal.objects.filter(call=call)
        .exclude(status__in=(ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN))
        .prefetch_related("partners", "team")
    )
    for proposal in proposals:
        created += detect_conflicts(proposal=proposal, reviewers=reviewers, member_orgs=member_orgs)
    return created


def declare_conflict(*, by, proposal: Proposal, reason: str) -> Conflict:
    reviewer = access.reviewer_of(by)
    if reviewer is None or not reviewer.calls.filter(pk=proposal.call_id).exists():
        raise access.NotFound
    with transaction.atomic(), acting_as(by):
        conflict, _created = Conflict.objects.get_or_create(
            reviewer=reviewer,
            proposal=proposal,
            defaults={"source": ConflictSource.DECLARED, "reason": reason[:300]},
        )
        Assignment.objects.filter(
            reviewer=reviewer, proposal=proposal, review__submitted_at__isnull=True
        ).delete()
        log(proposal, by, "conflict declared")
    return conflict


def place_bid(*, by, proposal: Proposal, level: str) -> Bid:
    # Access first: a proposal the reviewer may not bid on is "not found" whatever the input, so a
    # bad level cannot tell a hidden proposal (302 with an error) from a missing one (404).
    if not access.biddable(by, proposal.call).filter(pk=proposal.pk).exists():
        raise access.NotFound
    if level not in BidLevel.values:
        raise invalid(
            "level", _("Choose eager, willing or not willing."), code="choose_eager_willing_willing"
        )
    reviewer = access.reviewer_of(by)
    with transaction.atomic(), acting_as(by):
        bid, _created = Bid.objects.update_or_create(
            reviewer=reviewer, proposal=proposal, defaults={"level": level}
        )
        log(proposal, by, "bid", level)
    return bid


def _check_pin_fits(proposal: Proposal, reviewer: Reviewer) -> None:
    """A pin beyond the proposal's demand (reviews per proposal) or the reviewer's maximum load
    could never be honoured: the assignment would fail its own check. Refused where it is made."""
    call = proposal.call
    pins = PairRule.objects.filter(kind=PairRuleKind.PIN, proposal__call=call).exclude(
        proposal=proposal, reviewer=reviewer
    )
    if pins.filter(proposal=proposal).count() >= call.reviews_per_proposal:
        raise invalid(
            "reviewer",
            _("This proposal already has %(n)s pinned reviewers, as many as it needs.")
            % {"n": call.reviews_per_proposal},
            code="pins_exceed_demand",
        )
    if pins.filter(reviewer=reviewer).count() >= call.max_load:
        raise invalid(
            "reviewer",
            _("%(r)s is already pinned to %(n)s proposals, the call's maximum per reviewer.")
            % {"r": reviewer, "n": call.max_load},
            code="pins_exceed_load",
        )


def set_pair_rule(*, by, proposal: Proposal, reviewer: Reviewer, kind: str | None) -> PairRule | None:
    """Pin or forbid a pair for the next run (``kind=None`` clears it). A conflict cannot be pinned."""
    require_secretariat(by, hide=False)
    if kind is not None and kind not in PairRuleKind.values:
        raise invalid("kind", _("Choose pin, forbid or clear."), code="choose_pin_forbid_clear")
    if not reviewer.calls.filter(pk=proposal.call_id).exists():
        raise invalid(
            "reviewer",
            _("This reviewer is not invited to the proposal's call."),
            code="reviewer_invited_proposal_call",
        )
    if kind == PairRuleKind.PIN and Conflict.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise invalid(
            "reviewer",
            _("%(r)s has a conflict of interest with this proposal and cannot be pinned.") % {"r": reviewer},
            code="conflict_interest_proposal_pinned",
        )
    if kind == PairRuleKind.PIN:
        _check_pin_fits(proposal, reviewer)
    with transaction.atomic(), acting_as(by):
        if kind is None:
            PairRule.objects.filter(proposal=proposal, reviewer=reviewer).delete()
            log(proposal, by, "rule cleared", str(reviewer))
            return None
        rule, _c = PairRule.objects.update_or_create(
            proposal=proposal, reviewer=reviewer, defaults={"kind": kind}
        )
        log(proposal, by, f"rule {kind}", str(reviewer))
    return rule
