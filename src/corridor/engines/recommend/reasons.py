"""Partner recommendations: reasons (see the package docstring)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp

from .features import _Features, _posting_region
from .model import (
    COMPATIBLE_KIND,
    COUNTRY_NAMES,
    DEFAULT_SECTOR_NAMES,
    KIND_LABELS,
    LANGUAGE_NAMES,
    SCORE_DECIMALS,
    W_KIND,
    W_LANG,
    W_LEAD,
    W_NEED,
    W_SECTOR,
    W_TEXT,
    OrgProfile,
    Posting,
    Reason,
)

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
                    out.append(f"An investor offering “{o.title}”")
                else:
                    out.append(
                        f"They offer “{o.title}” in {_country(_posting_region(o, partner))}, which you asked for"
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
                out.append(f"They asked for “{r.title}”{where}, which you offer")
    return out


def _similarity_sentence(cos: float) -> str:
    """The text-similarity reason in words (the number itself means nothing to a reader)."""
    if cos >= 0.3:
        return "Your descriptions use many of the same words"
    if cos >= 0.1:
        return "Your descriptions share some words"
    return "Your descriptions share a few words"


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
                    _similarity_sentence(cos),
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


def _exact_scores(
    F: _Features, ia: np.ndarray, ib: np.ndarray, fb: Mapping[tuple[int, int], float]
) -> np.ndarray:
    """S(a, b) in float64 for the given index pairs (feedback applied), rounded to SCORE_DECIMALS."""
    if len(ia) == 0:
        return np.zeros(0)
    cos = _rowwise_dot(F.T64, ia, F.T64, ib)
    need_ab = _rowwise_dot(F.Rf64, ia, F.Of64, ib)
    need_ba = _rowwise_dot(F.Rf64, ib, F.Of64, ia)
    want_ab = F.C64[F.cls[ia], F.cls[ib]] + W_TEXT * cos + W_NEED * need_ab + W_LEAD * need_ba
    want_ba = F.C64[F.cls[ib], F.cls[ia]] + W_TEXT * cos + W_NEED * need_ba + W_LEAD * need_ab
    s = np.sqrt(np.maximum(want_ab * want_ba, 0.0))
    if fb:
        mult = np.array([fb.get((a, b), 1.0) for a, b in zip(ia.tolist(), ib.tolist())])
        s = s * mult
    return np.round(s, SCORE_DECIMALS)


# ---------------------------------------------------------------------------
