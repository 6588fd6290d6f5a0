"""Reviewer assignment: the instance, result types and candidate arcs (see ``corridor.engines.assign``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

REQUIRED_COUNTRIES = ("MY", "KE")
REASON_CODES = ("no_candidates", "conflicts", "capacity", "country")
_COST_SPAN = 1_000_000


@dataclass(frozen=True, eq=False)
class Instance:
    """Plain data for one assignment problem. Proposals and reviewers are 0-based indices.

    ``arc_p``, ``arc_r``, ``arc_aff`` list the candidate arcs (no duplicates). ``conflicts``,
    ``forbids`` and ``pins`` are ``(m, 2)`` int arrays of ``(proposal, reviewer)`` pairs.
    A pinned pair must not be a conflict; it need not be a candidate arc (affinity 0 then).
    """

    demand: np.ndarray
    reviewer_country: tuple[str, ...]
    min_load: np.ndarray
    max_load: np.ndarray
    arc_p: np.ndarray
    arc_r: np.ndarray
    arc_aff: np.ndarray
    conflicts: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    forbids: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    pins: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    required_countries: tuple[str, ...] = REQUIRED_COUNTRIES

    @property
    def n_proposals(self) -> int:
        return len(self.demand)

    @property
    def n_reviewers(self) -> int:
        return len(self.reviewer_country)


def _pairs(items: Iterable[tuple[int, int]] | np.ndarray | None) -> np.ndarray:
    if items is None:
        return np.zeros((0, 2), dtype=np.int64)
    arr = np.asarray(list(items) if not isinstance(items, np.ndarray) else items, dtype=np.int64)
    return arr.reshape(-1, 2)


def make_instance(
    *,
    demand: Sequence[int] | int,
    n_proposals: int | None = None,
    reviewer_country: Sequence[str],
    max_load: Sequence[int] | int,
    min_load: Sequence[int] | int = 0,
    affinity: dict[tuple[int, int], float],
    conflicts: Iterable[tuple[int, int]] = (),
    forbids: Iterable[tuple[int, int]] = (),
    pins: Iterable[tuple[int, int]] = (),
    required_countries: tuple[str, ...] = REQUIRED_COUNTRIES,
) -> Instance:
    """Build an ``Instance`` from Python containers (convenient for services and tests)."""
    n_r = len(reviewer_country)
    if isinstance(demand, int):
        if n_proposals is None:
            raise ValueError("n_proposals is required when demand is a single number")
        demand = [demand] * n_proposals
    keys = sorted(affinity)
    return Instance(
        demand=np.asarray(demand, dtype=np.int64),
        reviewer_country=tuple(reviewer_country),
        min_load=np.asarray([min_load] * n_r if isinstance(min_load, int) else min_load, dtype=np.int64),
        max_load=np.asarray([max_load] * n_r if isinstance(max_load, int) else max_load, dtype=np.int64),
        arc_p=np.asarray([p for p, _ in keys], dtype=np.int64),
        arc_r=np.asarray([r for _, r in keys], dtype=np.int64),
        arc_aff=np.asarray([affinity[k] for k in keys], dtype=np.float64),
        conflicts=_pairs(conflicts),
        forbids=_pairs(forbids),
        pins=_pairs(pins),
        required_countries=required_countries,
    )


@dataclass(frozen=True)
class Uncovered:
    """Why proposal ``proposal`` has fewer reviewers than asked (or misses a country)."""

    proposal: int
    code: str
    assigned: int
    wanted: int
    detail: str


@dataclass(frozen=True)
class Result:
    pairs: tuple[tuple[int, int], ...]  # (proposal, reviewer), pins included, sorted
    affinity: tuple[float, ...]  # aligned with pairs
    total_affinity: float
    relaxed: tuple[str, ...]  # subset of ("min_load", "country", "coverage"), in relaxation order
    uncovered: tuple[Uncovered, ...]
    country_rule: bool  # whether the country rule was asked for

    def reviewers_of(self, proposal: int) -> list[int]:
        return [r for p, r in self.pairs if p == proposal]


@dataclass(frozen=True)
class FairResult:
    result: Result
    floor: float  # every assigned (non-pinned) pair has affinity ≥ floor
    base_total: float  # total affinity without the floor
    base_floor: float  # worst proposal's weakest reviewer without the floor
    cost: float  # base_total − result.total_affinity (≥ 0)

    @property
    def cost_share(self) -> float:
        return self.cost / self.base_total if self.base_total else 0.0


def candidate_arcs(
    proposal_vecs: np.ndarray,
    reviewer_vecs: np.ndarray,
    *,
    top_per_proposal: int,
    top_per_reviewer: int,
    exclude: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    extra: Callable[[np.ndarray], np.ndarray] | None = None,
    block: int = 1024,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top candidates per proposal *and* per reviewer from affinity = proposal · reviewer.

    Per proposal alone is not enough: popular reviewers saturate and large instances become
    infeasible. Works in blocks of proposals so 20,000 × 10,000 fits in memory. ``exclude(rows,
    cols)`` returns a boolean block mask of pairs that may never be candidates (conflicts);
    ``extra(rows)`` adds a block of scores (bids). Arcs with affinity ≤ 0 are dropped.
    """
    n_p, n_r = proposal_vecs.shape[0], reviewer_vecs.shape[0]
    kp, kr = min(top_per_proposal, n_r), min(top_per_reviewer, n_p)
    rv = reviewer_vecs.astype(np.float32).T
    best_val = np.full((kr, n_r), -np.inf, dtype=np.float32)
    best_idx = np.zeros((kr, n_r), dtype=np.int64)
    out_p, out_r, out_a = [], [], []
    cols = np.arange(n_r)
    for start in range(0, n_p, block):
        rows = np.arange(start, min(start + block, n_p))
        scores = proposal_vecs[rows].astype(np.float32) @ rv
        if extra is not None:
            scores += extra(rows).astype(np.float32)
        if exclude is not None:
            scores[exclude(rows, cols)] = -np.inf
        if kp < n_r:
            top = np.argpartition(-scores, kp - 1, axis=1)[:, :kp]
        else:
            top = np.broadcast_to(cols, scores.shape)
        vals = np.take_along_axis(scores, top, axis=1)
        out_p.append(np.repeat(rows, top.shape[1]))
        out_r.append(top.ravel())
        out_a.append(vals.ravel())
        merged_val = np.vstack([best_val, scores])
        merged_idx = np.vstack([best_idx, np.broadcast_to(rows[:, None], scores.shape)])
        if merged_val.shape[0] > kr:
            sel = np.argpartition(-merged_val, kr - 1, axis=0)[:kr]
            best_val = np.take_along_axis(merged_val, sel, axis=0)
            best_idx = np.take_along_axis(merged_idx, sel, axis=0)
        else:
            best_val, best_idx = merged_val, merged_idx
    out_p.append(best_idx.ravel())
    out_r.append(np.tile(cols, best_idx.shape[0]))
    out_a.append(best_val.ravel())
    p = np.concatenate(out_p)
    r = np.concatenate(out_r)
    a = np.concatenate(out_a).astype(np.float64)
    keep = np.isfinite(a) & (a > 0)
    p, r, a = p[keep], r[keep], a[keep]
    keys, first = np.unique(p * n_r + r, return_index=True)
    return keys // n_r, keys % n_r, a[first]
