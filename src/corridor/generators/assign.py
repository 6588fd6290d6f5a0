"""Instance generator for the reviewer-assignment engine (tests and benchmarks only)."""

from __future__ import annotations

import numpy as np

from corridor.engines.assign import Instance, candidate_arcs


def _pair_hash(p: np.ndarray, r: np.ndarray, seed: int) -> np.ndarray:
    x = (p.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (
        r.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F) + np.uint64(seed)
    )
    x ^= x >> np.uint64(31)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(29)
    return x


def generate_instance(
    n_proposals: int,
    n_reviewers: int,
    *,
    k: int = 3,
    max_load: int = 8,
    min_load: int = 1,
    conflict_rate: float = 0.02,
    share_my: float = 0.5,
    top_per_proposal: int = 40,
    top_per_reviewer: int = 40,
    topics: int = 60,
    seed: int = 0,
) -> Instance:
    """A deterministic instance with text-similarity-like affinities.

    Proposals and reviewers are mixtures over ``topics`` (sparse Dirichlet, like TF-IDF or
    embedding similarity of abstracts and expertise), affinity is the cosine of the mixtures plus
    a little noise, a ``conflict_rate`` share of all pairs are conflicts (hash of the pair, so
    any block can be tested), reviewers are split Malaysia/Kenya by ``share_my``.
    """
    rng = np.random.default_rng(seed)
    pv = rng.dirichlet(np.full(topics, 0.08), size=n_proposals)
    rv = rng.dirichlet(np.full(topics, 0.15), size=n_reviewers)
    pv /= np.linalg.norm(pv, axis=1, keepdims=True)
    rv /= np.linalg.norm(rv, axis=1, keepdims=True)
    threshold = np.uint64(int(conflict_rate * 2**63)) * np.uint64(2)

    def exclude(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return _pair_hash(rows[:, None], cols[None, :], seed) < threshold

    def noise(rows: np.ndarray) -> np.ndarray:
        h = _pair_hash(rows[:, None], np.arange(n_reviewers)[None, :], seed + 1)
        return (h >> np.uint64(40)).astype(np.float64) / float(1 << 24) * 0.05

    ap, ar, aa = candidate_arcs(
        pv,
        rv,
        top_per_proposal=top_per_proposal,
        top_per_reviewer=top_per_reviewer,
        exclude=exclude,
        extra=noise,
    )
    countries = tuple("MY" if x < share_my else "KE" for x in rng.random(n_reviewers))
    # Record every conflicting pair so the checker can verify none is used.
    cp, cr = [], []
    for start in range(0, n_proposals, 1024):
        rows = np.arange(start, min(start + 1024, n_proposals))
        mask = exclude(rows, np.arange(n_reviewers))
        pi, ri = np.nonzero(mask)
        cp.append(rows[pi])
        cr.append(ri)
    conflicts = np.stack([np.concatenate(cp), np.concatenate(cr)], axis=1) if cp else np.zeros((0, 2))
    return Instance(
        demand=np.full(n_proposals, k, dtype=np.int64),
        reviewer_country=countries,
        min_load=np.full(n_reviewers, min_load, dtype=np.int64),
        max_load=np.full(n_reviewers, max_load, dtype=np.int64),
        arc_p=ap,
        arc_r=ar,
        arc_aff=np.round(aa, 6),
        conflicts=conflicts.astype(np.int64),
    )
