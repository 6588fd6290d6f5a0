"""Benchmark for corridor.engines.stable: strict lists against a textbook deferred acceptance
(plain Python, written here as the speed peer; the `matching` package's HospitalResident stays the
equality check where it runs, and its crashes are printed as such), and placement with ties
(maximum-size weakly stable, corridor.engines.stable_ties) against random tie-breaking.

Usage: python bench/bench_stable.py [--size 2000x100|10000x500|45000x6400|unacc2000x100]
       python bench/bench_stable.py --ties [--ties-size 1000|3000|10000]   (default: all)

Strict: ``BENCH engine=stable size=… speedup_vs_textbook=… identical=… matching=…`` where
``identical`` compares ours with the textbook DA and ``matching`` says whether the package agreed,
disagreed or crashed. Ties: ``BENCH engine=stable-ties size=NxN ours_size=… random_tiebreak_median=…
gain=… proven=… bound=… ours_s=… promotion_size=… promotion_vs_ours=…`` (one-to-one market, lists of 5, hubs grade in 3 levels,
applicants in 2 bands, or strict in ``hubties*``; random tie-break median over 11 seeds;
``promotion_*`` is Király's 3/2 fallback alone on the same market).

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

SIZES = {
    "2000x100": (2_000, 100),
    "10000x500": (10_000, 500),
    "45000x6400": (45_000, 6_400),
    "unacc2000x100": (2_000, 100),  # hubs leave 20% of their applicants off; 10% of hubs have 0 places
}
WITH_PEER = {"2000x100", "10000x500", "unacc2000x100"}
TIES_SIZES = {"1000": 1_000, "3000": 3_000, "10000": 10_000, "hubties3000": 3_000}
TIES_TIME_LIMIT = 600.0
# `matching` deep-copies its players (recursive object graph) when building a game and fails
# with RecursionError from about 2,000 residents at Python's default limit of 1,000. We raise it
# for the peer only (and run it in a thread with a large stack so the deep recursion fits).
PEER_RECURSION_LIMIT = 100_000


def digest(by_hub: dict[int, list[int]]) -> str:
    text = json.dumps({str(h): sorted(v) for h, v in sorted(by_hub.items())})
    return hashlib.sha256(text.encode()).hexdigest()


def textbook_da(apps, hubs, caps):
    """Applicant-proposing deferred acceptance as in the textbook (Gale–Shapley 1962)."""
    rank = [{a: i for i, a in enumerate(lst)} for lst in hubs]
    nxt = [0] * len(apps)
    held: list[list[int]] = [[] for _ in hubs]
    hub_of = [-1] * len(apps)
    free = list(range(len(apps) - 1, -1, -1))
    while free:
        a = free.pop()
        while nxt[a] < len(apps[a]):
            h = apps[a][nxt[a]]
            nxt[a] += 1
            r = rank[h].get(a)
            if r is None or caps[h] == 0:
                continue
            if len(held[h]) < caps[h]:
                held[h].append(a)
                hub_of[a] = h
                break
            worst = max(held[h], key=rank[h].__getitem__)
            if rank[h][worst] > r:
                held[h].remove(worst)
                held[h].append(a)
                hub_of[a], hub_of[worst] = h, -1
                free.append(worst)
                break
    return hub_of


def lists_for(size: str):
    import numpy as np

    from corridor.generators.stable import generate_lists

    n_a, n_h = SIZES[size]
    apps, hubs, caps = generate_lists(n_a, n_h, list_length=10, seed=0)
    if size.startswith("unacc"):
        rng = np.random.default_rng(1)
        hubs = [[a for a in lst if rng.random() >= 0.2] for lst in hubs]
        caps = [0 if rng.random() < 0.1 else c for c in caps]
    return apps, hubs, caps


def by_hub_of(hub_of, n_h):
    out = {h: [] for h in range(n_h)}
    for a, h in enumerate(hub_of):
        if h != -1:
            out[h].append(a)
    return out


def measure(size: str, side: str) -> None:
    from corridor.engines.stable import Market, applicant_proposing, check

    n_a, n_h = SIZES[size]
    apps, hubs, caps = lists_for(size)
    if side == "textbook":
        with timer() as t:
            hub_of = textbook_da(apps, hubs, caps)
        by_hub = by_hub_of(hub_of, n_h)
        seconds = t["s"]
    elif side == "ours":
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

        def guarded() -> None:
            try:
                run_peer()
            except BaseException as exc:  # printed as the peer's crash, never skipped
                box["crash"] = f"{type(exc).__name__}"

        worker = threading.Thread(target=guarded)
        worker.start()
        worker.join()
        if "crash" in box:
            print(json.dumps({"crash": box["crash"]}))
            return
        seconds, by_hub = box["s"], box["by_hub"]
    print(json.dumps({"s": seconds, "peak_mb": peak_rss_mb(), "digest": digest(by_hub)}))


def child(size: str, side: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", side, "--size", size],
        capture_output=True,
        text=True,
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        return {"crash": f"exit{out.returncode}"}
    return json.loads(lines[-1])


def run(size: str) -> None:
    ours = child(size, "ours")
    text = child(size, "textbook")
    peer = child(size, "peer") if size in WITH_PEER else {"crash": "not-run"}
    if "crash" in peer:
        matching = "crashed:" + peer["crash"] if peer["crash"] != "not-run" else "not-run"
    else:
        matching = "yes" if peer["digest"] == ours["digest"] else "no"
    bench_line(
        "stable",
        size,
        speedup_vs_textbook=text["s"] / ours["s"],
        identical="yes" if ours["digest"] == text["digest"] else "no",
        matching=matching,
        ours_s=ours["s"],
        textbook_s=text["s"],
        matching_s=peer.get("s", "NA"),
        peak_mb=ours["peak_mb"],
    )


def run_ties(label: str) -> None:
    import numpy as np

    from corridor.engines.stable_ties import check_weak, max_weakly_stable, promotion_da, random_tiebreak
    from corridor.generators.stable import generate_ties

    n = TIES_SIZES[label]
    # "hubtiesN": applicants rank strictly (5 bands of one), only the hubs' grades tie, where
    # the promotion fallback carries its 3/2 guarantee.
    bands = 5 if label.startswith("hubties") else 2
    apps, hubs, caps = generate_ties(n, n, list_length=5, app_bands=bands, seed=0)
    with timer() as t:
        res = max_weakly_stable(apps, hubs, caps, time_limit=TIES_TIME_LIMIT)
    if not check_weak(apps, hubs, caps, res.hub_of).ok:
        raise SystemExit("max_weakly_stable returned a matching that fails the weak-stability check")
    sizes = []
    for seed in range(11):
        tb = random_tiebreak(apps, hubs, caps, seed=seed)
        if seed == 0 and not check_weak(apps, hubs, caps, tb).ok:
            raise SystemExit("random tie-break failed the weak-stability check")
        sizes.append(sum(h != -1 for h in tb))
    med = float(np.median(sizes))
    with timer() as tp:
        promo = promotion_da(apps, hubs, caps)
    if not check_weak(apps, hubs, caps, promo).ok:
        raise SystemExit("promotion_da returned a matching that fails the weak-stability check")
    promo_size = sum(h != -1 for h in promo)
    bench_line(
        "stable-ties",
        f"{n}x{n}",
        ours_size=res.size,
        random_tiebreak_median=med,
        gain=res.size / med - 1.0,
        proven=str(res.proven).lower(),
        bound=res.bound,
        method=res.method,
        ours_s=t["s"],
        promotion_size=promo_size,
        promotion_vs_ours=promo_size / res.size if res.size else 1.0,
        promotion_s=tp["s"],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=sorted(SIZES))
    parser.add_argument("--child", choices=["ours", "peer", "textbook"])
    parser.add_argument("--ties", action="store_true")
    parser.add_argument("--ties-size", choices=sorted(TIES_SIZES))
    args = parser.parse_args()
    if args.child:
        measure(args.size, args.child)
        return
    if args.ties or args.ties_size:
        for label in [args.ties_size] if args.ties_size else list(TIES_SIZES):
            run_ties(label)
        return
    for size in [args.size] if args.size else list(SIZES):
        run(size)
    if not args.size:
        for label in TIES_SIZES:
            run_ties(label)


if __name__ == "__main__":
    main()
