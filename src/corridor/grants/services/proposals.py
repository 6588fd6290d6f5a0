"""Services: proposals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid, invalid
from corridor.core.notifications import notify
from corridor.core.uploads import document_upload, sniff
from corridor.orgs.enums import OrgKind

from .. import access
from ..enums import (
    MemberRole,
    ProposalStatus,
)
from ..models import (
    Attachment,
    BudgetLine,
    Call,
    Milestone,
    Partner,
    Proposal,
    TeamMember,
)
from ._common import PARTNERS, PDF_MAX_BYTES, _money, log
from .reviewers import detect_conflicts

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
            raise invalid(
                "status",
                _("A submitted proposal cannot be edited unless the secretariat reopens it."),
                code="submitted_proposal_edited_unless",
            )
        call = proposal.call
    if not access.can_act_for(by, lead):
        raise PermissionDenied(_("Only an owner or admin of the lead organisation can apply for it."))
    if proposal is None and not call.is_open:
        raise invalid("call", _("This call is not open for proposals."), code="call_open_proposals")
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not abstract.strip():
        errors["abstract"] = _("This field is required.")
    budget = budget or []
    partners = [p for p in partners if p.pk != lead.pk]
    errors.update(_validate_proposal(call, lead=lead, partners=partners, budget=budget, theme=theme))
    for i, (m_title, due_on, m_amount) in enumerate(milestones or []):
        if not m_title or due_on is None:
            errors[f"milestones[{i}]"] = _("A milestone needs a title and a due date.")
            continue
        try:
            _money(m_amount, f"milestones[{i}]")
        except ValidationError as exc:
            errors[f"milestones[{i}]"] = exc.messages[0]
    if errors:
        raise fields_invalid(errors)
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
        raise invalid(
            "file",
            _("A submitted proposal cannot be changed unless the secretariat reopens it."),
            code="submitted_proposal_changed_unless",
        )
    if file.size > PDF_MAX_BYTES:
        raise invalid("file", _("The file is larger than 10 MB."), code="file_larger_mb")
    if sniff(file).kind != "pdf":
        raise invalid("file", _("The file is not a PDF."), code="file_pdf")
    _sniffed, file = document_upload(file, field="file", allowed={"pdf"}, max_bytes=PDF_MAX_BYTES)
    if kind not in proposal.call.document_list():
        raise invalid(
            "kind", _("Choose one of the call's required documents."), code="choose_call_required_documents"
        )
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
        raise invalid("status", _("This proposal is not a draft."), code="proposal_draft")
    if now >= proposal.call.closes_at:
        raise invalid(
            "call",
            _("The call closed on %(t)s; submissions are no longer accepted.")
            % {"t": proposal.call.closes_at},
            code="call_closed_submissions_longer",
        )
    problems = check_eligibility(proposal)
    if problems:
        errors: dict[str, list[str]] = defaultdict(list)
        for field, message in problems:
            errors[field].append(message)
        raise fields_invalid(dict(errors))
    with transaction.atomic(), acting_as(by):
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = now
        proposal.save(update_fields=["status", "submitted_at", "updated_at"])
        log(proposal, by, "submitted")
        detect_conflicts(proposal=proposal)
        url = proposal.get_absolute_url()
        notify(user=by, text=lambda: _("Proposal submitted: %(t)s") % {"t": proposal.title}, url=url)
    return proposal


def withdraw_proposal(*, by, proposal: Proposal) -> Proposal:
    proposal = access.get_proposal(by, proposal.pk, for_edit=True)
    if proposal.status in (ProposalStatus.AWARDED, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN):
        raise invalid(
            "status", _("This proposal can no longer be withdrawn."), code="proposal_longer_withdrawn"
        )
    with transaction.atomic(), acting_as(by):
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.save(update_fields=["status", "updated_at"])
        log(proposal, by, "withdrawn")
    return proposal


def reopen_proposal(*, by, proposal: Proposal, reason: str) -> Proposal:
    require_secretariat(by, hide=False)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise invalid(
            "status", _("Only a submitted proposal can be reopened."), code="submitted_proposal_reopened"
        )
    with transaction.atomic(), acting_as(by):
        proposal.status = ProposalStatus.REOPENED
        proposal.save(update_fields=["status", "updated_at"])
        log(proposal, by, "reopened", reason)
        if proposal.created_by:
            notify(
                user=proposal.created_by,
                text=lambda: _("Your proposal was reopened for changes: %(r)s") % {"r": reason},
                url=proposal.get_absolute_url(),
            )
    return proposal
