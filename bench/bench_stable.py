"""Benchmark for corridor.engines.stable beside the `matching` package (HospitalResident).

Usage: python bench/bench_stable.py [--size 2000x100|10000x500|45000x6400]   (default: all)

Every measurement (ours, peer) runs in its own subprocess so that peak RSS is honest. Both
sides build their game from the same generated lists (list length 10; each hub ranks exactly
the applicants who ranked it) and solve resident-optimal; ``*_s`` times building + solving.
Prints ``BENCH engine=stable size=… identical=… ours_s=… peer_s=… speedup=… peak_mb=…``
(``peak_mb`` is ours; the peer's is ``peer_peak_mb``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys

from _common import bench_line, peak_rss_mb, timer

SIZES = {"2000x100": (2_000, 100), "10000x500": (10_000, 500), "45000x6400": (45_000, 6_400)}
WITH_PEER = {"2000x100", "10000x500"}
# `matching` deep-copies its players (recursive object graph) when building a game and fails
# with RecursionError from about 2,000 residents at Python's default limit of 1,000. We raise it
# for the peer only (and run it in a thread with a large stack so the deep recursion fits).
PEER_RECURSION_LIMIT = 100_000


def digest(by_hub: dict[int, list[int]]) -> str:
    text = json.dumps({str(h): sorted(v) for h, v in sorted(by_hub.items())})
    return hashlib.sha256(text.encode()).hexdigest()


def measure(size: str, side: str) -> None:
    from corridor.engines.stable import Market, applicant_proposing, check
    from corridor.generators.stable import generate_lists

    n_a, n_h = SIZES[size]
    apps, hubs, caps = generate_lists(n_a, n_h, list_length=10, seed=0)
    if side == "ours":
        with timer() as t:
            market = Market.from_lists(apps, hubs, caps)
            placement = applicant_proposing(market)
        if not check(market, placement.hub_of).ok:
            raise SystemExit("our placement failed the stability check")
        by_hub = dict(enumerate(placement.by_hub(n_h)))
        seconds = t["s"]
    else:
        import threading

        sys.setrecursionlimit(PEER_RECURSION_LIMIT)
        threading.stack_size(512 * 1024 * 1024)
        box: dict = {}

        def run_peer() -> None:
            from matching.games import HospitalResident

            with timer() as t:
                game = HospitalResident.create_from_dictionaries(
                    dict(enumerate(apps)), dict(enumerate(hubs)), dict(enumerate(caps))
                )
                result = game.solve(optimal="resident")
            box["s"] = t["s"]
            box["by_hub"] = {h.name: [r.name for r in placed] for h, placed in result.items()}

        worker = threading.Thread(target=run_peer)
        worker.start()
        worker.join()
        seconds, by_hub = box["s"], box["by_hub"]
    print(json.dumps({"s": seconds, "peak_mb": peak_rss_mb(), "digest": digest(by_hub)}))


def child(size: str, side: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", side, "--size", size],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(size: str) -> None:
    ours = child(size, "ours")
    if size not in WITH_PEER:
        bench_line(
            "stable",
            size,
            identical="NA",
            ours_s=ours["s"],
            peer_s="NA",
            speedup="NA",
            peak_mb=ours["peak_mb"],
        )
        return
    peer = child(size, "peer")
    bench_line(
        "stable",
        size,
        identical="yes" if ours["digest"] == peer["digest"] else "no",
        ours_s=ours["s"],
        peer_s=peer["s"],
        speedup=peer["s"] / ours["s"],
        peak_mb=ours["peak_mb"],
        peer_peak_mb=peer["peak_mb"],
        peer_recursionlimit=PEER_RECURSION_LIMIT,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=sorted(SIZES))
    parser.add_argument("--child", choices=["ours", "peer"])
    args = parser.parse_args()
    if args.child:
        measure(args.size, args.child)
        return
    for size in [args.size] if args.size else list(SIZES):
        run(size)


if __name__ == "__main__":
    main()
