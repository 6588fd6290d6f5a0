"""Benchmark for corridor.engines.assign against openreview-matcher's MinMaxSolver.

Usage: python bench/bench_assign.py [--size 500x300|2000x1000|20000x10000]   (default: all)

Instances are generated deterministically (``corridor.generators.assign.generate_instance``, seed 0): topic-mixture
affinities (cosine, like text similarity), ~2% conflicts, reviewers split Malaysia/Kenya, k = 3,
loads in [1, 8], sparse candidates (top 40 per proposal ∪ top 40 per reviewer).

Both solvers get the *same* problem: the candidate arcs, conflicts and loads above. The peer
cannot express the one-reviewer-per-country rule, so the compared run of ours is without it;
a second line (``# …``) gives ours with the rule and with the fairness floor.

The peer is openreview-matcher's ``MinMaxSolver`` imported from the checkout named by the
``OPENREVIEW_MATCHER_SRC`` environment variable (put on ``sys.path``; nothing installed). Its
package ``__init__`` imports Gurobi and C extensions for other solvers, so only the three
modules MinMax needs (``solvers/core.py``, ``simple_solver.py``, ``minmax_solver.py``) are
loaded. Its matrices are dense: cost = −round(100·affinity) on candidate arcs (its encoder's
scaling), 0 elsewhere (zero-score pairs are excluded by MinMax), constraint −1 on conflicts.
It builds its graph with a Python double loop over every pair, so the 20000x10000 line is ours
alone (``peer_obj=NA``). Objectives are the total affinity of the returned assignment.

Each size runs in its own subprocess and prints
``BENCH engine=assign size=… ours_obj=… peer_obj=… ours_s=… peer_s=… speedup=…``.

Binding country rule: the same generator with an 80/20 Malaysia/Kenya reviewer split, so Kenyan
places run out and the rule cannot hold everywhere. Ours (rule on) is compared with the exact
optimum of the same lexicographic goal — places covered, then country branches served, then units
towards minimum loads, then affinity — solved stage by stage as MIPs with HiGHS
(``scipy.optimize.milp``; written here from the rules, sharing no code with the engine):
``BENCH engine=assign size=…-binding ours_key=cov/branches/minunits ours_obj=… opt_key=… opt_obj=…
lex_equal=yes|no gap_to_opt=… ours_s=… opt_s=…``. When ``OPENREVIEW_MATCHER_SRC`` is set, the
peer's FairFlow (which maximises the worst paper's summed score) runs beside our ``assign_fair``
(which raises the worst-served proposal's weakest reviewer) on the unbinding instance, both
measures printed for both: ``BENCH engine=assign-fair size=… ours_obj=… fairflow_obj=…
ours_worst_paper=… fairflow_worst_paper=… ours_floor=… fairflow_floor=… ours_s=… fairflow_s=…``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import types
from pathlib import Path

from _common import bench_line, peak_rss_mb, timer

SIZES = {"500x300": (500, 300), "2000x1000": (2000, 1000), "20000x10000": (20000, 10000)}
OPT_MAX_ARCS = 200_000  # staged MIPs beyond this are left out (opt=NA)


def lex_parts(inst):
    """Per-rule data from the instance alone: eligible arcs, effective demand/min, needed branches."""
    import numpy as np

    n_p, n_r = inst.n_proposals, inst.n_reviewers
    bad = set(map(tuple, inst.conflicts.tolist())) | set(map(tuple, inst.forbids.tolist()))
    arcs = [
        (p, r, a)
        for p, r, a in zip(inst.arc_p.tolist(), inst.arc_r.tolist(), inst.arc_aff.tolist())
        if (p, r) not in bad
    ]
    el_p = np.bincount([p for p, _, _ in arcs], minlength=n_p)
    el_r = np.bincount([r for _, r, _ in arcs], minlength=n_r)
    demand = np.minimum(inst.demand, el_p)
    min_eff = np.minimum(np.minimum(inst.min_load, el_r), inst.max_load)
    req = list(inst.required_countries)
    has = {(p, inst.reviewer_country[r]) for p, r, _ in arcs}
    need = [
        (p, c)
        for p in range(n_p)
        if inst.demand[p] >= len(req) and len(req) <= demand[p]
        for c in req
        if (p, c) in has
    ]
    return arcs, demand, min_eff, need


def lex_key(inst, pairs):
    import numpy as np

    arcs, demand, min_eff, need = lex_parts(inst)
    aff = {(p, r): a for p, r, a in arcs}
    load = np.bincount([r for _, r in pairs], minlength=inst.n_reviewers)
    got = {(p, inst.reviewer_country[r]) for p, r in pairs}
    return (
        len(pairs),
        sum(1 for pc in need if pc in got),
        int(np.minimum(load, min_eff).sum()),
        sum(aff[pr] for pr in pairs),
    )


def lex_opt(inst, time_limit=300.0):
    """Stage-by-stage exact optimum (HiGHS MIP) of (coverage, branches, min units, affinity)."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    arcs, demand, min_eff, need = lex_parts(inst)
    n_p, n_r = inst.n_proposals, inst.n_reviewers
    nx, ny, nu = len(arcs), len(need), n_r
    n = nx + ny + nu
    ap = np.array([p for p, _, _ in arcs])
    ar = np.array([r for _, r, _ in arcs])
    aa = np.array([a for _, _, a in arcs])
    rows, cols, vals, lo, hi = [], [], [], [], []

    def add(idx, coef, lb, ub):
        r = len(lo)
        rows.extend([r] * len(idx))
        cols.extend(idx)
        vals.extend(coef)
        lo.append(lb)
        hi.append(ub)

    by_p = [[] for _ in range(n_p)]
    by_r = [[] for _ in range(n_r)]
    for e, (p, r, _) in enumerate(arcs):
        by_p[p].append(e)
        by_r[r].append(e)
    for p in range(n_p):
        if by_p[p]:
            add(by_p[p], [1.0] * len(by_p[p]), 0, float(demand[p]))
    for r in range(n_r):
        if by_r[r]:
            add(by_r[r], [1.0] * len(by_r[r]), 0, float(inst.max_load[r]))
        # u_r <= load_r
        add(by_r[r] + [nx + ny + r], [1.0] * len(by_r[r]) + [-1.0], 0, np.inf)
    for k, (p, c) in enumerate(need):  # y_pc <= Σ x over reviewers of c
        es = [e for e in by_p[p] if inst.reviewer_country[ar[e]] == c]
        add(es + [nx + k], [1.0] * len(es) + [-1.0], 0, np.inf)
    A = sp.csr_matrix((vals, (rows, cols)), shape=(len(lo), n))
    cons = [LinearConstraint(A, np.array(lo), np.array(hi))]
    ub = np.concatenate([np.ones(nx + ny), min_eff.astype(float)])
    integ = np.concatenate([np.ones(nx + ny), np.zeros(nu)])
    stages = [
        np.concatenate([np.ones(nx), np.zeros(ny + nu)]),
        np.concatenate([np.zeros(nx), np.ones(ny), np.zeros(nu)]),
        np.concatenate([np.zeros(nx + ny), np.ones(nu)]),
        np.concatenate([aa, np.zeros(ny + nu)]),
    ]
    values = []
    x = None
    for w in stages:
        res = milp(
            -w,
            constraints=cons,
            integrality=integ,
            bounds=Bounds(0, ub),
            options={"time_limit": time_limit, "disp": False},
        )
        if res.x is None:
            return None
        val = float(w @ res.x)
        values.append(val)
        x = res.x
        slack = 1e-6 if w is not stages[-1] else 0
        cons = cons + [
            LinearConstraint(w[None, :], np.round(val) - slack if w is not stages[-1] else val - 1e-6, np.inf)
        ]
    pairs = [(int(ap[e]), int(ar[e])) for e in np.flatnonzero(x[:nx] > 0.5)]
    return lex_key(inst, pairs)


def run_binding(size: str) -> None:
    from corridor.engines.assign import assign, check
    from corridor.generators.assign import generate_instance

    n_p, n_r = SIZES[size]
    inst = generate_instance(n_p, n_r, k=3, max_load=8, min_load=1, share_my=0.8, seed=0)
    with timer() as t:
        ours = assign(inst, country_rule=True)
    errors = check(inst, ours.pairs, country_rule=True, enforce_min="min_load" not in ours.relaxed)
    if errors:
        raise SystemExit(f"invalid assignment (binding): {errors[:5]}")
    key = lex_key(inst, list(ours.pairs))
    opt, opt_s = None, "NA"
    if len(inst.arc_p) <= OPT_MAX_ARCS:
        with timer() as to:
            opt = lex_opt(inst)
        opt_s = to["s"]
    fmt = lambda k: f"{k[0]}/{k[1]}/{k[2]}"  # noqa: E731
    bench_line(
        "assign",
        f"{size}-binding",
        ours_key=fmt(key),
        ours_obj=round(key[3], 3),
        opt_key=fmt(opt) if opt else "NA",
        opt_obj=round(opt[3], 3) if opt else "NA",
        lex_equal=("yes" if opt and opt[:3] == key[:3] else "no") if opt else "NA",
        gap_to_opt=((opt[3] - key[3]) / opt[3] if opt and opt[:3] == key[:3] else "NA"),
        relaxed=",".join(ours.relaxed) or "none",
        ours_s=t["s"],
        opt_s=opt_s,
    )


PEER_MAX_PAIRS = 5_000_000  # beyond this its per-pair Python loop takes minutes and GBs


def load_peer():
    """MinMaxSolver from $OPENREVIEW_MATCHER_SRC, or None."""
    src = os.environ.get("OPENREVIEW_MATCHER_SRC")
    if not src or not (Path(src) / "matcher" / "solvers" / "minmax_solver.py").is_file():
        return None
    sys.path.insert(0, src)
    # Register the packages without running their __init__ (which needs gurobipy, cffi, …).
    for name, path in (
        ("matcher", Path(src) / "matcher"),
        ("matcher.solvers", Path(src) / "matcher" / "solvers"),
    ):
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(path)]
            sys.modules[name] = module
    return importlib.import_module("matcher.solvers.minmax_solver").MinMaxSolver


def load_fairflow():
    """The peer's FairFlow (after ``load_peer`` registered its packages), or None."""
    try:
        return importlib.import_module("matcher.solvers.fairflow").FairFlow
    except ImportError:
        return None


def fairness(inst, pairs) -> tuple[float, float]:
    """(the worst-served proposal's summed affinity — what FairFlow maximises —, the weakest
    assigned pair's affinity — what ours' ``floor`` raises) over ``pairs``."""
    aff = dict(zip(zip(inst.arc_p.tolist(), inst.arc_r.tolist()), inst.arc_aff.tolist()))
    per: dict[int, list[float]] = {}
    for p, r in pairs:
        per.setdefault(p, []).append(aff.get((p, r), 0.0))
    sums = [sum(v) for v in per.values()] or [0.0]
    weakest = [min(v) for v in per.values()] or [0.0]
    return min(sums), min(weakest)


def run(size: str) -> None:
    import logging

    import numpy as np

    from corridor.engines.assign import assign, assign_fair, check
    from corridor.generators.assign import generate_instance

    n_p, n_r = SIZES[size]
    inst = generate_instance(n_p, n_r, k=3, max_load=8, min_load=1, seed=0)
    with timer() as t:
        ours = assign(inst, country_rule=False)
    errors = check(inst, ours.pairs, country_rule=False)
    if errors:
        raise SystemExit(f"invalid assignment (ours): {errors[:5]}")

    peer_obj: object = "NA"
    peer_s: object = "NA"
    speedup: object = "NA"
    MinMaxSolver = load_peer()
    if MinMaxSolver is not None and n_p * n_r <= PEER_MAX_PAIRS:
        cost = np.zeros((n_p, n_r), dtype=np.int64)
        cost[inst.arc_p, inst.arc_r] = -np.rint(inst.arc_aff * 100).astype(np.int64)
        constraint = np.zeros((n_p, n_r), dtype=np.int64)
        constraint[inst.conflicts[:, 0], inst.conflicts[:, 1]] = -1
        encoder = types.SimpleNamespace(cost_matrix=cost, constraint_matrix=constraint)
        logger = logging.getLogger("peer")
        logger.setLevel(logging.WARNING)
        with timer() as tp:
            solver = MinMaxSolver(
                inst.min_load.copy(), inst.max_load.copy(), inst.demand.copy(), encoder, logger=logger
            )
            flow = solver.solve()
        pp, pr = np.nonzero(flow > 0)
        peer_pairs = list(zip(pp.tolist(), pr.tolist()))
        aff = dict(zip(zip(inst.arc_p.tolist(), inst.arc_r.tolist()), inst.arc_aff.tolist()))
        peer_obj = round(sum(aff.get(pair, 0.0) for pair in peer_pairs), 3)
        peer_s = tp["s"]
        speedup = tp["s"] / t["s"]
        peer_errors = check(inst, peer_pairs, country_rule=False)
        if peer_errors:
            print(f"# peer assignment violates: {peer_errors[:3]}", flush=True)
        FairFlow = load_fairflow()
        if FairFlow is not None:
            # The peer's fairness solver (maximises the worst paper's summed score) beside our
            # floor-raising assign_fair on the same problem (no country rule: the peer has none).
            scores = np.zeros((n_p, n_r), dtype=float)
            scores[inst.arc_p, inst.arc_r] = inst.arc_aff
            enc = types.SimpleNamespace(aggregate_score_matrix=scores, constraint_matrix=constraint)
            with timer() as tff:
                ff = FairFlow(
                    inst.min_load.copy(), inst.max_load.copy(), inst.demand.copy(), enc, logger=logger
                ).solve()
            fp, fr = np.nonzero(ff > 0)
            ff_pairs = list(zip(fp.tolist(), fr.tolist()))
            with timer() as tof:
                fair_ours = assign_fair(inst, country_rule=False)
            ff_errors = check(inst, ff_pairs, country_rule=False)
            ours_min, ours_weak = fairness(inst, fair_ours.result.pairs)
            ff_min, ff_weak = fairness(inst, ff_pairs)
            bench_line(
                "assign-fair",
                size,
                ours_obj=round(fair_ours.result.total_affinity, 3),
                fairflow_obj=round(sum(aff.get(pair, 0.0) for pair in ff_pairs), 3),
                ours_worst_paper=round(ours_min, 4),
                fairflow_worst_paper=round(ff_min, 4),
                ours_floor=round(ours_weak, 4),
                fairflow_floor=round(ff_weak, 4),
                fairflow_valid="yes" if not ff_errors else "no",
                ours_s=tof["s"],
                fairflow_s=tff["s"],
            )
    bench_line(
        "assign",
        size,
        ours_obj=round(ours.total_affinity, 3),
        peer_obj=peer_obj,
        ours_s=t["s"],
        peer_s=peer_s,
        speedup=speedup,
    )
    with timer() as tb:
        bilateral = assign(inst, country_rule=True)
    if check(inst, bilateral.pairs, country_rule=True):
        raise SystemExit("invalid assignment (ours, country rule)")
    line = (
        f"# assign size={size} arcs={len(inst.arc_p)} bilateral_obj={bilateral.total_affinity:.3f} "
        f"bilateral_s={tb['s']:.3f} relaxed={','.join(bilateral.relaxed) or 'none'}"
    )
    if n_p * n_r <= PEER_MAX_PAIRS:
        with timer() as tf:
            fair = assign_fair(inst, country_rule=True)
        line += (
            f" fair_floor={fair.base_floor:.3f}->{fair.floor:.3f} fair_cost={100 * fair.cost_share:.3f}%"
            f" fair_s={tf['s']:.2f}"
        )
    print(line + f" peak_mb={peak_rss_mb():.0f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", choices=list(SIZES))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run(args.size)
        run_binding(args.size)
        return
    rc = 0
    for size in [args.size] if args.size else list(SIZES):
        proc = subprocess.run([sys.executable, __file__, "--size", size, "--child"], check=False)
        rc = rc or proc.returncode
    raise SystemExit(rc)


if __name__ == "__main__":
    main()
