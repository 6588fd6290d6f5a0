"""Talent pages. Thin: parse input, call a service or query, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corridor.core.charts import bar_spec, line_spec, to_svg
from corridor.core.forms import apply_service_errors
from corridor.core.pagination import page_of
from corridor.orgs.access import acting_organisation_ids, get_organisation

from . import access, credentials, eligibility, indicators, keys, matching, queries, services
from .enums import ApplicationStatus
from .forms import (
    ApplyForm,
    CompareForm,
    DirectoryFilterForm,
    EligibilityForm,
    EquivalenceRuleForm,
    JobFilterForm,
    JobForm,
    JobSkillFormSet,
    LanguageFormSet,
    PathwayForm,
    ProfileForm,
    QualificationFormSet,
    RetireForm,
    RevokeForm,
    RuleForm,
    SkillFormSet,
    TransitionForm,
)

PAGE_SIZE = 20


def _qual_rows(profile):
    rows = []
    for q in profile.qualifications.all():
        rows.append({"q": q, "compare": queries.compare(q.framework, q.level)})
    return rows


def _chart_window() -> tuple:
    """The last three years, from the first half-year in them to today."""
    today = timezone.localdate()
    return today.replace(year=today.year - 2, month=1, day=1), today


def _svg(svg: str) -> HttpResponse:
    response = HttpResponse(
        svg or '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def moves_chart(request):
    rows = queries.moved_by_half_year(*_chart_window())
    spec = line_spec(
        rows,
        x="half",
        y="n",
        color="direction",
        title=_("Professionals moved per half-year, by direction"),
        x_title=_("Half-year"),
        y_title=_("Professionals"),
    )
    return _svg(to_svg(spec) if rows else "")


@require_GET
def jobs_chart(request):
    rows = queries.jobs_by_occupation_and_country(request.user)[:30]
    spec = bar_spec(
        rows,
        x="occupation",
        y="n",
        color="country",
        horizontal=True,
        title=_("Open jobs by occupation and country"),
        x_title=_("Occupation (ISCO-08)"),
        y_title=_("Open jobs"),
    )
    return _svg(to_svg(spec) if rows else "")


@require_GET
def index(request):
    return render(
        request,
        "talent/index.html",
        {
            "profile": queries.own_profile(request.user),
            "jobs": queries.jobs_visible_to(request.user)[:5],
            "pathways": queries.pathways(),
            "can_post": bool(acting_organisation_ids(request.user)) or access.is_secretariat(request.user),
            "by_status": [
                (ApplicationStatus(k).label, v) for k, v in queries.applications_by_status().items()
            ],
            "moves": indicators.moved_by_pathway_and_direction(
                timezone.localdate().replace(month=1, day=1), timezone.localdate()
            ),
            "moves_by_half": queries.moved_by_half_year(*_chart_window()),
            "jobs_by_occupation": queries.jobs_by_occupation_and_country(request.user),
        },
    )


@require_GET
def jobs(request):
    filters = JobFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = queries.jobs_visible_to(request.user, **{k: v for k, v in data.items() if v})
    page, querystring = page_of(request, qs, PAGE_SIZE)
    return render(request, "talent/jobs.html", {"filters": filters, "page": page, "querystring": querystring})


@login_required
@require_http_methods(["GET", "POST"])
def job_new(request):
    orgs = list(queries.postable_organisations(request.user))
    if not orgs:
        raise PermissionDenied
    org_slug = request.POST.get("organisation") or request.GET.get("organisation") or orgs[0].slug
    organisation = get_organisation(request.user, slug=org_slug, for_admin=True)
    form = JobForm(request.POST or None, initial={"country": organisation.country_id})
    skills = JobSkillFormSet(request.POST or None, prefix="skills")
    return _save_job_form(request, form, skills, organisation, None, {"orgs": orgs})


def _save_job_form(request, form, skills, organisation, job, context):
    """Post or update a job from its form and skill rows; errors stay on the form."""
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        try:
            saved = services.save_job(
                by=request.user,
                organisation=organisation,
                job=job,
                skills=[(r["skill"], r["level"]) for r in skills.rows()],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Job updated.") if job else _("Job posted."))
            return redirect(saved)
    context = {"form": form, "skills": skills, "organisation": organisation, "job": job, **context}
    return render(request, "talent/job_form.html", context)


@require_http_methods(["GET", "POST"])
def job(request, pk):
    job = access.get_job(request.user, pk)
    is_employer = access.can_act_for(request.user, job.organisation)
    profile = queries.own_profile(request.user)
    form = ApplyForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/account/login/?next={request.path}")
        if form.is_valid():
            try:
                application = services.apply_to_job(by=request.user, job=job, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Application sent."))
                return redirect(application)
    fit = matching.explain(queries.profile_detail(profile), job) if profile else None
    level_compare = (
        queries.compare(job.qualification_framework, job.qualification_level)
        if job.qualification_level
        else []
    )
    candidates = matching.professionals_for(job, request.user, k=10) if is_employer else []
    return render(
        request,
        "talent/job.html",
        {
            "job": job,
            "skills": queries.job_skills(job),
            "form": form,
            "profile": profile,
            "fit": fit,
            "level_compare": level_compare,
            "is_employer": is_employer,
            "candidates": candidates,
            "applications": queries.applications_of(request.user, job=job) if is_employer else [],
        },
    )


@login_required
@require_POST
def job_close(request, pk):
    job = access.get_job(request.user, pk, for_admin=True)
    services.close_job(by=request.user, job=job)
    messages.success(request, _("Job closed."))
    return redirect(job)


@require_GET
def professionals(request):
    filters = DirectoryFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = queries.profiles_visible_to(request.user, **{k: v for k, v in data.items() if v})
    page, querystring = page_of(request, qs, PAGE_SIZE)
    return render(
        request, "talent/professionals.html", {"filters": filters, "page": page, "querystring": querystring}
    )


@require_GET
def professional(request, pk):
    profile = queries.profile_detail(access.get_profile(request.user, pk))
    return render(
        request,
        "talent/professional.html",
        {
            "profile": profile,
            "quals": _qual_rows(profile),
            "is_owner": request.user.is_authenticated and profile.user_id == request.user.pk,
            "can_verify": access.is_secretariat(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = queries.own_profile(request.user)
    if profile:
        profile = queries.profile_detail(profile)
        initial = {
            "headline": profile.headline,
            "summary": profile.summary,
            "occupation": profile.occupation_id,
            "experience_years": profile.experience_years,
            "country": profile.country_id,
            "desired_country": profile.desired_country_id,
            "mobility": profile.mobility,
            "expected_salary": profile.expected_salary,
            "expected_currency": profile.expected_currency_id,
            "visibility": profile.visibility,
        }
        skill_init = [{"skill": s.skill_id, "level": s.level} for s in profile.skills.all()]
        lang_init = [{"language": lang.language, "level": lang.level} for lang in profile.languages.all()]
        qual_init = [
            {
                "id": q.pk,
                "title": q.title,
                "awarding_body": q.awarding_body,
                "country": q.country_id,
                "framework": q.framework,
                "level": q.level,
                "credits": q.credits,
                "year": q.year,
            }
            for q in profile.qualifications.all()
        ]
    else:
        initial = {"country": getattr(request.user, "country_id", None)}
        skill_init = lang_init = qual_init = []
    data = request.POST or None
    form = ProfileForm(data, initial=initial)
    skills = SkillFormSet(data, prefix="skills", initial=skill_init)
    languages = LanguageFormSet(data, prefix="languages", initial=lang_init)
    quals = QualificationFormSet(data, prefix="qualifications", initial=qual_init)
    if request.method == "POST" and all(f.is_valid() for f in (form, skills, languages, quals)):
        try:
            profile = services.save_profile(
                by=request.user,
                skills=[(r["skill"], r["level"]) for r in skills.rows()],
                languages=[(r["language"], r["level"]) for r in languages.rows()],
                qualifications=[{k: v for k, v in r.items() if k != "DELETE"} for r in quals.rows()],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect(profile)
    return render(
        request,
        "talent/profile_form.html",
        {"form": form, "skills": skills, "languages": languages, "quals": quals, "profile": profile},
    )


@login_required
@require_GET
def matches(request):
    profile = queries.own_profile(request.user)
    results = matching.jobs_for(profile, request.user, k=10) if profile else []
    return render(request, "talent/matches.html", {"profile": profile, "results": results})


@login_required
@require_POST
def qualification_verify(request, pk):
    qualification = access.get_qualification_for_secretariat(request.user, pk)
    services.verify_qualification(by=request.user, qualification=qualification)
    messages.success(request, _("Qualification verified; a credential was issued to its holder."))
    return redirect(qualification.profile)


@login_required
@require_GET
def applications(request):
    page = Paginator(queries.applications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "talent/applications.html", {"page": page, "querystring": ""})


@login_required
@require_http_methods(["GET", "POST"])
def application(request, pk):
    app = access.get_application(request.user, pk)
    form = TransitionForm(request.POST or None, country=app.job.country)
    if request.method == "POST" and form.is_valid():
        try:
            services.transition(
                by=request.user,
                application=app,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                pathway=form.cleaned_data["pathway"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Application updated."))
            return redirect(app)
    app = queries.application_detail(app)
    employer = access.can_act_for(request.user, app.job.organisation)
    allowed = set()
    if employer:
        allowed |= services.EMPLOYER_MOVES.get(app.status, set())
    if app.profile.user_id == request.user.pk:
        allowed |= services.APPLICANT_MOVES.get(app.status, set())
    form.fields["status"].choices = [
        (s, ApplicationStatus(s).label) for s in ApplicationStatus.values if s in allowed
    ]
    return render(
        request,
        "talent/application.html",
        {
            "app": app,
            "form": form if allowed else None,
            "credential": getattr(app, "credential", None)
            if app.profile.user_id == request.user.pk
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_eligibility(request, pk):
    job = access.get_job(request.user, pk)
    profile_id = request.GET.get("profile") or request.POST.get("profile")
    profile = (
        access.get_profile(request.user, profile_id) if profile_id else queries.own_profile(request.user)
    )
    if profile is None:
        messages.info(request, _("Create your professional profile first."))
        return redirect("talent:profile_edit")
    form = EligibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            check = eligibility.check_eligibility(
                by=request.user,
                profile=profile,
                job=job,
                income=d["income"],
                currency=d["currency"].code
                if d["currency"]
                else (job.currency_id if d["income"] is None else None),
                as_of=d["as_of"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("talent:check", pk=check.pk)
    return render(request, "talent/eligibility_form.html", {"form": form, "job": job, "profile": profile})


@login_required
@require_GET
def check(request, pk):
    check = access.get_check(request.user, pk)
    return render(request, "talent/check.html", {"check": check})


@require_http_methods(["GET", "POST"])
def bridge(request):
    compare_form = CompareForm(request.GET or None)
    result = conversion = None
    if compare_form.is_valid():
        d = compare_form.cleaned_data
        result = queries.compare(d["framework"], d["level"])
        if d["credits"] is not None:
            target = "KNQF" if d["framework"] == "MQF" else "MQF"
            conversion = {
                "credits": d["credits"],
                "source": d["framework"],
                "target": target,
                "value": services.credit_conversion(d["credits"], source=d["framework"], target=target),
            }
    rule_form = None
    if access.is_secretariat(request.user):
        rule_form = EquivalenceRuleForm(request.POST or None)
        if request.method == "POST" and rule_form.is_valid():
            try:
                services.save_equivalence_rule(by=request.user, **rule_form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(rule_form, exc)
            else:
                messages.success(request, _("Equivalence rule saved."))
                return redirect("talent:bridge")
    elif request.method == "POST":
        raise access.NotFound
    return render(
        request,
        "talent/bridge.html",
        {
            "rules": queries.equivalence_rules(),
            "frameworks": queries.frameworks(),
            "compare_form": compare_form,
            "result": result,
            "conversion": conversion,
            "rule_form": rule_form,
        },
    )


@require_GET
def pathways(request):
    return render(
        request,
        "talent/pathways.html",
        {"pathways": queries.pathways(), "is_secretariat": access.is_secretariat(request.user)},
    )


@login_required
@require_GET
def credential_list(request):
    page = Paginator(queries.credentials_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "talent/credentials.html", {"page": page, "querystring": ""})


@login_required
@require_http_methods(["GET", "POST"])
def credential(request, pk):
    cred = access.get_credential(request.user, pk)
    form = RevokeForm(request.POST or None) if access.is_secretariat(request.user) else None
    if request.method == "POST":
        if form is None:
            raise access.NotFound
        if form.is_valid():
            try:
                credentials.revoke(by=request.user, credential=cred, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Credential revoked."))
                return redirect(cred)
    ok, notes = credentials.verify_credential(cred.document)
    return render(
        request,
        "talent/credential.html",
        {"cred": cred, "ok": ok, "notes": notes, "form": form, "pretty": json.dumps(cred.document, indent=2)},
    )


@login_required
@require_GET
def credential_download(request, pk):
    cred = access.get_credential(request.user, pk)
    response = HttpResponse(json.dumps(cred.document, indent=2), content_type="application/vc+json")
    response["Content-Disposition"] = f'attachment; filename="corridor-credential-{cred.pk}.json"'
    return response


@require_GET
def status_list(request):
    return JsonResponse(credentials.status_list_credential(), content_type="application/vc+json")


@require_GET
def issuer_document(request):
    return JsonResponse(keys.issuer_document(), content_type="application/did+json")


@login_required
@require_http_methods(["GET", "POST"])
def rule_version(request, pk):
    from .forms import DocumentFormSet, RuleVersionForm

    rule = access.get_rule_for_secretariat(request.user, pk)
    form = RuleVersionForm(
        request.POST or None,
        initial={"min_income": rule.min_income, "max_income": rule.max_income, "source_url": rule.source_url},
    )
    docs = DocumentFormSet(
        request.POST or None, prefix="docs", initial=[{"document": d} for d in rule.documents]
    )
    if request.method == "POST" and form.is_valid() and docs.is_valid():
        rows = [
            f.cleaned_data["document"]
            for f in docs.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.new_rule_version(by=request.user, rule=rule, documents=rows, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("New rule version saved."))
            return redirect("talent:pathways")
    return render(request, "talent/rule_version.html", {"rule": rule, "form": form, "docs": docs})


@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request, pk):
    """Those who act for the job's organisation change it (expiry date included)."""
    job = access.get_job(request.user, pk, for_admin=True)
    initial = {f: getattr(job, f) for f in JOB_FIELDS}
    initial.update(occupation=job.occupation_id, currency=job.currency_id, country=job.country_id)
    form = JobForm(request.POST or None, initial=initial)
    skills = JobSkillFormSet(
        request.POST or None,
        prefix="skills",
        initial=[{"skill": s.skill_id, "level": s.level} for s in queries.job_skills(job)],
    )
    return _save_job_form(request, form, skills, job.organisation, job, {})


JOB_FIELDS = [f for f in JobForm.base_fields if f not in ("occupation", "currency", "country")]


@login_required
@require_http_methods(["GET", "POST"])
def pathway_new(request):
    return _pathway_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def pathway_edit(request, pk):
    return _pathway_form(request, access.get_pathway_for_secretariat(request.user, pk))


def _pathway_form(request, pathway):
    if not access.is_secretariat(request.user):
        raise access.NotFound
    initial = {}
    if pathway is not None:
        initial = {f: getattr(pathway, f) for f in services.PATHWAY_FIELDS}
        initial["country"] = pathway.country_id
    form = PathwayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pathway = services.save_pathway(by=request.user, pathway=pathway, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Pathway saved."))
            return redirect(f"{reverse('talent:pathways')}#pathway-{pathway.pk}")
    return render(request, "talent/pathway_form.html", {"form": form, "pathway": pathway})


@login_required
@require_http_methods(["GET", "POST"])
def pathway_retire(request, pk):
    pathway = access.get_pathway_for_secretariat(request.user, pk)
    form = RetireForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.retire_pathway(by=request.user, pathway=pathway, on=form.cleaned_data["on"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Pathway retired."))
            return redirect("talent:pathways")
    return render(request, "talent/pathway_retire.html", {"form": form, "pathway": pathway})


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request, pk):
    from .forms import DocumentFormSet

    pathway = access.get_pathway_for_secretariat(request.user, pk)
    form = RuleForm(request.POST or None)
    docs = DocumentFormSet(request.POST or None, prefix="docs")
    if request.method == "POST" and form.is_valid() and docs.is_valid():
        rows = [
            f.cleaned_data["document"]
            for f in docs.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.add_rule(by=request.user, pathway=pathway, documents=rows, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Band added."))
            return redirect(f"{reverse('talent:pathways')}#pathway-{pathway.pk}")
    return render(request, "talent/rule_form.html", {"form": form, "docs": docs, "pathway": pathway})
