"""Exchange operations. Every write: actor ``by``, permission check on the object, validation
naming the field (nothing saved on error), one transaction, audit entry (``acting_as``);
notifications and the placement task go out on commit.

Placement: ``run_placement`` queues ``execute_run`` (Celery), which loads the cohort into
``engines.stable``, runs applicant-proposing deferred acceptance (hub-proposing alongside for
comparison), checks the result with the engine's independent checker, saves the placements as
offers and notifies everyone at once. A re-run keeps every live placement (offered, accepted,
arrived, completed) fixed, drops applicants who declined, and places the remaining applicants in
the remaining places; the result is stable for that remaining market.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.models import Currency, Sector
from corridor.core.notifications import notify
from corridor.engines import stable, stable_ties
from corridor.orgs.enums import OrgKind
from corridor.orgs.queries import members_of

from . import access
from .enums import (
    ApplicationStatus,
    CheckInSide,
    Direction,
    HostOffer,
    PlacementStatus,
    RunMode,
    RunStatus,
    StartupStage,
)
from .models import (
    LIVE_PLACEMENT,
    Application,
    CheckIn,
    Choice,
    Cohort,
    Evaluation,
    HostPlace,
    Outcome,
    Placement,
    PlacementRun,
    Programme,
)

PDF_MAGIC = b"%PDF-"


def deck_max_bytes() -> int:
    return int(getattr(settings, "EXCHANGE_DECK_MAX_BYTES", 10 * 1024 * 1024))


def _sectors(values) -> list[Sector]:
    out = []
    for v in values or []:
        if isinstance(v, Sector):
            out.append(v)
        else:
            s = Sector.objects.filter(slug=str(v)).first()
            if s is None:
                raise ValidationError({"sectors": _("Unknown sector %(s)s.") % {"s": v}})
            out.append(s)
    return out


# ---- programmes and cohorts (secretariat) ----


def create_programme(*, by, title: str, direction: str, description: str = "") -> Programme:
    access.require_secretariat(by)
    errors = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if direction not in Direction.values:
        errors["direction"] = _("Choose MY→KE, KE→MY or both.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        return Programme.objects.create(title=title.strip(), direction=direction, description=description)


def create_cohort(
    *,
    by,
    programme: Programme,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    applications_open: dt.datetime,
    applications_close: dt.datetime,
    match_date: dt.date,
    stipend_amount=Decimal(0),
    stipend_currency: str = "USD",
    eligible_stages=(),
    eligible_sectors=(),
    founded_after: int | None = None,
    max_ranked: int = 3,
    questions: str = "",
) -> Cohort:
    access.require_secretariat(by)
    errors = {}
    if not name.strip():
        errors["name"] = _("This field is required.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The programme cannot end before it starts.")
    if applications_close <= applications_open:
        errors["applications_close"] = _("Applications must close after they open.")
    if match_date < applications_close.date():
        errors["match_date"] = _("The match date comes after applications close.")
    if max_ranked < 1:
        errors["max_ranked"] = _("Applicants must be able to rank at least one host.")
    bad_stages = [s for s in eligible_stages if s not in StartupStage.values]
    if bad_stages:
        errors["eligible_stages"] = _("Unknown stage %(s)s.") % {"s": bad_stages[0]}
    currency = Currency.objects.filter(code=str(stipend_currency).upper()).first()
    if currency is None:
        errors["stipend_currency"] = _("Unknown currency.")
    try:
        amount = Decimal(str(stipend_amount))
        if amount < 0:
            errors["stipend_amount"] = _("The stipend cannot be negative.")
    except InvalidOperation:
        errors["stipend_amount"] = _("Enter a number.")
    sectors = _sectors(eligible_sectors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        cohort = Cohort.objects.create(
            programme=programme,
            name=name.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            applications_open=applications_open,
            applications_close=applications_close,
            match_date=match_date,
            stipend_amount=amount,
            stipend_currency=currency,
            eligible_stages=list(eligible_stages),
            founded_after=founded_after,
            max_ranked=max_ranked,
            questions=questions,
        )
        cohort.eligible_sectors.set(sectors)
    return cohort


# ---- hosts ----


def join_cohort(
    *, by, cohort: Cohort, organisation, places: int, city: str = "", focus_sectors=(), offers=()
) -> HostPlace:
    """A tech hub (its admins, or the secretariat) offers places in a cohort."""
    if not access.can_admin(by, organisation):
        raise access.NotFound
    errors = {}
    if organisation.kind != OrgKind.TECH_HUB:
        errors["organisation"] = _("Only tech hubs can host startups.")
    elif organisation.country_id not in cohort.programme.host_countries():
        errors["organisation"] = _("This programme places startups with hubs in %(c)s.") % {
            "c": ", ".join(sorted(cohort.programme.host_countries()))
        }
    if HostPlace.objects.filter(cohort=cohort, organisation=organisation).exists():
        errors["organisation"] = _("%(o)s already hosts in this cohort.") % {"o": organisation.name}
    if not isinstance(places, int) or places < 1:
        errors["places"] = _("Offer at least one place.")
    bad = [o for o in offers if o not in HostOffer.values]
    if bad:
        errors["offers"] = _("Unknown offer %(o)s.") % {"o": bad[0]}
    if cohort.runs.filter(status=RunStatus.DONE).exists():
        errors["cohort"] = _("Placement has already run for this cohort.")
    sectors = _sectors(focus_sectors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        host = HostPlace.objects.create(
            cohort=cohort,
            organisation=organisation,
            places=places,
            city=city or organisation.city,
            offers=list(offers),
        )
        host.focus_sectors.set(sectors)
    return host


# ---- applications ----


def eligibility_problems(*, cohort: Cohort, organisation, stage: str) -> dict[str, str]:
    """Why ``organisation`` may not apply to ``cohort`` (field → reason); empty when eligible."""
    problems: dict[str, str] = {}
    if organisation.kind != OrgKind.STARTUP:
        problems["organisation"] = _("Only startups can apply; %(o)s is registered as a %(k)s.") % {
            "o": organisation.name,
            "k": organisation.get_kind_display().lower(),
        }
    direction = cohort.programme.direction
    allowed = {Direction.MY_KE: {"MY"}, Direction.KE_MY: {"KE"}}.get(direction, {"MY", "KE"})
    if organisation.country_id not in allowed:
        problems.setdefault(
            "organisation",
            _("This programme takes startups from %(c)s.") % {"c": ", ".join(sorted(allowed))},
        )
    if cohort.eligible_stages and stage not in cohort.eligible_stages:
        labels = ", ".join(str(StartupStage(s).label) for s in cohort.eligible_stages)
        problems["stage"] = _("This cohort takes startups at these stages: %(s)s.") % {"s": labels}
    if cohort.founded_after and not (
        organisation.founded_year and organisation.founded_year > cohort.founded_after
    ):
        problems["organisation"] = _(
            "Startups founded after %(y)s only; update your founding year if it is missing."
        ) % {"y": cohort.founded_after}
    wanted = {s.pk for s in cohort.eligible_sectors.all()}
    if wanted and not wanted & {s.pk for s in organisation.sectors.all()}:
        names = ", ".join(sorted(s.name for s in cohort.eligible_sectors.all()))
        problems.setdefault("organisation", _("This cohort is for startups in %(s)s.") % {"s": names})
    return problems


def _check_deck(deck) -> str | None:
    if deck is None:
        return None
    if deck.size > deck_max_bytes():
        return _("The pitch deck is larger than %(mb)s MB.") % {"mb": deck_max_bytes() // (1024 * 1024)}
    head = deck.read(5)
    deck.seek(0)
    if head != PDF_MAGIC:
        return _("The pitch deck must be a PDF file.")
    return None


def submit_application(
    *,
    by,
    cohort: Cohort,
    organisation,
    hosts: list,
    stage: str,
    answers: list[str] | None = None,
    pitch_deck=None,
    now: dt.datetime | None = None,
) -> Application:
    """Apply (or update an application) to ``cohort`` ranking ``hosts`` (HostPlace objects or ids,
    best first). Checks window, eligibility and the ranking; replaces any earlier ranking."""
    if not access.can_admin(by, organisation):
        raise access.NotFound
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if not cohort.is_open(now):
        errors["cohort"] = _("Applications to %(c)s are open from %(a)s to %(b)s.") % {
            "c": cohort.name,
            "a": timezone.localtime(cohort.applications_open).strftime("%d %b %Y %H:%M"),
            "b": timezone.localtime(cohort.applications_close).strftime("%d %b %Y %H:%M"),
        }
    if stage not in StartupStage.values:
        errors["stage"] = _("Choose a stage.")
    errors.update(
        {
            k: v
            for k, v in eligibility_problems(cohort=cohort, organisation=organisation, stage=stage).items()
            if k not in errors
        }
    )
    host_ids = [h.pk if isinstance(h, HostPlace) else int(h) for h in hosts]
    by_id = {
        h.pk: h
        for h in HostPlace.objects.filter(cohort=cohort, pk__in=host_ids).select_related("organisation")
    }
    if not host_ids:
        errors["hosts"] = _("Rank at least one host hub.")
    elif len(host_ids) > cohort.max_ranked:
        errors["hosts"] = _("You may rank at most %(n)s hosts; you ranked %(m)s.") % {
            "n": cohort.max_ranked,
            "m": len(host_ids),
        }
    elif len(set(host_ids)) != len(host_ids):
        errors["hosts"] = _("Each host can be ranked only once.")
    elif any(h not in by_id for h in host_ids):
        errors["hosts"] = _("Rank only hosts taking part in this cohort.")
    elif any(by_id[h].organisation.country_id == organisation.country_id for h in host_ids):
        errors["hosts"] = _("Rank hosts in the other country; %(o)s is in your own country.") % {
            "o": next(
                by_id[h].organisation.name
                for h in host_ids
                if by_id[h].organisation.country_id == organisation.country_id
            )
        }
    deck_error = _check_deck(pitch_deck)
    if deck_error:
        errors["pitch_deck"] = deck_error
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        app, created = Application.objects.get_or_create(
            cohort=cohort,
            organisation=organisation,
            defaults={"stage": stage, "answers": answers or [], "submitted_by": by},
        )
        if not created:
            app.stage, app.answers, app.status = stage, answers or [], ApplicationStatus.SUBMITTED
        if pitch_deck is not None:
            app.pitch_deck = pitch_deck
        app.save()
        app.choices.all().delete()
        Choice.objects.bulk_create(
            [Choice(application=app, host_id=h, rank=i) for i, h in enumerate(host_ids, start=1)]
        )
        # Hubs the applicant no longer ranks lose their evaluation of it.
        Evaluation.objects.filter(application=app).exclude(host_id__in=host_ids).delete()
    return app


# ---- hub evaluation ----


def _require_hub_staff(by, host: HostPlace) -> None:
    if not (access.is_hub_staff(by, host) or access.is_staff_user(by)):
        raise access.NotFound


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


def _ensure_evaluations(host: HostPlace) -> list[Evaluation]:
    rows = hub_list(host)
    out = []
    for i, (app, ev) in enumerate(rows, start=1):
        if ev is None:
            ev = Evaluation.objects.create(host=host, application=app, position=i)
        elif ev.position != i:
            ev.position = i
            ev.save(update_fields=["position", "updated_at"])
        out.append(ev)
    return out


def _locked(host: HostPlace) -> None:
    if host.cohort.runs.filter(status__in=[RunStatus.DONE, RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise ValidationError({"host": _("Placement has run; the hub's list is final.")})


def evaluate_application(
    *, by, host: HostPlace, application: Application, score: int | None = None, acceptable: bool = True
) -> Evaluation:
    _require_hub_staff(by, host)
    _locked(host)
    if not application.choices.filter(host=host).exists():
        raise ValidationError(
            {
                "application": _("%(o)s did not rank %(h)s, so the hub cannot rank it.")
                % {"o": application.organisation.name, "h": host.organisation.name}
            }
        )
    if score is not None and not (0 <= int(score) <= 100):
        raise ValidationError({"score": _("A score is between 0 and 100.")})
    with transaction.atomic(), acting_as(by):
        evals = {e.application_id: e for e in _ensure_evaluations(host)}
        ev = evals[application.pk]
        ev.score = score
        ev.acceptable = acceptable
        ev.save(update_fields=["score", "acceptable", "updated_at"])
    return ev


def set_hub_ranking(*, by, host: HostPlace, applications: list) -> list[Evaluation]:
    """Set the hub's full order (best first); applications left out keep their order after."""
    _require_hub_staff(by, host)
    _locked(host)
    ids = [a.pk if isinstance(a, Application) else int(a) for a in applications]
    if len(set(ids)) != len(ids):
        raise ValidationError({"applications": _("Each applicant can appear only once.")})
    eligible = set(applications_for_host(host).values_list("pk", flat=True))
    stray = [i for i in ids if i not in eligible]
    if stray:
        raise ValidationError(
            {
                "applications": _("Application %(a)s did not rank this hub, so the hub cannot rank it.")
                % {"a": stray[0]}
            }
        )
    with transaction.atomic(), acting_as(by):
        evals = {e.application_id: e for e in _ensure_evaluations(host)}
        order = ids + [a for a in evals if a not in ids]
        for pos, app_id in enumerate(order, start=1):
            ev = evals[app_id]
            if ev.position != pos:
                ev.position = pos
                ev.save(update_fields=["position", "updated_at"])
    return sorted(evals.values(), key=lambda e: e.position)


def sort_hub_ranking_by_score(*, by, host: HostPlace) -> list[Evaluation]:
    _require_hub_staff(by, host)
    rows = hub_list(host)
    order = sorted(
        rows,
        key=lambda r: (
            -(r[1].score if r[1] and r[1].score is not None else -1),
            r[1].position if r[1] else 10**6,
        ),
    )
    return set_hub_ranking(by=by, host=host, applications=[a for a, _e in order])


def move_in_hub_ranking(*, by, host: HostPlace, application: Application, step: int) -> list[Evaluation]:
    _require_hub_staff(by, host)
    ids = [a.pk for a, _e in hub_list(host)]
    if application.pk not in ids:
        raise ValidationError({"application": _("This application did not rank the hub.")})
    i = ids.index(application.pk)
    j = min(max(i + (1 if step > 0 else -1), 0), len(ids) - 1)
    ids[i], ids[j] = ids[j], ids[i]
    return set_hub_ranking(by=by, host=host, applications=ids)


# ---- placement ----


TIE_RULES = ("list", "most")  # break score ties in list order | place the most (weakly stable)


def run_placement(*, by, cohort: Cohort, rerun: bool = False, ties: str = "list") -> PlacementRun:
    """Queue a placement run (on commit). A second run needs ``rerun=True``.

    ``ties="most"`` (initial runs only): hubs' equal scores are ties, and the run places the most
    startups any weakly stable placement can (``engines.stable_ties``)."""
    access.require_secretariat(by)
    if ties not in TIE_RULES:
        raise ValidationError({"ties": _("Choose how ties between equal scores are treated.")})
    if ties == "most" and rerun:
        raise ValidationError(
            {"ties": _("Re-runs keep the placements made; ties are treated in list order.")}
        )
    done = cohort.runs.filter(status=RunStatus.DONE).exists()
    if cohort.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise ValidationError({"rerun": _("A placement run is already in progress.")})
    if done and not rerun:
        raise ValidationError(
            {
                "rerun": _(
                    "Placement has already run for this cohort; choose re-run mode to place the remaining applicants."
                )
            }
        )
    if rerun and not done:
        raise ValidationError(
            {"rerun": _("Run the placement first; re-run mode places the remaining market.")}
        )
    if not cohort.hosts.exists():
        raise ValidationError({"cohort": _("No hub hosts in this cohort yet.")})
    with transaction.atomic(), acting_as(by):
        run = PlacementRun.objects.create(
            cohort=cohort,
            mode=RunMode.RERUN if rerun else RunMode.INITIAL,
            started_by=by,
            stats={"tie_rule": ties},
        )
        from .tasks import execute_run_task

        transaction.on_commit(lambda: execute_run_task.delay(run.pk))
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
    """Compute and publish a queued run (called by the Celery task)."""
    run = PlacementRun.objects.select_related("cohort__programme").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    cohort = run.cohort
    with transaction.atomic(), acting_as(run.started_by):
        run.status = RunStatus.RUNNING
        run.save(update_fields=["status", "updated_at"])
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
        ties_stats = None
        if run.mode == RunMode.INITIAL and run.stats.get("tie_rule") == "most":
            placed_by_list = sum(1 for h in hub_of if h != stable.UNPLACED)
            hub_of, report, ties_stats = _place_most(market, hosts, apps, placed_by_list)
        new = [(i, h) for i, h in enumerate(hub_of) if h != stable.UNPLACED and i not in fixed]
        placements = Placement.objects.bulk_create(
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
            "tie_rule": run.stats.get("tie_rule", "list"),
        }
        if ties_stats is not None:
            run.stats["ties"] = ties_stats
        run.stable = report.ok
        run.blocking_pairs = len(report.blocking_pairs)
        run.capacity_violations = len(report.over_capacity)
        run.status = RunStatus.DONE
        run.finished_at = timezone.now()
        run.save()
        _notify_results(run, placements, [apps[i] for i in remaining if hub_of[i] == stable.UNPLACED])
    return run


def _notify_results(run: PlacementRun, placements: list[Placement], unplaced: list[Application]) -> None:
    cohort = run.cohort
    for p in placements:
        for m in members_of(p.application.organisation):
            notify(
                user=m.user,
                text=_("%(o)s is offered a place at %(h)s in %(c)s. Accept or decline it.")
                % {"o": p.application.organisation.name, "h": p.host.organisation.name, "c": cohort.name},
                url=p.get_absolute_url(),
            )
    # Every host hears about the results, including hubs that received nobody.
    for host in cohort.hosts.select_related("organisation"):
        for m in members_of(host.organisation):
            notify(
                user=m.user,
                text=_("Placement results for %(c)s are published: see who %(h)s hosts.")
                % {"c": cohort.name, "h": host.organisation.name},
                url=f"/exchange/cohorts/{cohort.pk}/results/",
            )
    for app in unplaced:
        for m in members_of(app.organisation):
            notify(
                user=m.user,
                text=_("%(o)s was not placed in %(c)s this round.")
                % {"o": app.organisation.name, "c": cohort.name},
                url=app.get_absolute_url(),
            )


def respond_to_offer(*, by, placement: Placement, accept: bool) -> Placement:
    """The startup (its admins) accepts or declines an offered place; declining frees it."""
    if not access.can_admin(by, placement.application.organisation):
        raise access.NotFound
    if placement.status != PlacementStatus.OFFERED:
        raise ValidationError({"status": _("This offer has already been answered.")})
    with transaction.atomic(), acting_as(by):
        placement.status = PlacementStatus.ACCEPTED if accept else PlacementStatus.DECLINED
        placement.responded_at = timezone.now()
        placement.save(update_fields=["status", "responded_at", "updated_at"])
        verb = _("accepted") if accept else _("declined")
        for m in members_of(placement.host.organisation):
            notify(
                user=m.user,
                text=_("%(o)s %(v)s its place at %(h)s.")
                % {
                    "o": placement.application.organisation.name,
                    "v": verb,
                    "h": placement.host.organisation.name,
                },
                url=placement.get_absolute_url(),
            )
    return placement


def _advance(*, by, placement: Placement, to: str, frm: str, on: dt.date | None) -> Placement:
    if not (access.is_staff_user(by) or access.can_admin(by, placement.host.organisation)):
        raise access.NotFound
    if placement.status != frm:
        raise ValidationError(
            {
                "status": _("Only a placement that is %(f)s can become %(t)s.")
                % {"f": PlacementStatus(frm).label.lower(), "t": PlacementStatus(to).label.lower()}
            }
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
                text=_("Your placement at %(h)s is now %(s)s.")
                % {"h": placement.host.organisation.name, "s": placement.get_status_display().lower()},
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
    from corridor.orgs.access import membership_of

    if membership_of(by, placement.host.organisation) is not None:
        side = CheckInSide.HUB
    elif membership_of(by, placement.application.organisation) is not None:
        side = CheckInSide.STARTUP
    elif not access.is_staff_user(by):
        raise access.NotFound
    if placement.status not in (PlacementStatus.ACCEPTED, PlacementStatus.ARRIVED, PlacementStatus.COMPLETED):
        raise ValidationError({"note": _("Check-ins start once the place is accepted.")})
    if not note.strip():
        raise ValidationError({"note": _("This field is required.")})
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
    """The startup (its members) or the secretariat reports outcomes of a completed placement."""
    if not (access.is_staff_user(by) or access.is_member(by, placement.application.organisation)):
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
            values[field] = Decimal(str(v))
            if values[field] < 0:
                errors[field] = _("Enter zero or more.")
        except InvalidOperation:
            errors[field] = _("Enter a number.")
    for field, v in (
        ("customers_won", customers_won),
        ("jobs_created", jobs_created),
        ("partners_met", partners_met),
    ):
        if int(v) < 0:
            errors[field] = _("Enter zero or more.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        outcome, _created = Outcome.objects.update_or_create(
            placement=placement,
            defaults={
                "customers_won": int(customers_won),
                "revenue": values["revenue"],
                "revenue_currency": currencies["revenue_currency"],
                "funding_raised": values["funding_raised"],
                "funding_currency": currencies["funding_currency"],
                "jobs_created": int(jobs_created),
                "partners_met": int(partners_met),
                "notes": notes,
                "reported_by": by,
            },
        )
    return outcome


def latest_run(cohort: Cohort) -> PlacementRun | None:
    return cohort.runs.filter(status=RunStatus.DONE).order_by("-created_at", "-id").first()


def live_placements(cohort: Cohort):
    return (
        Placement.objects.filter(application__cohort=cohort)
        .filter(LIVE_PLACEMENT)
        .select_related(
            "application__organisation", "application__organisation__country", "host__organisation"
        )
    )
