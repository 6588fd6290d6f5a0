"""Upper bounds on the number of placeable meetings: combinatorial, aggregated LP and the
full LP relaxation (always solved, at every size), each certified through weak duality."""

from __future__ import annotations

import math
import time

import numpy as np

from .model import Instance
from .state import Compiled, State, bits, validate_fixed


def usable_masks(c: Compiled, st: State) -> list[int]:
    """Per meeting: slots where it could go given the placements in ``st`` (both available
    and not busy, the slot has a free place of its kind); 0 for placed meetings and
    meetings whose org pair is taken."""
    open_mask = [0, 0]
    for k in (0, 1):
        for s in range(c.S):
            if c.cap[k * c.S + s] - st.used[k * c.S + s] > 0:
                open_mask[k] |= 1 << s
    busy_mask = [0] * c.P
    for p in range(c.P):
        mk = 0
        for s, v in enumerate(st.busy[p]):
            if v >= 0:
                mk |= 1 << s
        busy_mask[p] = mk
    out = [0] * c.M
    for m in range(c.M):
        if st.slot_of[m] >= 0 or st.gused[c.G[m]] >= 0:
            continue
        om = open_mask[1 if c.K[m] else 0]
        out[m] = c.common[m] & om & ~busy_mask[c.A[m]] & ~busy_mask[c.B[m]]
    return out


def lp_data(c: Compiled, st: State, usable: list[int] | None = None, *, with_kept: bool = False):
    """Columns (m, s) of the full relaxation for the meetings still placeable given ``st``.
    Rows: org-pair groups, (participant, slot) pairs, resources (kind, slot).
    Returns (col_m, col_s, rows as scipy csr, rhs); empty rows are dropped."""
    from scipy import sparse

    if usable is None:
        usable = usable_masks(c, st)
    if c.S <= 63:
        u = np.asarray(usable, dtype=np.uint64)
        hit = ((u[:, None] >> np.arange(c.S, dtype=np.uint64)[None, :]) & np.uint64(1)).astype(bool)
        cm_a, cs_a = np.nonzero(hit)
        cm_a, cs_a = cm_a.astype(np.int64), cs_a.astype(np.int64)
    else:
        cm, cs = [], []
        for m, mask in enumerate(usable):
            if mask:
                b = bits(mask)
                cm.extend([m] * len(b))
                cs.extend(b)
        cm_a = np.asarray(cm, dtype=np.int64)
        cs_a = np.asarray(cs, dtype=np.int64)
    n = len(cm_a)
    A = np.asarray(c.A, dtype=np.int64)
    B = np.asarray(c.B, dtype=np.int64)
    G = np.asarray(c.G, dtype=np.int64)
    K = np.asarray(c.K, dtype=np.int64)
    r_g = G[cm_a] if n else np.zeros(0, np.int64)
    r_a = c.NG + A[cm_a] * c.S + cs_a if n else np.zeros(0, np.int64)
    r_b = c.NG + B[cm_a] * c.S + cs_a if n else np.zeros(0, np.int64)
    r_s = c.NG + c.P * c.S + (K[cm_a] if n else np.zeros(0, np.int64)) + cs_a
    rows = np.concatenate([r_g, r_a, r_b, r_s])
    cols = np.concatenate([np.arange(n)] * 4)
    nrows = c.NG + c.P * c.S + 2 * c.S
    mat = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(nrows, n))
    capr = [c.cap[r] - st.used[r] for r in range(2 * c.S)]
    rhs = np.concatenate([np.ones(c.NG + c.P * c.S), np.asarray(capr, dtype=float)])
    nz = np.diff(mat.indptr) > 0
    if with_kept:  # also the mask of rows kept, for lifting duals (see lifted_dual)
        return cm_a, cs_a, mat[nz], rhs[nz], nz
    return cm_a, cs_a, mat[nz], rhs[nz]


def certificate(mat, rhs, y: np.ndarray, obj: np.ndarray | None = None) -> float:
    """Weak-duality bound of ``max obj.x, mat x <= rhs, 0 <= x <= 1`` from any ``y >= 0``:
    ``rhs.y + sum_j max(0, obj_j - (mat^T y)_j)``; solver tolerances cannot make it invalid."""
    y = np.maximum(np.asarray(y, dtype=float), 0.0)
    if obj is None:
        obj = np.ones(mat.shape[1])
    red = obj - mat.T @ y
    return float(rhs @ y + np.maximum(red, 0.0).sum())


_HIGHS_BANNER_SHOWN = False


def new_highs():
    """A silent ``highspy.Highs``. HiGHS prints its banner on stdout (from C, so Python cannot
    redirect it) when the process's first instance is built; that first build happens with file
    descriptor 1 pointed at /dev/null, and every later one is silent by itself."""
    global _HIGHS_BANNER_SHOWN
    import highspy

    if not _HIGHS_BANNER_SHOWN:
        import os
        import sys

        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _HIGHS_BANNER_SHOWN = True
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


def highs_model(mat, rhs, obj: np.ndarray, *, integer: bool = False):
    """A HiGHS model of ``max obj.x, mat x <= rhs, 0 <= x <= 1`` (binary when ``integer``)."""
    import highspy

    n = mat.shape[1]
    csc = mat.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = mat.shape[0]
    lp.col_cost_ = np.asarray(obj, dtype=float)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(mat.shape[0], -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(rhs, dtype=float)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(float)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h = new_highs()
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    return h


def lp_bound(
    c: Compiled,
    st: State,
    usable: list[int] | None = None,
    time_limit: float | None = None,
    lifted: np.ndarray | None = None,
):
    """Bound the full LP relaxation (max #meetings), certified through weak duality.

    Starts from the aggregated LP's dual lifted to the full rows (``y[p, s] = y[p]`` for every
    slot, ``y[kind, s] = y[kind]``: its certificate equals the aggregated bound), then solves
    the full LP with HiGHS's interior-point method (no crossover) within ``time_limit``; if
    that does not finish, a Lagrangian (subgradient) descent on the full LP's dual from the
    lifted point uses the rest of the budget.  Returns (certified bound, primal x or None,
    col_m, col_s, mat, rhs)."""
    t0 = time.perf_counter()
    if usable is None:
        usable = usable_masks(c, st)
    cm, cs, mat, rhs, nz = lp_data(c, st, usable, with_kept=True)
    n = len(cm)
    if n == 0:
        return 0.0, np.zeros(0), cm, cs, mat, rhs
    if lifted is None:
        lifted = aggregated_dual(c, st, usable)[1]
    y0 = lifted[nz]
    best = min(float(n), certificate(mat, rhs, y0))
    h = highs_model(mat, rhs, np.ones(n))
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    if time_limit:
        h.setOptionValue("time_limit", max(0.1, float(time_limit) - (time.perf_counter() - t0)))
    h.run()
    sol = h.getSolution()
    if sol.dual_valid:
        rd = np.asarray(sol.row_dual, dtype=float)
        # HiGHS's sign convention for a maximisation: take both signs, each is a valid certificate
        best = min(
            best, certificate(mat, rhs, np.maximum(-rd, 0.0)), certificate(mat, rhs, np.maximum(rd, 0.0))
        )
        return best, np.asarray(sol.col_value), cm, cs, mat, rhs
    deadline = t0 + (float(time_limit) if time_limit else 60.0)
    best = min(best, lagrangian(mat, rhs, y0, deadline, target=0.0))
    return best, None, cm, cs, mat, rhs


def lagrangian(mat, rhs, y0: np.ndarray, deadline: float, target: float, max_iter: int = 500) -> float:
    """Subgradient descent on the full LP's dual function ``L(y) = rhs.y + sum_j max(0, 1 -
    (mat^T y)_j)`` (every value a valid bound) from ``y0``; returns the best value found."""
    y = np.asarray(y0, dtype=float).copy()
    matT = mat.T.tocsr()
    best = certificate(mat, rhs, y)
    step_scale = 1.0
    for _ in range(max_iter):
        if time.perf_counter() > deadline:
            break
        red = 1.0 - matT @ y
        val = float(rhs @ y + np.maximum(red, 0.0).sum())
        if val < best:
            best = val
        else:
            step_scale *= 0.9
        g = rhs - mat @ (red > 0).astype(float)
        gg = float(g @ g)
        if gg <= 1e-12:
            break
        step = step_scale * max(val - max(target, 0.97 * best), 1e-3) / gg
        y = np.maximum(y - step * g, 0.0)
    return best


def aggregated_dual(c: Compiled, st: State, usable: list[int]) -> tuple[float, np.ndarray]:
    """The aggregated LP (count objective): its certified bound on the free meetings, and its
    optimal dual lifted to the full LP's rows (before empty rows are dropped): group rows keep
    theirs, ``y[p, s] = y[p]``, ``y[kind, s] = y[kind]``."""
    from scipy.optimize import linprog

    full = np.zeros(c.NG + c.P * c.S + 2 * c.S)
    agg = _bmatch_model(c, st, usable, weighted=False)
    if agg is None:
        return 0.0, full
    mat, rhs, keep, obj = agg
    res = linprog(-obj, A_ub=mat, b_ub=rhs, bounds=(0, 1), method="highs")
    if res.status != 0 or res.ineqlin is None:
        return float(mat.shape[1]), full
    dual = np.maximum(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0)
    cert = certificate(mat, rhs, dual)
    y = np.zeros(len(keep))
    y[keep] = dual
    full[: c.NG] = y[: c.NG]
    full[c.NG : c.NG + c.P * c.S] = np.repeat(y[c.NG : c.NG + c.P], c.S)
    full[c.NG + c.P * c.S :] = np.repeat(y[c.NG + c.P : c.NG + c.P + 2], c.S)
    return cert, full


def _bmatch_model(c: Compiled, st: State, usable: list[int], weighted: bool):
    """Rows of the aggregated LP: (mat without empty rows, rhs, kept-row mask, objective)."""
    from scipy import sparse

    cols = [m for m in range(c.M) if usable[m]]
    n = len(cols)
    if n == 0:
        return None
    pmask = [0] * c.P
    for m in cols:
        pmask[c.A[m]] |= usable[m]
        pmask[c.B[m]] |= usable[m]
    cm = np.asarray(cols, dtype=np.int64)
    A = np.asarray(c.A, dtype=np.int64)[cm]
    B = np.asarray(c.B, dtype=np.int64)[cm]
    G = np.asarray(c.G, dtype=np.int64)[cm]
    K = (np.asarray(c.K, dtype=np.int64)[cm] > 0).astype(np.int64)
    rows = np.concatenate([G, c.NG + A, c.NG + B, c.NG + c.P + K])
    cc = np.concatenate([np.arange(n)] * 4)
    mat = sparse.csr_matrix((np.ones(4 * n), (rows, cc)), shape=(c.NG + c.P + 2, n))
    S = c.S
    free = [float(sum(c.cap[k * S : (k + 1) * S]) - sum(st.used[k * S : (k + 1) * S])) for k in (0, 1)]
    rhs = np.asarray([1.0] * c.NG + [float(pm.bit_count()) for pm in pmask] + free)
    keep = np.diff(mat.indptr) > 0
    obj = np.ones(n)
    if weighted:
        w = np.asarray(c.W, dtype=float)[cm]
        obj = obj + w / (w.sum() + 1.0)
    return mat[keep], rhs[keep], keep, obj


def bmatch_lp(c: Compiled, st: State, usable: list[int], weighted: bool = False):
    """Aggregated LP over y_m in [0,1] (meeting placed): per org pair sum <= 1; per
    participant sum <= #slots usable by any of its meetings; per kind total <= remaining
    places.  A relaxation of the full problem.  Returns (certified bound, y, meeting indices)."""
    from scipy.optimize import linprog

    cols = [m for m in range(c.M) if usable[m]]
    model = _bmatch_model(c, st, usable, weighted)
    if model is None:
        return 0.0, np.zeros(0), cols
    mat, rhs, _keep, obj = model
    res = linprog(-obj, A_ub=mat, b_ub=rhs, bounds=(0, 1), method="highs")
    if res.status != 0 or res.ineqlin is None:
        return float(len(cols)), np.ones(len(cols)), cols
    cert = certificate(mat, rhs, -np.asarray(res.ineqlin.marginals, dtype=float))
    return cert, np.asarray(res.x), cols


def combinatorial_bound(c: Compiled, st: State, usable: list[int] | None = None) -> int:
    """Cheap valid bound on the number of non-fixed meetings still placeable:
    min of (#org-pair groups with a usable meeting, remaining places,
    half the sum over participants of min(#meetings, #usable slots))."""
    if usable is None:
        usable = usable_masks(c, st)
    groups = set()
    deg = [0] * c.P
    pmask = [0] * c.P
    for m, mask in enumerate(usable):
        if not mask:
            continue
        a, b = c.A[m], c.B[m]
        groups.add(c.G[m])
        deg[a] += 1
        deg[b] += 1
        pmask[a] |= mask
        pmask[b] |= mask
    half = sum(min(d, pm.bit_count()) for d, pm in zip(deg, pmask)) // 2
    free = sum(c.cap) - sum(st.used)
    return min(len(groups), free, half)


def bound_of(
    c: Compiled,
    st: State,
    usable: list[int],
    time_limit: float | None = None,
    lifted: np.ndarray | None = None,
):
    """Best proven bound on the count (fixed included): min of the combinatorial bound and
    the full LP.  Returns (bound, lp primal or None, col_m, col_s, mat, rhs)."""
    comb = combinatorial_bound(c, st, usable)
    cert, x, cm, cs, mat, rhs = lp_bound(c, st, usable, time_limit, lifted)
    return st.count + min(comb, math.floor(cert + 1e-7)), x, cm, cs, mat, rhs


def upper_bound(instance: Instance, *, method: str = "auto", max_lp_columns: int | None = None) -> int:
    """A valid upper bound on the optimum number of placed meetings (fixed
    included).  Always ``>=`` the true optimum.

    Components (the minimum is returned, each a relaxation of the problem):

    * combinatorial: #org pairs with a usable meeting, remaining places, and
      half the sum over participants of min(#meetings, #usable slots);
    * aggregated LP (y_m = meeting placed);
    * the full LP (x[m,s] per usable meeting/slot pair; per org pair <= 1, per
      participant and slot <= 1, per (kind, slot) <= remaining places), at every size.

    LP values are certified through weak duality from the HiGHS dual, so solver tolerances
    cannot make the bound invalid.  ``method="combinatorial"`` skips both LPs.
    ``max_lp_columns`` is accepted for compatibility and ignored: the full LP is never skipped.
    """
    validate_fixed(instance)
    c = Compiled(instance)
    st = State(c)
    usable = usable_masks(c, st)
    best = combinatorial_bound(c, st, usable)
    if method in ("lp", "auto"):
        cert, lifted = aggregated_dual(c, st, usable)
        best = min(best, math.floor(cert + 1e-7))
        cert, *_ = lp_bound(c, st, usable, lifted=lifted)
        best = min(best, math.floor(cert + 1e-7))
    return st.count + best
