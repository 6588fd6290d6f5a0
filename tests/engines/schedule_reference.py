"""Independent references for the schedule engine's tests: a brute force and a MIP written
from the problem statement (they use only the public data types, none of the engine)."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp


def places(inst, mode, s):
    if mode == "room":
        return inst.rooms[s] if inst.rooms is not None else 0
    return inst.capacity[s]


def columns(inst):
    """(meeting index, slot) pairs where both sides are available (fixed: only their slot)."""
    cols = []
    for i, m in enumerate(inst.meetings):
        if m.id in inst.fixed:
            cols.append((i, inst.fixed[m.id][0]))
            continue
        for s in sorted(inst.available(m.a) & inst.available(m.b)):
            if 0 <= s < inst.n_slots and places(inst, m.mode, s) > 0:
                cols.append((i, s))
    return cols


def model(inst):
    cols = columns(inst)
    rows, data_r, data_c = {}, [], []

    def add(key, j):
        data_r.append(rows.setdefault(key, len(rows)))
        data_c.append(j)

    for j, (i, s) in enumerate(cols):
        m = inst.meetings[i]
        add(("meeting", i), j)
        add(("org", m.org_pair), j)
        add(("person", m.a, s), j)
        add(("person", m.b, s), j)
        add(("place", m.mode, s), j)
    rhs = np.ones(len(rows))
    for key, r in rows.items():
        if key[0] == "place":
            rhs[r] = places(inst, key[1], key[2])
    mat = sparse.csr_matrix((np.ones(len(data_r)), (data_r, data_c)), shape=(len(rows), len(cols)))
    lower = np.zeros(len(cols))
    fixed_ids = {i for i, m in enumerate(inst.meetings) if m.id in inst.fixed}
    for j, (i, _s) in enumerate(cols):
        if i in fixed_ids:
            lower[j] = 1
    return cols, mat, rhs, lower


def mip_optimum(inst, time_limit: float = 120.0) -> int:
    """The proven optimum count by scipy's MIP (raises if not proven)."""
    cols, mat, rhs, lower = model(inst)
    if not cols:
        return 0
    res = milp(
        -np.ones(len(cols)),
        constraints=LinearConstraint(mat, -np.inf, rhs),
        integrality=np.ones(len(cols)),
        bounds=Bounds(lower, np.ones(len(cols))),
        options={"time_limit": time_limit},
    )
    assert res.status == 0, res.message
    return round(-res.fun)


def lp_value(inst) -> float:
    """The full LP relaxation's optimum."""
    cols, mat, rhs, lower = model(inst)
    if not cols:
        return 0.0
    res = linprog(-np.ones(len(cols)), A_ub=mat, b_ub=rhs, bounds=list(zip(lower, np.ones(len(cols)))))
    assert res.status == 0
    return -res.fun


def brute_force(inst) -> int:
    """Maximum count by exhaustive search over each meeting's slot (or none)."""
    cols = columns(inst)
    options: dict[int, list[int]] = {}
    for i, s in cols:
        options.setdefault(i, []).append(s)
    order = list(range(len(inst.meetings)))
    fixed_ids = {i for i, m in enumerate(inst.meetings) if m.id in inst.fixed}
    best = [0]
    busy: set = set()
    orgs: set = set()
    used: dict = {}

    def go(k: int, count: int) -> None:
        if count + (len(order) - k) <= best[0]:
            return
        if k == len(order):
            best[0] = max(best[0], count)
            return
        i = order[k]
        m = inst.meetings[i]
        for s in options.get(i, []):
            key = (m.mode, s)
            if (m.a, s) in busy or (m.b, s) in busy or m.org_pair in orgs:
                continue
            if used.get(key, 0) >= places(inst, m.mode, s):
                continue
            busy.update({(m.a, s), (m.b, s)})
            orgs.add(m.org_pair)
            used[key] = used.get(key, 0) + 1
            go(k + 1, count + 1)
            busy.difference_update({(m.a, s), (m.b, s)})
            orgs.discard(m.org_pair)
            used[key] -= 1
        if i not in fixed_ids:
            go(k + 1, count)

    go(0, 0)
    return best[0]
