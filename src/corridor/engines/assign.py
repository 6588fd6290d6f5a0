"""Reviewer assignment for joint research grants (pure Python + numpy + OR-Tools, no Django).

Problem
-------
Proposals ``i`` need ``demand[i]`` reviewers (k); reviewer ``j`` reviews between
``min_load[j]`` and ``max_load[j]`` proposals. Only *candidate arcs* (a sparse list of
``(proposal, reviewer, affinity)``) may be used; conflicts and forbidden pairs are never used;
pinned pairs always are. Where the pool allows, every proposal gets at least one reviewer from
each required country (Malaysia and Kenya). Objective: maximise the total affinity.

Construction (one min-cost flow, exact)
---------------------------------------
::

    P_i ──cap d_i──▶ B_i,MY ──cap 1, cost −a_ij──▶ R_j (MY) ──cap max_j──▶ T
        ──cap d_i──▶ B_i,KE ──cap 1, cost −a_ij──▶ R_j (KE) ─┘
        ──cap d_i──▶ B_i,other ─────────────────▶ R_j (other)

Each proposal node ``P_i`` supplies its demand ``d_i`` (k minus its pins, capped at its
number of eligible candidates). It is split into one *branch* per reviewer country group.
"At least one reviewer of country c" is a lower bound of 1 on the arc ``P_i → B_i,c``, and a
reviewer's minimum load is a lower bound on ``R_j → T``. Both use the standard lower-bound
transformation: an arc ``u→v`` with bounds ``[l, u]`` becomes capacity ``u − l`` while ``l``
units move from ``u``'s supply to ``v``'s (``supply[u] −= l``, ``supply[v] += l``). The result is
still a pure network, so OR-Tools' ``SimpleMinCostFlow`` solves it exactly and the solution is
integral. Costs are affinities scaled to integers (``≤ 10⁶`` in magnitude).

"Where the pool allows" means: the proposal has ``k ≥ 2`` and at least one eligible candidate
(not conflicted, not forbidden, with affinity) of that country. If the lower bounds cannot all be
met at once (loads are too tight), it solves a maximum flow of minimum cost in which each
required branch's first unit carries a bonus larger than all that follows, and each reviewer's
first ``min_load`` units a bonus larger than all affinity — lexicographically: most places
covered, then most country branches served, then the most of the minimum loads that can be kept
(units towards them), then affinity. ``Result.relaxed`` names what gave. A pin beyond its
proposal's demand is rejected with an error naming it.

Fairness variant
----------------
``assign_fair`` raises a floor ``F`` on the worst-served proposal's affinity, where a proposal
is served by its weakest assigned reviewer: arcs with affinity below ``F`` are dropped and the
flow must still be as complete as the unconstrained one. ``F`` is found by bisection over the
distinct affinity values (each probe is one flow), then the total is maximised at that floor;
the cost in total affinity against the unconstrained optimum is reported.

Public API: ``Instance``, ``make_instance``, ``Result``, ``assign``, ``assign_fair``,
``FairResult``, ``check``, ``explain_uncovered``, ``candidate_arcs``, ``solve_json``
(instances for tests and benchmarks: ``corridor.generators.assign.generate_instance``).
``check`` and ``explain_uncovered`` use only the public data, never the solver internals.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from corridor.engines.assign_model import (
    _COST_SPAN,
    REASON_CODES,
    REQUIRED_COUNTRIES,
    FairResult,
    Instance,
    Result,
    Uncovered,
    candidate_arcs,
    make_instance,
)

__all__ = [
    "Instance",
    "make_instance",
    "Result",
    "FairResult",
    "assign",
    "assign_fair",
    "check",
    "explain_uncovered",
    "candidate_arcs",
    "REASON_CODES",
]


def _keys(pairs: np.ndarray, n_r: int) -> np.ndarray:
    return pairs[:, 0].astype(np.int64) * n_r + pairs[:, 1].astype(np.int64)


def _eligible_mask(inst: Instance, floor: float | None = None) -> np.ndarray:
    """Candidate arcs that may carry flow: not a conflict, forbidden or pinned, above the floor."""
    n_r = inst.n_reviewers
    keys = inst.arc_p * n_r + inst.arc_r
    banned = np.concatenate([_keys(inst.conflicts, n_r), _keys(inst.forbids, n_r), _keys(inst.pins, n_r)])
    mask = ~np.isin(keys, banned) if len(banned) else np.ones(len(keys), dtype=bool)
    if floor is not None:
        mask &= inst.arc_aff >= floor
    return mask


def _validate(inst: Instance) -> None:
    n_p, n_r = inst.n_proposals, inst.n_reviewers
    for name in ("arc_p", "conflicts", "forbids", "pins"):
        arr = getattr(inst, name)
        col = arr if arr.ndim == 1 else arr[:, 0]
        if len(col) and (col.min() < 0 or col.max() >= n_p):
            raise ValueError(f"{name}: proposal index out of range")
    for name, arr in (("arc_r", inst.arc_r), ("conflicts", inst.conflicts[:, 1]), ("pins", inst.pins[:, 1])):
        if len(arr) and (arr.min() < 0 or arr.max() >= n_r):
            raise ValueError(f"{name}: reviewer index out of range")
    if np.any(inst.min_load > inst.max_load):
        raise ValueError("a reviewer's minimum load exceeds the maximum")
    if len(inst.pins):
        pin_keys = _keys(inst.pins, n_r)
        if len(np.unique(pin_keys)) != len(pin_keys):
            raise ValueError("a pair is pinned twice")
        if np.isin(pin_keys, _keys(inst.conflicts, n_r)).any():
            raise ValueError("a pinned pair is a conflict")
        if np.isin(pin_keys, _keys(inst.forbids, n_r)).any():
            raise ValueError("a pair is both pinned and forbidden")
        seen: dict[int, int] = {}
        for p, r in inst.pins.tolist():
            seen[p] = seen.get(p, 0) + 1
            if seen[p] > int(inst.demand[p]):
                raise ValueError(
                    f"pin ({p}, {r}) is beyond the demand: proposal {p} needs {int(inst.demand[p])} "
                    f"reviewer(s) and already has {seen[p] - 1} pinned"
                )
        pins_per_r = np.bincount(inst.pins[:, 1], minlength=n_r)
        if np.any(pins_per_r > inst.max_load):
            raise ValueError("a reviewer has more pinned proposals than the maximum load")


def _country_groups(inst: Instance) -> tuple[np.ndarray, int, list[int]]:
    """Reviewer -> branch group index; required countries first, then one group for the rest."""
    req = list(inst.required_countries)
    index = {c: g for g, c in enumerate(req)}
    other = len(req)
    group = np.asarray([index.get(c, other) for c in inst.reviewer_country], dtype=np.int64)
    return group, len(req) + 1, list(range(len(req)))


def _solve(
    inst: Instance,
    *,
    country_rule: bool,
    floor: float | None = None,
    required_total: int | None = None,
) -> Result | None:
    """One solve with relaxations. Returns None when ``required_total`` flow is not reachable."""
    _validate(inst)
    n_p, n_r = inst.n_proposals, inst.n_reviewers
    group, n_groups, required_groups = _country_groups(inst)
    mask = _eligible_mask(inst, floor)
    ap, ar, aff = inst.arc_p[mask], inst.arc_r[mask], inst.arc_aff[mask]
    ag = group[ar]

    pins = inst.pins
    pins_per_p = np.bincount(pins[:, 0], minlength=n_p) if len(pins) else np.zeros(n_p, dtype=np.int64)
    pins_per_r = np.bincount(pins[:, 1], minlength=n_r) if len(pins) else np.zeros(n_r, dtype=np.int64)
    eligible_per_p = np.bincount(ap, minlength=n_p)
    demand = np.minimum(np.maximum(inst.demand - pins_per_p, 0), eligible_per_p)
    max_load = inst.max_load - pins_per_r
    eligible_per_r = np.bincount(ar, minlength=n_r)
    min_load = np.minimum(np.maximum(inst.min_load - pins_per_r, 0), eligible_per_r)

    # Which (proposal, group) branches need a lower bound of 1.
    has_group = np.zeros((n_p, n_groups), dtype=bool)
    has_group[ap, ag] = True
    pinned_group = np.zeros((n_p, n_groups), dtype=bool)
    if len(pins):
        pinned_group[pins[:, 0], group[pins[:, 1]]] = True
    need = np.zeros((n_p, n_groups), dtype=bool)
    if country_rule and required_groups:
        want_rule = inst.demand >= len(required_groups)
        for g in required_groups:
            need[:, g] = want_rule & has_group[:, g] & ~pinned_group[:, g]
        # More required branches than free places: the pool does not allow it.
        too_many = need.sum(axis=1) > demand
        need[too_many] = False

    max_aff = float(np.abs(aff).max()) if len(aff) else 1.0

    def build(use_min: bool, country: str) -> tuple[min_cost_flow.SimpleMinCostFlow, int]:
        """``country``: "hard" (lower bounds), "soft" (a bonus per branch served) or "off"."""
        # Nodes: proposals [0, n_p), branches [n_p, n_p + n_p*G), reviewers, sink.
        b0 = n_p
        r0 = b0 + n_p * n_groups
        sink = r0 + n_r
        smcf = min_cost_flow.SimpleMinCostFlow()
        supply = np.zeros(sink + 1, dtype=np.int64)
        min_bonus = 0
        if country == "soft":
            # Lexicographic by weights (after maximum flow = coverage): one more country branch
            # outweighs every minimum-load unit and all affinity together; one more unit towards
            # a reviewer's minimum load outweighs all affinity.
            span = 1000 if int(demand.sum()) * (int(min_load.sum()) + 1) < 10**9 else 10
            min_bonus = span * (int(demand.sum()) + 1) + 1
            bonus = min_bonus * (int(min_load.sum()) + 1) + span * (int(demand.sum()) + 1) + 1
        else:
            span, bonus = _COST_SPAN, 0
        arc_cost = -np.rint(aff * (span / max(max_aff, 1e-9))).astype(np.int64)
        # B -> R arcs first, so their flows are arcs [0, len(ap)).
        smcf.add_arcs_with_capacity_and_unit_cost(
            b0 + ap * n_groups + ag, r0 + ar, np.ones(len(ap), dtype=np.int64), arc_cost
        )
        # P -> B arcs for groups the proposal has candidates in.
        pi, gi = np.nonzero(has_group & (demand[:, None] > 0))
        heads = b0 + pi * n_groups + gi
        needed = need[pi, gi].astype(np.int64)
        zeros = np.zeros(len(pi), dtype=np.int64)
        if country == "hard":
            smcf.add_arcs_with_capacity_and_unit_cost(pi, heads, demand[pi] - needed, zeros)
            supply[:n_p] = demand - need.sum(axis=1)
            np.add.at(supply, heads, needed)
        elif country == "soft":
            smcf.add_arcs_with_capacity_and_unit_cost(pi, heads, demand[pi] - needed, zeros)
            sel = needed > 0
            smcf.add_arcs_with_capacity_and_unit_cost(
                pi[sel], heads[sel], np.ones(int(sel.sum()), dtype=np.int64), np.full(int(sel.sum()), -bonus)
            )
            supply[:n_p] = demand
        else:
            smcf.add_arcs_with_capacity_and_unit_cost(pi, heads, demand[pi], zeros)
            supply[:n_p] = demand
        ri = np.arange(n_r)
        if country == "soft":
            # Minimum loads as a bonus on each reviewer's first ``min_load`` units (kept where they can be).
            smcf.add_arcs_with_capacity_and_unit_cost(
                r0 + ri, np.full(n_r, sink), np.minimum(min_load, max_load), np.full(n_r, -min_bonus)
            )
            smcf.add_arcs_with_capacity_and_unit_cost(
                r0 + ri, np.full(n_r, sink), np.maximum(max_load - min_load, 0), np.zeros(n_r, dtype=np.int64)
            )
            supply[sink] = -int(demand.sum())
            smcf.set_nodes_supplies(np.arange(sink + 1), supply)
            return smcf, 0
        # R -> T arcs, minimum loads as lower bounds.
        mins = min_load if use_min else np.zeros(n_r, dtype=np.int64)
        smcf.add_arcs_with_capacity_and_unit_cost(
            r0 + ri, np.full(n_r, sink), np.maximum(max_load - mins, 0), np.zeros(n_r, dtype=np.int64)
        )
        supply[r0 : r0 + n_r] -= mins
        supply[sink] = -(int(demand.sum()) - int(mins.sum()))
        smcf.set_nodes_supplies(np.arange(sink + 1), supply)
        return smcf, 0

    relaxed: list[str] = []
    solved = None
    smcf, first_arc = build(True, "hard")
    if smcf.solve() == smcf.OPTIMAL:
        solved = (smcf, first_arc)
    else:
        # Lexicographic: most places covered (maximum flow), then most country branches served,
        # then most units towards reviewers' minimum loads, then affinity.
        smcf, first_arc = build(False, "soft")
        status = smcf.solve_max_flow_with_min_cost()
        if status != smcf.OPTIMAL:  # pragma: no cover - a pure network always has a max flow
            raise RuntimeError(f"min-cost flow failed with status {status}")
        solved = (smcf, first_arc)
    smcf, n_branch_arcs = solved
    flows = smcf.flows(np.arange(n_branch_arcs, n_branch_arcs + len(ap)))
    used = flows > 0
    pairs = list(zip(ap[used].tolist(), ar[used].tolist()))
    affs = aff[used].tolist()
    if required_total is not None and len(pairs) < required_total:
        return None
    load = np.bincount(ar[used], minlength=n_r)
    if (load < np.minimum(min_load, max_load)).any():
        relaxed.append("min_load")
    if int(used.sum()) < int(demand.sum()):
        relaxed.append("coverage")
    got_group = np.zeros((n_p, n_groups), dtype=bool)
    got_group[ap[used], ag[used]] = True
    if (need & ~got_group).any():
        relaxed.append("country")
    pair_aff = dict(zip(zip(inst.arc_p.tolist(), inst.arc_r.tolist()), inst.arc_aff.tolist()))
    for p, r in pins.tolist():
        pairs.append((p, r))
        affs.append(pair_aff.get((p, r), 0.0))
    order = sorted(range(len(pairs)), key=lambda t: pairs[t])
    pairs_t = tuple(pairs[t] for t in order)
    affs_t = tuple(affs[t] for t in order)
    return Result(
        pairs=pairs_t,
        affinity=affs_t,
        total_affinity=float(sum(affs_t)),
        relaxed=tuple(relaxed),
        uncovered=tuple(explain_uncovered(inst, pairs_t, country_rule=country_rule)),
        country_rule=country_rule,
    )


def assign(inst: Instance, *, country_rule: bool = True) -> Result:
    """Maximum-affinity assignment (see the module docstring for the construction).

    Deterministic: the same instance gives the same pairs. Raises ``ValueError`` on inconsistent
    input (index out of range, a pinned conflict, more pins than a reviewer's maximum).
    """
    result = _solve(inst, country_rule=country_rule)
    assert result is not None
    return result


def assign_fair(inst: Instance, *, country_rule: bool = True, tolerance: float = 1e-9) -> FairResult:
    """Raise the floor on the worst-served proposal's weakest reviewer as far as it goes without
    losing coverage, then maximise total affinity at that floor (bisection, one flow per probe)."""
    base = assign(inst, country_rule=country_rule)
    base_floor = _worst_served(base, inst)
    n_assigned = len(base.pairs) - len(inst.pins)
    values = np.unique(inst.arc_aff[_eligible_mask(inst)])
    values = values[values >= base_floor - tolerance]
    best, best_floor = base, base_floor
    lo, hi = 0, len(values) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        probe = _solve(inst, country_rule=country_rule, floor=float(values[mid]), required_total=n_assigned)
        ok = probe is not None and _no_worse(probe, base)
        if ok:
            best, best_floor = probe, float(values[mid])
            lo = mid + 1
        else:
            hi = mid - 1
    return FairResult(
        result=best,
        floor=best_floor,
        base_total=base.total_affinity,
        base_floor=base_floor,
        cost=max(0.0, base.total_affinity - best.total_affinity),
    )


def _no_worse(probe: Result, base: Result) -> bool:
    """The floor may not cost coverage or relax a rule the unconstrained run kept."""
    return len(probe.uncovered) <= len(base.uncovered) and set(probe.relaxed) <= set(base.relaxed)


def _worst_served(result: Result, inst: Instance) -> float:
    pinned = {tuple(p) for p in inst.pins.tolist()}
    worst: dict[int, float] = {}
    for (p, r), a in zip(result.pairs, result.affinity):
        if (p, r) in pinned:
            continue
        worst[p] = min(worst.get(p, math.inf), a)
    return min(worst.values()) if worst else 0.0


def explain_uncovered(
    inst: Instance, pairs: Sequence[tuple[int, int]], *, country_rule: bool = True
) -> list[Uncovered]:
    """Name, for every proposal short of reviewers or of a country, the binding reason.

    ``no_candidates``: fewer candidate reviewers with affinity than asked; ``conflicts``: enough
    candidates, but conflicts or forbidden pairs leave too few; ``capacity``: enough eligible
    reviewers, but they are all at their maximum load; ``country``: covered, but the pool or the
    loads leave no reviewer of a required country.
    """
    n_r = inst.n_reviewers
    conflict_keys = set(_keys(inst.conflicts, n_r).tolist()) | set(_keys(inst.forbids, n_r).tolist())
    candidates: dict[int, list[int]] = defaultdict(list)
    for p, r in zip(inst.arc_p.tolist(), inst.arc_r.tolist()):
        candidates[p].append(r)
    load = np.zeros(n_r, dtype=np.int64)
    got: dict[int, set[int]] = defaultdict(set)
    for p, r in pairs:
        load[r] += 1
        got[p].add(r)
    out: list[Uncovered] = []
    for p in range(inst.n_proposals):
        wanted = int(inst.demand[p])
        have = len(got[p])
        cands = candidates[p]
        free = [r for r in cands if p * n_r + r not in conflict_keys]
        if have < wanted:
            if len(cands) < wanted:
                out.append(
                    Uncovered(
                        p, "no_candidates", have, wanted, f"only {len(cands)} reviewers match this proposal"
                    )
                )
            elif len(free) + sum(1 for r in got[p] if r not in free) < wanted:
                out.append(
                    Uncovered(
                        p,
                        "conflicts",
                        have,
                        wanted,
                        f"{len(cands) - len(free)} of {len(cands)} matching reviewers are in conflict or excluded",
                    )
                )
            else:
                full = sum(1 for r in free if r not in got[p] and load[r] >= inst.max_load[r])
                out.append(
                    Uncovered(
                        p,
                        "capacity",
                        have,
                        wanted,
                        f"{full} eligible reviewers are already at their maximum load",
                    )
                )
            continue
        if country_rule and wanted >= len(inst.required_countries):
            have_c = {inst.reviewer_country[r] for r in got[p]}
            for c in inst.required_countries:
                if c not in have_c:
                    pool = [r for r in free if inst.reviewer_country[r] == c]
                    detail = (
                        f"no eligible reviewer from {c} in the pool"
                        if not pool
                        else f"all {len(pool)} eligible reviewers from {c} are at their maximum load"
                    )
                    out.append(Uncovered(p, "country", have, wanted, detail))
                    break
    return out


def check(
    inst: Instance,
    pairs: Sequence[tuple[int, int]],
    *,
    country_rule: bool = True,
    enforce_min: bool = True,
    floor: float | None = None,
) -> list[str]:
    """Independent checker: returns every violated rule (empty list when the assignment is valid).

    Rules: no duplicate pair; only candidate arcs or pins; no conflict or forbidden pair; every
    pin present; no proposal over its demand, and each under it only if ``explain_uncovered``
    gives a reason other than slack; loads within ``[min, max]`` (min only if ``enforce_min``);
    at least one reviewer of each required country where the pool allows (if ``country_rule``);
    every non-pinned pair at or above ``floor`` when given.
    """
    errors: list[str] = []
    n_r = inst.n_reviewers
    seen: set[tuple[int, int]] = set()
    arcs = dict(zip(zip(inst.arc_p.tolist(), inst.arc_r.tolist()), inst.arc_aff.tolist()))
    pins = {tuple(x) for x in inst.pins.tolist()}
    bad = {tuple(x) for x in inst.conflicts.tolist()} | {tuple(x) for x in inst.forbids.tolist()}
    load = np.zeros(n_r, dtype=np.int64)
    per_p: dict[int, list[int]] = defaultdict(list)
    for p, r in pairs:
        if (p, r) in seen:
            errors.append(f"pair ({p}, {r}) assigned twice")
        seen.add((p, r))
        if (p, r) not in arcs and (p, r) not in pins:
            errors.append(f"pair ({p}, {r}) is not a candidate")
        if (p, r) in bad:
            errors.append(f"pair ({p}, {r}) is a conflict or forbidden")
        if floor is not None and (p, r) not in pins and arcs.get((p, r), 0.0) < floor - 1e-12:
            errors.append(f"pair ({p}, {r}) is below the floor {floor}")
        load[r] += 1
        per_p[p].append(r)
    for pin in pins:
        if pin not in seen:
            errors.append(f"pinned pair {pin} missing")
    for j in range(n_r):
        if load[j] > inst.max_load[j]:
            errors.append(f"reviewer {j} over maximum load ({load[j]} > {inst.max_load[j]})")
        if enforce_min and load[j] < inst.min_load[j]:
            eligible = sum(1 for p, r in arcs if r == j and (p, r) not in bad) + sum(
                1 for p, r in pins if r == j
            )
            if load[j] < min(inst.min_load[j], eligible):
                errors.append(f"reviewer {j} under minimum load ({load[j]} < {inst.min_load[j]})")
    reasons = {u.proposal: u for u in explain_uncovered(inst, list(pairs), country_rule=country_rule)}
    for p in range(inst.n_proposals):
        got = len(per_p[p])
        if got > inst.demand[p]:
            errors.append(f"proposal {p} over demand ({got} > {inst.demand[p]})")
        elif got < inst.demand[p] and p not in reasons:
            errors.append(f"proposal {p} under demand without reason")
        if country_rule and p in reasons and reasons[p].code == "country":
            # A country gap is acceptable only if no single swap (or addition) closes it: an
            # eligible reviewer of the missing country with spare load, replacing one whose
            # country stays represented and whose load may drop.
            mine = per_p[p]
            have_c = [inst.reviewer_country[r] for r in mine]
            # The rule only binds when the free places can hold every required country the
            # pins do not already cover (the engine's definition of "the pool allows").
            pinned_here = [r for (pp, r) in pins if pp == p]
            pinned_c = {inst.reviewer_country[r] for r in pinned_here}
            eligible_c = {
                inst.reviewer_country[r]
                for (pp, r) in arcs
                if pp == p and (pp, r) not in bad and (pp, r) not in pins
            }
            n_eligible = sum(1 for (pp, r) in arcs if pp == p and (pp, r) not in bad and (pp, r) not in pins)
            places = min(int(inst.demand[p]) - len(pinned_here), n_eligible)
            wanted_c = [c for c in inst.required_countries if c not in pinned_c and c in eligible_c]
            if len(wanted_c) > places:
                continue
            for c in inst.required_countries:
                if c in have_c:
                    continue
                spare = [
                    r
                    for (pp, r) in arcs
                    if pp == p
                    and (pp, r) not in bad
                    and r not in mine
                    and inst.reviewer_country[r] == c
                    and load[r] < inst.max_load[r]
                ]
                if not spare:
                    continue
                removable = [
                    x
                    for x in mine
                    if (p, x) not in pins
                    and (
                        inst.reviewer_country[x] not in inst.required_countries
                        or have_c.count(inst.reviewer_country[x]) > 1
                    )
                    and (not enforce_min or load[x] > inst.min_load[x])
                ]
                if removable or len(mine) < inst.demand[p]:
                    errors.append(f"proposal {p} lacks a reviewer from {c} although one could be swapped in")
    return errors


# --------------------------------------------------------------------------------------
# Sparse candidates from vectors, and a deterministic instance generator
# --------------------------------------------------------------------------------------


def solve_json(data: dict, time_limit: float | None = None) -> dict:
    """``corridor solve assign`` (format in docs/engines-matching.md).

    Input: ``{"demand": [k per proposal] | k, "n_proposals": n (when demand is one number),
    "reviewers": [{"country": "MY", "max_load": 6, "min_load": 0}, ...],
    "affinity": [[proposal, reviewer, a], ...], "conflicts": [[p, r], ...], "forbids": [...],
    "pins": [...], "country_rule": true, "required_countries": ["MY", "KE"]}``.
    Output: ``{"pairs": [[p, r], ...], "total_affinity": x, "relaxed": [...], "uncovered":
    [{"proposal", "code", "assigned", "wanted", "detail"}], "optimal": true, "violations": []}``
    (the min-cost flow is exact; ``violations`` is the independent checker's list).
    ``time_limit`` is accepted for the common CLI and not needed.
    """
    del time_limit
    if not isinstance(data, dict) or "reviewers" not in data:
        raise ValueError('expected {"demand": ..., "reviewers": [...], "affinity": [...]}')
    reviewers = data["reviewers"]
    try:
        affinity = {(int(p), int(r)): float(a) for p, r, a in data.get("affinity", [])}
        inst = make_instance(
            demand=data["demand"],
            n_proposals=data.get("n_proposals"),
            reviewer_country=[str(x["country"]) for x in reviewers],
            max_load=[int(x["max_load"]) for x in reviewers],
            min_load=[int(x.get("min_load", 0)) for x in reviewers],
            affinity=affinity,
            conflicts=[tuple(x) for x in data.get("conflicts", [])],
            forbids=[tuple(x) for x in data.get("forbids", [])],
            pins=[tuple(x) for x in data.get("pins", [])],
            required_countries=tuple(data.get("required_countries", REQUIRED_COUNTRIES)),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"malformed assign instance: {exc}") from None
    rule = bool(data.get("country_rule", True))
    res = assign(inst, country_rule=rule)
    return {
        "pairs": [list(p) for p in res.pairs],
        "total_affinity": res.total_affinity,
        "relaxed": list(res.relaxed),
        "uncovered": [
            {
                "proposal": u.proposal,
                "code": u.code,
                "assigned": u.assigned,
                "wanted": u.wanted,
                "detail": u.detail,
            }
            for u in res.uncovered
        ],
        "optimal": True,
        "violations": check(inst, res.pairs, country_rule=rule, enforce_min="min_load" not in res.relaxed),
    }
