"""Benchmark: two-way talent matching, 100k professionals × 10k jobs.

Times ``top_jobs`` (top 10 jobs for every professional) and reads the peak RSS, then measures
nDCG@10 (with 95% bootstrap intervals) on a sample of professionals against graded relevance
from ``corridor.generators.talent`` (a latent model that shares nothing with the scoring),
beside two baselines on the same words: BM25 (professional's words as the query over job
texts) and popularity (best-paid jobs first). An ablation scores skills only.

Prints:
``BENCH engine=talent-match size=100kx10k ours_s=… peak_mb=… ndcg10=… ndcg10_lo=… ndcg10_hi=…
bm25_ndcg10=… bm25_lo=… bm25_hi=… pop_ndcg10=… skills_only_ndcg10=… drop_unknown_ndcg10=… bm25_s=…``

Words are read through the taxonomy's dictionary; an unknown word (an unseen paraphrase)
becomes an ad-hoc skill of its own, as a free-text skill entry would. The ablations score the
skills term alone and drop unknown words instead.
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy import sparse

from _common import bench_line, peak_rss_mb, timer
from corridor.engines import talent_match as tm
from corridor.generators import talent as gen


def to_engine(ts: gen.TalentSet, keep_unknown: bool = True) -> tuple[tm.Professionals, tm.Jobs]:
    """Words → skill ids through the taxonomy's dictionary. A word the taxonomy does not know
    becomes a skill of its own (as a free-text skill entry would) when ``keep_unknown``;
    otherwise it is dropped."""
    extra: dict[str, int] = {}

    def skill_id(word):
        c = ts.dictionary.get(word)
        if c is None and keep_unknown:
            c = extra.setdefault(word, ts.n_concepts + len(extra))
        return c

    for ws in ts.job_words + ts.pro_words:
        for w in ws:
            skill_id(w)
    width = ts.n_concepts + len(extra)

    def csr(words, levels):
        data, idx, ptr = [], [], [0]
        for ws, ls in zip(words, levels, strict=True):
            row = {}
            for w, lvl in zip(ws, ls, strict=True):
                c = skill_id(w)
                if c is not None:
                    row[c] = max(row.get(c, 0), lvl)
            for c in sorted(row):
                idx.append(c)
                data.append(row[c])
            ptr.append(len(idx))
        return sparse.csr_matrix(
            (np.array(data, np.int8), np.array(idx, np.int32), np.array(ptr)),
            shape=(len(words), width),
        )

    p, j = ts.pro_attrs, ts.job_attrs
    pros = tm.Professionals(
        skills=csr(ts.pro_words, ts.pro_levels),
        languages=p["languages"].astype(np.uint64),
        experience=p["experience"],
        level=p["level"].astype(np.int16),
        expected_usd=p["expected_usd"],
        country=p["country"].astype(np.int32),
        mobility=p["mobility"].astype(np.int8),
    )
    jobs = tm.Jobs(
        skills=csr(ts.job_words, ts.job_levels),
        language=j["language"].astype(np.int32),
        min_experience=j["min_experience"],
        level=j["level"],
        salary_max_usd=j["salary_max_usd"],
        country=j["country"].astype(np.int32),
        remote=j["remote"],
        permit_ok=j["permit_ok"],
    )
    return pros, jobs


def bm25_rank(
    ts: gen.TalentSet, pro_idx: np.ndarray, k: int = 10, k1: float = 1.2, b: float = 0.75
) -> np.ndarray:
    vocab: dict[str, int] = {}
    for ws in ts.job_words:
        for w in ws:
            vocab.setdefault(w, len(vocab))
    rows, cols = [], []
    for i, ws in enumerate(ts.job_words):
        for w in ws:
            rows.append(i)
            cols.append(vocab[w])
    tf = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ts.job_words), len(vocab)))
    dl = np.asarray(tf.sum(axis=1)).ravel()
    df = np.asarray((tf > 0).sum(axis=0)).ravel()
    n = tf.shape[0]
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    tf = tf.tocoo()
    norm = k1 * (1 - b + b * dl[tf.row] / dl.mean())
    w = sparse.csr_matrix(
        (idf[tf.col] * tf.data * (k1 + 1) / (tf.data + norm), (tf.row, tf.col)), shape=tf.shape
    )
    q_rows, q_cols = [], []
    for r, i in enumerate(pro_idx):
        for word in set(ts.pro_words[i]):
            if word in vocab:
                q_rows.append(r)
                q_cols.append(vocab[word])
    q = sparse.csr_matrix((np.ones(len(q_rows)), (q_rows, q_cols)), shape=(len(pro_idx), len(vocab)))
    scores = (q @ w.T).toarray()
    part = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pros", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=10_000)
    ap.add_argument("--eval", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    ts = gen.generate(args.pros, args.jobs, seed=args.seed)
    pros, jobs = to_engine(ts)
    with timer() as t:
        idx, _vals = tm.top_jobs(pros, jobs, k=10, block=256)
    peak = peak_rss_mb()
    sample = np.random.default_rng(args.seed).choice(args.pros, size=min(args.eval, args.pros), replace=False)
    rel = gen.relevance(ts, sample)
    ours, lo, hi = gen.bootstrap_ci(gen.ndcg_at_k(idx[sample], rel))
    with timer() as tb:
        bm = bm25_rank(ts, sample)
    bm25, blo, bhi = gen.bootstrap_ci(gen.ndcg_at_k(bm, rel))
    pop_order = np.argsort(-ts.job_attrs["salary_max_usd"], kind="stable")[:10]
    pop, _, _ = gen.bootstrap_ci(gen.ndcg_at_k(np.tile(pop_order, (len(sample), 1)), rel))
    # ablation: skills term only
    saved = dict(tm.WEIGHTS)
    try:
        tm.WEIGHTS.update(
            {"skills": 1.0, "experience": 0.0, "level": 0.0, "language": 0.0, "salary": 0.0, "place": 0.0}
        )
        sub = tm.Professionals(**{f: getattr(pros, f)[sample] for f in pros.__dataclass_fields__})
        sidx, _ = tm.top_jobs(sub, jobs, k=10)
    finally:
        tm.WEIGHTS.update(saved)
    skills_only, _, _ = gen.bootstrap_ci(gen.ndcg_at_k(sidx, rel))
    # ablation: words the taxonomy does not know are dropped instead of kept as ad-hoc skills
    dpros, djobs = to_engine(ts, keep_unknown=False)
    dsub = tm.Professionals(**{f: getattr(dpros, f)[sample] for f in dpros.__dataclass_fields__})
    didx, _ = tm.top_jobs(dsub, djobs, k=10)
    dropped, _, _ = gen.bootstrap_ci(gen.ndcg_at_k(didx, rel))
    size = f"{args.pros // 1000}kx{args.jobs // 1000}k"
    bench_line(
        "talent-match",
        size,
        ours_s=round(t["s"], 2),
        peak_mb=round(peak, 1),
        ndcg10=round(ours, 4),
        ndcg10_lo=round(lo, 4),
        ndcg10_hi=round(hi, 4),
        bm25_ndcg10=round(bm25, 4),
        bm25_lo=round(blo, 4),
        bm25_hi=round(bhi, 4),
        pop_ndcg10=round(pop, 4),
        skills_only_ndcg10=round(skills_only, 4),
        drop_unknown_ndcg10=round(dropped, 4),
        bm25_s=round(tb["s"], 2),
    )


if __name__ == "__main__":
    main()
