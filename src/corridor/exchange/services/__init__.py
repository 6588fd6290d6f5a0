"""Exchange writes: every one takes the actor ``by``, checks permission on the object, validates,
runs in one transaction and is audited.

A package by noun (cohorts, hosts, applications, evaluation, placement); this module re-exports
every name so callers keep writing ``services.<name>``.
"""

# Reads the services share with the pages live in ``queries``; re-exported for older callers.
from ..queries import applications_for_host, hub_list, latest_run, live_placements  # noqa: E402
from ._common import PDF_MAGIC, _sectors, deck_max_bytes
from .applications import _check_deck, eligibility_problems, submit_application
from .cohorts import create_cohort, create_programme
from .evaluation import (
    _ensure_evaluations,
    _locked,
    evaluate_application,
    move_in_hub_ranking,
    set_hub_ranking,
    sort_hub_ranking_by_score,
)
from .hosts import join_cohort
from .placement import (
    _advance,
    _market,
    _notify_results,
    _place,
    execute_run,
    mark_arrived,
    mark_completed,
    publish_placement,
    record_check_in,
    record_outcome,
    respond_to_offer,
    run_placement,
)

__all__ = [
    "applications_for_host",
    "hub_list",
    "latest_run",
    "live_placements",
    "PDF_MAGIC",
    "_advance",
    "_check_deck",
    "_ensure_evaluations",
    "_locked",
    "_market",
    "_notify_results",
    "_place",
    "_sectors",
    "create_cohort",
    "create_programme",
    "deck_max_bytes",
    "eligibility_problems",
    "evaluate_application",
    "execute_run",
    "join_cohort",
    "mark_arrived",
    "mark_completed",
    "move_in_hub_ranking",
    "publish_placement",
    "record_check_in",
    "record_outcome",
    "respond_to_offer",
    "run_placement",
    "set_hub_ranking",
    "sort_hub_ranking_by_score",
    "submit_application",
]
