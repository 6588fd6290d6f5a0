"""Partner recommendations: select (see the package docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .features import _Features
from .model import CONTACT_BOOST, W_LEAD, W_NEED, W_TEXT, Feedback, OrgId

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
