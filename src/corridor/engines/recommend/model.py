"""Partner recommendations: constants, data classes and tokenizer (see the package docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

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
NEED_EXACT = (
    0.0  # dropped: rewards copied wording only; no effect on the honest evaluation set (bench_recommend)
)
CONTACT_BOOST = 0.1
SCORE_DECIMALS = 9  # scores are compared (ties broken by id) after rounding to this many decimals
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
