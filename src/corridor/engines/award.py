"""Scores to awards (pure Python + numpy + SciPy/HiGHS, no Django).

* ``calibrate``: per-reviewer z-score normalisation of raw scores (a severe reviewer's 3/5 and a
  lenient reviewer's 4/5 may mean the same), mapped back onto the raw scale with the global mean
  and standard deviation, so calibrated scores read like raw ones.
* ``select_awards``: the set of proposals that maximises the total calibrated score within the
  budget (a 0/1 knapsack) with the secretariat's constraints: each theme funded at least once,
  and each partner country's lead institutions receiving a share of the funded amount within a
  band (e.g. 40–60%). Solved exactly with HiGHS (``scipy.optimize.milp``).
* ``funding_line_lottery``: where proposals at the funding line cannot be told apart (calibrated
  scores within a tolerance), a seeded lottery among them (SNSF practice). The seed is published,
  so anyone can re-run it and get the same draw.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = [
    "Candidate",
    "Selection",
    "calibrate",
    "select_awards",
    "funding_line_lottery",
    "Lottery",
]


def calibrate(scores: Sequence[tuple[int, int, float]]) -> dict[tuple[int, int], float]:
    """``(reviewer, proposal, raw)`` triples -> calibrated score per ``(reviewer, proposal)``.

    z = (raw − reviewer mean) / reviewer sd, then mapped to global mean + z · global sd. A reviewer
    with one score, or identical scores, keeps a z of 0 (their scores carry no spread to normalise).
    """
    if not scores:
        return {}
    raw = np.asarray([s for _, _, s in scores], dtype=np.float64)
    g_mean = float(raw.mean())
    g_sd = float(raw.std()) or 1.0
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for r, _p, s in scores:
        by_reviewer[r].append(s)
    stats = {r: (float(np.mean(v)), float(np.std(v))) for r, v in by_reviewer.items()}
    out: dict[tuple[int, int], float] = {}
    for r, p, s in scores:
        mean, sd = stats[r]
        z = (s - mean) / sd if sd > 1e-12 else 0.0
        out[(r, p)] = g_mean + z * g_sd
    return out


@dataclass(frozen=True)
class Candidate:
    id: int
    score: float  # calibrated score; higher is better
    amount: float  # requested amount in the call's currency
    theme: str = ""
    lead_country: str = ""


@dataclass(frozen=True)
class Selection:
    ids: tuple[int, ...]  # selected candidate ids, best score first
    total_score: float
    total_amount: float
    status: str  # "optimal" | "infeasible"
    message: str = ""


def _check_band(band: tuple[float, float] | None) -> None:
    if band is not None and not (0 <= band[0] <= band[1] <= 1):
        raise ValueError("share band must satisfy 0 ≤ low ≤ high ≤ 1")


def select_awards(
    candidates: Sequence[Candidate],
    *,
    budget: float,
    themes_at_least_once: bool = False,
    share_band: tuple[float, float] | None = None,
    countries: tuple[str, ...] = ("MY", "KE"),
    time_limit_s: float = 20.0,
) -> Selection:
    """Maximise the total score of funded candidates with total amount ≤ ``budget``.

    ``themes_at_least_once``: every theme present among the candidates is funded at least once.
    ``share_band=(lo, hi)``: for each of ``countries``, the amount funded to candidates led from
    that country is between ``lo`` and ``hi`` times the total funded amount. Ties in score are
    broken towards fewer funds then lower id, so the result is deterministic. Infeasible
    constraints return ``status="infeasible"`` with a message naming the constraint set.
    """
    _check_band(share_band)
    if budget < 0:
        raise ValueError("budget must be ≥ 0")
    cands = sorted(candidates, key=lambda c: c.id)
    n = len(cands)
    if n == 0:
        return Selection((), 0.0, 0.0, "optimal")
    score = np.asarray([c.score for c in cands], dtype=np.float64)
    amount = np.asarray([c.amount for c in cands], dtype=np.float64)
    # Tiny tie-breaks: prefer cheaper then lower id among equal scores (deterministic output).
    span = max(1.0, float(np.abs(score).max()))
    tie = 1e-7 * span * (amount / max(1.0, float(amount.max()))) + 1e-9 * span * np.arange(n) / max(n, 1)
    c = -(score - tie)
    rows, lo, hi = [amount], [-np.inf], [float(budget)]
    if themes_at_least_once:
        for theme in sorted({x.theme for x in cands if x.theme}):
            rows.append(np.asarray([1.0 if x.theme == theme else 0.0 for x in cands]))
            lo.append(1.0)
            hi.append(np.inf)
    if share_band is not None:
        for country in countries:
            is_c = np.asarray([1.0 if x.lead_country == country else 0.0 for x in cands])
            rows.append(amount * (is_c - share_band[0]))  # funded_c − lo·total ≥ 0
            lo.append(0.0)
            hi.append(np.inf)
            rows.append(amount * (is_c - share_band[1]))  # funded_c − hi·total ≤ 0
            lo.append(-np.inf)
            hi.append(0.0)
    res = milp(
        c,
        constraints=LinearConstraint(np.vstack(rows), np.asarray(lo), np.asarray(hi)),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit_s, "mip_rel_gap": 0.0},
    )
    if res.x is None:
        what = []
        if themes_at_least_once:
            what.append("each theme funded at least once")
        if share_band is not None:
            what.append(f"country share between {share_band[0]:.0%} and {share_band[1]:.0%}")
        return Selection(
            (),
            0.0,
            0.0,
            "infeasible",
            "No selection fits the budget with: " + (", ".join(what) or "the budget"),
        )
    chosen = [cands[i] for i in range(n) if res.x[i] > 0.5]
    chosen.sort(key=lambda x: (-x.score, x.id))
    return Selection(
        tuple(x.id for x in chosen),
        float(sum(x.score for x in chosen)),
        float(sum(x.amount for x in chosen)),
        "optimal",
    )


def feasible(
    selected: Sequence[Candidate],
    *,
    all_candidates: Sequence[Candidate],
    budget: float,
    themes_at_least_once: bool = False,
    share_band: tuple[float, float] | None = None,
    countries: tuple[str, ...] = ("MY", "KE"),
) -> bool:
    """Independent check of a selection against the same constraints (used by tests)."""
    total = sum(x.amount for x in selected)
    if total > budget + 1e-9:
        return False
    if themes_at_least_once:
        themes = {x.theme for x in all_candidates if x.theme}
        if not themes <= {x.theme for x in selected}:
            return False
    if share_band is not None:
        for country in countries:
            funded = sum(x.amount for x in selected if x.lead_country == country)
            if funded < share_band[0] * total - 1e-9 or funded > share_band[1] * total + 1e-9:
                return False
    return True


@dataclass(frozen=True)
class Lottery:
    seed: int
    group: tuple[int, ...]  # the indistinguishable candidates at the line, by id
    places: int  # how many of them can be funded
    winners: tuple[int, ...]
    order: tuple[int, ...]  # the full draw order (publishable)


def funding_line_lottery(
    candidates: Sequence[Candidate],
    selection: Selection,
    *,
    budget: float,
    seed: int,
    tolerance: float = 0.05,
) -> Lottery:
    """Draw among candidates whose score is within ``tolerance`` of the lowest funded score.

    Funded candidates above the group keep their place; the group's places are filled in the
    seeded draw order while the remaining budget allows. Same seed, same draw.
    """
    by_id = {c.id: c for c in candidates}
    funded = [by_id[i] for i in selection.ids]
    if not funded:
        return Lottery(seed, (), 0, (), ())
    line = min(c.score for c in funded)
    group = sorted((c for c in candidates if math.fabs(c.score - line) <= tolerance), key=lambda c: c.id)
    group_ids = {c.id for c in group}
    safe = [c for c in funded if c.id not in group_ids]
    remaining = budget - sum(c.amount for c in safe)
    places = sum(1 for c in funded if c.id in group_ids)
    order = [c.id for c in group]
    random.Random(seed).shuffle(order)
    winners: list[int] = []
    for cid in order:
        if len(winners) == places:
            break
        if by_id[cid].amount <= remaining + 1e-9:
            winners.append(cid)
            remaining -= by_id[cid].amount
    return Lottery(seed, tuple(c.id for c in group), places, tuple(winners), tuple(order))
