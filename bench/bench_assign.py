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
        return
    rc = 0
    for size in [args.size] if args.size else list(SIZES):
        proc = subprocess.run([sys.executable, __file__, "--size", size, "--child"], check=False)
        rc = rc or proc.returncode
    raise SystemExit(rc)


if __name__ == "__main__":
    main()
