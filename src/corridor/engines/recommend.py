"""Cross-border partner recommendations for the Malaysia–Kenya corridor.

Pure Python + numpy/scipy, no Django.  Given organisation profiles (country,
kind, sectors, description, languages, offers and requests) the engine returns,
for every organisation, its top-``k`` partners **in another country**, each with
human-readable reasons.

Scoring
=======
For an ordered pair (A viewing B) the *directional want* is::

    want(A→B) = W_NEED  · need(A←B)      # B's offers satisfy A's requests
              + W_LEAD  · need(B←A)      # A's offers satisfy B's requests (a lead for A)
              + W_TEXT  · cos(A, B)      # TF-IDF cosine of description + postings
              + W_KIND  · KIND_FIT[A.kind][B.kind]
              + W_SECTOR· |A.sectors ∩ B.sectors| / |A.sectors ∪ B.sectors|   (Jaccard)
              + W_LANG  · [A.languages ∩ B.languages ≠ ∅]

with ``need(A←B) = Σ_{r ∈ requests(A), o ∈ offers(B), match(r, o)} (0.2 + 0.4·cos_post(r, o) + 0.4·same(r, o))``
where ``match`` requires ``o.kind == COMPATIBLE_KIND[r.kind]`` (investment_sought ↔
investment_offered, every other kind matches itself), ``o.sector == r.sector`` and
``r.target_country in (None, region(o))`` with ``region(o) = o.target_country or
B.country``; ``cos_post`` is the TF-IDF cosine of the two postings' titles
(IDF over all posting titles) and ``same`` is 1 when the normalised titles
(``" ".join(tokenize(title))``) are identical (a phrase-match bonus).

The two directions are combined with a geometric mean, so both sides must want
the meeting::

    S(A, B) = sqrt(want(A→B) · want(B→A))          (symmetric: S(A, B) == S(B, A))

Pairs with ``S == 0`` are never recommended.  Feedback is applied per viewer:
``not_relevant`` removes the partner from that viewer's list, ``contacted``
multiplies the viewer's score by ``1 + CONTACT_BOOST``.  The best
``candidate_pool`` partners per organisation are kept; the first ``k`` of them form
*preliminary* lists, whose in-degree ``indeg(B)`` (how many lists contain B)
damps popular organisations::

    score(A, B) = S'(A, B) / (1 + indeg(B)) ** popularity_damping

and the final list is the top ``k`` of the candidate pool under that score.
Ties are always broken by ascending organisation id.  All-pairs scoring is done
with scipy.sparse / numpy over blocks of ``block_size`` rows, so memory stays
bounded (≈ a few arrays of ``block_size × n_other`` floats).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp

OrgId = int | str

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

ORG_KINDS = ("company", "startup", "investor", "tech_hub", "university", "agency", "association")
POSTING_KINDS = (
    "product",
    "service",
    "partnership",
    "distribution",
    "investment_offered",
    "investment_sought",
    "rnd",
    "talent",
)
COMPATIBLE_KIND: dict[str, str] = {k: k for k in POSTING_KINDS}
COMPATIBLE_KIND["investment_sought"] = "investment_offered"
COMPATIBLE_KIND["investment_offered"] = "investment_sought"

COUNTRY_NAMES = {"MY": "Malaysia", "KE": "Kenya"}
LANGUAGE_NAMES = {
    "en": "English",
    "ms": "Malay",
    "sw": "Swahili",
    "zh": "Chinese",
    "ta": "Tamil",
    "fr": "French",
}
KIND_LABELS = {
    "company": "company",
    "startup": "startup",
    "investor": "investor",
    "tech_hub": "tech hub",
    "university": "university",
    "agency": "government agency",
    "association": "industry association",
}
DEFAULT_SECTOR_NAMES = {
    "fintech": "fintech",
    "logistics": "logistics",
    "smart-agriculture": "smart agriculture",
    "e-learning": "e-learning",
    "e-commerce": "e-commerce",
    "ai-data": "AI and data",
    "other-digital": "other digital services",
}

W_NEED = 3.0
W_LEAD = 2.0
W_TEXT = 1.0
W_KIND = 0.6
W_SECTOR = 0.6
W_LANG = 0.2
NEED_BASE = 0.2  # per matched (request, offer): NEED_BASE + NEED_TOPIC·cos(titles) + NEED_EXACT·[same title]
NEED_TOPIC = 0.4
NEED_EXACT = 0.4
CONTACT_BOOST = 0.1
KIND_FIT_DEFAULT = 0.2

_KIND_FIT_PAIRS = {
    ("startup", "investor"): 1.0,
    ("investor", "startup"): 1.0,
    ("startup", "tech_hub"): 0.8,
    ("tech_hub", "startup"): 0.8,
    ("company", "company"): 0.8,
    ("startup", "company"): 0.6,
    ("company", "startup"): 0.6,
    ("university", "company"): 0.7,
    ("company", "university"): 0.5,
    ("university", "startup"): 0.5,
    ("startup", "university"): 0.4,
    ("university", "university"): 0.6,
    ("agency", "company"): 0.6,
    ("company", "agency"): 0.5,
    ("agency", "agency"): 0.7,
    ("agency", "association"): 0.6,
    ("association", "agency"): 0.6,
    ("association", "association"): 0.7,
    ("association", "company"): 0.5,
    ("company", "association"): 0.4,
    ("tech_hub", "tech_hub"): 0.7,
    ("tech_hub", "university"): 0.5,
    ("university", "tech_hub"): 0.5,
    ("investor", "tech_hub"): 0.5,
    ("tech_hub", "investor"): 0.6,
    ("investor", "investor"): 0.3,
    ("investor", "company"): 0.3,
    ("company", "investor"): 0.4,
}


def kind_fit(a: str, b: str) -> float:
    """How much an organisation of kind ``a`` wants to meet one of kind ``b`` (0..1, directional)."""
    return _KIND_FIT_PAIRS.get((a, b), KIND_FIT_DEFAULT)


STOPWORDS = frozenset(
    """a an and are as at be by for from has have in into is it its of on or our that the their this
    to we with you your they them who which will can more than also across both all new over per""".split()
)
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens (hyphenated words kept whole), minus stop words and 1-char tokens."""
    return [t for t in _TOKEN_RE.findall(text.lower()) if len(t) > 1 and t not in STOPWORDS]


# ---------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    """An offer (``is_offer=True``) or request of some ``kind`` in a sector, optionally for a target country."""

    kind: str
    is_offer: bool
    sector: str
    title: str
    text: str = ""
    target_country: str | None = None


@dataclass(frozen=True)
class OrgProfile:
    """An organisation on the platform.  Iterables are frozen on construction."""

    id: OrgId
    country: str
    kind: str
    sectors: frozenset[str] = field(default_factory=frozenset)
    description: str = ""
    languages: frozenset[str] = field(default_factory=frozenset)
    postings: tuple[Posting, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sectors", frozenset(self.sectors))
        object.__setattr__(self, "languages", frozenset(self.languages))
        object.__setattr__(self, "postings", tuple(self.postings))


@dataclass(frozen=True)
class Feedback:
    """Feedback of ``org_id`` about a recommended ``partner_id``."""

    org_id: OrgId
    partner_id: OrgId
    kind: Literal["not_relevant", "contacted"]


@dataclass(frozen=True)
class Reason:
    """One explanation; ``weight`` is the component's contribution to want(viewer→partner)."""

    code: str
    text: str
    weight: float


@dataclass(frozen=True)
class Recommendation:
    """``partner_id`` recommended to ``org_id`` with final (damped) ``score`` and reasons, strongest first."""

    org_id: OrgId
    partner_id: OrgId
    score: float
    reasons: tuple[Reason, ...]


# ---------------------------------------------------------------------------
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


def tfidf_matrix(docs: Sequence[str], max_df: float = 1.0) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows (float32 CSR).

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
    return m.astype(np.float32)


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


def _posting_region(p: Posting, org: OrgProfile) -> str:
    return p.target_country or org.country


def _build_features(orgs_sorted: list[OrgProfile], max_df: float) -> _Features:
    n = len(orgs_sorted)
    T = tfidf_matrix([org_document(o) for o in orgs_sorted], max_df=max_df)

    # --- complementarity features -------------------------------------------------
    regions = sorted(
        {o.country for o in orgs_sorted}
        | {p.target_country for o in orgs_sorted for p in o.postings if p.target_country}
    )
    posts: list[tuple[int, Posting]] = [(i, p) for i, o in enumerate(orgs_sorted) for p in o.postings]
    P = (
        tfidf_matrix([posting_document(p) for _, p in posts])
        if posts
        else sp.csr_matrix((0, 0), dtype=np.float32)
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
        key_part = sp.csr_matrix((np.full(len(rows_a), scale, np.float32), (rows_a, kid_a)), shape=(n, K))
        if len(rows_a) and Vp:
            sub = P[np.asarray(pids, dtype=np.int64)].tocoo()
            r = rows_a[sub.row]
            c = kid_a[sub.row] * Vp + sub.col
            txt = sp.csr_matrix((sub.data.astype(np.float32) * tscale, (r, c)), shape=(n, K * max(Vp, 1)))
        else:
            txt = sp.csr_matrix((n, K * max(Vp, 1)), dtype=np.float32)
        m = sp.hstack([key_part, txt], format="csr").astype(np.float32)
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
            (np.full(len(ex), scale, np.float32), (np.asarray(rows, dtype=np.int64), ex)), shape=(n, E)
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
    C = (
        W_KIND * kind_tab[np.ix_(ck, ck)]
        + W_SECTOR * jac_tab[np.ix_(cs, cs)]
        + W_LANG * lang_tab[np.ix_(cl, cl)]
    ).astype(np.float32)
    return _Features(
        ids=[o.id for o in orgs_sorted],
        orgs=orgs_sorted,
        T=T,
        Rf=Rf,
        Of=Of,
        cls=cls.astype(np.int64),
        C=C,
        kind_idx=kind_idx,
        sset_idx=sset_idx,
        lset_idx=lset_idx,
        kind_tab=kind_tab,
        jac_tab=jac_tab,
        lang_tab=lang_tab,
        sset_list=sset_list,
        lset_list=lset_list,
    )


# ---------------------------------------------------------------------------
# Blocked all-pairs top-M selection
# ---------------------------------------------------------------------------

_LOW = np.int64(0x7FFFFFFF)
_LOWMASK = np.int64(0xFFFFFFFF)


def _keys(S: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """Composite int64 sort keys: float32 score bits (scores ≥ 0) high, (LOW - candidate index) low.

    Larger key = higher score, then lower candidate index (i.e. lower id).  Score 0 → high part 0.
    """
    k = S.view(np.int32).astype(np.int64)
    k <<= 32
    k |= _LOW - cand.astype(np.int64)[None, :]
    return k


def _key_of(score: float, cand: int) -> np.int64:
    s = np.float32(max(score, 0.0))
    return (np.int64(np.array([s], np.float32).view(np.int32)[0]) << 32) | (_LOW - np.int64(cand))


def _top_keys(keys: np.ndarray, M: int) -> np.ndarray:
    if keys.shape[1] <= M:
        return keys
    return np.partition(keys, keys.shape[1] - M, axis=1)[:, keys.shape[1] - M :]


def _merge(pool: np.ndarray, idx: np.ndarray, new: np.ndarray, M: int) -> None:
    cat = np.concatenate([pool[idx], new], axis=1)
    pool[idx] = _top_keys(cat, M)


def _decode(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort each row descending and split keys into (candidate index, score float32, valid mask)."""
    ks = np.sort(keys, axis=1)[:, ::-1]
    hi = (ks >> 32).astype(np.int32)
    score = hi.view(np.float32)
    cand = (_LOW - (ks & _LOWMASK)).astype(np.int64)
    valid = hi > 0
    return cand, score, valid


def _feedback_maps(feedback: Iterable[Feedback], pos: Mapping[OrgId, int]) -> dict[tuple[int, int], float]:
    """(viewer index, partner index) → multiplier (0 for not_relevant; not_relevant wins)."""
    out: dict[tuple[int, int], float] = {}
    for f in feedback:
        a = pos.get(f.org_id)
        b = pos.get(f.partner_id)
        if a is None or b is None:
            continue
        if f.kind == "not_relevant":
            out[(a, b)] = 0.0
        elif f.kind == "contacted":
            if out.get((a, b)) != 0.0:
                out[(a, b)] = 1.0 + CONTACT_BOOST
        else:
            raise ValueError(f"unknown feedback kind {f.kind!r}")
    return out


def _apply_feedback(
    keys: np.ndarray,
    S_view: np.ndarray,
    viewers: np.ndarray,
    cands: np.ndarray,
    fb_by_viewer: dict[int, list[tuple[int, float]]],
) -> None:
    """Adjust keys in place for feedback of the given viewers (rows of ``keys``) about candidates (cols)."""
    if not fb_by_viewer:
        return
    col_pos = None
    for r, v in enumerate(viewers.tolist()):
        lst = fb_by_viewer.get(v)
        if not lst:
            continue
        if col_pos is None:
            col_pos = {int(c): j for j, c in enumerate(cands.tolist())}
        for partner, mult in lst:
            j = col_pos.get(partner)
            if j is None:
                continue
            keys[r, j] = (
                _key_of(float(S_view[r, j]) * mult, partner) if mult > 0 else (_LOW - np.int64(partner))
            )


def _pair_scores_block(
    F: _Features, rows: np.ndarray, cols: np.ndarray, Ocols_T, Rcols_T, Tcols_T, text_only: bool
):
    """S (float32, len(rows) × len(cols)) = sqrt(want(row→col) · want(col→row))."""
    cos = (F.T[rows] @ Tcols_T).toarray()  # SpGEMM output has no duplicate entries
    if text_only:
        return cos.astype(np.float32, copy=False)
    if W_TEXT != 1.0:
        cos *= np.float32(W_TEXT)
    crow = F.cls[rows]
    ccol = F.cls[cols]
    wab = np.take(F.C[crow], ccol, axis=1)
    wab += cos
    wba = np.take(F.C.T[crow], ccol, axis=1)
    wba += cos
    del cos
    need_ab = F.Rf[rows] @ Ocols_T  # row's requests met by col's offers
    need_ba = F.Of[rows] @ Rcols_T  # col's requests met by row's offers
    for Z, w_ab, w_ba in ((need_ab, W_NEED, W_LEAD), (need_ba, W_LEAD, W_NEED)):
        if Z.nnz:
            r = np.repeat(np.arange(Z.shape[0]), np.diff(Z.indptr))
            d = Z.data.astype(np.float32)
            wab[r, Z.indices] += np.float32(w_ab) * d
            wba[r, Z.indices] += np.float32(w_ba) * d
    wab *= wba
    del wba
    np.sqrt(wab, out=wab)
    return wab


def _select_pools(
    F: _Features,
    M: int,
    block_size: int,
    fb: dict[tuple[int, int], float],
    text_only: bool,
) -> np.ndarray:
    n = len(F.ids)
    pool = np.zeros((n, M), dtype=np.int64)  # key 0 ⇒ empty slot
    # (pad keys must stay invalid: high part 0)
    fb_by_viewer: dict[int, list[tuple[int, float]]] = {}
    for (a, b), mult in sorted(fb.items()):
        fb_by_viewer.setdefault(a, []).append((b, mult))
    groups: dict[str, list[int]] = {}
    for i, o in enumerate(F.orgs):
        groups.setdefault(o.country, []).append(i)
    countries = sorted(groups)
    for gi, c1 in enumerate(countries):
        for c2 in countries[gi + 1 :]:
            rows_all = np.asarray(groups[c1], dtype=np.int64)
            cols = np.asarray(groups[c2], dtype=np.int64)
            Tc = F.T[cols].T.tocsr()
            Oc = F.Of[cols].T.tocsr() if not text_only else None
            Rc = F.Rf[cols].T.tocsr() if not text_only else None
            for start in range(0, len(rows_all), block_size):
                rows = rows_all[start : start + block_size]
                S = _pair_scores_block(F, rows, cols, Oc, Rc, Tc, text_only)
                # rows view: candidates are cols
                keys = _keys(S, cols)
                _apply_feedback(keys, S, rows, cols, fb_by_viewer)
                _merge(pool, rows, _top_keys(keys, M), M)
                del keys
                # cols view: candidates are rows
                ST = np.ascontiguousarray(S.T)
                del S
                keys = _keys(ST, rows)
                _apply_feedback(keys, ST, cols, rows, fb_by_viewer)
                del ST
                _merge(pool, cols, _top_keys(keys, M), M)
                del keys
    return pool


# ---------------------------------------------------------------------------
# Reasons
# ---------------------------------------------------------------------------


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _matches(req: Posting, req_org: OrgProfile, off: Posting, off_org: OrgProfile) -> bool:
    return (
        off.kind == COMPATIBLE_KIND.get(req.kind, req.kind)
        and off.sector == req.sector
        and (req.target_country is None or req.target_country == _posting_region(off, off_org))
    )


def _country(c: str) -> str:
    return COUNTRY_NAMES.get(c, c)


def _need_texts(viewer: OrgProfile, partner: OrgProfile) -> list[str]:
    out = []
    for r in viewer.postings:
        if r.is_offer:
            continue
        for o in partner.postings:
            if o.is_offer and _matches(r, viewer, o, partner):
                if o.kind == "investment_offered" and partner.kind == "investor":
                    out.append(f"Investor looking for {o.title}")
                else:
                    out.append(
                        f"They offer {o.title} in {_country(_posting_region(o, partner))}, which you requested"
                    )
    return out


def _lead_texts(viewer: OrgProfile, partner: OrgProfile) -> list[str]:
    out = []
    for r in partner.postings:
        if r.is_offer:
            continue
        for o in viewer.postings:
            if o.is_offer and _matches(r, partner, o, viewer):
                where = f" in {_country(r.target_country)}" if r.target_country else ""
                out.append(f"They are looking for {r.title}{where}, which you offer")
    return out


class _ReasonBuilder:
    """Builds reason tuples; static reasons (kind, sector, language) are cached per profile-class pair."""

    def __init__(self, F: _Features, sector_names: Mapping[str, str]) -> None:
        self.F = F
        self.sector_names = sector_names
        self.cache: dict[tuple[str, int, int, str], Reason | None] = {}

    def _kind(self, a: int, b: int) -> Reason | None:
        F = self.F
        A, B = F.orgs[a], F.orgs[b]
        key = ("kind", int(F.kind_idx[a]), int(F.kind_idx[b]), B.country)
        if key not in self.cache:
            kf = float(F.kind_tab[key[1], key[2]])
            lb = KIND_LABELS.get(B.kind, B.kind)
            la = KIND_LABELS.get(A.kind, A.kind)
            if kf >= 0.5:
                text = f"{_article(lb).capitalize()} {lb} is a natural partner for {_article(la)} {la}"
            else:
                text = f"Cross-border contact: {_article(lb)} {lb} in {_country(B.country)}"
            self.cache[key] = Reason("kind", text, W_KIND * kf) if kf > 0 else None
        return self.cache[key]

    def _sector(self, a: int, b: int) -> Reason | None:
        F = self.F
        key = ("sector", int(F.sset_idx[a]), int(F.sset_idx[b]), "")
        if key not in self.cache:
            jac = float(F.jac_tab[key[1], key[2]])
            shared = sorted(F.orgs[a].sectors & F.orgs[b].sectors)
            names = [
                self.sector_names.get(x, DEFAULT_SECTOR_NAMES.get(x, x.replace("-", " "))) for x in shared
            ]
            self.cache[key] = Reason("sector", f"Both in {_join(names)}", W_SECTOR * jac) if jac > 0 else None
        return self.cache[key]

    def _language(self, a: int, b: int) -> Reason | None:
        F = self.F
        key = ("language", int(F.lset_idx[a]), int(F.lset_idx[b]), "")
        if key not in self.cache:
            langs = [LANGUAGE_NAMES.get(x, x) for x in sorted(F.orgs[a].languages & F.orgs[b].languages)]
            word = "language" if len(langs) == 1 else "languages"
            self.cache[key] = (
                Reason("language", f"You share the working {word} {_join(langs)}", W_LANG) if langs else None
            )
        return self.cache[key]

    def __call__(self, a: int, b: int, need: float, lead: float, cos: float) -> tuple[Reason, ...]:
        A = self.F.orgs[a]
        B = self.F.orgs[b]
        out: list[Reason] = []
        if need > 0:
            texts = _need_texts(A, B)
            out.append(
                Reason(
                    "need",
                    "; ".join(dict.fromkeys(texts)) or "They offer what you requested",
                    float(W_NEED * need),
                )
            )
        if lead > 0:
            texts = _lead_texts(A, B)
            out.append(
                Reason(
                    "lead",
                    "; ".join(dict.fromkeys(texts)) or "They request what you offer",
                    float(W_LEAD * lead),
                )
            )
        if cos > 0:
            out.append(
                Reason(
                    "text",
                    f"Similar activities and vocabulary (text similarity {cos:.2f})",
                    float(W_TEXT * cos),
                )
            )
        for r in (self._kind(a, b), self._sector(a, b), self._language(a, b)):
            if r is not None:
                out.append(r)
        out.sort(key=_reason_order)
        return tuple(out)


def _reason_order(r: Reason) -> tuple[float, str]:
    return (-r.weight, r.code)


def _rowwise_dot(A: sp.csr_matrix, ia: np.ndarray, B: sp.csr_matrix, ib: np.ndarray) -> np.ndarray:
    if len(ia) == 0:
        return np.zeros(0)
    return np.asarray(A[ia].multiply(B[ib]).sum(axis=1), dtype=np.float64).ravel()


# ---------------------------------------------------------------------------
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
    popularity_damping: float = 0.3,
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
    cand, score, valid = _decode(pool)
    # preliminary top-k lists → in-degree
    prelim = valid & (np.cumsum(valid, axis=1) <= k)
    indeg = np.bincount(cand[prelim], minlength=n).astype(np.float64)
    damped = score.astype(np.float64) / np.power(1.0 + indeg[np.clip(cand, 0, n - 1)], popularity_damping)
    damped[~valid] = -np.inf
    order = np.lexsort((cand, -damped), axis=1)
    cand = np.take_along_axis(cand, order, axis=1)[:, :k]
    damped = np.take_along_axis(damped, order, axis=1)[:, :k]
    keep = np.isfinite(damped)
    ia = np.repeat(np.arange(n), keep.sum(axis=1))
    ib = cand[keep]
    sc = damped[keep]
    need = _rowwise_dot(F.Rf, ia, F.Of, ib)
    lead = _rowwise_dot(F.Rf, ib, F.Of, ia)
    cos = _rowwise_dot(F.T, ia, F.T, ib)
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
# Synthetic data
# ---------------------------------------------------------------------------

_SECTORS: dict[str, dict[str, list[str]]] = {
    "fintech": {
        "a": "payments wallet remittance lending credit banking ledger settlement merchant-acquiring kyc compliance fraud "
        "payouts invoicing microfinance card-issuing treasury reconciliation fx savings insurance underwriting "
        "open-banking api-banking escrow".split(),
        "b": "money-transfer cashless e-money mobile-money loans financing bancassurance regtech anti-fraud "
        "onboarding chama sacco takaful islamic-finance shariah crowdfunding p2p cross-border-pay till "
        "agent-network float billers bnpl".split(),
        "topics": "payments gateway|remittance corridor|digital lending|kyc onboarding|merchant acquiring|"
        "islamic finance platform|insurance distribution|payroll automation".split("|"),
    },
    "logistics": {
        "a": "freight haulage warehousing shipment forwarding customs trucking containers port fleet routing "
        "tracking dispatch courier parcels pallets consolidation transit clearance inventory depots "
        "bonded cargo drayage manifests".split(),
        "b": "supply-chain fulfilment distribution transport delivery last-mile riders boda-boda cold-storage "
        "reefer perishables sorting hubs lorries movers intermodal rail-freight air-cargo matatu "
        "traceability e-waybill cross-docking 3pl".split(),
        "topics": "cold-chain logistics|last-mile delivery|freight forwarding|warehouse management|"
        "customs clearance|fleet telematics|port logistics|e-commerce fulfilment".split("|"),
    },
    "smart-agriculture": {
        "a": "agronomy crops irrigation sensors soil yields harvest farmers smallholders greenhouse drones "
        "fertiliser seeds livestock dairy aquaculture weather agritech precision farm-management "
        "pest-control hydroponics tea coffee".split(),
        "b": "agriculture cultivation growers plantations palm-oil durian cocoa rubber agro-processing "
        "post-harvest agri-inputs extension-services cooperatives outgrowers horticulture avocado "
        "macadamia poultry fisheries vertical-farming agri-fintech".split(),
        "topics": "precision irrigation|crop monitoring drones|soil testing|livestock tracking|"
        "agri-input marketplace|post-harvest storage|farm management software|smart greenhouse".split("|"),
    },
    "e-learning": {
        "a": "courses curriculum learners teachers classrooms lms tutoring exams certification skills "
        "students lectures edtech content assessment literacy stem coding-bootcamp mooc "
        "schools pedagogy elearning".split(),
        "b": "training upskilling reskilling workforce academies micro-credentials apprenticeships "
        "instructors vocational tvet digital-literacy blended-learning webinars mentorship "
        "graduates faculty campus e-tutoring scholarships competency".split(),
        "topics": "online courses|teacher training|learning management system|exam preparation|"
        "coding bootcamp|vocational training|language learning app|corporate upskilling".split("|"),
    },
    "e-commerce": {
        "a": "marketplace online-store shoppers checkout catalogue retail sellers merchants orders "
        "cart dropshipping brands sku listings storefront promotions livestream social-commerce "
        "conversion basket coupons resellers d2c".split(),
        "b": "e-retail webshop consumers buyers vendors wholesale b2b-trade sourcing export halal-products "
        "handicrafts fashion cosmetics groceries quick-commerce omnichannel duka kiosks "
        "procurement trade-portal distributors".split(),
        "topics": "cross-border marketplace|halal product export|online grocery|social commerce|"
        "b2b wholesale platform|payment checkout integration|fashion retail|seller onboarding".split("|"),
    },
    "ai-data": {
        "a": "machine-learning analytics models datasets computer-vision nlp prediction forecasting "
        "dashboards algorithms training-data inference neural-networks chatbots data-labeling "
        "recommendation-engines automation mlops gpu big-data".split(),
        "b": "artificial-intelligence insights intelligence data-science statistics modelling "
        "data-platforms data-warehousing business-intelligence speech-recognition ocr "
        "geospatial satellite-imagery annotation decision-support predictive-maintenance "
        "conversational-ai genai llm".split(),
        "topics": "credit scoring models|computer vision inspection|swahili nlp|malay speech recognition|"
        "demand forecasting|data annotation services|satellite crop analytics|customer analytics".split("|"),
    },
    "other-digital": {
        "a": "software cloud saas cybersecurity devops apps web mobile-apps hosting networking "
        "iot connectivity broadband outsourcing it-services consulting integration erp crm "
        "managed-services helpdesk".split(),
        "b": "digital-transformation systems-integration bpo call-centres infrastructure datacentre "
        "telecoms fibre 5g smart-cities govtech e-government digital-id blockchain "
        "creative-media animation gaming content-studios".split(),
        "topics": "cloud migration|cybersecurity audit|mobile app development|erp implementation|"
        "iot connectivity|bpo services|digital id systems|game development".split("|"),
    },
}
_QUALIFIERS = (
    "seed-stage|series-a|enterprise|sme-focused|halal-certified|low-cost|regional|rural|urban|"
    "export-oriented|women-led|government-backed|university-led|open-source|mobile-first|b2b".split("|")
)
_GENERIC = (
    "platform solutions digital services partners customers growth team innovative leading provider "
    "company based founded market markets regional africa asia southeast east nairobi kuala-lumpur mombasa "
    "penang johor kisumu selangor scale impact quality trusted network expertise experience years clients "
    "technology technologies business businesses ecosystem opportunities expansion collaboration "
    "sustainable affordable secure reliable local global community communities national industry industries"
).split()
_KIND_NOUN = {
    "company": "company",
    "startup": "startup",
    "investor": "fund",
    "tech_hub": "innovation hub",
    "university": "university",
    "agency": "agency",
    "association": "association",
}
_KIND_WEIGHTS = [
    ("company", 0.3),
    ("startup", 0.3),
    ("investor", 0.08),
    ("tech_hub", 0.08),
    ("university", 0.08),
    ("agency", 0.08),
    ("association", 0.08),
]
_POSTING_KINDS_BY_ORG = {
    "company": ["product", "service", "distribution", "partnership"],
    "startup": ["product", "service", "partnership", "talent"],
    "investor": ["investment_offered"],
    "tech_hub": ["partnership", "service", "talent"],
    "university": ["rnd", "talent", "partnership"],
    "agency": ["partnership", "service"],
    "association": ["partnership", "distribution"],
}


def _describe(
    rng: np.random.Generator,
    kind: str,
    sector: str,
    dialect: str,
    n_words: int = 12,
    extra: Sequence[str] = (),
) -> str:
    """Description mostly (≈ 2/3) in one vocabulary dialect of the sector, the rest in the other."""
    v = _SECTORS[sector][dialect]
    other = _SECTORS[sector]["b" if dialect == "a" else "a"]
    n_other = n_words // 3
    words = list(rng.choice(v, size=min(n_words - n_other, len(v)), replace=False))
    words += list(rng.choice(other, size=n_other, replace=False))
    words += list(rng.choice(_GENERIC, size=4, replace=False))
    words += list(extra)
    rng.shuffle(words)
    return f"A {_KIND_NOUN[kind]} working on " + " ".join(words) + "."


_SUFFIXES = (
    "|for smes|for exporters|for rural areas|for banks|for retailers|for farmers|for schools|for hospitals|"
    "for manufacturers|for government|for cooperatives|for youth|for women entrepreneurs|for tourism|for ports".split(
        "|"
    )
)


def _random_title(rng: np.random.Generator, sector: str) -> str:
    """Posting title: qualifier + sector topic + optional audience (16 × 8 × 16 variants per sector)."""
    q = _QUALIFIERS[rng.integers(len(_QUALIFIERS))]
    t = _SECTORS[sector]["topics"][rng.integers(8)]
    suf = _SUFFIXES[rng.integers(len(_SUFFIXES))]
    return f"{q} {t} {suf}".strip()


_STAGES = ("pre-seed", "seed-stage", "series-a", "growth-stage")


def _investment_title(rng: np.random.Generator, sector: str) -> str:
    """Investment posting title: stage + sector topic + optional audience, e.g. "seed-stage digital lending"."""
    t = _SECTORS[sector]["topics"][rng.integers(8)]
    suf = _SUFFIXES[rng.integers(len(_SUFFIXES))]
    return f"{_STAGES[rng.integers(len(_STAGES))]} {t} {suf}".strip()


def _posting_text(rng: np.random.Generator, sector: str, dialect: str) -> str:
    v = _SECTORS[sector][dialect]
    return " ".join(rng.choice(v, size=4, replace=False))


def generate_orgs(
    n: int, seed: int = 0, planted_pairs: int | None = None, decoys_per_pair: int = 3
) -> tuple[list[OrgProfile], list[tuple[OrgId, OrgId]]]:
    """Synthetic corridor population with planted complementary pairs.

    Returns ``(orgs, planted)`` where each planted ``(my_id, ke_id)`` pair has one side requesting
    exactly what the other offers (same compatible kind, sector, title, target country).  The two
    planted partners usually (70 %) describe themselves in *different* vocabularies of the sector
    (synonym "dialects", each description mixing in ~1/3 of the other one), while ``decoys_per_pair`` organisations in the offerer's country copy the
    requester's vocabulary and request the same thing (competitors) — text similarity alone
    prefers the decoys.  Background organisations (≈ n − planted·(2 + decoys)) get 0–3 random
    postings.  Ids are ``0 .. n-1``; deterministic in ``seed``.
    """
    rng = np.random.default_rng(seed)
    if planted_pairs is None:
        planted_pairs = max(1, n // 25)
    planted_pairs = min(planted_pairs, n // (2 + decoys_per_pair))
    sectors = list(_SECTORS)
    kinds = [k for k, _ in _KIND_WEIGHTS]
    kw = np.array([w for _, w in _KIND_WEIGHTS])
    kw = kw / kw.sum()
    specs: list[dict] = []

    def new_spec(country: str, kind: str, sector: str) -> dict:
        secs = {sector}
        if rng.random() < 0.3:
            secs.add(sectors[rng.integers(len(sectors))])
        if country == "MY":
            langs = (
                {"en", "ms"} if rng.random() < 0.7 else ({"en"} if rng.random() < 0.6 else {"en", "ms", "zh"})
            )
        else:
            langs = {"en", "sw"} if rng.random() < 0.75 else {"en"}
        return {
            "country": country,
            "kind": kind,
            "sectors": secs,
            "langs": langs,
            "postings": [],
            "desc": None,
        }

    def random_postings(s: dict, count: int) -> None:
        for _ in range(count):
            sec = sorted(s["sectors"])[rng.integers(len(s["sectors"]))]
            pk = _POSTING_KINDS_BY_ORG[s["kind"]][rng.integers(len(_POSTING_KINDS_BY_ORG[s["kind"]]))]
            is_offer = bool(rng.random() < 0.55)
            if s["kind"] == "startup" and rng.random() < 0.3:
                pk, is_offer = "investment_sought", False
            if pk == "investment_offered":
                is_offer = True
            r = rng.random()
            other = "KE" if s["country"] == "MY" else "MY"
            target = s["country"] if r < 0.4 else (other if r < 0.7 else None)
            dialect = "ab"[rng.integers(2)]
            title = _investment_title(rng, sec) if pk.startswith("investment") else _random_title(rng, sec)
            s["postings"].append(Posting(pk, is_offer, sec, title, _posting_text(rng, sec, dialect), target))

    planted_specs: list[tuple[int, int]] = []
    for _ in range(planted_pairs):
        sec = sectors[rng.integers(len(sectors))]
        req_country = "MY" if rng.random() < 0.5 else "KE"
        off_country = "KE" if req_country == "MY" else "MY"
        mode = rng.random()
        if mode < 0.2:
            req_kind, off_kind, req_pk, off_pk = (
                "startup",
                "investor",
                "investment_sought",
                "investment_offered",
            )
            title = _investment_title(rng, sec)
        else:
            pk = ["product", "service", "distribution", "partnership", "rnd", "talent"][rng.integers(6)]
            off_kind = (
                "university"
                if pk in ("rnd", "talent") and rng.random() < 0.6
                else ("company" if rng.random() < 0.6 else "startup")
            )
            req_kind = kinds[rng.choice(len(kinds), p=kw)]
            if req_kind == "investor":
                req_kind = "company"
            req_pk = off_pk = pk
            title = _random_title(rng, sec)
        d_req = "ab"[rng.integers(2)]
        # partners usually describe themselves in different vocabularies (30 % share one)
        d_off = d_req if rng.random() < 0.3 else ("b" if d_req == "a" else "a")
        if rng.random() < 0.6:  # service delivered in the offerer's country
            off_target = None
            req_target = off_country if rng.random() < 0.8 else None
        else:  # offerer serves the requester's market
            off_target = req_country
            req_target = req_country if rng.random() < 0.8 else None
        req = new_spec(req_country, req_kind, sec)
        off = new_spec(off_country, off_kind, sec)
        req["desc"] = _describe(rng, req_kind, sec, d_req)
        off["desc"] = _describe(rng, off_kind, sec, d_off)
        req["postings"].append(Posting(req_pk, False, sec, title, _posting_text(rng, sec, d_req), req_target))
        off["postings"].append(Posting(off_pk, True, sec, title, _posting_text(rng, sec, d_off), off_target))
        random_postings(req, int(rng.integers(0, 2)))
        random_postings(off, int(rng.integers(0, 2)))
        specs.append(req)
        specs.append(off)
        ri, oi = len(specs) - 2, len(specs) - 1
        planted_specs.append((ri, oi))
        # decoys: offerer's country, requester's vocabulary, same request (competitors)
        req_words = [w for w in tokenize(req["desc"]) if w in set(_SECTORS[sec][d_req])]
        for _ in range(decoys_per_pair):
            dk = kinds[rng.choice(len(kinds), p=kw)]
            if dk == "investor":
                dk = "startup"
            d = new_spec(off_country, dk, sec)
            half = list(rng.choice(req_words, size=len(req_words) // 2, replace=False)) if req_words else []
            d["desc"] = _describe(rng, dk, sec, d_req, n_words=5, extra=half)
            d["postings"].append(
                Posting(req_pk, False, sec, title, _posting_text(rng, sec, d_req), req_target)
            )
            random_postings(d, int(rng.integers(0, 2)))
            specs.append(d)
    while len(specs) < n:
        country = "MY" if rng.random() < 0.5 else "KE"
        kind = kinds[rng.choice(len(kinds), p=kw)]
        sec = sectors[rng.integers(len(sectors))]
        s = new_spec(country, kind, sec)
        s["desc"] = _describe(rng, kind, sec, "ab"[rng.integers(2)])
        random_postings(s, int(rng.choice([0, 1, 1, 2, 2, 3])))
        specs.append(s)
    perm = rng.permutation(len(specs))  # shuffle ids so planted pairs are not adjacent
    new_id = {int(old): new for new, old in enumerate(perm.tolist())}
    orgs: list[OrgProfile] = [None] * len(specs)  # type: ignore[list-item]
    for old, s in enumerate(specs):
        i = new_id[old]
        orgs[i] = OrgProfile(
            id=i,
            country=s["country"],
            kind=s["kind"],
            sectors=frozenset(s["sectors"]),
            description=s["desc"],
            languages=frozenset(s["langs"]),
            postings=tuple(s["postings"]),
            name=f"{_KIND_NOUN[s['kind']].title()} {i}",
        )
    planted: list[tuple[OrgId, OrgId]] = []
    for ri, oi in planted_specs:
        a, b = orgs[new_id[ri]], orgs[new_id[oi]]
        my, ke = (a, b) if a.country == "MY" else (b, a)
        planted.append((my.id, ke.id))
    return orgs, planted
