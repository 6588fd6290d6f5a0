"""Instance generators for the stable placement engines (tests and benchmarks only).

``generate_lists``/``generate_market``: strict lists, popularity-skewed. ``generate_ties``: a
market where both sides grade coarsely (hubs score applications 1–``grades``, applicants rate hubs
in a few bands), so lists are tie groups as in the exchange's scored evaluations.
"""

from __future__ import annotations

import numpy as np

from corridor.engines.stable import Market


def generate_market(
    n_applicants: int, n_hubs: int, *, list_length: int = 10, capacity: int | None = None, seed: int = 0
) -> Market:
    """A random market: popularity-skewed applicant lists of ``list_length`` distinct hubs; each hub
    ranks exactly the applicants who ranked it (random order); capacities default to an even share
    of the applicants (so some hubs fill and some applicants stay unplaced)."""
    lists, hub_lists, caps = generate_lists(
        n_applicants, n_hubs, list_length=list_length, capacity=capacity, seed=seed
    )
    return Market.from_lists(lists, hub_lists, caps)


def generate_lists(
    n_applicants: int, n_hubs: int, *, list_length: int = 10, capacity: int | None = None, seed: int = 0
) -> tuple[list[list[int]], list[list[int]], list[int]]:
    rng = np.random.default_rng(seed)
    k = min(list_length, n_hubs)
    popularity = rng.pareto(1.5, n_hubs) + 1.0
    gumbel = rng.gumbel(size=(n_applicants, n_hubs)) if n_hubs <= 1000 else None
    lists: list[list[int]] = []
    logp = np.log(popularity)
    for a in range(n_applicants):
        # Top-k of log-popularity + Gumbel noise = sampling k hubs without replacement ∝ popularity.
        noise = gumbel[a] if gumbel is not None else rng.gumbel(size=n_hubs)
        score = logp + noise
        top = np.argpartition(-score, k - 1)[:k] if k else np.empty(0, dtype=np.int64)
        lists.append(top[np.argsort(-score[top])].tolist())
    hub_lists: list[list[int]] = [[] for _ in range(n_hubs)]
    for a, row in enumerate(lists):
        for h in row:
            hub_lists[h].append(a)
    hub_lists = [rng.permutation(x).tolist() for x in hub_lists]
    if capacity is None:
        caps = np.maximum(1, rng.poisson(max(1.0, 0.9 * n_applicants / max(n_hubs, 1)), n_hubs)).tolist()
    else:
        caps = [capacity] * n_hubs
    return lists, hub_lists, caps


def generate_ties(
    n_applicants: int,
    n_hubs: int,
    *,
    list_length: int = 5,
    capacity: int = 1,
    grades: int = 3,
    app_bands: int = 2,
    seed: int = 0,
) -> tuple[list[list[list[int]]], list[list[list[int]]], list[int]]:
    """Tie-group lists: applicants pick ``list_length`` hubs (popularity-skewed) and sort them into
    ``app_bands`` bands; each hub grades the applicants who picked it with a score in
    1..``grades`` shared across hubs plus noise (so hubs largely agree), grouping equal grades."""
    rng = np.random.default_rng(seed)
    strict, hub_strict, _ = generate_lists(n_applicants, n_hubs, list_length=list_length, seed=seed)
    quality = rng.normal(size=n_applicants)
    apps: list[list[list[int]]] = []
    for row in strict:
        cut = (
            sorted(
                rng.choice(
                    np.arange(1, len(row)), size=min(app_bands - 1, max(len(row) - 1, 0)), replace=False
                ).tolist()
            )
            if len(row) > 1
            else []
        )
        bands, start = [], 0
        for c in cut + [len(row)]:
            if row[start:c]:
                bands.append(row[start:c])
            start = c
        apps.append(bands)
    hubs: list[list[list[int]]] = []
    edges = np.quantile(quality, np.linspace(0, 1, grades + 1)[1:-1]) if grades > 1 else np.array([])
    for lst in hub_strict:
        if not lst:
            hubs.append([])
            continue
        noisy = quality[lst] + rng.normal(scale=0.5, size=len(lst))
        grade = np.searchsorted(edges, noisy)
        groups = [[a for a, g in zip(lst, grade.tolist()) if g == k] for k in range(grades - 1, -1, -1)]
        hubs.append([g for g in groups if g])
    return apps, hubs, [capacity] * n_hubs
