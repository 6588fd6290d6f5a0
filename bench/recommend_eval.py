"""Honest evaluation of partner recommendations (used by bench_recommend.py).

Ranking quality on ``corridor.generators.recommend_eval`` (truth from a latent model, paraphrased
and partial titles, label noise, no identical titles) for ours, BM25 over postings and
popularity; nDCG@10 (graded gains 2/1), MRR and recall@10 over organisations with at least one
relevant partner, each with a 95 % bootstrap interval (1,000 resamples of organisations).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from corridor.engines import recommend as R
from corridor.engines.recommend import features, model, reasons, select

K = 10


def metrics(ranked: dict[int, list[int]], relevance: dict[int, dict[int, int]]) -> dict[str, np.ndarray]:
    nd, rr, rc = [], [], []
    for a, rel in sorted(relevance.items()):
        if not rel:
            continue
        lst = ranked.get(a, [])[:K]
        dcg = sum((2 ** rel.get(b, 0) - 1) / math.log2(i + 2) for i, b in enumerate(lst))
        ideal = sorted(rel.values(), reverse=True)[:K]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        nd.append(dcg / idcg)
        first = next((i for i, b in enumerate(lst) if b in rel), None)
        rr.append(0.0 if first is None else 1.0 / (first + 1))
        rc.append(sum(1 for b in lst if b in rel) / min(len(rel), K))
    return {"ndcg10": np.array(nd), "mrr": np.array(rr), "recall10": np.array(rc)}


def bootstrap(x: np.ndarray, seed: int = 0, n: int = 1000) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(n, len(x)))].mean(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def ours(orgs, **kw) -> dict[int, list[int]]:
    return {a: [r.partner_id for r in lst] for a, lst in R.recommend(orgs, k=K, **kw).items()}


def bm25(orgs, k1: float = 1.2, b: float = 0.75) -> dict[int, list[int]]:
    """BM25: query = the organisation's postings and description; documents = other-country
    organisations' postings (titles and texts) and description."""
    docs = [Counter(R.tokenize(R.org_document(o))) for o in orgs]
    n = len(docs)
    df = Counter(t for d in docs for t in d)
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
    lens = np.array([sum(d.values()) for d in docs], dtype=float)
    avg = lens.mean() if n else 1.0
    postings: dict[str, list[tuple[int, float]]] = {}
    for j, d in enumerate(docs):
        for t, f in d.items():
            postings.setdefault(t, []).append((j, f))
    out = {}
    for i, o in enumerate(orgs):
        score: dict[int, float] = {}
        for t in docs[i]:
            for j, f in postings.get(t, []):
                if orgs[j].country == o.country:
                    continue
                score[j] = score.get(j, 0.0) + idf[t] * f * (k1 + 1) / (f + k1 * (1 - b + b * lens[j] / avg))
        top = sorted(score.items(), key=lambda x: (-x[1], orgs[x[0]].id))[:K]
        out[o.id] = [orgs[j].id for j, _ in top]
    return out


def popularity(orgs) -> dict[int, list[int]]:
    """Most postings first (ties by id), other country only."""
    by_c: dict[str, list] = {}
    for o in orgs:
        by_c.setdefault(o.country, []).append(o)
    top = {
        c: [x.id for x in sorted(lst, key=lambda x: (-len(x.postings), x.id))][:K] for c, lst in by_c.items()
    }
    return {o.id: next(v for c, v in top.items() if c != o.country) if len(top) > 1 else [] for o in orgs}


COMPONENTS = {
    "need": ["W_NEED"],
    "lead": ["W_LEAD"],
    "text": ["W_TEXT"],
    "kind": ["W_KIND"],
    "sector": ["W_SECTOR"],
    "language": ["W_LANG"],
    "exact_title": ["NEED_EXACT"],
    "title_topic": ["NEED_TOPIC"],
}


class without:
    """Context manager: set the named weights to 0 in every engine module that reads them."""

    def __init__(self, names):
        self.names = names
        self.saved = []

    def __enter__(self):
        for mod in (model, features, select, reasons):
            for name in self.names:
                if hasattr(mod, name):
                    self.saved.append((mod, name, getattr(mod, name)))
                    setattr(mod, name, 0.0)
        return self

    def __exit__(self, *exc):
        for mod, name, value in reversed(self.saved):
            setattr(mod, name, value)
