"""Services: assignment."""

from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core import runs
from corridor.core.access import require_secretariat
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.engines import assign as assign_engine

from ..enums import (
    BidLevel,
    PairRuleKind,
    ProposalStatus,
)
from ..models import (
    Assignment,
    AssignmentRun,
    Bid,
    Call,
    Conflict,
    PairRule,
    Proposal,
    Reviewer,
)
from ..queries import is_decided
from ._common import BID_BONUS, log
from .reviewers import detect_call_conflicts

# --------------------------------------------------------------------------------- assignment

TOKEN_RE = re.compile(r"[a-z0-9]+")
STOP = {"and", "the", "of", "for", "in", "to", "a", "on", "with", "by", "an", "from", "at", "is", "or"}


def _tokens(text: str) -> list[str]:
    return [t for t in TOKEN_RE.findall(text.lower()) if t not in STOP and len(t) > 1]


def _tfidf(docs: list[list[str]], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    m = np.zeros((len(docs), len(vocab)))
    for i, doc in enumerate(docs):
        for t in doc:
            j = vocab.get(t)
            if j is not None:
                m[i, j] += 1
    m *= idf
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)


def affinity_matrix(
    proposals: list[Proposal], reviewers: list[Reviewer], bids: dict[tuple[int, int], str]
) -> np.ndarray:
    """TF-IDF cosine of reviewer expertise against title + abstract + keywords (keywords
    counted twice), plus bid bonuses (eager 0.3, willing 0.1), plus a small floor so anyone may
    be chosen when nobody matches."""
    p_docs = [_tokens(f"{p.title} {p.abstract} {p.keywords} {p.keywords}") for p in proposals]
    r_docs = [_tokens(r.expertise.replace(",", " ")) for r in reviewers]
    vocab: dict[str, int] = {}
    df: dict[str, int] = defaultdict(int)
    for doc in p_docs + r_docs:
        for t in set(doc):
            df[t] += 1
            vocab.setdefault(t, len(vocab))
    n = len(p_docs) + len(r_docs)
    idf = np.asarray([math.log((1 + n) / (1 + df[t])) + 1 for t in vocab])
    a = (
        _tfidf(p_docs, vocab, idf) @ _tfidf(r_docs, vocab, idf).T
        if vocab
        else np.zeros((len(proposals), len(reviewers)))
    )
    for i, p in enumerate(proposals):
        for j, r in enumerate(reviewers):
            a[i, j] += BID_BONUS.get(bids.get((p.pk, r.pk)), 0.0)
    return np.round(a + 0.01, 6)


def start_assignment(*, by, call: Call, fairness: bool = False) -> AssignmentRun:
    """Queue an assignment run (a Celery task; eager without Redis). Re-running replaces the
    assignments that have no review yet; reviewed ones are kept as pins."""
    require_secretariat(by, hide=False)
    if call.runs.filter(status__in=(runs.RunStatus.QUEUED, runs.RunStatus.RUNNING)).exists():
        raise invalid("call", _("An assignment run is already in progress."), code="assignment_run_progress")
    if is_decided(call):
        raise invalid(
            "call",
            _("Decisions are recorded for this call; its reviewer assignment no longer changes."),
            code="call_decided",
        )
    if not Reviewer.objects.filter(calls=call).exists():
        raise invalid(
            "call",
            _("The call has no reviewers yet: invite reviewers before running the assignment."),
            code="reviewer_pool_empty",
        )
    with transaction.atomic(), acting_as(by):
        run = AssignmentRun.objects.create(call=call, actor=by, fairness=fairness)
        from ..tasks import run_assignment_task

        transaction.on_commit(lambda: run_assignment_task.delay(run.pk))
    return run


def execute_assignment(*, run_id: int) -> AssignmentRun:
    """Load the call, call the engine, save the result (called by the Celery task). Progress: 5
    started, 20 loaded, 50 solved, 100 saved; the RUNNING → DONE / FAILED bookkeeping is
    ``core.runs.execute_run``'s."""
    run = AssignmentRun.objects.select_related("call", "actor").get(pk=run_id)
    if not run.is_queued:
        return run
    return runs.execute_run(run, _assign)


def _assign(run: AssignmentRun, progress) -> None:
    call = run.call
    progress(0.05)
    # Reviewers may have been added any way (the admin included): never trust stale conflicts.
    with transaction.atomic(), acting_as(run.actor):
        detect_call_conflicts(call=call)
    proposals = list(Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED).order_by("pk"))
    reviewers = list(Reviewer.objects.filter(calls=call).select_related("user", "country").order_by("pk"))
    p_index = {p.pk: i for i, p in enumerate(proposals)}
    r_index = {r.pk: j for j, r in enumerate(reviewers)}
    bids = {(b.proposal_id, b.reviewer_id): b.level for b in Bid.objects.filter(proposal__call=call)}
    conflicts = [
        (p_index[c.proposal_id], r_index[c.reviewer_id])
        for c in Conflict.objects.filter(proposal__call=call)
        if c.proposal_id in p_index and c.reviewer_id in r_index
    ]
    not_willing = [
        (p_index[p], r_index[r])
        for (p, r), lvl in bids.items()
        if lvl == BidLevel.NOT_WILLING and p in p_index and r in r_index
    ]
    rules = list(PairRule.objects.filter(proposal__call=call))
    reviewed = list(Assignment.objects.filter(proposal__call=call, review__isnull=False))
    pins = {
        (p_index[a.proposal_id], r_index[a.reviewer_id])
        for a in reviewed
        if a.proposal_id in p_index and a.reviewer_id in r_index
    }
    pins |= {
        (p_index[x.proposal_id], r_index[x.reviewer_id])
        for x in rules
        if x.kind == PairRuleKind.PIN and x.proposal_id in p_index and x.reviewer_id in r_index
    }
    forbids = {
        (p_index[x.proposal_id], r_index[x.reviewer_id])
        for x in rules
        if x.kind == PairRuleKind.FORBID and x.proposal_id in p_index and x.reviewer_id in r_index
    }
    forbids |= set(not_willing) - pins
    progress(0.2)
    aff = affinity_matrix(proposals, reviewers, bids)
    affinity = {(i, j): float(aff[i, j]) for i in range(len(proposals)) for j in range(len(reviewers))}
    inst = assign_engine.make_instance(
        demand=[call.reviews_per_proposal] * len(proposals),
        reviewer_country=[r.country_id for r in reviewers],
        max_load=call.max_load,
        min_load=call.min_load,
        affinity=affinity,
        conflicts=conflicts,
        forbids=sorted(forbids),
        pins=sorted(pins),
    )
    progress(0.5)
    if run.fairness:
        fair = assign_engine.assign_fair(inst)
        result = fair.result
        run.floor, run.fairness_cost = fair.floor, fair.cost
    else:
        result = assign_engine.assign(inst)
    with transaction.atomic(), acting_as(run.actor):
        keep = {(a.proposal_id, a.reviewer_id) for a in reviewed}
        Assignment.objects.filter(proposal__call=call, review__isnull=True).delete()
        for (i, j), a in zip(result.pairs, result.affinity):
            p, r = proposals[i], reviewers[j]
            if (p.pk, r.pk) in keep:
                continue
            Assignment.objects.create(proposal=p, reviewer=r, affinity=a, run=run)
            log(p, run.actor, "assigned", _("Reviewer assigned (affinity %(a).2f)") % {"a": a})
            transaction.on_commit(
                lambda r=r, p=p: notify(
                    user=r.user,
                    text=lambda: _("New proposal to review: %(t)s") % {"t": p.title},
                    url=p.get_absolute_url(),
                )
            )
        run.total_affinity = result.total_affinity
        run.relaxed = ",".join(result.relaxed)
        run.uncovered = [
            {
                "proposal": proposals[u.proposal].pk,
                "title": proposals[u.proposal].title,
                "code": u.code,
                "assigned": u.assigned,
                "wanted": u.wanted,
                "detail": u.detail,
            }
            for u in result.uncovered
        ]
