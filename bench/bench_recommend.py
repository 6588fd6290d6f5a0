"""Benchmark: partner recommendations for 50,000 organisations.

Generates 50k organisations with planted complementary pairs, times ``recommend()`` (top-10
for everybody) and reads the peak RSS of this fresh process right after it (generation is
included in the peak, the baseline runs afterwards so it is not), then measures recall@10
on the planted pairs for ours and for the text-only TF-IDF baseline.

Prints ``BENCH engine=recommend size=50k ours_s=<s> peak_mb=<mb> recall10=<x> baseline_recall10=<x>``
(speed; the planted pairs share wording with the scoring, so that recall is not a quality claim).

Quality, measured honestly (``bench/recommend_eval.py``): on ``corridor.generators.recommend_eval``
(truth from a latent model; paraphrased and partial titles, noise, no identical titles)
``BENCH engine=recommend size=eval<n> ndcg10=… ndcg10_ci=lo..hi mrr=… mrr_ci=… recall10=…
recall10_ci=… bm25_ndcg10=… popularity_ndcg10=…`` and one ``engine=recommend-ablation`` line
per scoring component (``without=<component> ndcg10=… delta=…``).

On a time split of the demo's recorded interactions (``bench/recommend_timesplit.py``): ``BENCH
engine=recommend size=demo-timesplit … ndcg10=… bm25_ndcg10=… popularity_ndcg10=… random_ndcg10=…``.

``--explore`` runs the recommendation property tests with fresh random seeds (``make test`` runs
them derandomised); a failure it finds becomes an ``@example`` in the tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import recommend_eval as E
from _common import ROOT, bench_line, peak_rss_mb, timer
from corridor.engines.recommend import recall_at_k, recommend, text_only_baseline
from corridor.generators.recommend import generate_orgs
from corridor.generators.recommend_eval import evaluation_set


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--eval-n", type=int, default=2000)
    ap.add_argument("--explore", action="store_true")
    args = ap.parse_args()
    if args.explore:
        env = dict(os.environ, HYPOTHESIS_EXPLORE="1")
        test = str(ROOT / "tests" / "engines" / "test_recommend.py")
        raise SystemExit(subprocess.call([sys.executable, "-m", "pytest", "-q", test], env=env, cwd=ROOT))
    evaluate(args.eval_n)
    # the time split of the demo's recorded interactions (its own process: it sets up Django)
    subprocess.run([sys.executable, "recommend_timesplit.py"], check=True, cwd=ROOT / "bench")
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


def evaluate(n: int) -> None:
    orgs, rel = evaluation_set(n, seed=1)
    size = f"eval{n // 1000}k" if n % 1000 == 0 else f"eval{n}"
    m = E.metrics(E.ours(orgs), rel)
    base = E.metrics(E.bm25(orgs), rel)
    pop = E.metrics(E.popularity(orgs), rel)

    def ci(x):
        lo, hi = E.bootstrap(x)
        return f"{lo:.3f}..{hi:.3f}"

    bench_line(
        "recommend",
        size,
        ndcg10=round(m["ndcg10"].mean(), 4),
        ndcg10_ci=ci(m["ndcg10"]),
        mrr=round(m["mrr"].mean(), 4),
        mrr_ci=ci(m["mrr"]),
        recall10=round(m["recall10"].mean(), 4),
        recall10_ci=ci(m["recall10"]),
        bm25_ndcg10=round(base["ndcg10"].mean(), 4),
        bm25_ndcg10_ci=ci(base["ndcg10"]),
        popularity_ndcg10=round(pop["ndcg10"].mean(), 4),
        evaluated_orgs=len(m["ndcg10"]),
    )
    full = m["ndcg10"].mean()
    variants = [(c, E.without(names), {}) for c, names in E.COMPONENTS.items()]
    # dropped by default (costs accuracy here); shown as what adding it back would change
    variants.append(("with_popularity_damping_0.3", E.without([]), {"popularity_damping": 0.3}))
    for comp, ctx, kw in variants:
        with ctx:
            a = E.metrics(E.ours(orgs, **kw), rel)
        bench_line(
            "recommend-ablation",
            size,
            without=comp,
            ndcg10=round(a["ndcg10"].mean(), 4),
            ndcg10_ci=ci(a["ndcg10"]),
            delta=round(a["ndcg10"].mean() - full, 4),
        )


if __name__ == "__main__":
    main()
