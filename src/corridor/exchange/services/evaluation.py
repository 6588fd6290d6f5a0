"""Services: evaluation."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.runs import RunStatus

from .. import access
from ..models import (
    Application,
    Evaluation,
    HostPlace,
)
from ..queries import applications_for_host, hub_list

# ---- hub evaluation ----


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
    # A preview may be re-run after hubs change their lists; a running or published run fixes them.
    if host.cohort.runs.filter(
        Q(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]) | Q(published_at__isnull=False)
    ).exists():
        raise invalid("host", _("Placement has run; the hub's list is final."), code="placement_run_hub_list")


def evaluate_application(
    *, by, host: HostPlace, application: Application, score: int | None = None, acceptable: bool = True
) -> Evaluation:
    access.require_hub_staff(by, host)
    _locked(host)
    if not application.choices.filter(host=host).exists():
        raise invalid(
            "application",
            _("%(o)s did not rank %(h)s, so the hub cannot rank it.")
            % {"o": application.organisation.name, "h": host.organisation.name},
            code="did_rank_hub_rank",
        )
    if score is not None and not (0 <= int(score) <= 100):
        raise invalid("score", _("A score is between 0 and 100."), code="score_between")
    with transaction.atomic(), acting_as(by):
        evals = {e.application_id: e for e in _ensure_evaluations(host)}
        ev = evals[application.pk]
        ev.score = score
        ev.acceptable = acceptable
        ev.save(update_fields=["score", "acceptable", "updated_at"])
    return ev


def set_hub_ranking(*, by, host: HostPlace, applications: list) -> list[Evaluation]:
    """Set the hub's full order (best first); applications left out keep their order after."""
    access.require_hub_staff(by, host)
    _locked(host)
    ids = [a.pk if isinstance(a, Application) else int(a) for a in applications]
    if len(set(ids)) != len(ids):
        raise invalid("applications", _("Each applicant can appear only once."), code="applicant_appear_once")
    eligible = set(applications_for_host(host).values_list("pk", flat=True))
    stray = [i for i in ids if i not in eligible]
    if stray:
        raise invalid(
            "applications",
            _("Application %(a)s did not rank this hub, so the hub cannot rank it.") % {"a": stray[0]},
            code="application_did_rank_hub",
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
    access.require_hub_staff(by, host)
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
    access.require_hub_staff(by, host)
    ids = [a.pk for a, _e in hub_list(host)]
    if application.pk not in ids:
        raise invalid(
            "application", _("This application did not rank the hub."), code="application_did_rank_hub"
        )
    i = ids.index(application.pk)
    j = min(max(i + (1 if step > 0 else -1), 0), len(ids) - 1)
    ids[i], ids[j] = ids[j], ids[i]
    return set_hub_ranking(by=by, host=host, applications=ids)
