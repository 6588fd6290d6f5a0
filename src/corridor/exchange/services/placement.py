"""Services: placement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from corridor.core import runs
from corridor.core.audit import acting_as
from corridor.core.errors import check_count, check_decimal, fields_invalid, invalid
from corridor.core.models import Currency
from corridor.core.notifications import notify
from corridor.core.runs import RunStatus
from corridor.engines import stable, stable_ties
from corridor.orgs.queries import members_of

from .. import access
from ..enums import (
    ApplicationStatus,
    CheckInSide,
    PlacementStatus,
    RunMode,
)
from ..models import (
    LIVE_PLACEMENT,
    Application,
    CheckIn,
    Cohort,
    Evaluation,
    Outcome,
    Placement,
    PlacementRun,
)
from ..queries import hub_list

# ---- placement ----


TIE_RULES = ("list", "most")  # break score ties in list order | place the most (weakly stable)


def run_placement(
    *, by, cohort: Cohort, rerun: bool = False, ties: str = "list", early: bool = False, now=None
) -> PlacementRun:
    """Queue a placement run (on commit). Its result is a *preview*: nobody is told anything until
    ``publish_placement``. A second run after publication needs ``rerun=True``; a new run before
    publication replaces the preview.

    The run waits for the application deadline unless ``early`` (the secretariat's explicit
    confirmation), and needs at least one hub to have ranked an applicant.

    ``ties="most"`` (initial runs only): hubs' equal scores are ties, and the run places the most
    startups any weakly stable placement can (``engines.stable_ties``)."""
    access.require_secretariat(by, hide=False)
    if ties not in TIE_RULES:
        raise invalid("ties", _("Choose how ties between equal scores are treated."), code="unknown_tie_rule")
    if ties == "most" and rerun:
        raise invalid(
            "ties",
            _("Re-runs keep the placements made; ties are treated in list order."),
            code="ties_rule_initial_only",
        )
    published = cohort.runs.filter(published_at__isnull=False).exists()
    if cohort.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise invalid("rerun", _("A placement run is already in progress."), code="placement_run_progress")
    if published and not rerun:
        raise invalid(
            "rerun",
            _(
                "Placement has already been published for this cohort; choose re-run mode to place the "
                "remaining applicants."
            ),
            code="placement_run_cohort_choose",
        )
    if rerun and not published:
        raise invalid(
            "rerun",
            _("Run and publish the placement first; re-run mode places the remaining market."),
            code="run_placement_re_run",
        )
    now = now or timezone.now()
    if now < cohort.applications_close and not early:
        raise invalid(
            "early",
            _(
                "Applications close on %(d)s. Placement runs after the deadline; tick “Run before "
                "applications close” to run it now."
            )
            % {"d": date_format(timezone.localtime(cohort.applications_close), "DATETIME_FORMAT")},
            code="placement_before_deadline",
        )
    if not cohort.hosts.exists():
        raise invalid("cohort", _("No hub hosts in this cohort yet."), code="hub_hosts_cohort_yet")
    if not Evaluation.objects.filter(host__cohort=cohort).exists():
        raise invalid(
            "cohort",
            _("No hub has ranked any applicant yet: placement needs the hubs' lists."),
            code="no_hub_rankings",
        )
    with transaction.atomic(), acting_as(by):
        run = PlacementRun.objects.create(
            cohort=cohort,
            mode=RunMode.RERUN if rerun else RunMode.INITIAL,
            actor=by,
            stats={"tie_rule": ties},
        )
        from ..tasks import execute_run_task

        transaction.on_commit(lambda: execute_run_task.delay(run.pk))
    return run


def publish_placement(*, by, run: PlacementRun, confirm: bool = False) -> PlacementRun:
    """Publish a finished run: its offers become visible and applicants and hubs are notified.
    Irreversible, so it needs ``confirm``; only the cohort's latest finished run, if stable."""
    access.require_secretariat(by, hide=False)
    if not confirm:
        raise invalid(
            "confirm",
            _("Tick the box to confirm: publishing tells every applicant and hub, and cannot be undone."),
            code="confirm_required",
        )
    with transaction.atomic(), acting_as(by):
        run = PlacementRun.objects.select_for_update().select_related("cohort").get(pk=run.pk)
        if run.published_at is not None:
            raise invalid(
                "run", _("This placement is already published."), code="placement_already_published"
            )
        if not run.is_done:
            raise invalid(
                "run", _("Only a finished placement run can be published."), code="placement_run_not_done"
            )
        newer = run.cohort.runs.filter(status=RunStatus.DONE, created_at__gt=run.created_at).exists()
        if newer:
            raise invalid(
                "run", _("A newer placement run replaces this preview."), code="placement_run_superseded"
            )
        if not run.stable:
            raise invalid(
                "run",
                _("The checker found this placement not stable; it cannot be published."),
                code="placement_not_stable",
            )
        run.published_at = timezone.now()
        run.published_by = by
        run.save(update_fields=["published_at", "published_by", "updated_at"])
        placements = list(
            run.placements.select_related("application__organisation", "host__organisation").order_by("pk")
        )
        unplaced = list(
            run.cohort.applications.filter(status=ApplicationStatus.SUBMITTED)
            .exclude(
                pk__in=Placement.objects.filter(LIVE_PLACEMENT, application__cohort=run.cohort).values(
                    "application_id"
                )
            )
            .select_related("organisation")
            .order_by("pk")
        )
        _notify_results(run, placements, unplaced)
    return run


def _market(cohort: Cohort):
    hosts = list(cohort.hosts.select_related("organisation").order_by("pk"))
    apps = list(
        cohort.applications.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("organisation")
        .prefetch_related("choices")
        .order_by("pk")
    )
    h_index = {h.pk: i for i, h in enumerate(hosts)}
    a_index = {a.pk: i for i, a in enumerate(apps)}
    app_lists = [[h_index[c.host_id] for c in sorted(a.choices.all(), key=lambda c: c.rank)] for a in apps]
    hub_lists = []
    for h in hosts:
        hub_lists.append(
            [a_index[a.pk] for a, ev in hub_list(h) if (ev is None or ev.acceptable) and a.pk in a_index]
        )
    market = stable.Market.from_lists(app_lists, hub_lists, [h.places for h in hosts])
    return market, hosts, apps


def _tie_groups(hosts, apps) -> tuple[list, list]:
    """Tie-group lists for ``engines.stable_ties``: a hub's acceptable applications grouped by
    equal score (best first, in list order); unscored ones form one last group."""
    a_index = {a.pk: i for i, a in enumerate(apps)}
    h_index = {h.pk: i for i, h in enumerate(hosts)}
    app_groups = [[[h_index[c.host_id]] for c in sorted(a.choices.all(), key=lambda c: c.rank)] for a in apps]
    hub_groups = []
    for h in hosts:
        groups: dict = {}
        for a, ev in hub_list(h):
            if (ev is None or ev.acceptable) and a.pk in a_index:
                groups.setdefault(ev.score if ev is not None else None, []).append(a_index[a.pk])
        order = sorted((k for k in groups if k is not None), reverse=True) + (
            [None] if None in groups else []
        )
        hub_groups.append([groups[k] for k in order])
    return app_groups, hub_groups


def _place_most(market, hosts, apps, default_placed: int):
    """Maximum-size weakly stable placement; returns (hub_of, report-like, stats)."""
    app_groups, hub_groups = _tie_groups(hosts, apps)
    caps = [h.places for h in hosts]
    res = stable_ties.max_weakly_stable(app_groups, hub_groups, caps, time_limit=60)
    report = stable_ties.check_weak(app_groups, hub_groups, caps, res.hub_of)
    sizes = sorted(
        sum(h != stable.UNPLACED for h in stable_ties.random_tiebreak(app_groups, hub_groups, caps, seed=s))
        for s in range(11)
    )
    median = sizes[len(sizes) // 2]
    stats = {
        "rule": "most",
        "placed": res.size,
        "proven": res.proven,
        "random_tiebreak_median": median,
        "more_than_random": res.size - median,
        "more_than_list_order": res.size - default_placed,
    }
    return res.hub_of, report, stats


def execute_run(run_id: int) -> PlacementRun:
    """Compute a queued run into a preview (called by the Celery task); the RUNNING → DONE / FAILED
    bookkeeping is ``core.runs.execute_run``'s."""
    run = PlacementRun.objects.select_related("cohort__programme", "actor").get(pk=run_id)
    if not run.is_queued:
        return run
    return runs.execute_run(run, _place)


def _place(run: PlacementRun, progress) -> None:
    cohort = run.cohort
    with transaction.atomic(), acting_as(run.actor):
        # A new run replaces any unpublished preview (nobody was told about it).
        Placement.objects.filter(run__cohort=cohort, run__published_at__isnull=True).exclude(run=run).delete()
        market, hosts, apps = _market(cohort)
        a_index = {a.pk: i for i, a in enumerate(apps)}
        h_index = {h.pk: i for i, h in enumerate(hosts)}
        fixed: dict[int, int] = {}
        withdrawn: list[int] = []
        if run.mode == RunMode.RERUN:
            for p in Placement.objects.filter(application__cohort=cohort):
                i = a_index.get(p.application_id)
                if i is None:
                    continue
                if p.status == PlacementStatus.DECLINED:
                    withdrawn.append(i)
                else:
                    fixed[i] = h_index[p.host_id]
            withdrawn = [i for i in withdrawn if i not in fixed]
            result = stable.rerun(market, fixed=fixed, withdrawn=withdrawn)
            report = stable.check(market, result.hub_of, fixed=fixed, withdrawn=withdrawn)
            comparison = stable.rerun(market, fixed=fixed, withdrawn=withdrawn, proposer="hub")
        else:
            result = stable.applicant_proposing(market)
            report = stable.check(market, result.hub_of)
            comparison = stable.hub_proposing(market)
        hub_of = result.hub_of.tolist()
        tie_rule = (run.stats or {}).get("tie_rule", "list")
        ties_stats = None
        if run.mode == RunMode.INITIAL and tie_rule == "most":
            placed_by_list = sum(1 for h in hub_of if h != stable.UNPLACED)
            hub_of, report, ties_stats = _place_most(market, hosts, apps, placed_by_list)
            hub_of = list(hub_of)
        new = [(i, h) for i, h in enumerate(hub_of) if h != stable.UNPLACED and i not in fixed]
        Placement.objects.bulk_create(
            [
                Placement(
                    run=run,
                    application=apps[i],
                    host=hosts[h],
                    choice_rank=market.applicant_list(i).index(h) + 1,
                )
                for i, h in new
            ]
        )
        remaining = [i for i in range(len(apps)) if i not in fixed and i not in withdrawn]
        load = [0] * len(hosts)
        for h in hub_of:
            if h != stable.UNPLACED:
                load[h] += 1
        hist = stable.rank_histogram(market, hub_of)
        hist_cmp = stable.rank_histogram(market, comparison.hub_of)
        run.stats = {
            "applicants": len(apps),
            "remaining_applicants": len(remaining),
            "fixed": len(fixed),
            "withdrawn": len(withdrawn),
            "placed_now": len(new),
            "rank_histogram": {str(k): v for k, v in hist.items() if k},
            "unplaced": [apps[i].organisation.name for i in remaining if hub_of[i] == stable.UNPLACED],
            "unfilled": {
                hosts[h].organisation.name: hosts[h].places - load[h]
                for h in range(len(hosts))
                if load[h] < hosts[h].places
            },
            "hub_proposing": {
                "placed": int(sum(1 for i in remaining if comparison.hub_of[i] != stable.UNPLACED)),
                "rank_histogram": {str(k): v for k, v in hist_cmp.items() if k},
                "differs_for": int(sum(1 for i in remaining if comparison.hub_of[i] != hub_of[i])),
            },
            "proposals": result.proposals,
            "tie_rule": tie_rule,
        }
        if ties_stats is not None:
            run.stats["ties"] = ties_stats
        run.stable = report.ok
        run.blocking_pairs = len(report.blocking_pairs)
        run.capacity_violations = len(report.over_capacity)
        run.save()


def _notify_results(run: PlacementRun, placements: list[Placement], unplaced: list[Application]) -> None:
    cohort = run.cohort
    for p in placements:
        for m in members_of(p.application.organisation):
            notify(
                user=m.user,
                text=lambda p=p: (
                    _("%(o)s is offered a place at %(h)s in %(c)s. Accept or decline it.")
                    % {"o": p.application.organisation.name, "h": p.host.organisation.name, "c": cohort.name}
                ),
                url=p.get_absolute_url(),
            )
    # Every host hears about the results, including hubs that received nobody.
    for host in cohort.hosts.select_related("organisation"):
        for m in members_of(host.organisation):
            notify(
                user=m.user,
                text=lambda host=host: (
                    _("Placement results for %(c)s are published: see who %(h)s hosts.")
                    % {"c": cohort.name, "h": host.organisation.name}
                ),
                url=f"/exchange/cohorts/{cohort.pk}/results/",
            )
    for app in unplaced:
        for m in members_of(app.organisation):
            notify(
                user=m.user,
                text=lambda app=app: (
                    _("%(o)s was not placed in %(c)s this round.")
                    % {"o": app.organisation.name, "c": cohort.name}
                ),
                url=app.get_absolute_url(),
            )


def respond_to_offer(*, by, placement: Placement, accept: bool) -> Placement:
    """The startup (its admins) accepts or declines an offered place; declining frees it."""
    if not access.can_act_for(by, placement.application.organisation) or not placement.run.is_published:
        raise access.NotFound
    if placement.status != PlacementStatus.OFFERED:
        raise invalid("status", _("This offer has already been answered."), code="offer_answered")
    with transaction.atomic(), acting_as(by):
        placement.status = PlacementStatus.ACCEPTED if accept else PlacementStatus.DECLINED
        placement.responded_at = timezone.now()
        placement.save(update_fields=["status", "responded_at", "updated_at"])
        for m in members_of(placement.host.organisation):
            notify(
                user=m.user,
                text=lambda: (
                    _("%(o)s %(v)s its place at %(h)s.")
                    % {
                        "o": placement.application.organisation.name,
                        "v": _("accepted") if accept else _("declined"),
                        "h": placement.host.organisation.name,
                    }
                ),
                url=placement.get_absolute_url(),
            )
    return placement


def _advance(*, by, placement: Placement, to: str, frm: str, on: dt.date | None) -> Placement:
    if not (access.is_secretariat(by) or access.can_act_for(by, placement.host.organisation)):
        raise access.NotFound
    if placement.status != frm:
        raise invalid(
            "status",
            _("Only a placement that is %(f)s can become %(t)s.")
            % {"f": PlacementStatus(frm).label.lower(), "t": PlacementStatus(to).label.lower()},
            code="placement_become",
        )
    with transaction.atomic(), acting_as(by):
        placement.status = to
        if to == PlacementStatus.ARRIVED:
            placement.arrived_on = on or timezone.localdate()
        else:
            placement.completed_on = on or timezone.localdate()
        placement.save()
        for m in members_of(placement.application.organisation):
            notify(
                user=m.user,
                text=lambda: (
                    _("Your placement at %(h)s is now %(s)s.")
                    % {"h": placement.host.organisation.name, "s": placement.get_status_display().lower()}
                ),
                url=placement.get_absolute_url(),
                email=False,
            )
    return placement


def mark_arrived(*, by, placement: Placement, on: dt.date | None = None) -> Placement:
    return _advance(
        by=by, placement=placement, to=PlacementStatus.ARRIVED, frm=PlacementStatus.ACCEPTED, on=on
    )


def mark_completed(*, by, placement: Placement, on: dt.date | None = None) -> Placement:
    return _advance(
        by=by, placement=placement, to=PlacementStatus.COMPLETED, frm=PlacementStatus.ARRIVED, on=on
    )


def record_check_in(*, by, placement: Placement, note: str, side: str = CheckInSide.HUB) -> CheckIn:
    """A check-in from the hub or the startup (the side is the author's organisation; the
    secretariat may record one for either side, ``side``)."""
    if access.is_secretariat(by):
        pass
    elif access.can_act_for(by, placement.host.organisation):
        side = CheckInSide.HUB
    elif access.can_act_for(by, placement.application.organisation):
        side = CheckInSide.STARTUP
    else:
        raise access.NotFound
    if placement.status not in (PlacementStatus.ACCEPTED, PlacementStatus.ARRIVED, PlacementStatus.COMPLETED):
        raise invalid("note", _("Check-ins start once the place is accepted."), code="check_ins_start_once")
    if not note.strip():
        raise invalid("note", _("This field is required."), code="field_required")
    with transaction.atomic(), acting_as(by):
        return CheckIn.objects.create(placement=placement, side=side, author=by, note=note.strip())


def record_outcome(
    *,
    by,
    placement: Placement,
    customers_won: int = 0,
    revenue=Decimal(0),
    revenue_currency: str = "USD",
    funding_raised=Decimal(0),
    funding_currency: str = "USD",
    jobs_created: int = 0,
    partners_met: int = 0,
    notes: str = "",
) -> Outcome:
    """The startup (its owners/admins) or the secretariat reports outcomes of a completed placement."""
    if not access.can_act_for(by, placement.application.organisation):
        raise access.NotFound
    errors = {}
    if placement.status != PlacementStatus.COMPLETED:
        errors["status"] = _("Outcomes are reported once the placement is completed.")
    currencies = {}
    for field, code in (("revenue_currency", revenue_currency), ("funding_currency", funding_currency)):
        currencies[field] = Currency.objects.filter(code=str(code).upper()).first()
        if currencies[field] is None:
            errors[field] = _("Unknown currency.")
    values = {}
    for field, v in (("revenue", revenue), ("funding_raised", funding_raised)):
        try:
            values[field] = check_decimal(v, field=field, max_digits=14, decimal_places=2)
            if values[field] < 0:
                errors[field] = _("Enter zero or more.")
        except ValidationError as exc:
            errors[field] = exc.error_dict[field]
    counts = {}
    for field, v in (
        ("customers_won", customers_won),
        ("jobs_created", jobs_created),
        ("partners_met", partners_met),
    ):
        try:
            counts[field] = check_count(v, field=field, maximum=10_000_000)
        except ValidationError as exc:
            errors[field] = exc.error_dict[field]
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        outcome, _created = Outcome.objects.update_or_create(
            placement=placement,
            defaults={
                "customers_won": counts["customers_won"],
                "revenue": values["revenue"],
                "revenue_currency": currencies["revenue_currency"],
                "funding_raised": values["funding_raised"],
                "funding_currency": currencies["funding_currency"],
                "jobs_created": counts["jobs_created"],
                "partners_met": counts["partners_met"],
                "notes": notes,
                "reported_by": by,
            },
        )
    return outcome
