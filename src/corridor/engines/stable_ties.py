"""Maximum-size weakly stable placement when preferences have ties (HRT).

Preferences are lists of *tie groups*: applicant ``a`` ranks ``app_groups[a] = [[h1, h2], [h3]]``
(h1 and h2 equally liked, both better than h3); hub ``h`` ranks ``hub_groups[h]`` the same way
and has ``capacities[h]`` places. A pair is acceptable only when each lists the other.

A placement is *weakly stable* when no acceptable pair (a, h) blocks it, where (a, h) blocks when
a is unplaced or **strictly** prefers h to its hub, and h has a free place or **strictly** prefers
a to one of its placed applicants. Breaking ties arbitrarily and running deferred acceptance gives
a weakly stable placement, but weakly stable placements differ in size (by up to a factor 2) and
finding the largest is NP-hard; it is solved exactly here as a MIP with HiGHS
(``scipy.optimize.milp``): ``x[a,h]`` binary for acceptable pairs, at most one hub per applicant,
at most ``c_h`` applicants per hub, and for every acceptable pair with ``c_h > 0``::

    Σ_{a' : rank_h(a') ≤ rank_h(a)} x[a',h]  +  c_h · Σ_{h' : rank_a(h') ≤ rank_a(h)} x[a,h']  ≥  c_h

(either a already has a hub at least as good as h, or h is filled with applicants at least as good
as a). When the time limit runs out, HiGHS's best incumbent is returned with ``proven=False`` and
its dual bound; with no incumbent, the better of several random tie-breaks (each weakly stable,
hence at least half the maximum) is returned.

The fallback without a MIP incumbent is Király's deferred acceptance with promotion
(Király 2011, "Better and simpler approximation algorithms for the stable marriage problem",
Algorithmica 60): applicants propose down their lists; an applicant rejected by every hub is
*promoted* once and goes through the list again; a hub holding a full set compares by its ranking
and, inside a tie, prefers a promoted applicant. When only the hubs' rankings have ties (how
scored applications tie in the exchange) the result is weakly stable and at least 2/3 of the
maximum; with ties on both sides the applicants' ties are broken in listed order first, which keeps
weak stability but not the 3/2 guarantee, and the better of that and the random tie-breaks is kept.

``check_weak`` is an independent checker; ``random_tiebreak`` is the deferred-acceptance baseline.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from corridor.engines import stable

UNPLACED = -1
Groups = Sequence[Sequence[int]]


@dataclass
class TiesResult:
    hub_of: list[int]
    size: int
    proven: bool
    bound: float
    method: str  # "mip" | "mip-incumbent" | "promotion-3/2" | "random-tiebreak"
    seconds: float = 0.0


@dataclass
class WeakReport:
    blocking_pairs: list[tuple[int, int]] = field(default_factory=list)
    over_capacity: list[int] = field(default_factory=list)
    unacceptable: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.blocking_pairs or self.over_capacity or self.unacceptable)


def _ranks(groups: Sequence[Groups]) -> list[dict[int, int]]:
    out = []
    for owner, gs in enumerate(groups):
        r: dict[int, int] = {}
        for gi, g in enumerate(gs):
            for x in g:
                if x in r:
                    raise ValueError(f"{owner}: {x} listed twice")
                r[x] = gi
        out.append(r)
    return out


def validate(app_groups: Sequence[Groups], hub_groups: Sequence[Groups], capacities: Sequence[int]) -> None:
    n_a, n_h = len(app_groups), len(hub_groups)
    if len(capacities) != n_h:
        raise ValueError(f"capacities has {len(capacities)} entries for {n_h} hubs")
    for h, c in enumerate(capacities):
        if c < 0:
            raise ValueError(f"hub {h} has a negative capacity")
    for who, groups, n_other in (("applicant", app_groups, n_h), ("hub", hub_groups, n_a)):
        for i, gs in enumerate(groups):
            for g in gs:
                for x in g:
                    if not 0 <= x < n_other:
                        raise ValueError(f"{who} {i} lists unknown id {x}")
    _ranks(app_groups)
    _ranks(hub_groups)


def check_weak(
    app_groups: Sequence[Groups],
    hub_groups: Sequence[Groups],
    capacities: Sequence[int],
    hub_of: Sequence[int],
) -> WeakReport:
    """Capacity, acceptability and weak-stability check by plain enumeration of pairs."""
    ra, rh = _ranks(app_groups), _ranks(hub_groups)
    rep = WeakReport()
    placed: list[list[int]] = [[] for _ in hub_groups]
    for a, h in enumerate(hub_of):
        if h == UNPLACED:
            continue
        if h not in ra[a] or a not in rh[h]:
            rep.unacceptable.append(a)
        placed[h].append(a)
    for h, lst in enumerate(placed):
        if len(lst) > capacities[h]:
            rep.over_capacity.append(h)
    for a in range(len(app_groups)):
        mine = hub_of[a]
        for h, r in ra[a].items():
            if a not in rh[h] or h == mine:
                continue
            if mine != UNPLACED and ra[a].get(mine, 10**9) <= r:
                continue  # a does not strictly prefer h
            if capacities[h] == 0:
                continue
            if len(placed[h]) < capacities[h] or any(rh[h].get(x, 10**9) > rh[h][a] for x in placed[h]):
                rep.blocking_pairs.append((a, h))
    return rep


def _strict(groups: Sequence[Groups], rng: np.random.Generator | None) -> list[list[int]]:
    out = []
    for gs in groups:
        row: list[int] = []
        for g in gs:
            g = list(g)
            if rng is not None and len(g) > 1:
                g = [g[i] for i in rng.permutation(len(g))]
            row.extend(g)
        out.append(row)
    return out


def random_tiebreak(
    app_groups: Sequence[Groups],
    hub_groups: Sequence[Groups],
    capacities: Sequence[int],
    seed: int | None = 0,
) -> list[int]:
    """Break every tie uniformly at random (``seed=None``: in listed order), then applicant-proposing DA."""
    rng = None if seed is None else np.random.default_rng(seed)
    market = stable.Market.from_lists(_strict(app_groups, rng), _strict(hub_groups, rng), list(capacities))
    return stable.applicant_proposing(market).hub_of.tolist()


def promotion_da(
    app_groups: Sequence[Groups],
    hub_groups: Sequence[Groups],
    capacities: Sequence[int],
) -> list[int]:
    """Király's deferred acceptance with promotion (see the module docstring); weakly stable.

    Applicants' tie groups are read in listed order (strict lists give the 3/2 guarantee).
    """
    ra, rh = _ranks(app_groups), _ranks(hub_groups)
    lists = [[h for g in gs for h in g if a in rh[h]] for a, gs in enumerate(app_groups)]
    del ra
    n_a = len(app_groups)
    hub_of = [UNPLACED] * n_a
    promoted = [False] * n_a
    nxt = [0] * n_a
    # per hub a max-heap of (−key, applicant); key = 2·rank + (0 if promoted else 1), lower is better
    held: list[list[tuple[int, int]]] = [[] for _ in hub_groups]
    free = [a for a in range(n_a) if lists[a]]
    free.reverse()
    while free:
        a = free.pop()
        while True:
            if nxt[a] == len(lists[a]):
                if promoted[a]:
                    break  # rejected twice by every hub: stays unplaced
                promoted[a] = True
                nxt[a] = 0
                continue
            h = lists[a][nxt[a]]
            nxt[a] += 1
            cap = capacities[h]
            if cap <= 0:
                continue
            key = 2 * rh[h][a] + (0 if promoted[a] else 1)
            heap = held[h]
            if len(heap) < cap:
                heapq.heappush(heap, (-key, a))
                hub_of[a] = h
                break
            worst_key, worst = -heap[0][0], heap[0][1]
            if key < worst_key:
                heapq.heapreplace(heap, (-key, a))
                hub_of[a] = h
                hub_of[worst] = UNPLACED
                free.append(worst)
                break
    return hub_of


def _model(app_groups: Sequence[Groups], hub_groups: Sequence[Groups], capacities: Sequence[int]):
    ra, rh = _ranks(app_groups), _ranks(hub_groups)
    pairs = [(a, h) for a in range(len(app_groups)) for h in ra[a] if a in rh[h]]
    n = len(pairs)
    by_app: list[list[int]] = [[] for _ in app_groups]
    by_hub: list[list[int]] = [[] for _ in hub_groups]
    for e, (a, h) in enumerate(pairs):
        by_app[a].append(e)
        by_hub[h].append(e)
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    for lst in by_app:
        if lst:
            rows += [r] * len(lst)
            cols += lst
            vals += [1.0] * len(lst)
            lo.append(-np.inf)
            hi.append(1.0)
            r += 1
    for h, lst in enumerate(by_hub):
        if lst:
            rows += [r] * len(lst)
            cols += lst
            vals += [1.0] * len(lst)
            lo.append(-np.inf)
            hi.append(float(capacities[h]))
            r += 1
    for a, h in pairs:
        c = capacities[h]
        if c <= 0:
            continue
        ka, kh = ra[a][h], rh[h][a]
        terms: dict[int, float] = {}
        for e2 in by_hub[h]:
            if rh[h][pairs[e2][0]] <= kh:
                terms[e2] = terms.get(e2, 0.0) + 1.0
        for e2 in by_app[a]:
            if ra[a][pairs[e2][1]] <= ka:
                terms[e2] = terms.get(e2, 0.0) + float(c)
        rows += [r] * len(terms)
        cols += list(terms)
        vals += list(terms.values())
        lo.append(float(c))
        hi.append(np.inf)
        r += 1
    A = sp.csr_matrix((vals, (rows, cols)), shape=(r, n))
    return pairs, A, np.asarray(lo), np.asarray(hi)


def max_weakly_stable(
    app_groups: Sequence[Groups],
    hub_groups: Sequence[Groups],
    capacities: Sequence[int],
    *,
    time_limit: float | None = 60.0,
    fallback_seeds: int = 5,
) -> TiesResult:
    """The largest weakly stable placement (exact MIP; best found + bound when time runs out)."""
    t0 = time.perf_counter()
    validate(app_groups, hub_groups, capacities)
    pairs, A, lo, hi = _model(app_groups, hub_groups, capacities)
    n_a = len(app_groups)
    if not pairs:
        return TiesResult([UNPLACED] * n_a, 0, True, 0.0, "mip", time.perf_counter() - t0)
    options: dict = {"disp": False}
    if time_limit is not None:
        options["time_limit"] = max(1.0, float(time_limit))
    res = milp(
        c=-np.ones(len(pairs)),
        constraints=[LinearConstraint(A, lo, hi)],
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        options=options,
    )
    hub_of = [UNPLACED] * n_a
    if res.x is not None:
        for e in np.flatnonzero(res.x > 0.5).tolist():
            a, h = pairs[e]
            hub_of[a] = h
        proven = bool(res.status == 0)
        bound = float(-res.mip_dual_bound) if getattr(res, "mip_dual_bound", None) is not None else np.nan
        if proven:
            bound = float(sum(1 for h in hub_of if h != UNPLACED))
        report = check_weak(app_groups, hub_groups, capacities, hub_of)
        if report.ok:
            size = sum(1 for h in hub_of if h != UNPLACED)
            if not proven:
                promo = promotion_da(app_groups, hub_groups, capacities)
                promo_size = sum(1 for h in promo if h != UNPLACED)
                if promo_size > size:
                    return TiesResult(
                        promo, promo_size, False, bound, "promotion-3/2", time.perf_counter() - t0
                    )
            return TiesResult(
                hub_of,
                size,
                proven,
                bound,
                "mip" if proven else "mip-incumbent",
                time.perf_counter() - t0,
            )
    best = promotion_da(app_groups, hub_groups, capacities)
    one_sided = all(len(g) <= 1 for gs in app_groups for g in gs)
    if one_sided:
        size = sum(1 for h in best if h != UNPLACED)
        return TiesResult(best, size, False, float("nan"), "promotion-3/2", time.perf_counter() - t0)
    for s in range(max(1, fallback_seeds)):
        cand = random_tiebreak(app_groups, hub_groups, capacities, seed=s)
        if sum(h != UNPLACED for h in cand) > sum(h != UNPLACED for h in best):
            best = cand
    size = sum(1 for h in best if h != UNPLACED)
    return TiesResult(best, size, False, float("nan"), "random-tiebreak", time.perf_counter() - t0)


def solve_json(data: dict, time_limit: float | None = None) -> dict:
    """``corridor solve stable``: names in, names out (see docs/engines-matching.md).

    Input ``{"applicants": {"a": [["h1", "h2"], ["h3"]]}, "hubs": {"h": {"capacity": c,
    "ranking": [["a1"], ["a2", "a5"]]}}}``; a bare string in place of a tie group is a group of
    one. Output ``{"matching": {"a": "h"}, "size": n, "stable": true, "proven": bool,
    "bound": n, "ties": bool, "method": ...}``; without ties it is applicant-proposing deferred
    acceptance (the applicant-optimal stable matching, proven=True as every stable matching
    has the same size).
    """
    if not isinstance(data, dict) or not isinstance(data.get("applicants"), dict):
        raise ValueError('expected {"applicants": {...}, "hubs": {...}}')
    hubs_in = data.get("hubs")
    if not isinstance(hubs_in, dict):
        raise ValueError('expected "hubs": {"<hub>": {"capacity": c, "ranking": [...]}}')
    a_names = list(data["applicants"])
    h_names = list(hubs_in)
    a_idx = {n: i for i, n in enumerate(a_names)}
    h_idx = {n: i for i, n in enumerate(h_names)}

    def groups(raw, index, who, owner):
        out = []
        for g in raw or []:
            g = [g] if isinstance(g, str) else g
            try:
                out.append([index[x] for x in g])
            except KeyError as exc:
                raise ValueError(f"{who} {owner!r} lists unknown {exc.args[0]!r}") from None
        return out

    app_groups = [groups(data["applicants"][n], h_idx, "applicant", n) for n in a_names]
    hub_groups = []
    caps = []
    for n in h_names:
        spec = hubs_in[n]
        if not isinstance(spec, dict):
            raise ValueError(f"hub {n!r}: expected {{'capacity': c, 'ranking': [...]}}")
        cap = spec.get("capacity", 1)
        if not isinstance(cap, int) or cap < 0:
            raise ValueError(f"hub {n!r}: capacity must be a non-negative integer")
        caps.append(cap)
        hub_groups.append(groups(spec.get("ranking"), a_idx, "hub", n))
    ties = any(len(g) > 1 for gs in app_groups + hub_groups for g in gs)
    if ties:
        res = max_weakly_stable(app_groups, hub_groups, caps, time_limit=time_limit)
        hub_of, proven, bound, method = res.hub_of, res.proven, res.bound, res.method
    else:
        validate(app_groups, hub_groups, caps)
        hub_of = random_tiebreak(app_groups, hub_groups, caps, seed=None)
        proven, method = True, "deferred-acceptance"
        bound = float(sum(h != UNPLACED for h in hub_of))
    report = check_weak(app_groups, hub_groups, caps, hub_of)
    matching = {a_names[a]: h_names[h] for a, h in enumerate(hub_of) if h != UNPLACED}
    return {
        "matching": matching,
        "size": len(matching),
        "stable": report.ok,
        "proven": proven,
        "bound": None if bound != bound else (int(round(bound)) if proven else bound),
        "ties": ties,
        "method": method,
    }
