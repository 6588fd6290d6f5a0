"""Read queries for the exchange pages and API, with their joins built in."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from corridor.core.access import NotFound, is_secretariat
from corridor.core.runs import RunStatus

from .enums import ApplicationStatus
from .models import (
    LIVE_PLACEMENT,
    Application,
    Choice,
    Cohort,
    Evaluation,
    HostPlace,
    Placement,
    PlacementRun,
    Programme,
)


def get_programme(pk) -> Programme:
    programme = Programme.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if programme is None:
        raise NotFound
    return programme


def get_cohort(pk) -> Cohort:
    """A cohort with its programme and stipend currency, or "not found"."""
    if not str(pk).isdigit():
        raise NotFound
    cohort = Cohort.objects.select_related("programme", "stipend_currency").filter(pk=pk).first()
    if cohort is None:
        raise NotFound
    return cohort


def rankings_of_member(user):
    """The hub rankings (evaluations) of every hub ``user`` belongs to."""
    return (
        Evaluation.objects.filter(host__organisation__memberships__user=user)
        .select_related("application__organisation")
        .order_by("host", "position")
    )


def programmes(*, direction: str | None = None):
    qs = Programme.objects.annotate(n_cohorts=Count("cohorts")).order_by("-created_at", "-id")
    return qs.filter(direction=direction) if direction else qs


def cohorts_of(programme: Programme):
    return (
        Cohort.objects.filter(programme=programme)
        .select_related("stipend_currency")
        .annotate(n_hosts=Count("hosts", distinct=True), n_applications=Count("applications", distinct=True))
        .order_by("-applications_open", "-id")
    )


def cohorts():
    return Cohort.objects.select_related("programme", "stipend_currency").order_by(
        "-applications_open", "-id"
    )


def hosts_of(cohort: Cohort):
    return (
        HostPlace.objects.filter(cohort=cohort)
        .select_related("organisation", "organisation__country")
        .prefetch_related("focus_sectors")
        .order_by("organisation__name", "pk")
    )


def _with_choices(qs):
    return qs.select_related(
        "organisation", "organisation__country", "cohort", "cohort__programme"
    ).prefetch_related(
        Prefetch("choices", queryset=Choice.objects.select_related("host__organisation").order_by("rank"))
    )


def with_state(qs):
    """Annotate what the applicant reads (``Application.state_label``): the status of its latest
    *published* placement, else whether its cohort's placement is published (not placed) — a
    preview the secretariat has not published changes nothing the applicant sees."""
    published = Placement.objects.filter(application=OuterRef("pk"), run__published_at__isnull=False)
    return qs.annotate(
        placement_status=Subquery(published.order_by("-created_at", "-id").values("status")[:1]),
        cohort_published=Exists(
            PlacementRun.objects.filter(cohort=OuterRef("cohort"), published_at__isnull=False)
        ),
    )


def application_with_state(app: Application) -> Application:
    """``app`` again, annotated by ``with_state`` (prefetched choices kept)."""
    fresh = (
        with_state(Application.objects.filter(pk=app.pk)).values("placement_status", "cohort_published").get()
    )
    app.placement_status, app.cohort_published = fresh["placement_status"], fresh["cohort_published"]
    return app


def applications_visible_to(user):
    """Own applications (members of the applicant); all for the secretariat. Hub staff see
    applications that ranked their hub through ``applications_for_hub_staff``."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    qs = Application.objects.all()
    if not is_secretariat(user):
        qs = qs.filter(organisation__memberships__user=user)
    return with_state(_with_choices(qs.order_by("-created_at", "-id")))


def applications_for_hub_staff(user):
    """Applications that ranked a hub the user is a member of."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    qs = Application.objects.filter(choices__host__organisation__memberships__user=user).distinct()
    return _with_choices(qs.order_by("-created_at", "-id"))


def hosts_for_staff(user):
    if not getattr(user, "is_authenticated", False):
        return HostPlace.objects.none()
    return (
        HostPlace.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "cohort", "cohort__programme")
        .annotate(n_applications=Count("choices", filter=Q(choices__application__status="submitted")))
        .order_by("-cohort__applications_open", "pk")
    )


def placements_visible_to(user):
    """Published placements of the user's startups and hubs (all published ones for the
    secretariat, which sees previews on the results page)."""
    if not getattr(user, "is_authenticated", False):
        return Placement.objects.none()
    qs = Placement.objects.filter(run__published_at__isnull=False)
    if not is_secretariat(user):
        qs = qs.filter(
            Q(application__organisation__memberships__user=user)
            | Q(host__organisation__memberships__user=user)
        ).distinct()
    return qs.select_related(
        "application__organisation", "application__cohort", "host__organisation", "run"
    ).order_by("-created_at", "-id")


def active_run(cohort):
    """The placement run of ``cohort`` that is queued or running, if any."""
    return cohort.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()


def get_run(cohort, pk) -> PlacementRun:
    """A run of ``cohort`` (404 otherwise)."""
    try:
        return cohort.runs.get(pk=pk)
    except (PlacementRun.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc


def placements_of_application(app: Application, *, user):
    """The application's placements its readers may see: published ones (previews too for the
    secretariat)."""
    qs = app.placements.select_related("host__organisation", "run").order_by("-created_at", "-id")
    return qs if is_secretariat(user) else qs.filter(run__published_at__isnull=False)


# ---- reads the hub, cohort and results pages share with the services


def applications_for_host(host: HostPlace):
    """Submitted applications that ranked ``host`` (the only ones its staff may see)."""
    return Application.objects.filter(choices__host=host, status=ApplicationStatus.SUBMITTED).select_related(
        "organisation", "organisation__country"
    )


def hub_list(host: HostPlace) -> list[tuple[Application, Evaluation | None]]:
    """The hub's ranked list: evaluated applications by position, then unevaluated ones by
    submission time (they count as acceptable until the hub says otherwise)."""
    apps = list(applications_for_host(host).order_by("created_at", "pk"))
    evals = {e.application_id: e for e in Evaluation.objects.filter(host=host)}
    ranked = sorted((a for a in apps if a.pk in evals), key=lambda a: (evals[a.pk].position, a.pk))
    rest = [a for a in apps if a.pk not in evals]
    return [(a, evals.get(a.pk)) for a in ranked + rest]


def recent_runs(cohort: Cohort, limit: int = 10) -> list[PlacementRun]:
    """The cohort's placement runs, newest first (the run history on its page)."""
    return list(cohort.runs.order_by("-created_at", "-id")[:limit])


def latest_run(cohort: Cohort) -> PlacementRun | None:
    """The latest *published* run: what applicants, hubs and the public see."""
    return cohort.runs.filter(published_at__isnull=False).order_by("-created_at", "-id").first()


def latest_preview(cohort: Cohort) -> PlacementRun | None:
    """The latest finished run if it is not published yet (the secretariat's preview)."""
    run = cohort.runs.filter(status=RunStatus.DONE).order_by("-created_at", "-id").first()
    return run if run is not None and run.is_preview else None


def live_placements(cohort: Cohort, *, include_preview: bool = False):
    """Placements that are not declined: published ones, plus the preview's with ``include_preview``."""
    qs = Placement.objects.filter(application__cohort=cohort)
    if not include_preview:
        qs = qs.filter(run__published_at__isnull=False)
    return qs.filter(LIVE_PLACEMENT).select_related(
        "application__organisation", "application__organisation__country", "host__organisation"
    )


def visible_application(user, pk) -> Application:
    """One application as the API shows it (read again after a write; it must be visible)."""
    return applications_visible_to(user).get(pk=pk)
