"""Benchmark: two-way talent matching, 100k professionals × 10k jobs.

Times ``top_jobs`` (top 10 jobs for every professional) and reads the peak RSS, then measures
nDCG@10 (with 95% bootstrap intervals) on a sample of professionals against graded relevance
from ``corridor.generators.talent`` (a latent model that shares nothing with the scoring),
beside two baselines on the same words: BM25 (professional's words as the query over job
texts) and popularity (best-paid jobs first). An ablation scores skills only.

Prints:
``BENCH engine=talent-match size=100kx10k ours=… bm25=… ratio=… ours_s=… peak_mb=… ndcg10=…
ndcg10_lo=… ndcg10_hi=… bm25_ndcg10=… bm25_lo=… bm25_hi=… pop_ndcg10=… skills_only_ndcg10=…
drop_unknown_ndcg10=… adhoc_skills_ndcg10=… raw_text_ndcg10=… adverts_ndcg10=…
adverts_bm25_ndcg10=… adverts_ratio=… bm25_s=…`` (``ours`` = ``ndcg10``, ``bm25`` =
``bm25_ndcg10``, ``ratio`` = ours / bm25).

Ours reads words through the taxonomy's dictionary (labels and known synonyms become skills;
an unknown word, an unseen paraphrase, is never made a skill) and scores every word through the
engine's TF-IDF text term, labels and synonyms folded into one skill token. Ablations: the
content term alone, no text term (unknown words lost), unknown words as ad-hoc skills (the
previous bench), the text term on raw words. A second family, ``adverts``, gives jobs no skill
list at all: their skill words sit among filler words in the advert, and BM25 reads the same
adverts. The engine's blend was chosen on seed 3; the default seed here is 7.
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


FILLER = (
    "we are hiring a to join our growing team you will build and run products for customers across "
    "the region with strong experience in modern tools good communication remote friendly office "
    "benefits competitive package apply now"
).split()


def free_text_jobs(ts: gen.TalentSet, seed: int) -> list[list[str]]:
    """Each job's advert as words only: its skill words (as the generator surfaced them, with
    no level) shuffled among 6 to 14 filler words. Built from the generator's output alone."""
    rng = np.random.default_rng(seed + 101)
    out = []
    for ws in ts.job_words:
        words = list(ws) + [FILLER[i] for i in rng.integers(len(FILLER), size=int(rng.integers(6, 15)))]
        out.append([words[i] for i in rng.permutation(len(words))])
    return out


def with_text(
    ts: gen.TalentSet,
    pros: tm.Professionals,
    jobs: tm.Jobs,
    job_words: list[list[str]] | None = None,
    *,
    normalise: bool = True,
) -> tuple[tm.Professionals, tm.Jobs]:
    """Both sides' words as free text for the text term (jobs' words: ``job_words``, default
    the generator's job words). With ``normalise`` the taxonomy's labels and synonyms become
    one skill token; unknown words stay words (never a skill)."""
    job_words = ts.job_words if job_words is None else job_words
    lex = tm.lexicon(ts.dictionary)
    norm = (lambda ws: tm.normalise(ws, lex)) if normalise else (lambda ws: ws)
    vocab: dict[str, int] = {}
    job_rows = [tm.term_counts(norm(ws), vocab, grow=True) for ws in job_words]
    pro_rows = [tm.term_counts(norm(ws), vocab, grow=False) for ws in ts.pro_words]
    jobs = tm.Jobs(
        **{
            **{f: getattr(jobs, f) for f in jobs.__dataclass_fields__},
            "text": tm.counts_matrix(job_rows, len(vocab)),
        }
    )
    pros = tm.Professionals(
        **{
            **{f: getattr(pros, f) for f in pros.__dataclass_fields__},
            "text": tm.counts_matrix(pro_rows, len(vocab)),
        }
    )
    return pros, jobs


def without_job_skills(jobs: tm.Jobs) -> tm.Jobs:
    """The same jobs with no structured skill list (their skills are in their words only)."""
    empty = sparse.csr_matrix(jobs.skills.shape, dtype=np.int8)
    return tm.Jobs(**{**{f: getattr(jobs, f) for f in jobs.__dataclass_fields__}, "skills": empty})


def subset(pros: tm.Professionals, rows: np.ndarray) -> tm.Professionals:
    return tm.Professionals(
        **{
            f: (None if getattr(pros, f) is None else getattr(pros, f)[rows])
            for f in pros.__dataclass_fields__
        }
    )


def bm25_rank(
    ts: gen.TalentSet,
    pro_idx: np.ndarray,
    k: int = 10,
    k1: float = 1.2,
    b: float = 0.75,
    job_words: list[list[str]] | None = None,
) -> np.ndarray:
    job_words = ts.job_words if job_words is None else job_words
    vocab: dict[str, int] = {}
    for ws in job_words:
        for w in ws:
            vocab.setdefault(w, len(vocab))
    rows, cols = [], []
    for i, ws in enumerate(job_words):
        for w in ws:
            rows.append(i)
            cols.append(vocab[w])
    tf = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(job_words), len(vocab)))
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


def ndcg(ranked: np.ndarray, rel: np.ndarray) -> tuple[float, float, float]:
    return gen.bootstrap_ci(gen.ndcg_at_k(ranked, rel))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pros", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=10_000)
    ap.add_argument("--eval", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    ts = gen.generate(args.pros, args.jobs, seed=args.seed)
    # ours: taxonomy words as skills (no ad-hoc skill for an unknown word), every word as text
    known_pros, known_jobs = to_engine(ts, keep_unknown=False)
    pros, jobs = with_text(ts, known_pros, known_jobs)
    with timer() as t:
        idx, _vals = tm.top_jobs(pros, jobs, k=10, block=256)
    peak = peak_rss_mb()
    sample = np.random.default_rng(args.seed).choice(args.pros, size=min(args.eval, args.pros), replace=False)
    rel = gen.relevance(ts, sample)
    ours, lo, hi = ndcg(idx[sample], rel)
    with timer() as tb:
        bm = bm25_rank(ts, sample)
    bm25, blo, bhi = ndcg(bm, rel)
    pop_order = np.argsort(-ts.job_attrs["salary_max_usd"], kind="stable")[:10]
    pop, _, _ = ndcg(np.tile(pop_order, (len(sample), 1)), rel)
    sub = subset(pros, sample)
    # ablation: the content term only (skills blended with text)
    saved = dict(tm.WEIGHTS)
    try:
        tm.WEIGHTS.update(
            {"skills": 1.0, "experience": 0.0, "level": 0.0, "language": 0.0, "salary": 0.0, "place": 0.0}
        )
        sidx, _ = tm.top_jobs(sub, jobs, k=10)
    finally:
        tm.WEIGHTS.update(saved)
    skills_only, _, _ = ndcg(sidx, rel)
    # ablations: no text term (unknown words lost), and the old ad-hoc skills for unknown words
    didx, _ = tm.top_jobs(subset(known_pros, sample), known_jobs, k=10)
    dropped, _, _ = ndcg(didx, rel)
    apros, ajobs = to_engine(ts, keep_unknown=True)
    aidx, _ = tm.top_jobs(subset(apros, sample), ajobs, k=10)
    adhoc, _, _ = ndcg(aidx, rel)
    # ablation: text term on the raw words (labels and synonyms not read through the taxonomy)
    rpros, rjobs = with_text(ts, known_pros, known_jobs, normalise=False)
    ridx, _ = tm.top_jobs(subset(rpros, sample), rjobs, k=10)
    raw_text, _, _ = ndcg(ridx, rel)
    # second family: adverts with no skill list at all (skills only in words among filler)
    adverts = free_text_jobs(ts, args.seed)
    fpros, fjobs = with_text(ts, known_pros, without_job_skills(known_jobs), adverts)
    fidx, _ = tm.top_jobs(subset(fpros, sample), fjobs, k=10)
    free, _, _ = ndcg(fidx, rel)
    free_bm25, _, _ = ndcg(bm25_rank(ts, sample, job_words=adverts), rel)
    size = f"{args.pros // 1000}kx{args.jobs // 1000}k"
    bench_line(
        "talent-match",
        size,
        ours=round(ours, 4),
        bm25=round(bm25, 4),
        ratio=round(ours / bm25, 3),
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
        adhoc_skills_ndcg10=round(adhoc, 4),
        raw_text_ndcg10=round(raw_text, 4),
        adverts_ndcg10=round(free, 4),
        adverts_bm25_ndcg10=round(free_bm25, 4),
        adverts_ratio=round(free / free_bm25, 3),
        bm25_s=round(tb["s"], 2),
    )


if __name__ == "__main__":
    main()
