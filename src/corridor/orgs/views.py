"""Organisation pages. Thin: parse input, call a service or query, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.core.errors import StaleEdit
from corridor.core.forms import apply_service_errors as _apply_errors

from . import access, queries, services
from .enums import OrgStatus
from .forms import (
    DirectoryFilterForm,
    DisputeForm,
    InvitationForm,
    OrganisationForm,
    PostingForm,
    VerificationForm,
)

PAGE_SIZE = 20


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.directory(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "querystring": query.urlencode(),
        "filtered": any(filters.values()),
    }
    template = "orgs/directory.html#results" if request.htmx else "orgs/directory.html"
    return render(request, template, context)


def detail(request, slug):
    org = access.get_organisation(request.user, slug=slug)
    postings = list(queries.postings_for_profile(organisation=org, user=request.user))
    context = {
        "org": org,
        "offers": [p for p in postings if p.type == "offer"],
        "requests": [p for p in postings if p.type == "request"],
        "can_admin": access.can_act_for(request.user, org),
        "is_secretariat": access.is_secretariat(request.user),
        "is_member": access.can_see_drafts(request.user, org),
        "members": list(queries.members_of(org)) if access.can_see_drafts(request.user, org) else [],
    }
    return render(request, "orgs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verification(request, slug):
    """The secretariat verifies or disputes an organisation; anyone else may report a dispute."""
    org = access.get_organisation(request.user, slug=slug)
    staff = access.is_secretariat(request.user)
    if staff:
        initial = {"status": org.verification_status, "note": org.verification_note}
        form = VerificationForm(request.POST or None, initial=initial)
    else:
        form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if staff:
                services.set_verification(organisation=org, by=request.user, **form.cleaned_data)
            else:
                services.report_dispute(organisation=org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if staff:
                messages.success(request, _("The verification is saved."))
            else:
                messages.success(request, _("Thank you: the secretariat will look into it."))
            return redirect(org)
    return render(request, "orgs/verification.html", {"org": org, "form": form, "is_secretariat": staff})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not request.user.email_verified and not access.is_secretariat(request.user):
        messages.warning(request, _("Confirm your e-mail address before creating an organisation."))
        return redirect("dashboard")
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        initial={"country": request.user.country_id, "status": OrgStatus.PUBLISHED},
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data.pop("version", None)
        status = data.pop("status")
        try:
            org = services.create_organisation(by=request.user, publish=status == OrgStatus.PUBLISHED, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("%(name)s is created. Add what you offer and what you need.") % {"name": org.name}
            )
            return redirect(org)
    return render(request, "orgs/form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    org = access.get_organisation(request.user, slug=slug, for_admin=True)
    initial = {
        "name": org.name,
        "country": org.country_id,
        "kind": org.kind,
        "registration_number": org.registration_number,
        "sectors": list(org.sectors.all()),
        "size_band": org.size_band,
        "founded_year": org.founded_year,
        "city": org.city,
        "website": org.website,
        "description": org.description,
        "status": org.status,
        "version": org.version,
    }
    form = OrganisationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data["expected_version"] = data.pop("version", None)
        try:
            services.update_organisation(organisation=org, by=request.user, **data)
        except StaleEdit as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(org)
    return render(request, "orgs/form.html", {"form": form, "org": org, "creating": False})


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug):
    org = access.get_organisation(request.user, slug=slug)
    if not access.can_see_drafts(request.user, org):
        raise access.NotFound
    can_admin = access.can_act_for(request.user, org)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_admin:
            raise access.NotFound
        if form.is_valid():
            try:
                services.invite_member(organisation=org, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
                return redirect("orgs:members", slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "can_admin": can_admin,
        "members": queries.members_of(org),
        "invitations": queries.pending_invitations(org),
    }
    return render(request, "orgs/members.html", context)


@login_required
@require_http_methods(["POST"])
def member_remove(request, slug, pk):
    org = access.get_organisation(request.user, slug=slug)
    membership = queries.membership_in(org, pk)
    if membership is None:
        raise access.NotFound
    try:
        services.remove_member(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("orgs:members", slug=org.slug)


@login_required
def accept_invitation(request, token):
    membership = services.accept_invitation(token=token, by=request.user)
    messages.success(request, _("You joined %(org)s.") % {"org": membership.organisation.name})
    return redirect(membership.organisation)


@login_required
@require_http_methods(["GET", "POST"])
def posting_create(request, slug):
    org = access.get_organisation(request.user, slug=slug, for_admin=True)
    form = PostingForm(request.POST or None, initial={"type": request.GET.get("type", "offer")})
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.create_posting(organisation=org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Your %(type)s is posted.") % {"type": posting.get_type_display().lower()}
            )
            return redirect(org)
    return render(request, "orgs/posting_form.html", {"form": form, "org": org, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def posting_edit(request, pk):
    posting = access.get_posting(request.user, pk=pk, for_admin=True)
    initial = {
        f: getattr(posting, f)
        for f in ("type", "kind", "sector", "title", "description", "valid_until", "status")
    }
    initial["target_country"] = posting.target_country_id
    form = PostingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_posting(posting=posting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(posting.organisation)
    return render(
        request, "orgs/posting_form.html", {"form": form, "org": posting.organisation, "posting": posting}
    )


@login_required
@require_http_methods(["POST"])
def posting_withdraw(request, pk):
    posting = access.get_posting(request.user, pk=pk, for_admin=True)
    services.withdraw_posting(posting=posting, by=request.user)
    messages.success(request, _("The posting is withdrawn; it stays in your records."))
    return redirect(posting.organisation)


def posting_detail(request, pk):
    posting = access.get_posting(request.user, pk=pk)
    return render(
        request,
        "orgs/posting_detail.html",
        {
            "posting": posting,
            "can_admin": access.can_act_for(request.user, posting.organisation),
        },
    )


@login_required
def recommendations(request, slug):
    from .recommendations import recommendations_for

    org = access.get_organisation(request.user, slug=slug)
    recs = list(recommendations_for(organisation=org, user=request.user))
    return render(request, "orgs/recommendations.html", {"org": org, "recommendations": recs})


@login_required
@require_http_methods(["POST"])
def recommendation_feedback(request, slug, partner_slug):
    from .recommendations import give_feedback

    org = access.get_organisation(request.user, slug=slug)
    partner = access.get_organisation(request.user, slug=partner_slug)
    try:
        give_feedback(organisation=org, partner=partner, kind=request.POST.get("kind", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thanks: future suggestions take this into account."))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("orgs:recommendations", slug=org.slug)
