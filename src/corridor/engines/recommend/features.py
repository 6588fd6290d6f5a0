"""Partner recommendations: features (see the package docstring)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .model import (
    COMPATIBLE_KIND,
    NEED_BASE,
    NEED_EXACT,
    NEED_TOPIC,
    W_KIND,
    W_LANG,
    W_SECTOR,
    OrgId,
    OrgProfile,
    Posting,
    kind_fit,
    tokenize,
)

# Feature construction
# ---------------------------------------------------------------------------


def _id_key(x: OrgId) -> tuple[int, int | str]:
    return (1, x) if isinstance(x, str) else (0, x)


def org_document(org: OrgProfile) -> str:
    """Text used for org-level TF-IDF: description plus all posting titles and texts."""
    parts = [org.description]
    for p in org.postings:
        parts.append(p.title)
        parts.append(p.text)
    return " ".join(parts)


def posting_document(p: Posting) -> str:
    """Text used for posting-level (topic) TF-IDF: the title; the posting text feeds the org-level text."""
    return p.title


def tfidf_matrix(docs: Sequence[str], max_df: float = 1.0, dtype=np.float32) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows (CSR of ``dtype``, float32 unless asked).

    ``tf = 1 + ln(count)``, ``idf = ln((1 + n) / (1 + df)) + 1``; terms with
    ``df > max_df · n`` are dropped.  Empty documents give zero rows.
    """
    n = len(docs)
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    counts: list[float] = []
    for d in docs:
        c = Counter(tokenize(d))
        for term, cnt in c.items():
            j = vocab.get(term)
            if j is None:
                j = vocab[term] = len(vocab)
            indices.append(j)
            counts.append(cnt)
        indptr.append(len(indices))
    V = len(vocab)
    ind = np.asarray(indices, dtype=np.int64)
    data = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
    df = np.bincount(ind, minlength=V).astype(np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    idf[df > max_df * n] = 0.0
    data = data * idf[ind] if len(ind) else data
    m = sp.csr_matrix((data, ind, np.asarray(indptr, dtype=np.int64)), shape=(n, V))
    m.eliminate_zeros()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m = sp.csr_matrix(sp.diags(1.0 / norms) @ m)
    m.sort_indices()
    return m.astype(dtype)


@dataclass
class _Features:
    ids: list[OrgId]
    orgs: list[OrgProfile]
    T: sp.csr_matrix  # org text tf-idf
    Rf: sp.csr_matrix  # requests: [0.2·key counts | 0.4·key⊗title-tfidf | 0.4·key⊗exact-title]
    Of: sp.csr_matrix  # offers:   [key counts | key⊗posting-tfidf]
    cls: np.ndarray  # profile class id per org (kind, sector set, language set)
    C: np.ndarray  # class table: static part of want(A→B)
    kind_idx: np.ndarray
    sset_idx: np.ndarray
    lset_idx: np.ndarray
    kind_tab: np.ndarray
    jac_tab: np.ndarray
    lang_tab: np.ndarray
    sset_list: list[frozenset[str]]
    lset_list: list[frozenset[str]]
    # float64 twins used to rescore the selected candidates exactly (the blocked
    # all-pairs pass runs in float32 and only chooses the candidate pools)
    T64: sp.csr_matrix | None = None
    Rf64: sp.csr_matrix | None = None
    Of64: sp.csr_matrix | None = None
    C64: np.ndarray | None = None


def _posting_region(p: Posting, org: OrgProfile) -> str:
    return p.target_country or org.country


def _build_features(orgs_sorted: list[OrgProfile], max_df: float) -> _Features:
    n = len(orgs_sorted)
    T = tfidf_matrix([org_document(o) for o in orgs_sorted], max_df=max_df, dtype=np.float64)

    # --- complementarity features -------------------------------------------------
    regions = sorted(
        {o.country for o in orgs_sorted}
        | {p.target_country for o in orgs_sorted for p in o.postings if p.target_country}
    )
    posts: list[tuple[int, Posting]] = [(i, p) for i, o in enumerate(orgs_sorted) for p in o.postings]
    P = (
        tfidf_matrix([posting_document(p) for _, p in posts], dtype=np.float64)
        if posts
        else sp.csr_matrix((0, 0), dtype=np.float64)
    )
    Vp = P.shape[1]
    keys: dict[tuple[str, str, str], int] = {}

    def key_id(kind: str, sector: str, region: str) -> int:
        k = keys.get((kind, sector, region))
        if k is None:
            k = keys[(kind, sector, region)] = len(keys)
        return k

    r_rows: list[int] = []
    r_keys: list[int] = []
    r_post: list[int] = []
    o_rows: list[int] = []
    o_keys: list[int] = []
    o_post: list[int] = []
    for pi, (i, p) in enumerate(posts):
        if p.is_offer:
            o_rows.append(i)
            o_keys.append(key_id(p.kind, p.sector, _posting_region(p, orgs_sorted[i])))
            o_post.append(pi)
        else:
            want_kind = COMPATIBLE_KIND.get(p.kind, p.kind)
            for reg in [p.target_country] if p.target_country else regions:
                r_rows.append(i)
                r_keys.append(key_id(want_kind, p.sector, reg))
                r_post.append(pi)
    K = max(len(keys), 1)

    def build(
        rows: list[int], kids: list[int], pids: list[int], scale: float, tscale: float
    ) -> sp.csr_matrix:
        rows_a = np.asarray(rows, dtype=np.int64)
        kid_a = np.asarray(kids, dtype=np.int64)
        key_part = sp.csr_matrix((np.full(len(rows_a), scale, np.float64), (rows_a, kid_a)), shape=(n, K))
        if len(rows_a) and Vp:
            sub = P[np.asarray(pids, dtype=np.int64)].tocoo()
            r = rows_a[sub.row]
            c = kid_a[sub.row] * Vp + sub.col
            txt = sp.csr_matrix((sub.data * tscale, (r, c)), shape=(n, K * max(Vp, 1)))
        else:
            txt = sp.csr_matrix((n, K * max(Vp, 1)), dtype=np.float64)
        m = sp.hstack([key_part, txt], format="csr").astype(np.float64)
        m.sum_duplicates()
        m.sort_indices()
        return m

    exact: dict[tuple[int, str], int] = {}
    norm_title = [" ".join(tokenize(p.title)) for _, p in posts]

    def exact_ids(kids: list[int], pids: list[int]) -> np.ndarray:
        return np.asarray(
            [exact.setdefault((kk, norm_title[pp]), len(exact)) for kk, pp in zip(kids, pids)], dtype=np.int64
        )

    r_ex = exact_ids(r_keys, r_post)
    o_ex = exact_ids(o_keys, o_post)
    E = max(len(exact), 1)

    def exact_part(rows: list[int], ex: np.ndarray, scale: float) -> sp.csr_matrix:
        return sp.csr_matrix(
            (np.full(len(ex), scale, np.float64), (np.asarray(rows, dtype=np.int64), ex)), shape=(n, E)
        )

    Rf = sp.hstack(
        [build(r_rows, r_keys, r_post, NEED_BASE, NEED_TOPIC), exact_part(r_rows, r_ex, NEED_EXACT)],
        format="csr",
    )
    Of = sp.hstack([build(o_rows, o_keys, o_post, 1.0, 1.0), exact_part(o_rows, o_ex, 1.0)], format="csr")
    for m_ in (Rf, Of):
        m_.sum_duplicates()
        m_.sort_indices()

    # --- static profile classes -----------------------------------------------------
    kind_list = sorted({o.kind for o in orgs_sorted})
    kind_pos = {k: i for i, k in enumerate(kind_list)}
    sset_pos: dict[frozenset[str], int] = {}
    lset_pos: dict[frozenset[str], int] = {}
    kind_idx = np.empty(n, np.int64)
    sset_idx = np.empty(n, np.int64)
    lset_idx = np.empty(n, np.int64)
    for i, o in enumerate(orgs_sorted):
        kind_idx[i] = kind_pos[o.kind]
        sset_idx[i] = sset_pos.setdefault(o.sectors, len(sset_pos))
        lset_idx[i] = lset_pos.setdefault(o.languages, len(lset_pos))
    sset_list = list(sset_pos)
    lset_list = list(lset_pos)
    kind_tab = np.array([[kind_fit(a, b) for b in kind_list] for a in kind_list], dtype=np.float64).reshape(
        len(kind_list), len(kind_list)
    )
    jac_tab = np.array(
        [[(len(a & b) / len(a | b)) if (a | b) else 0.0 for b in sset_list] for a in sset_list],
        dtype=np.float64,
    ).reshape(len(sset_list), len(sset_list))
    lang_tab = np.array(
        [[1.0 if (a & b) else 0.0 for b in lset_list] for a in lset_list], dtype=np.float64
    ).reshape(len(lset_list), len(lset_list))
    triple = kind_idx * (len(sset_list) * len(lset_list)) + sset_idx * len(lset_list) + lset_idx
    uniq, cls = np.unique(triple, return_inverse=True)
    ck = uniq // (len(sset_list) * len(lset_list))
    cs = (uniq // len(lset_list)) % len(sset_list)
    cl = uniq % len(lset_list)
    C64 = (
        W_KIND * kind_tab[np.ix_(ck, ck)]
        + W_SECTOR * jac_tab[np.ix_(cs, cs)]
        + W_LANG * lang_tab[np.ix_(cl, cl)]
    )
    return _Features(
        ids=[o.id for o in orgs_sorted],
        orgs=orgs_sorted,
        T=T.astype(np.float32),
        Rf=Rf.astype(np.float32),
        Of=Of.astype(np.float32),
        cls=cls.astype(np.int64),
        C=C64.astype(np.float32),
        kind_idx=kind_idx,
        sset_idx=sset_idx,
        lset_idx=lset_idx,
        kind_tab=kind_tab,
        jac_tab=jac_tab,
        lang_tab=lang_tab,
        sset_list=sset_list,
        lset_list=lset_list,
        T64=T,
        Rf64=Rf,
        Of64=Of,
        C64=C64,
    )


# ---------------------------------------------------------------------------
