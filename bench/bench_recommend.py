"""Benchmark: partner recommendations for 50,000 organisations.

Generates 50k organisations with planted complementary pairs, times ``recommend()`` (top-10
for everybody) and reads the peak RSS of this fresh process right after it (generation is
included in the peak, the baseline runs afterwards so it is not), then measures recall@10
on the planted pairs for ours and for the text-only TF-IDF baseline.

Prints exactly one line:
``BENCH engine=recommend size=50k ours_s=<s> peak_mb=<mb> recall10=<x> baseline_recall10=<x>``
"""

from __future__ import annotations

import argparse

from _common import bench_line, peak_rss_mb, timer
from corridor.engines.recommend import recall_at_k, recommend, text_only_baseline
from corridor.generators.recommend import generate_orgs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    orgs, planted = generate_orgs(args.n, seed=args.seed)
    with timer() as t:
        recs = recommend(orgs, k=10)
    peak = peak_rss_mb()
    ours = recall_at_k(recs, planted, k=10)
    del recs
    base = recall_at_k(text_only_baseline(orgs, 10), planted, k=10)
    size = f"{args.n // 1000}k" if args.n % 1000 == 0 else str(args.n)
    bench_line(
        "recommend",
        size,
        ours_s=round(t["s"], 2),
        peak_mb=round(peak, 1),
        recall10=round(ours, 4),
        baseline_recall10=round(base, 4),
    )


if __name__ == "__main__":
    main()
