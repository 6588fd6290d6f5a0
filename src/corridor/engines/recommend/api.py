"""Partner recommendations: api (see the package docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .features import _build_features, _Features, _id_key, org_document, tfidf_matrix
from .model import SCORE_DECIMALS, Feedback, OrgId, OrgProfile, Reason, Recommendation
from .reasons import _exact_scores, _ReasonBuilder, _rowwise_dot
from .select import _decode, _feedback_maps, _select_pools

# Public API
# ---------------------------------------------------------------------------


def _prepare(orgs: Iterable[OrgProfile]) -> list[OrgProfile]:
    lst = sorted(orgs, key=lambda o: _id_key(o.id))
    for x, y in zip(lst, lst[1:]):
        if x.id == y.id:
            raise ValueError(f"duplicate organisation id {x.id!r}")
    return lst


def recommend(
    orgs: Iterable[OrgProfile],
    *,
    k: int = 10,
    feedback: Iterable[Feedback] = (),
    sector_names: Mapping[str, str] | None = None,
    block_size: int = 512,
    popularity_damping: float = 0.0,
    candidate_pool: int | None = None,
    max_df: float = 0.5,
) -> dict[OrgId, list[Recommendation]]:
    """Top-``k`` cross-country partners for every organisation (see module docstring for the formula).

    ``candidate_pool`` (default ``max(3k, k + 20)``) partners per org are kept before popularity
    damping re-ranks them; ``max_df`` drops org-text terms present in more than that fraction
    of documents.  Every organisation id is a key of the result (possibly with an empty list).
    """
    if k <= 0:
        raise ValueError("k must be positive")
    sector_names = dict(sector_names or {})
    lst = _prepare(orgs)
    n = len(lst)
    if n == 0:
        return {}
    F = _build_features(lst, max_df)
    M = max(candidate_pool if candidate_pool is not None else max(3 * k, k + 20), k)
    pos = {o.id: i for i, o in enumerate(lst)}
    fb = _feedback_maps(feedback, pos)
    pool = _select_pools(F, M, max(1, block_size), fb, text_only=False)
    cand, _score32, valid = _decode(pool)
    # The float32 pass only chose the pools: rescore them exactly in float64 and round to
    # SCORE_DECIMALS, so that ties (equal scores computed in another order) break by id.
    exact = np.zeros(cand.shape, dtype=np.float64)
    ra, ca = np.nonzero(valid)
    exact[ra, ca] = _exact_scores(F, ra, cand[ra, ca], fb)
    valid &= exact > 0
    exact[~valid] = -np.inf
    order = np.lexsort((cand, -exact), axis=1)
    cand = np.take_along_axis(cand, order, axis=1)
    exact = np.take_along_axis(exact, order, axis=1)
    valid = np.take_along_axis(valid, order, axis=1)
    # preliminary top-k lists → in-degree
    prelim = valid & (np.cumsum(valid, axis=1) <= k)
    indeg = np.bincount(cand[prelim], minlength=n).astype(np.float64)
    damped = np.round(
        exact / np.power(1.0 + indeg[np.clip(cand, 0, n - 1)], popularity_damping), SCORE_DECIMALS
    )
    damped[~valid] = -np.inf
    order = np.lexsort((cand, -damped), axis=1)
    cand = np.take_along_axis(cand, order, axis=1)[:, :k]
    damped = np.take_along_axis(damped, order, axis=1)[:, :k]
    keep = np.isfinite(damped)
    ia = np.repeat(np.arange(n), keep.sum(axis=1))
    ib = cand[keep]
    sc = damped[keep]
    need = _rowwise_dot(F.Rf64, ia, F.Of64, ib)
    lead = _rowwise_dot(F.Rf64, ib, F.Of64, ia)
    cos = _rowwise_dot(F.T64, ia, F.T64, ib)
    out: dict[OrgId, list[Recommendation]] = {o.id: [] for o in lst}
    ids = F.ids
    build = _ReasonBuilder(F, sector_names)
    for a, b, s_, nd, ld, cs in zip(
        ia.tolist(), ib.tolist(), sc.tolist(), need.tolist(), lead.tolist(), cos.tolist()
    ):
        out[ids[a]].append(Recommendation(ids[a], ids[b], s_, build(a, b, nd, ld, cs)))
    return out


def text_only_baseline(
    orgs: Iterable[OrgProfile], k: int = 10, *, block_size: int = 512, max_df: float = 0.5
) -> dict[OrgId, list[Recommendation]]:
    """Baseline: top-``k`` other-country partners by TF-IDF cosine of org documents only (no damping)."""
    lst = _prepare(orgs)
    n = len(lst)
    if n == 0:
        return {}
    T = tfidf_matrix([org_document(o) for o in lst], max_df=max_df)
    F = _Features(
        ids=[o.id for o in lst],
        orgs=lst,
        T=T,
        Rf=T,
        Of=T,
        cls=np.zeros(n, np.int64),
        C=np.zeros((1, 1), np.float32),
        kind_idx=np.zeros(n, np.int64),
        sset_idx=np.zeros(n, np.int64),
        lset_idx=np.zeros(n, np.int64),
        kind_tab=np.zeros((1, 1)),
        jac_tab=np.zeros((1, 1)),
        lang_tab=np.zeros((1, 1)),
        sset_list=[],
        lset_list=[],
    )
    pool = _select_pools(F, k, max(1, block_size), {}, text_only=True)
    cand, score, valid = _decode(pool)
    out: dict[OrgId, list[Recommendation]] = {o.id: [] for o in lst}
    for a in range(n):
        for j in np.nonzero(valid[a])[0][:k].tolist():
            s = float(score[a, j])
            out[lst[a].id].append(
                Recommendation(
                    lst[a].id,
                    lst[int(cand[a, j])].id,
                    s,
                    (Reason("text", f"Similar text (cosine {s:.2f})", s),),
                )
            )
    return out


def recall_at_k(
    recs: Mapping[OrgId, Sequence[Recommendation]], planted: Sequence[tuple[OrgId, OrgId]], k: int = 10
) -> float:
    """Fraction of planted (a, b) pairs found, both directions counted: (#b∈top_k(a) + #a∈top_k(b)) / (2·|planted|)."""
    if not planted:
        return 1.0
    tops = {o: {r.partner_id for r in lst[:k]} for o, lst in recs.items()}
    hits = 0
    for a, b in planted:
        hits += b in tops.get(a, ())
        hits += a in tops.get(b, ())
    return hits / (2 * len(planted))


# ---------------------------------------------------------------------------
