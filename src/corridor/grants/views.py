"""Grant pages. Thin: parse input, call a service or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corridor.core.forms import apply_service_errors as _apply_errors
from corridor.core.media import serve_file

from . import access, letters, queries, services
from .enums import Outcome
from .forms import (
    AttachmentForm,
    CallForm,
    DecisionForm,
    DecisionSupportForm,
    PairRuleForm,
    ProposalForm,
    ReviewerInviteForm,
    ReviewerProfileForm,
    ReviewForm,
    RunForm,
)

PAGE_SIZE = 20


def calls(request):
    status = request.GET.get("status") if request.GET.get("status") in ("open", "closed") else None
    page = Paginator(queries.calls_for(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grants/calls.html",
        {
            "page": page,
            "status": status,
            "querystring": f"status={status}" if status else "",
            "is_secretariat": access.is_secretariat(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request):
    if not access.is_secretariat(request.user):
        raise access.NotFound
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(by=request.user, **form.service_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Call created."))
            return redirect(call)
    return render(request, "grants/call_form.html", {"form": form})


def call_detail(request, slug):
    call = access.get_call(request.user, slug)
    context = {
        "call": call,
        "lottery": call.published_lottery,
        "criteria": list(call.criteria.all()),
        "themes": call.themes(),
        "is_secretariat": access.is_secretariat(request.user),
        "biddable": list(access.biddable(request.user, call)),
    }
    return render(request, "grants/call.html", context)


@login_required
def my_proposals(request):
    page = Paginator(queries.my_proposals(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "grants/my_proposals.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request, slug):
    call = access.get_call(request.user, slug)
    form = ProposalForm(request.POST or None, user=request.user, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.save_proposal(by=request.user, call=call, **form.service_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draft saved. Attach the documents, then submit."))
            return redirect(proposal)
    return render(request, "grants/proposal_form.html", {"form": form, "call": call})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = access.get_proposal(request.user, pk, for_edit=True)
    form = ProposalForm(request.POST or None, user=request.user, call=proposal.call, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_proposal(
                by=request.user, call=proposal.call, proposal=proposal, **form.service_data()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Proposal saved."))
            return redirect(proposal)
    return render(
        request, "grants/proposal_form.html", {"form": form, "call": proposal.call, "proposal": proposal}
    )


def proposal_detail(request, pk):
    proposal = access.get_proposal(request.user, pk)
    secretariat = access.is_secretariat(request.user)
    applicant = access.is_applicant(request.user, proposal)
    reviewer = access.reviewer_of(request.user)
    my_assignment = queries.assignment_of(proposal, reviewer)
    decision = getattr(proposal, "decision", None)
    context = {
        "proposal": proposal,
        "call": proposal.call,
        "secretariat": secretariat,
        "applicant": applicant,
        "can_edit": access.can_edit(request.user, proposal) and proposal.editable,
        "problems": services.check_eligibility(proposal) if proposal.editable else [],
        **queries.proposal_parts(proposal),
        "attachment_form": AttachmentForm(call=proposal.call),
        "my_assignment": my_assignment,
        "decision": decision,
        # Applicants read comments meant for them only once decided; never reviewers' names.
        "applicant_comments": queries.comments_for_applicants(proposal) if applicant and decision else [],
        "assignments": queries.assignments_of(proposal) if secretariat else [],
        "history": queries.history_of(proposal) if secretariat else [],
    }
    return render(request, "grants/proposal.html", context)


@login_required
@require_GET
def attachment(request, pk, attachment):
    """A proposal's document, to those who may read the proposal (applicants, the secretariat,
    its reviewers); hidden = missing to everyone else."""
    proposal = access.get_proposal(request.user, pk)
    document = queries.attachment_of(proposal, attachment)
    return serve_file(
        document.file, filename=f"proposal-{proposal.pk}-{slugify(document.kind)[:60] or 'document'}"
    )


@login_required
@require_POST
def proposal_action(request, pk, action):
    proposal = access.get_proposal(request.user, pk)
    try:
        if action == "submit":
            services.submit_proposal(by=request.user, proposal=proposal)
            messages.success(request, _("Proposal submitted."))
        elif action == "withdraw":
            services.withdraw_proposal(by=request.user, proposal=proposal)
            messages.success(request, _("Proposal withdrawn."))
        elif action == "reopen":
            services.reopen_proposal(
                by=request.user, proposal=proposal, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Proposal reopened for changes."))
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES, call=proposal.call)
            if not form.is_valid():
                raise ValidationError(form.errors.get_json_data())
            services.add_attachment(
                by=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
            messages.success(request, _("Document attached."))
        elif action == "conflict":
            services.declare_conflict(
                by=request.user, proposal=proposal, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Conflict declared; the proposal was removed from your list."))
            return redirect("grants:my_reviews")
        else:
            raise access.NotFound
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(proposal)


@login_required
@require_POST
def bid(request, pk):
    # Bidding needs only the title: ``place_bid`` checks the proposal is biddable for this user.
    proposal = queries.proposal_for_bid(pk)
    try:
        services.place_bid(by=request.user, proposal=proposal, level=request.POST.get("level", ""))
        messages.success(request, _("Bid saved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(proposal.call)


@login_required
def my_reviews(request):
    reviewer = access.reviewer_of(request.user)
    rows = list(queries.assignments_for(reviewer)) if reviewer else []
    return render(request, "grants/my_reviews.html", {"rows": rows, "reviewer": reviewer})


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_profile(request):
    reviewer = access.reviewer_of(request.user)
    if reviewer is None:
        raise access.NotFound
    form = ReviewerProfileForm(request.POST or None, reviewer=reviewer)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reviewer_profile(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your reviewer profile is saved."))
            return redirect("grants:reviewer_profile")
    return render(request, "grants/reviewer_profile.html", {"form": form, "reviewer": reviewer})


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    proposal = access.get_proposal(request.user, pk)
    reviewer = access.reviewer_of(request.user)
    assignment = queries.assignment_of(proposal, reviewer)
    if assignment is None:
        raise access.NotFound
    existing = getattr(assignment, "review", None)
    form = ReviewForm(request.POST or None, call=proposal.call, review=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_review(by=request.user, proposal=proposal, **form.service_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Review submitted."))
            return redirect("grants:my_reviews")
    return render(request, "grants/review_form.html", {"form": form, "proposal": proposal})


def _secretariat_call(request, slug):
    if not access.is_secretariat(request.user):
        raise access.NotFound
    return access.get_call(request.user, slug)


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request, slug):
    call = _secretariat_call(request, slug)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_assignment(
                by=request.user, call=call, fairness=form.cleaned_data["fairness"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(reverse("grants:assignment", args=[slug]) + f"?run={run.pk}")
    # Every proposal that reached the secretariat: submitted, reopened or decided; not drafts
    # nor withdrawn ones.
    return render(
        request,
        "grants/assignment.html",
        {
            "call": call,
            "form": form,
            **queries.assignment_page(call),
            "rule_choices": PairRuleForm().fields["kind"].choices,
        },
    )


@login_required
@require_POST
def pair_rule(request, slug, pk):
    call = _secretariat_call(request, slug)
    proposal = queries.proposal_of_call(call, pk)
    form = PairRuleForm(request.POST, reviewers=queries.reviewers_of_call(call))
    if not form.is_valid():
        messages.error(request, _("Choose a reviewer of this call and a rule."))
    else:
        reviewer = queries.get_reviewer(form.cleaned_data["reviewer"])
        kind = None if form.cleaned_data["kind"] == "clear" else form.cleaned_data["kind"]
        try:
            services.set_pair_rule(by=request.user, proposal=proposal, reviewer=reviewer, kind=kind)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Rule saved for “%(p)s”. Re-run the assignment to apply it.") % {"p": proposal.title},
            )
    return redirect("grants:assignment", slug=call.slug)


@login_required
@require_http_methods(["GET", "POST"])
def reviewers(request, slug):
    call = _secretariat_call(request, slug)
    form = ReviewerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reviewer = services.register_reviewer(by=request.user, calls=[call], **form.service_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(r)s is invited to review for this call and was notified.") % {"r": reviewer}
            )
            return redirect("grants:reviewers", slug=call.slug)
    pool = queries.reviewers_of_call(call)
    return render(request, "grants/reviewers.html", {"call": call, "form": form, "pool": pool})


@login_required
def run_progress(request, slug, pk):
    call = _secretariat_call(request, slug)
    run = queries.get_run(call, pk)
    return render(request, "grants/_run_progress.html", {"call": call, "run": run})


@login_required
def scores(request, slug):
    call = _secretariat_call(request, slug)
    options = DecisionSupportForm(request.GET or None)
    support = services.decision_support(by=request.user, call=call, use_lottery=options.use_lottery)
    selected = set(support["selection"].ids)
    return render(
        request,
        "grants/scores.html",
        {
            "call": call,
            "support": support,
            "selected": selected,
            "form": DecisionForm(),
            "options": options,
            "committed": services.committed_amount(call),
        },
    )


@login_required
@require_POST
def decide(request, pk):
    proposal = access.get_proposal(request.user, pk)
    if not access.is_secretariat(request.user):
        raise access.NotFound
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(by=request.user, proposal=proposal, **form.cleaned_data)
            messages.success(request, _("Decision recorded."))
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                messages.error(request, f"{field}: {' '.join(errs)}")
    else:
        messages.error(request, _("Choose an outcome and give a reason."))
    return redirect("grants:scores", slug=proposal.call.slug)


def _award(request, pk):
    proposal = access.get_proposal(request.user, pk)
    decision = getattr(proposal, "decision", None)
    if decision is None or decision.outcome != Outcome.AWARD:
        raise access.NotFound
    return proposal, decision


def letter(request, pk):
    proposal, decision = _award(request, pk)
    return render(request, "grants/letter.html", letters.letter_context(proposal, decision))


def letter_pdf(request, pk):
    proposal, decision = _award(request, pk)
    response = HttpResponse(letters.render_letter_pdf(proposal, decision), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.letter_filename(decision)}"'
    return response


@login_required
@require_POST
def milestone_action(request, pk, action):
    milestone = queries.get_milestone(pk)
    proposal = access.get_proposal(request.user, milestone.proposal_id)
    try:
        if action == "report":
            services.report_milestone(
                by=request.user, milestone=milestone, report=request.POST.get("report", "")
            )
        elif action == "disburse":
            services.record_disbursement(by=request.user, milestone=milestone)
        messages.success(request, _("Milestone updated."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(proposal)
