"""Benchmark for corridor.engines.schedule over the named instance families.

Usage: python bench/bench_schedule.py [--size FAMILY] [--heldout]   (default: the nine families)

Families (corridor.generators.schedule.FAMILIES): sparse, tight, hot, hybrid, twoday, small,
large, stress, show73k; ``--heldout`` adds the ``*-heldout`` families (other seeds and shapes,
never tuned on).  Each family runs in its own subprocess and prints one line

``BENCH engine=schedule size=… ours=… bound=… ratio=… exact=… greedy=… ours_s=… optimal=… peak_mb=…``

* ``ours``: meetings placed by ``schedule()`` (time limit 30 s; 280 s for show73k);
* ``bound``: the best proven upper bound (the engine's, and the full LP solved to the end
  except at show73k);
* ``exact``: the optimum proven by an independent MIP (scipy/HiGHS, tests/engines/
  schedule_reference.py) within 300 s where it proves it, else NA;
* ``ratio``: ours / exact when proven, else ours / bound (a lower bound on the true ratio);
* ``greedy``: the first-come-first-served baseline; ``ours_s`` times ``schedule()`` only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from _common import ROOT, bench_line, peak_rss_mb, timer

FAMILIES = ["sparse", "tight", "hot", "hybrid", "twoday", "small", "large", "stress", "show73k"]
TIME_LIMIT = {"show73k": 280.0}
EXACT_MAX_MEETINGS = 3_000


def run(size: str) -> None:
    from corridor.generators.schedule import family

    sys.path.insert(0, str(ROOT / "tests" / "engines"))
    from schedule_reference import mip_optimum

    from corridor.cli import _stdout_to_stderr

    with _stdout_to_stderr():  # HiGHS's banner must not mix with the BENCH lines
        values = measure(size, family(size), mip_optimum)
    bench_line("schedule", size, **values)


def measure(size, inst, mip_optimum) -> dict:
    from corridor.engines.schedule import check, schedule, schedule_greedy, upper_bound

    greedy = schedule_greedy(inst)
    with timer() as t:
        ours = schedule(inst, time_limit_s=TIME_LIMIT.get(size, 30.0), seed=0)
    errors = check(inst, ours.placements) + check(inst, greedy.placements)
    if errors:
        raise SystemExit(f"invalid schedule: {errors[:5]}")
    bound = ours.bound
    if size != "show73k":
        bound = min(bound, upper_bound(inst))
    exact = "NA"
    if len(inst.meetings) <= EXACT_MAX_MEETINGS:
        try:
            exact = mip_optimum(inst, time_limit=300.0)
        except AssertionError:
            exact = "NA"
    ref = exact if exact != "NA" else bound
    return {
        "ours": ours.objective,
        "bound": bound,
        "ratio": ours.objective / ref if ref else 1.0,
        "exact": exact,
        "greedy": greedy.objective,
        "ours_s": t["s"],
        "optimal": ours.optimal,
        "meetings": len(inst.meetings),
        "peak_mb": peak_rss_mb(),
    }


def main() -> None:
    from corridor.generators.schedule import FAMILIES as ALL

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", choices=sorted(ALL))
    ap.add_argument("--heldout", action="store_true", help="also run the held-out families")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run(args.size)
        return
    sizes = (
        [args.size]
        if args.size
        else FAMILIES + ([k for k in ALL if k.endswith("-heldout")] if args.heldout else [])
    )
    rc = 0
    for size in sizes:
        rc |= subprocess.call([sys.executable, __file__, "--size", size, "--child"])
    sys.exit(rc)


if __name__ == "__main__":
    main()
