"""Exact stages: the full model as a MIP through HiGHS (proves optima and tightens the bound),
CP-SAT on the same full model (a second exact method), and large-neighbourhood search over
slots and people where the whole MIP is too big for the time left."""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .bound import lp_data, new_highs
from .state import Compiled, State, bits


@dataclass
class MipOutcome:
    slot_of: list[int] | None  # per meeting; -1 unplaced; None when no solution was found
    optimal: bool  # HiGHS proved the (count, weight) objective optimal
    count_bound: int | None  # proven bound on the count of the sub-model's columns (None: none)


def _objective(c: Compiled, cm: np.ndarray) -> np.ndarray:
    """Count first, weight second: each weight share is < 1 in total, so floor(objective)
    is the count."""
    w = np.asarray(c.W, dtype=float)
    total = float(w[cm].sum()) + 1.0 if len(cm) else 1.0
    return 1.0 + w[cm] / total


def solve_mip(
    c: Compiled,
    st: State,
    usable: list[int],
    time_limit: float,
    hint: list[int] | None = None,
    seed: int = 0,
) -> MipOutcome:
    """Solve ``max count + weight share`` over the columns (m, s) with ``usable[m]`` bit
    ``s`` set, the placements in ``st`` kept.  Returns the new placements of those meetings."""
    import highspy

    cm, cs, mat, rhs = lp_data(c, st, usable)
    n = len(cm)
    if n == 0:
        return MipOutcome([-1] * c.M, True, 0)
    obj = _objective(c, cm)
    csc = mat.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = mat.shape[0]
    lp.col_cost_ = obj
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(mat.shape[0], -highspy.kHighsInf)
    lp.row_upper_ = rhs
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h = new_highs()
    h.setOptionValue("time_limit", float(max(0.05, time_limit)))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-7)
    h.setOptionValue("random_seed", int(seed) % 2147483647)
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    if hint is not None:
        sol = highspy.HighsSolution()
        hv = np.asarray(hint, dtype=np.int64)
        sol.col_value = (hv[cm] == cs).astype(float)
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    dual = getattr(info, "mip_dual_bound", math.inf)
    count_bound = math.floor(dual + 1e-6) if math.isfinite(dual) else None
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        return MipOutcome(None, False, count_bound)
    x = np.asarray(h.getSolution().col_value)
    out = [-1] * c.M
    for j in np.flatnonzero(x > 0.5):
        out[int(cm[j])] = int(cs[j])
    optimal = status == highspy.HighsModelStatus.kOptimal
    if optimal:
        count_bound = min(count_bound or n, int(sum(1 for v in out if v >= 0)))
    return MipOutcome(out, optimal, count_bound)


def solve_cpsat(
    c: Compiled, st: State, usable: list[int], time_limit: float, seed: int, hint: list[int] | None
):
    """The same full model with CP-SAT: bool x[m,s] for every usable (m, s) of every meeting
    still placeable given ``st`` (normally only the fixed meetings); per org pair <= 1, per
    participant/slot <= 1, per (kind, slot) <= free places; maximise K*count + weight.
    The heuristic solution is only a hint.  Returns (slot_of or None, optimal)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x: dict[tuple[int, int], object] = {}
    by_g: dict[int, list] = defaultdict(list)
    by_ps: dict[tuple[int, int], list] = defaultdict(list)
    by_r: dict[int, list] = defaultdict(list)
    wint = [max(1, int(round(w * 100))) for w in c.W]
    K = sum(wint) + 1
    terms = []
    for m in range(c.M):
        for s in bits(usable[m]):
            v = model.NewBoolVar(f"x{m}_{s}")
            x[m, s] = v
            by_g[c.G[m]].append(v)
            by_ps[c.A[m], s].append(v)
            by_ps[c.B[m], s].append(v)
            by_r[c.K[m] + s].append(v)
            terms.append((K + wint[m], v))
    for vs in by_g.values():
        if len(vs) > 1:
            model.AddAtMostOne(vs)
    for vs in by_ps.values():
        if len(vs) > 1:
            model.AddAtMostOne(vs)
    for r, vs in by_r.items():
        free = c.cap[r] - st.used[r]
        if len(vs) > free:
            model.Add(sum(vs) <= free)
    model.Maximize(sum(k * v for k, v in terms))
    if hint is not None:
        for (m, s), v in x.items():
            model.AddHint(v, 1 if hint[m] == s else 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_search_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    out = [-1] * c.M
    for (m, s), v in x.items():
        if solver.Value(v):
            out[m] = s
    return out, status == cp_model.OPTIMAL


def _neighbourhood_state(st: State, free: set[int]) -> State:
    """A copy of ``st`` without the (non-fixed) meetings in ``free``."""
    nst = State(st.c)
    for m, s in enumerate(st.slot_of):
        if s >= 0 and not nst.is_fixed[m] and m not in free:
            nst.place(m, s)
    return nst


def lns(
    c: Compiled,
    st: State,
    all_usable: list[int],
    deadline: float,
    target: int | None,
    seed: int,
    max_cols: int = 6_000,
) -> State:
    """Large-neighbourhood search: repeatedly free every meeting in a few slots (or of a few
    people), re-solve that part exactly with HiGHS (the rest kept, the current placement as
    the start), and keep the result when it places more (or as many, heavier).  Stops at the
    deadline or when ``target`` (a proven bound) is reached."""
    rng = random.Random(seed)
    S = c.S
    full = (1 << S) - 1
    n_slots_free = max(1, min(S, 2))
    it = 0
    while time.perf_counter() < deadline - 0.2 and (target is None or st.count < target):
        it += 1
        people_move = it % 3 == 0
        if people_move:
            # people with unplaced meetings, and everyone they meet
            unplaced = [m for m in range(c.M) if st.slot_of[m] < 0 and all_usable[m] and st.gused[c.G[m]] < 0]
            if not unplaced:
                continue
            seeds = rng.sample(unplaced, min(len(unplaced), 12))
            people = {c.A[m] for m in seeds} | {c.B[m] for m in seeds}
            free = {m for p in people for m in st.busy[p] if m >= 0 and not st.is_fixed[m]}
            mask = full
        else:
            slots = rng.sample(range(S), min(S, n_slots_free))
            mask = 0
            for s in slots:
                mask |= 1 << s
            free = {m for s in slots for r in (s, S + s) for m in st.members[r] if not st.is_fixed[m]}
            people = None
        nst = _neighbourhood_state(st, free)
        sub = [0] * c.M
        cols = 0
        for m in range(c.M):
            if nst.slot_of[m] >= 0 or nst.gused[c.G[m]] >= 0 or not all_usable[m]:
                continue
            if people is not None and c.A[m] not in people and c.B[m] not in people:
                continue
            u = all_usable[m] & mask
            a, b = c.A[m], c.B[m]
            o = c.K[m]
            keep = 0
            for s in bits(u):
                if nst.busy[a][s] < 0 and nst.busy[b][s] < 0 and nst.used[o + s] < c.cap[o + s]:
                    keep |= 1 << s
            sub[m] = keep
            cols += keep.bit_count()
        if cols == 0:
            continue
        if cols > max_cols and not people_move:
            n_slots_free = max(1, n_slots_free - 1)
        elif cols < max_cols // 3 and not people_move:
            n_slots_free = min(S, n_slots_free + 1)
        left = deadline - time.perf_counter()
        if left <= 0.2:
            break
        res = solve_mip(c, nst, sub, min(left - 0.1, 5.0), hint=st.slot_of, seed=seed + it)
        if res.slot_of is None:
            continue
        cand = State(c)
        for m, s in enumerate(nst.slot_of):
            if s >= 0 and not cand.is_fixed[m]:
                cand.place(m, s)
        for m, s in enumerate(res.slot_of):
            if s >= 0 and cand.slot_of[m] < 0 and cand.can(m, s):
                cand.place(m, s)
        if (cand.count, cand.weight) > (st.count, st.weight + 1e-9):
            st = cand
    return st
