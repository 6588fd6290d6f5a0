"""Exchange pages. Thin: parse input, call a service or query, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corridor.core.forms import apply_service_errors as _apply_errors
from corridor.core.media import serve_file
from corridor.orgs import queries as orgs_queries
from corridor.orgs.enums import OrgKind

from . import access, queries, services
from .enums import PlacementStatus
from .forms import (
    ApplicationForm,
    CheckInForm,
    CohortForm,
    HostForm,
    OutcomeForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    PublishForm,
    RunForm,
)

PAGE_SIZE = 20


def _admin_orgs(user, kind):
    """Organisations of ``kind`` the user acts for (owner/admin; all of them for the secretariat)."""
    return orgs_queries.acting_organisations(user, kind=kind)


@require_http_methods(["GET", "POST"])
def programmes(request):
    filters = ProgrammeFilterForm(request.GET or None)
    direction = filters.cleaned_data.get("direction") if filters.is_valid() else None
    page = Paginator(queries.programmes(direction=direction), PAGE_SIZE).get_page(request.GET.get("page"))
    form = ProgrammeForm(request.POST or None) if access.is_secretariat(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            programme = services.create_programme(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Programme created. Add a cohort."))
            return redirect(programme)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchange/programmes.html",
        {"filters": filters, "page": page, "form": form, "querystring": query.urlencode()},
    )


@require_http_methods(["GET", "POST"])
def programme(request, pk):
    prog = queries.get_programme(pk)
    form = CohortForm(request.POST or None) if access.is_secretariat(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        data["stipend_currency"] = data["stipend_currency"].code
        try:
            cohort = services.create_cohort(by=request.user, programme=prog, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Cohort created."))
            return redirect(cohort)
    page = Paginator(queries.cohorts_of(prog), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exchange/programme.html", {"programme": prog, "page": page, "form": form})


@require_http_methods(["GET", "POST"])
def cohort(request, pk):
    obj = queries.get_cohort(pk)
    user = request.user
    hub_orgs = (
        _admin_orgs(user, OrgKind.TECH_HUB) if user.is_authenticated else orgs_queries.no_organisations()
    )
    host_form = HostForm(request.POST or None, organisations=hub_orgs) if hub_orgs.exists() else None
    if request.method == "POST" and host_form is not None and host_form.is_valid():
        data = dict(host_form.cleaned_data)
        try:
            services.join_cohort(by=user, cohort=obj, **data)
        except ValidationError as exc:
            _apply_errors(host_form, exc)
        else:
            messages.success(request, _("%(o)s hosts in this cohort.") % {"o": data["organisation"].name})
            return redirect(obj)
    hosts = list(queries.hosts_of(obj))
    staff_hosts = [h for h in hosts if access.is_hub_staff(user, h)]
    context = {
        "cohort": obj,
        "hosts": hosts,
        "staff_hosts": staff_hosts,
        "host_form": host_form,
        "is_staff": access.is_secretariat(user),
        "can_apply": user.is_authenticated and obj.is_open() and _admin_orgs(user, OrgKind.STARTUP).exists(),
        "run": queries.latest_run(obj)
        or (queries.latest_preview(obj) if access.is_secretariat(user) else None),
        "runs": queries.recent_runs(obj),
        "run_form": RunForm(cohort=obj) if access.is_secretariat(user) else None,
    }
    return render(request, "exchange/cohort.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    obj = queries.get_cohort(pk)
    orgs = _admin_orgs(request.user, OrgKind.STARTUP)
    hosts = list(queries.hosts_of(obj))
    form = ApplicationForm(
        request.POST or None, request.FILES or None, cohort=obj, organisations=orgs, hosts=hosts
    )
    if request.method == "POST" and form.is_valid():
        try:
            app = services.submit_application(
                by=request.user,
                cohort=obj,
                organisation=form.cleaned_data["organisation"],
                hosts=form.hosts(),
                stage=form.cleaned_data["stage"],
                answers=form.answers(),
                pitch_deck=form.cleaned_data.get("pitch_deck"),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your application is submitted."))
            return redirect(app)
    return render(request, "exchange/apply.html", {"cohort": obj, "form": form})


@login_required
def applications(request):
    page = Paginator(queries.applications_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    placements = Paginator(queries.placements_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("ppage")
    )
    hosts = list(queries.hosts_for_staff(request.user)[:50])
    return render(
        request, "exchange/applications.html", {"page": page, "placements": placements, "hosts": hosts}
    )


@login_required
def application(request, pk):
    app = access.get_application(request.user, pk)
    app = queries.application_with_state(app)
    placements = list(queries.placements_of_application(app, user=request.user))
    is_applicant = access.is_member(request.user, app.organisation)
    return render(
        request,
        "exchange/application.html",
        {"app": app, "placements": placements, "is_applicant": is_applicant},
    )


@login_required
@require_GET
def pitch_deck(request, pk):
    """An application's pitch deck, to those who may read the application (its startup, the
    secretariat, staff of the hubs it ranked); hidden = missing to everyone else."""
    app = access.get_application(request.user, pk)
    return serve_file(app.pitch_deck, filename=f"pitch-deck-{slugify(app.organisation.name)[:60]}-{app.pk}")


def _ranking_context(request, host):
    rows = queries.hub_list(host)
    locked = queries.latest_run(host.cohort) is not None or queries.active_run(host.cohort) is not None
    return {"host": host, "rows": rows, "locked": locked}


@login_required
def host(request, pk):
    obj = access.get_host(request.user, pk, for_staff=True)
    return render(request, "exchange/host.html", _ranking_context(request, obj))


@login_required
@require_POST
def host_rank(request, pk):
    """htmx (or plain POST) actions on the hub's list: up, down, sort by score, evaluate."""
    obj = access.get_host(request.user, pk, for_staff=True)
    action = request.POST.get("action", "")
    error = None
    try:
        if action == "sort":
            services.sort_hub_ranking_by_score(by=request.user, host=obj)
        else:
            app = access.get_application(request.user, request.POST.get("application"))
            if action in ("up", "down"):
                services.move_in_hub_ranking(
                    by=request.user, host=obj, application=app, step=-1 if action == "up" else 1
                )
            elif action == "evaluate":
                raw = request.POST.get("score", "").strip()
                services.evaluate_application(
                    by=request.user,
                    host=obj,
                    application=app,
                    score=int(raw) if raw.isdigit() else None,
                    acceptable=request.POST.get("acceptable") == "on",
                )
    except ValidationError as exc:
        error = (
            "; ".join(m for msgs in exc.message_dict.values() for m in msgs)
            if hasattr(exc, "error_dict")
            else str(exc)
        )
    context = _ranking_context(request, obj) | {"error": error}
    if request.htmx:
        return render(request, "exchange/host.html#ranking", context)
    if error:
        messages.error(request, error)
    return redirect("exchange:host", pk=obj.pk)


def _flash_errors(request, exc: ValidationError) -> None:
    for msgs in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
        for m in msgs:
            messages.error(request, m)


@login_required
@require_POST
def run(request, pk):
    obj = queries.get_cohort(pk)
    access.require_secretariat(request.user, hide=False)
    form = RunForm(request.POST, cohort=obj)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        services.run_placement(
            by=request.user,
            cohort=obj,
            rerun=request.POST.get("rerun") == "1",
            ties=request.POST.get("ties", "list"),
            early=bool(data.get("early")),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(obj)
    messages.success(
        request,
        _("Placement is running. You will see a preview; nobody is told anything until you publish it."),
    )
    return redirect("exchange:results", pk=obj.pk)


@login_required
@require_POST
def publish(request, pk, run_pk):
    obj = queries.get_cohort(pk)
    access.require_secretariat(request.user, hide=False)
    placement_run = queries.get_run(obj, run_pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.publish_placement(
            by=request.user, run=placement_run, confirm=bool(form.cleaned_data.get("confirm"))
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Placement published: applicants and hubs are notified."))
    return redirect("exchange:results", pk=obj.pk)


@login_required
def run_progress(request, pk, run_pk):
    """The progress partial of a placement run (polled by the results page while it runs)."""
    obj = queries.get_cohort(pk)
    access.require_secretariat(request.user)
    return render(
        request, "exchange/_run_progress.html", {"cohort": obj, "run": queries.get_run(obj, run_pk)}
    )


def results(request, pk):
    obj = queries.get_cohort(pk)
    is_staff = access.is_secretariat(request.user)
    preview = queries.latest_preview(obj) if is_staff else None
    run = preview or queries.latest_run(obj)
    placements = list(
        queries.live_placements(obj, include_preview=preview is not None).order_by(
            "host__organisation__name", "application__organisation__name"
        )
    )
    hist = run.stats.get("rank_histogram", {}) if run else {}
    return render(
        request,
        "exchange/results.html",
        {
            "cohort": obj,
            "run": run,
            "preview": preview,
            "publish_form": PublishForm() if preview is not None else None,
            "placements": placements,
            "histogram": sorted(((int(k), v) for k, v in hist.items())),
            "pending": queries.active_run(obj) if is_staff else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement(request, pk):
    obj = access.get_placement(request.user, pk)
    user = request.user
    checkin_form = CheckInForm(prefix="ci")
    outcome = getattr(obj, "outcome", None)
    outcome_form = OutcomeForm(
        prefix="oc",
        initial=(
            {
                f: getattr(outcome, f)
                for f in (
                    "customers_won",
                    "revenue",
                    "funding_raised",
                    "jobs_created",
                    "partners_met",
                    "notes",
                )
            }
            | {
                "revenue_currency": outcome.revenue_currency_id,
                "funding_currency": outcome.funding_currency_id,
            }
            if outcome
            else None
        ),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("accept", "decline"):
                services.respond_to_offer(by=user, placement=obj, accept=action == "accept")
                messages.success(request, _("Your answer is recorded."))
            elif action == "arrived":
                services.mark_arrived(by=user, placement=obj)
            elif action == "completed":
                services.mark_completed(by=user, placement=obj)
            elif action == "checkin":
                checkin_form = CheckInForm(request.POST, prefix="ci")
                if not checkin_form.is_valid():
                    raise ValidationError({"note": _("This field is required.")})
                services.record_check_in(by=user, placement=obj, note=checkin_form.cleaned_data["note"])
            elif action == "outcome":
                outcome_form = OutcomeForm(request.POST, prefix="oc")
                if not outcome_form.is_valid():
                    raise ValidationError(_("Check the outcome fields."))
                services.record_outcome(by=user, placement=obj, **outcome_form.cleaned_data)
                messages.success(request, _("Outcome recorded."))
        except ValidationError as exc:
            target = outcome_form if action == "outcome" else checkin_form
            if action in ("outcome", "checkin"):
                _apply_errors(target, exc)
            else:
                for msgs in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
                    for m in msgs:
                        messages.error(request, m)
                return redirect(obj)
        else:
            return redirect(obj)
    context = {
        "p": obj,
        "check_ins": list(obj.check_ins.select_related("author")),
        "outcome": outcome,
        "checkin_form": checkin_form,
        "outcome_form": outcome_form,
        "is_startup_admin": access.can_act_for(user, obj.application.organisation),
        "is_startup": access.is_member(user, obj.application.organisation),
        "is_host_admin": access.is_secretariat(user) or access.can_act_for(user, obj.host.organisation),
        "can_check_in": obj.status
        in (PlacementStatus.ACCEPTED, PlacementStatus.ARRIVED, PlacementStatus.COMPLETED),
    }
    return render(request, "exchange/placement.html", context)
