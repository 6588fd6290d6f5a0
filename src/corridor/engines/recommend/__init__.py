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

Scores are chosen in float32 over blocks, then the kept candidates are rescored exactly in float64
and rounded to ``SCORE_DECIMALS`` decimals before ranking, so equal scores computed in different
orders tie exactly and break by organisation id (the brute-force reference in the tests agrees
pair for pair).

Modules: ``model`` (constants, data classes, tokenizer), ``features`` (TF-IDF and the sparse
feature matrices), ``select`` (blocked all-pairs top-M pools), ``reasons`` (exact rescoring and
reason texts), ``api`` (``recommend``, ``text_only_baseline``, ``recall_at_k``).  Synthetic
populations live in ``corridor.generators.recommend``.
"""

from .api import recall_at_k, recommend, text_only_baseline
from .features import org_document, posting_document, tfidf_matrix
from .model import (
    COMPATIBLE_KIND,
    CONTACT_BOOST,
    COUNTRY_NAMES,
    DEFAULT_SECTOR_NAMES,
    KIND_FIT_DEFAULT,
    KIND_LABELS,
    LANGUAGE_NAMES,
    NEED_BASE,
    NEED_EXACT,
    NEED_TOPIC,
    ORG_KINDS,
    POSTING_KINDS,
    SCORE_DECIMALS,
    STOPWORDS,
    W_KIND,
    W_LANG,
    W_LEAD,
    W_NEED,
    W_SECTOR,
    W_TEXT,
    Feedback,
    OrgId,
    OrgProfile,
    Posting,
    Reason,
    Recommendation,
    kind_fit,
    tokenize,
)

__all__ = [
    "COMPATIBLE_KIND",
    "CONTACT_BOOST",
    "COUNTRY_NAMES",
    "DEFAULT_SECTOR_NAMES",
    "KIND_FIT_DEFAULT",
    "KIND_LABELS",
    "LANGUAGE_NAMES",
    "NEED_BASE",
    "NEED_EXACT",
    "NEED_TOPIC",
    "ORG_KINDS",
    "POSTING_KINDS",
    "SCORE_DECIMALS",
    "STOPWORDS",
    "W_KIND",
    "W_LANG",
    "W_LEAD",
    "W_NEED",
    "W_SECTOR",
    "W_TEXT",
    "Feedback",
    "OrgId",
    "OrgProfile",
    "Posting",
    "Reason",
    "Recommendation",
    "kind_fit",
    "org_document",
    "posting_document",
    "recall_at_k",
    "recommend",
    "text_only_baseline",
    "tfidf_matrix",
    "tokenize",
]
