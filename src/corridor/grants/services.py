"""Operations of the grants module, from opening a call to disbursement.

Each write is keyword-only, takes the acting user as ``by``, checks the permission on the object
(``access``), validates everything before writing (``ValidationError`` naming the field), runs in
one transaction under ``acting_as`` (audit log), appends to the proposal's history when it is a
reviewing action, and sends notifications and queues tasks on commit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.notifications import notify
from corridor.core.services import require_secretariat
from corridor.engines import assign as assign_engine
from corridor.engines import award as award_engine
from corridor.orgs.access import can_act_for
from corridor.orgs.enums import OrgKind

from . import access
from .enums import (
    BidLevel,
    CallStatus,
    ConflictSource,
    MemberRole,
    Outcome,
    PairRuleKind,
    ProposalStatus,
    RunStatus,
)
from .models import (
    Assignment,
    AssignmentRun,
    Attachment,
    Bid,
    BudgetLine,
    Call,
    Conflict,
    Criterion,
    Decision,
    HistoryEntry,
    Milestone,
    PairRule,
    Partner,
    Proposal,
    Review,
    Reviewer,
    TeamMember,
)

PDF_MAX_BYTES = 10 * 1024 * 1024
ORCID_RE = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
PARTNERS = tuple(settings.PARTNER_COUNTRIES)
RESERVED_SLUGS = {"new", "mine", "reviews", "proposals", "milestones"}
BID_BONUS = {BidLevel.EAGER: 0.3, BidLevel.WILLING: 0.1}


def log(proposal: Proposal, by, action: str, detail: str = "") -> HistoryEntry:
    """Append to the proposal's history (the secretariat's event log)."""
    return HistoryEntry.objects.create(
        proposal=proposal,
        actor=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        detail=detail[:300],
    )


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({field: _("Enter an amount.")}) from exc
    if amount < 0 or not amount.is_finite():
        raise ValidationError({field: _("An amount cannot be negative.")})
    return amount


# --------------------------------------------------------------------------------- calls


def _valid_time_zone(name: str) -> bool:
    if not name or ("/" not in name and name != "UTC"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def call_errors(
    *,
    title: str,
    total_budget,
    max_award,
    opens_at,
    closes_at,
    time_zone: str = "UTC",
    review_deadline=None,
    reviews_per_proposal: int = 3,
    min_load: int = 0,
    max_load: int = 8,
    score_scale: int = 5,
    criteria: list[tuple[str, float]] | None = None,
) -> dict[str, str]:
    """Every broken rule of a call, by field (shared by ``create_call`` and the admin).
    ``criteria=None`` skips the criteria check (the admin edits them in an inline)."""
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("This field is required.")
    if not _valid_time_zone(time_zone):
        errors["time_zone"] = _("Enter an IANA time zone such as Asia/Kuala_Lumpur.")
    for name, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if value is None or timezone.is_naive(value):
            errors[name] = _("Give a date and time with a time zone.")
    if "opens_at" not in errors and "closes_at" not in errors and closes_at <= opens_at:
        errors["closes_at"] = _("The call must close after it opens.")
    if review_deadline is not None:
        if timezone.is_naive(review_deadline):
            errors["review_deadline"] = _("Give a date and time with a time zone.")
        elif "closes_at" not in errors and review_deadline <= closes_at:
            errors["review_deadline"] = _("The review deadline must come after the call closes.")
    budget = cap = None
    for name, value in (("total_budget", total_budget), ("max_award", max_award)):
        try:
            amount = _money(value, name)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
            continue
        if name == "total_budget":
            budget = amount
        else:
            cap = amount
    if budget is not None and budget <= 0:
        errors["total_budget"] = _("The total budget must be above zero.")
    if budget is not None and cap is not None and cap > budget:
        errors["max_award"] = _("The maximum award cannot exceed the total budget.")
    if not (isinstance(reviews_per_proposal, int) and 1 <= reviews_per_proposal <= 10):
        errors["reviews_per_proposal"] = _("Ask for between 1 and 10 reviews per proposal.")
    if not (isinstance(score_scale, int) and 2 <= score_scale <= 100):
        errors["score_scale"] = _("The score scale runs from 1 to a number between 2 and 100.")
    if not (isinstance(max_load, int) and max_load >= 1):
        errors["max_load"] = _("A reviewer must be able to take at least one proposal.")
    elif not (isinstance(min_load, int) and 0 <= min_load <= max_load):
        errors["min_load"] = _("The minimum load must be between 0 and the maximum load.")
    if criteria is not None:
        errors.update(criteria_errors(criteria))
    return errors


def criteria_errors(criteria: list[tuple[str, float]]) -> dict[str, str]:
    if not criteria:
        return {"criteria": _("Give at least one review criterion.")}
    for name, weight in criteria:
        try:
            ok = bool(str(name).strip()) and Decimal(str(weight)) > 0
        except (InvalidOperation, ValueError):
            ok = False
        if not ok:
            return {"criteria": _("Each criterion needs a name and a weight above zero.")}
    return {}


def create_call(
    *,
    by,
    title: str,
    currency: str,
    total_budget,
    max_award,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    criteria: list[tuple[str, float]],
    time_zone: str = "Asia/Kuala_Lumpur",
    description: str = "",
    sectors=(),
    challenges: str = "",
    review_deadline: dt.datetime | None = None,
    startup_required: bool = False,
    reviews_per_proposal: int = 3,
    min_load: int = 0,
    max_load: int = 8,
    score_scale: int = 5,
    required_documents: str = "",
    publish: bool = True,
) -> Call:
    """Open a call (secretariat). Times must be aware; the call closes after it opens."""
    require_secretariat(by)
    errors = call_errors(
        title=title,
        total_budget=total_budget,
        max_award=max_award,
        opens_at=opens_at,
        closes_at=closes_at,
        time_zone=time_zone,
        review_deadline=review_deadline,
        reviews_per_proposal=reviews_per_proposal,
        min_load=min_load,
        max_load=max_load,
        score_scale=score_scale,
        criteria=list(criteria),
    )
    if errors:
        raise ValidationError(errors)
    budget, cap = _money(total_budget, "total_budget"), _money(max_award, "max_award")
    base = slugify(title)[:200] or "call"
    if base in RESERVED_SLUGS:  # would be shadowed by the module's own pages
        base = f"{base}-call"
    slug, n = base, 1
    while Call.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic(), acting_as(by):
        call = Call.objects.create(
            title=title.strip(),
            slug=slug,
            description=description,
            challenges=challenges,
            currency_id=currency,
            total_budget=budget,
            max_award=cap,
            opens_at=opens_at,
            closes_at=closes_at,
            time_zone=time_zone,
            review_deadline=review_deadline,
            startup_required=startup_required,
            reviews_per_proposal=reviews_per_proposal,
            min_load=min_load,
            max_load=max_load,
            score_scale=score_scale,
            required_documents=required_documents,
            status=CallStatus.PUBLISHED if publish else CallStatus.DRAFT,
            created_by=by,
        )
        call.sectors.set(sectors)
        for position, (name, weight) in enumerate(criteria):
            Criterion.objects.create(
                call=call, name=str(name).strip(), weight=Decimal(str(weight)), position=position
            )
    return call


# --------------------------------------------------------------------------------- proposals


def _validate_proposal(call: Call, *, lead, partners, budget, theme: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    team = {lead.pk, *(o.pk for o in partners)}
    total = Decimal(0)
    for i, (org, _desc, amount) in enumerate(budget):
        if org.pk not in team:
            errors[f"budget_lines[{i}]"] = _("%(org)s is not in the team.") % {"org": org}
        try:
            total += _money(amount, f"budget_lines[{i}]")
        except ValidationError as exc:
            errors[f"budget_lines[{i}]"] = exc.messages[0]
    if total > call.max_award:
        errors["budget_lines"] = _(
            "The budget (%(total)s) is above the call's maximum award of %(max)s %(cur)s."
        ) % {
            "total": total,
            "max": call.max_award,
            "cur": call.currency_id,
        }
    if theme and theme not in call.themes():
        errors["theme"] = _("Choose one of the call's themes.")
    return errors


def save_proposal(
    *,
    by,
    call: Call,
    title: str,
    lead,
    abstract: str,
    partners=(),
    keywords: str = "",
    sector=None,
    theme: str = "",
    team: list[dict] | None = None,
    budget: list[tuple] | None = None,
    milestones: list[tuple] | None = None,
    proposal: Proposal | None = None,
) -> Proposal:
    """Create (or, while editable, replace) a draft proposal. ``by`` must belong to the lead.

    ``budget``: ``(organisation, description, amount)`` per line; ``milestones``: ``(title,
    due_on, amount)``; ``team``: dicts with ``name``, ``email``, ``orcid``, ``organisation``.
    """
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    if proposal is not None:
        proposal = access.get_proposal(by, proposal.pk, for_edit=True)
        if not proposal.editable:
            raise ValidationError(
                {"status": _("A submitted proposal cannot be edited unless the secretariat reopens it.")}
            )
        call = proposal.call
    if not can_act_for(by, lead):
        raise PermissionDenied(_("Only an owner or admin of the lead organisation can apply for it."))
    if proposal is None and not call.is_open:
        raise ValidationError({"call": _("This call is not open for proposals.")})
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not abstract.strip():
        errors["abstract"] = _("This field is required.")
    budget = budget or []
    partners = [p for p in partners if p.pk != lead.pk]
    errors.update(_validate_proposal(call, lead=lead, partners=partners, budget=budget, theme=theme))
    for i, (m_title, due_on, _amount) in enumerate(milestones or []):
        if not m_title or due_on is None:
            errors[f"milestones[{i}]"] = _("A milestone needs a title and a due date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        if proposal is None:
            proposal = Proposal(call=call, created_by=by)
        proposal.title, proposal.lead, proposal.abstract = title.strip(), lead, abstract.strip()
        proposal.keywords, proposal.sector, proposal.theme = keywords, sector, theme
        proposal.save()
        proposal.partners.all().delete()
        Partner.objects.create(proposal=proposal, organisation=lead, role=MemberRole.LEAD)
        for org in partners:
            Partner.objects.get_or_create(
                proposal=proposal, organisation=org, defaults={"role": MemberRole.PARTNER}
            )
        proposal.team.all().delete()
        for person in team or []:
            TeamMember.objects.create(proposal=proposal, **person)
        proposal.budget_lines.all().delete()
        for org, desc, amount in budget:
            BudgetLine.objects.create(
                proposal=proposal, organisation=org, description=desc, amount=Decimal(str(amount))
            )
        proposal.milestones.all().delete()
        for m_title, due_on, amount in milestones or []:
            Milestone.objects.create(
                proposal=proposal, title=m_title, due_on=due_on, amount=Decimal(str(amount))
            )
        log(proposal, by, "saved", _("Draft saved"))
    return proposal


def add_attachment(*, by, proposal: Proposal, kind: str, file) -> Attachment:
    """Attach a PDF (checked by its first bytes ``%PDF-``, not its name), at most 10 MB."""
    proposal = access.get_proposal(by, proposal.pk, for_edit=True)
    if not proposal.editable:
        raise ValidationError(
            {"file": _("A submitted proposal cannot be changed unless the secretariat reopens it.")}
        )
    if file.size > PDF_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    pos = file.tell() if hasattr(file, "tell") else 0
    head = file.read(5)
    file.seek(pos)
    if head != b"%PDF-":
        raise ValidationError({"file": _("The file is not a PDF.")})
    if kind not in proposal.call.document_list():
        raise ValidationError({"kind": _("Choose one of the call's required documents.")})
    with transaction.atomic(), acting_as(by):
        proposal.attachments.filter(kind=kind).delete()
        attachment = Attachment.objects.create(proposal=proposal, kind=kind, file=file, size=file.size)
        log(proposal, by, "attachment", kind)
    return attachment


def check_eligibility(proposal: Proposal) -> list[tuple[str, str]]:
    """Every failing rule as ``(field, message)``; empty when the proposal may be submitted."""
    call = proposal.call
    problems: list[tuple[str, str]] = []
    orgs = [p.organisation for p in proposal.partners.select_related("organisation")]
    lead_country = proposal.lead.country_id
    if lead_country not in PARTNERS:
        problems.append(("lead", _("The lead institution must be in Malaysia or Kenya.")))
    else:
        other = next(c for c in PARTNERS if c != lead_country)
        if not any(o.country_id == other and o.pk != proposal.lead_id for o in orgs):
            problems.append(
                ("partners", _("The team needs at least one partner organisation in %(c)s.") % {"c": other})
            )
    if call.startup_required and not any(o.kind == OrgKind.STARTUP for o in orgs):
        problems.append(("partners", _("This call requires at least one startup in the team.")))
    lines = list(proposal.budget_lines.all())
    total = sum((b.amount for b in lines), Decimal(0))
    if not lines:
        problems.append(("budget_lines", _("Add at least one budget line.")))
    elif total > call.max_award:
        problems.append(("budget_lines", _("The budget is above the maximum award.")))
    milestone_total = sum((m.amount for m in proposal.milestones.all()), Decimal(0))
    if milestone_total and milestone_total != total:
        problems.append(
            (
                "milestones",
                _("Milestone disbursements (%(m)s) do not add up to the budget (%(b)s).")
                % {"m": milestone_total, "b": total},
            )
        )
    have = set(proposal.attachments.values_list("kind", flat=True))
    for doc in call.document_list():
        if doc not in have:
            problems.append(("attachments", _("Missing required document: %(d)s.") % {"d": doc}))
    return problems


def submit_proposal(*, by, proposal: Proposal, now: dt.datetime | None = None) -> Proposal:
    now = now or timezone.now()
    proposal = access.get_proposal(by, proposal.pk, for_edit=True)
    if not proposal.editable:
        raise ValidationError({"status": _("This proposal is not a draft.")})
    if now >= proposal.call.closes_at:
        raise ValidationError(
            {
                "call": _("The call closed on %(t)s; submissions are no longer accepted.")
                % {"t": proposal.call.closes_at}
            }
        )
    problems = check_eligibility(proposal)
    if problems:
        errors: dict[str, list[str]] = defaultdict(list)
        for field, message in problems:
            errors[field].append(message)
        raise ValidationError(dict(errors))
    with transaction.atomic(), acting_as(by):
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = now
        proposal.save(update_fields=["status", "submitted_at", "updated_at"])
        log(proposal, by, "submitted")
        detect_conflicts(proposal=proposal)
        url = proposal.get_absolute_url()
        notify(user=by, text=_("Proposal submitted: %(t)s") % {"t": proposal.title}, url=url)
    return proposal


def withdraw_proposal(*, by, proposal: Proposal) -> Proposal:
    proposal = access.get_proposal(by, proposal.pk, for_edit=True)
    if proposal.status in (ProposalStatus.AWARDED, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN):
        raise ValidationError({"status": _("This proposal can no longer be withdrawn.")})
    with transaction.atomic(), acting_as(by):
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.save(update_fields=["status", "updated_at"])
        log(proposal, by, "withdrawn")
    return proposal


def reopen_proposal(*, by, proposal: Proposal, reason: str) -> Proposal:
    require_secretariat(by)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted proposal can be reopened.")})
    with transaction.atomic(), acting_as(by):
        proposal.status = ProposalStatus.REOPENED
        proposal.save(update_fields=["status", "updated_at"])
        log(proposal, by, "reopened", reason)
        if proposal.created_by:
            notify(
                user=proposal.created_by,
                text=_("Your proposal was reopened for changes: %(r)s") % {"r": reason},
                url=proposal.get_absolute_url(),
            )
    return proposal


# --------------------------------------------------------------------------------- reviewers


def _clean_expertise(expertise: str) -> str:
    return ", ".join(k.strip() for k in (expertise or "").replace("\n", ",").split(",") if k.strip())


def register_reviewer(
    *, by, user, expertise: str, country, institution=None, orcid: str = "", co_workers: str = "", calls=()
) -> Reviewer:
    """Invite a reviewer (secretariat) to one or more calls; conflicts are detected at once and
    the reviewer is notified (in the app and by e-mail)."""
    require_secretariat(by)
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
        raise ValidationError(errors)
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
            text=(
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
        raise ValidationError(errors)
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
    if level not in BidLevel.values:
        raise ValidationError({"level": _("Choose eager, willing or not willing.")})
    if not access.biddable(by, proposal.call).filter(pk=proposal.pk).exists():
        raise access.NotFound
    reviewer = access.reviewer_of(by)
    with transaction.atomic(), acting_as(by):
        bid, _created = Bid.objects.update_or_create(
            reviewer=reviewer, proposal=proposal, defaults={"level": level}
        )
        log(proposal, by, "bid", level)
    return bid


def set_pair_rule(*, by, proposal: Proposal, reviewer: Reviewer, kind: str | None) -> PairRule | None:
    """Pin or forbid a pair for the next run (``kind=None`` clears it). A conflict cannot be pinned."""
    require_secretariat(by)
    if kind is not None and kind not in PairRuleKind.values:
        raise ValidationError({"kind": _("Choose pin, forbid or clear.")})
    if not reviewer.calls.filter(pk=proposal.call_id).exists():
        raise ValidationError({"reviewer": _("This reviewer is not invited to the proposal's call.")})
    if kind == PairRuleKind.PIN and Conflict.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise ValidationError(
            {
                "reviewer": _("%(r)s has a conflict of interest with this proposal and cannot be pinned.")
                % {"r": reviewer}
            }
        )
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


# --------------------------------------------------------------------------------- assignment

TOKEN_RE = re.compile(r"[a-z0-9]+")
STOP = {"and", "the", "of", "for", "in", "to", "a", "on", "with", "by", "an", "from", "at", "is", "or"}


def _tokens(text: str) -> list[str]:
    return [t for t in TOKEN_RE.findall(text.lower()) if t not in STOP and len(t) > 1]


def _tfidf(docs: list[list[str]], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    m = np.zeros((len(docs), len(vocab)))
    for i, doc in enumerate(docs):
        for t in doc:
            j = vocab.get(t)
            if j is not None:
                m[i, j] += 1
    m *= idf
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)


def affinity_matrix(
    proposals: list[Proposal], reviewers: list[Reviewer], bids: dict[tuple[int, int], str]
) -> np.ndarray:
    """TF-IDF cosine of reviewer expertise against title + abstract + keywords (keywords
    counted twice), plus bid bonuses (eager 0.3, willing 0.1), plus a small floor so anyone may
    be chosen when nobody matches."""
    p_docs = [_tokens(f"{p.title} {p.abstract} {p.keywords} {p.keywords}") for p in proposals]
    r_docs = [_tokens(r.expertise.replace(",", " ")) for r in reviewers]
    vocab: dict[str, int] = {}
    df: dict[str, int] = defaultdict(int)
    for doc in p_docs + r_docs:
        for t in set(doc):
            df[t] += 1
            vocab.setdefault(t, len(vocab))
    n = len(p_docs) + len(r_docs)
    idf = np.asarray([math.log((1 + n) / (1 + df[t])) + 1 for t in vocab])
    a = (
        _tfidf(p_docs, vocab, idf) @ _tfidf(r_docs, vocab, idf).T
        if vocab
        else np.zeros((len(proposals), len(reviewers)))
    )
    for i, p in enumerate(proposals):
        for j, r in enumerate(reviewers):
            a[i, j] += BID_BONUS.get(bids.get((p.pk, r.pk)), 0.0)
    return np.round(a + 0.01, 6)


def start_assignment(*, by, call: Call, fairness: bool = False) -> AssignmentRun:
    """Queue an assignment run (a Celery task; eager without Redis). Re-running replaces the
    assignments that have no review yet; reviewed ones are kept as pins."""
    require_secretariat(by)
    if call.runs.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).exists():
        raise ValidationError({"call": _("An assignment run is already in progress.")})
    with transaction.atomic(), acting_as(by):
        run = AssignmentRun.objects.create(call=call, started_by=by, fairness=fairness)
        from .tasks import run_assignment_task

        transaction.on_commit(lambda: run_assignment_task.delay(run.pk))
    return run


def execute_assignment(*, run_id: int) -> AssignmentRun:
    """Load the call, call the engine, save the result. Progress: 10 loaded, 50 solved, 100 saved."""
    run = AssignmentRun.objects.select_related("call", "started_by").get(pk=run_id)
    call = run.call
    run.status, run.progress = RunStatus.RUNNING, 5
    run.save(update_fields=["status", "progress"])
    try:
        # Reviewers may have been added any way (the admin included): never trust stale conflicts.
        with transaction.atomic(), acting_as(run.started_by):
            detect_call_conflicts(call=call)
        proposals = list(Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED).order_by("pk"))
        reviewers = list(Reviewer.objects.filter(calls=call).select_related("user", "country").order_by("pk"))
        p_index = {p.pk: i for i, p in enumerate(proposals)}
        r_index = {r.pk: j for j, r in enumerate(reviewers)}
        bids = {(b.proposal_id, b.reviewer_id): b.level for b in Bid.objects.filter(proposal__call=call)}
        conflicts = [
            (p_index[c.proposal_id], r_index[c.reviewer_id])
            for c in Conflict.objects.filter(proposal__call=call)
            if c.proposal_id in p_index and c.reviewer_id in r_index
        ]
        not_willing = [
            (p_index[p], r_index[r])
            for (p, r), lvl in bids.items()
            if lvl == BidLevel.NOT_WILLING and p in p_index and r in r_index
        ]
        rules = list(PairRule.objects.filter(proposal__call=call))
        reviewed = list(Assignment.objects.filter(proposal__call=call, review__isnull=False))
        pins = {
            (p_index[a.proposal_id], r_index[a.reviewer_id])
            for a in reviewed
            if a.proposal_id in p_index and a.reviewer_id in r_index
        }
        pins |= {
            (p_index[x.proposal_id], r_index[x.reviewer_id])
            for x in rules
            if x.kind == PairRuleKind.PIN and x.proposal_id in p_index and x.reviewer_id in r_index
        }
        forbids = {
            (p_index[x.proposal_id], r_index[x.reviewer_id])
            for x in rules
            if x.kind == PairRuleKind.FORBID and x.proposal_id in p_index and x.reviewer_id in r_index
        }
        forbids |= set(not_willing) - pins
        run.progress = 20
        run.save(update_fields=["progress"])
        aff = affinity_matrix(proposals, reviewers, bids)
        affinity = {(i, j): float(aff[i, j]) for i in range(len(proposals)) for j in range(len(reviewers))}
        inst = assign_engine.make_instance(
            demand=[call.reviews_per_proposal] * len(proposals),
            reviewer_country=[r.country_id for r in reviewers],
            max_load=call.max_load,
            min_load=call.min_load,
            affinity=affinity,
            conflicts=conflicts,
            forbids=sorted(forbids),
            pins=sorted(pins),
        )
        run.progress = 50
        run.save(update_fields=["progress"])
        if run.fairness:
            fair = assign_engine.assign_fair(inst)
            result = fair.result
            run.floor, run.fairness_cost = fair.floor, fair.cost
        else:
            result = assign_engine.assign(inst)
        with transaction.atomic(), acting_as(run.started_by):
            keep = {(a.proposal_id, a.reviewer_id) for a in reviewed}
            Assignment.objects.filter(proposal__call=call, review__isnull=True).delete()
            for (i, j), a in zip(result.pairs, result.affinity):
                p, r = proposals[i], reviewers[j]
                if (p.pk, r.pk) in keep:
                    continue
                Assignment.objects.create(proposal=p, reviewer=r, affinity=a, run=run)
                log(p, run.started_by, "assigned", _("Reviewer assigned (affinity %(a).2f)") % {"a": a})
                transaction.on_commit(
                    lambda r=r, p=p: notify(
                        user=r.user,
                        text=_("New proposal to review: %(t)s") % {"t": p.title},
                        url=p.get_absolute_url(),
                    )
                )
            run.total_affinity = result.total_affinity
            run.relaxed = ",".join(result.relaxed)
            run.uncovered = [
                {
                    "proposal": proposals[u.proposal].pk,
                    "title": proposals[u.proposal].title,
                    "code": u.code,
                    "assigned": u.assigned,
                    "wanted": u.wanted,
                    "detail": u.detail,
                }
                for u in result.uncovered
            ]
            run.status, run.progress, run.finished_at = RunStatus.DONE, 100, timezone.now()
            run.save()
    except Exception as exc:
        run.status, run.message, run.finished_at = RunStatus.FAILED, str(exc)[:500], timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    return run


# --------------------------------------------------------------------------------- reviews


def submit_review(
    *,
    by,
    proposal: Proposal,
    scores: dict,
    comments_for_applicants: str = "",
    confidential_comments: str = "",
    now: dt.datetime | None = None,
) -> Review:
    """Score every criterion on the call's scale. Only the assigned, non-conflicted reviewer may,
    and only before the review deadline; resubmitting before the deadline replaces the scores."""
    now = now or timezone.now()
    reviewer = access.reviewer_of(by)
    assignment = (
        Assignment.objects.filter(proposal=proposal, reviewer=reviewer)
        .select_related("proposal__call")
        .first()
        if reviewer
        else None
    )
    if assignment is None or Conflict.objects.filter(proposal=proposal, reviewer=reviewer).exists():
        raise access.NotFound
    call = assignment.proposal.call
    if call.review_deadline and now > call.review_deadline:
        raise ValidationError({"scores": _("The review deadline has passed.")})
    criteria = list(call.criteria.all())
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for c in criteria:
        raw = scores.get(str(c.pk), scores.get(c.pk))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[f"criterion_{c.pk}"] = _("Score %(c)s from 1 to %(n)s.") % {
                "c": c.name,
                "n": call.score_scale,
            }
            continue
        if not 1 <= value <= call.score_scale:
            errors[f"criterion_{c.pk}"] = _("Score %(c)s from 1 to %(n)s.") % {
                "c": c.name,
                "n": call.score_scale,
            }
        clean[str(c.pk)] = value
    if errors:
        raise ValidationError(errors)
    weights = sum(float(c.weight) for c in criteria) or 1.0
    total = sum(float(c.weight) * clean[str(c.pk)] for c in criteria) / weights
    with transaction.atomic(), acting_as(by):
        review, _created = Review.objects.update_or_create(
            assignment=assignment,
            defaults={
                "scores": clean,
                "total": round(total, 4),
                "comments_for_applicants": comments_for_applicants,
                "confidential_comments": confidential_comments,
                "submitted_at": now,
            },
        )
        log(proposal, by, "review submitted")
    return review


def remind_reviewers(*, now: dt.datetime | None = None, within: dt.timedelta = dt.timedelta(days=3)) -> int:
    """Remind reviewers with unsubmitted reviews whose deadline falls within ``within``."""
    now = now or timezone.now()
    pending = (
        Assignment.objects.filter(
            proposal__call__review_deadline__gt=now,
            proposal__call__review_deadline__lte=now + within,
            proposal__status=ProposalStatus.SUBMITTED,
        )
        .filter(review__isnull=True)
        .select_related("reviewer__user", "proposal__call")
    )
    n = 0
    for a in pending:
        with transaction.atomic():
            notify(
                user=a.reviewer.user,
                text=_("Reminder: your review of “%(t)s” is due") % {"t": a.proposal.title},
                url=a.proposal.get_absolute_url(),
            )
            log(a.proposal, None, "reminder sent")
        n += 1
    return n


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
    require_secretariat(by)
    from .queries import score_table

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
    require_secretariat(by)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose award or decline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Record the reason for the decision.")})
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted proposal can be decided.")})
    call = proposal.call
    value = (
        _money(amount if amount is not None else proposal.requested_amount, "amount")
        if outcome == Outcome.AWARD
        else Decimal(0)
    )
    if outcome == Outcome.AWARD:
        remaining = call.total_budget - committed_amount(call)
        if value > call.max_award:
            raise ValidationError(
                {"amount": _("The award is above the call's maximum award (%(m)s).") % {"m": call.max_award}}
            )
        if value > remaining:
            raise ValidationError(
                {
                    "amount": _("The award is above the remaining budget (%(r)s %(c)s).")
                    % {"r": remaining, "c": call.currency_id}
                }
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
                text=_("A decision was made on your proposal “%(t)s”.") % {"t": proposal.title},
                url=proposal.get_absolute_url(),
            )
    return decision


def report_milestone(*, by, milestone: Milestone, report: str, now: dt.datetime | None = None) -> Milestone:
    proposal = access.get_proposal(by, milestone.proposal_id, for_edit=True)
    if proposal.status != ProposalStatus.AWARDED:
        raise ValidationError({"report": _("Reports are for awarded grants.")})
    if not report.strip():
        raise ValidationError({"report": _("Write the report.")})
    with transaction.atomic(), acting_as(by):
        milestone.report, milestone.reported_at = report.strip(), now or timezone.now()
        milestone.save(update_fields=["report", "reported_at"])
        log(proposal, by, "milestone reported", milestone.title)
    return milestone


def record_disbursement(*, by, milestone: Milestone, now: dt.datetime | None = None) -> Milestone:
    require_secretariat(by)
    if milestone.reported_at is None:
        raise ValidationError({"milestone": _("Disburse only after the milestone report.")})
    with transaction.atomic(), acting_as(by):
        milestone.disbursed_at = now or timezone.now()
        milestone.save(update_fields=["disbursed_at"])
        log(milestone.proposal, by, "disbursed", f"{milestone.title}: {milestone.amount}")
    return milestone
