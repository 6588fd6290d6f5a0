"""Benchmark for corridor.engines.schedule.

Usage: python bench/bench_schedule.py [--size small|large|stress]   (default: all)

Each size runs in its own subprocess (peak memory is per size) and prints one line
``BENCH engine=schedule size=… greedy=… ours=… bound=… ratio=… ours_s=… peak_mb=…``.
Counts are numbers of placed meetings; ``bound`` is ``upper_bound`` (a valid upper
bound on the optimum count); ``ours_s`` times ``schedule()`` only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from _common import bench_line, peak_rss_mb, timer

SIZES = {
    "small": (1_000, 7_000, 24),
    "large": (3_000, 29_000, 32),
    "stress": (12_000, 73_000, 40),
}


def run(size: str) -> None:
    from corridor.engines.schedule import check, generate_instance, schedule, schedule_greedy, upper_bound

    n_people, n_meetings, n_slots = SIZES[size]
    inst = generate_instance(n_people, n_meetings, n_slots, seed=0)
    greedy = schedule_greedy(inst)
    with timer() as t:
        ours = schedule(inst, time_limit_s=25.0 if size != "stress" else 120.0, seed=0)
    errors = check(inst, ours.placements) + check(inst, greedy.placements)
    if errors:
        raise SystemExit(f"invalid schedule: {errors[:5]}")
    bound = upper_bound(inst)
    bench_line(
        "schedule",
        size,
        greedy=greedy.objective,
        ours=ours.objective,
        bound=bound,
        ratio=ours.objective / bound if bound else 1.0,
        ours_s=t["s"],
        peak_mb=peak_rss_mb(),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", choices=sorted(SIZES))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run(args.size)
        return
    sizes = [args.size] if args.size else list(SIZES)
    rc = 0
    for size in sizes:
        rc |= subprocess.call([sys.executable, __file__, "--size", size, "--child"])
    sys.exit(rc)


if __name__ == "__main__":
    main()
