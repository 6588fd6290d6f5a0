"""An evaluation set for partner recommendations that shares nothing with the scoring.

The truth comes from a latent model, not from the features the engine reads: every organisation
has latent *needs* and *capabilities* over topics; B is relevant to A (other country) when B can
do something A needs (gain 2) or A can do something B needs (gain 1). What the engine sees is a
noisy rendering of that model:

- titles are paraphrases drawn per posting, and a request and the offer that meets it never use
  the same paraphrase (no identical titles); some postings describe the topic only partially
  (a broader phrase, one of its words);
- 15 % of postings carry another sector label than their topic's, 20 % of capabilities and needs
  are never posted at all (they only show, if at all, in the description);
- descriptions mix the organisation's sector vocabulary with generic filler;
- kinds, languages and organisation kinds are drawn independently of relevance.

``evaluation_set(n, seed)`` returns ``(orgs, relevance)`` with ``relevance[a] = {b: gain}``.
"""

from __future__ import annotations

import numpy as np

from corridor.engines.recommend import OrgProfile, Posting

# topic -> (sector, posting kind, paraphrases, partial phrases)
TOPICS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "cold": (
        "logistics",
        "service",
        ["refrigerated warehousing", "temperature-controlled storage", "reefer haulage for perishables"],
        ["storage", "perishables transport"],
    ),
    "lastmile": (
        "logistics",
        "service",
        ["urban parcel delivery", "doorstep courier network", "final-mile dispatch riders"],
        ["couriers", "delivery"],
    ),
    "customs": (
        "logistics",
        "service",
        ["border clearance brokerage", "import paperwork handling", "tariff filing agents"],
        ["paperwork", "brokerage"],
    ),
    "remit": (
        "fintech",
        "partnership",
        ["cross-border money transfer rails", "diaspora remittance corridor", "international payouts api"],
        ["payouts", "transfers"],
    ),
    "lending": (
        "fintech",
        "product",
        ["sme credit scoring", "working-capital loans for traders", "invoice financing platform"],
        ["credit", "financing"],
    ),
    "seed": (
        "fintech",
        "investment_sought",
        ["early-stage equity round", "pre-series-a capital", "angel ticket for expansion"],
        ["capital", "funding"],
    ),
    "sensors": (
        "smart-agriculture",
        "product",
        ["soil moisture probes", "field telemetry kits", "crop condition monitoring devices"],
        ["monitoring", "devices"],
    ),
    "agronomy": (
        "smart-agriculture",
        "rnd",
        ["yield improvement trials", "smallholder agronomy research", "seed variety field testing"],
        ["trials", "research"],
    ),
    "halal": (
        "smart-agriculture",
        "distribution",
        ["halal-certified food export", "shariah-compliant produce distribution", "certified meat shipping"],
        ["export", "distribution"],
    ),
    "cloud": (
        "ict",
        "service",
        ["hosting migration support", "managed server infrastructure", "platform re-architecture help"],
        ["hosting", "infrastructure"],
    ),
    "talent": (
        "ict",
        "talent",
        ["software engineers on secondment", "developer placement programme", "coding interns exchange"],
        ["engineers", "interns"],
    ),
    "training": (
        "ict",
        "partnership",
        ["digital skills bootcamps", "online upskilling curriculum", "workforce coding courses"],
        ["courses", "skills"],
    ),
}
SECTOR_WORDS = {
    "logistics": "freight fleets warehouses ports shipping trucks routes cargo depots".split(),
    "fintech": "wallets banking ledgers merchants savings insurance accounts cards".split(),
    "smart-agriculture": "farms growers harvests irrigation livestock orchards cooperatives".split(),
    "ict": "software platforms cloud developers apis data networks startups".split(),
}
FILLER = "team growth customers quality partners market innovation regional trusted leading".split()
OFFER_OF = {"investment_sought": "investment_offered"}
KINDS = ("company", "startup", "investor", "tech_hub", "university", "agency", "association")


def _split(rng: np.random.Generator) -> dict[str, tuple[list[str], list[str]]]:
    """Per topic, the titles requests may use and the (disjoint) titles offers may use."""
    out = {}
    for t, (_, _, para, partial) in TOPICS.items():
        order = [para[k] for k in rng.permutation(len(para))]
        out[t] = (order[:2] + partial[:1], order[2:] + partial[1:])
    return out


def evaluation_set(n: int, seed: int = 0) -> tuple[list[OrgProfile], dict[int, dict[int, int]]]:
    rng = np.random.default_rng(seed)
    topics = list(TOPICS)
    sectors = sorted(SECTOR_WORDS)
    latent = []
    for i in range(n):
        country = "MY" if rng.random() < 0.5 else "KE"
        home = sectors[rng.integers(len(sectors))]
        in_sector = [t for t in topics if TOPICS[t][0] == home]
        pool = in_sector * 3 + topics  # mostly own sector
        needs = {pool[j] for j in rng.choice(len(pool), size=int(rng.integers(0, 3)), replace=False)}
        caps = {pool[j] for j in rng.choice(len(pool), size=int(rng.integers(0, 3)), replace=False)} - needs
        latent.append((i, country, home, needs, caps))
    relevance: dict[int, dict[int, int]] = {}
    by_cap: dict[tuple[str, str], list[int]] = {}
    for i, country, _, _, caps in latent:
        for t in caps:
            by_cap.setdefault((country, t), []).append(i)
    for i, country, _, needs, caps in latent:
        other = "KE" if country == "MY" else "MY"
        rel: dict[int, int] = {}
        for t in needs:
            for j in by_cap.get((other, t), []):
                rel[j] = 2
        for j, c2, _, needs2, _ in latent:
            if c2 == other and caps & needs2:
                rel.setdefault(j, 1)
        relevance[i] = rel
    orgs = []
    titles = _split(rng)
    for i, country, home, needs, caps in latent:
        postings = []
        for t, is_offer in [(t, False) for t in sorted(needs)] + [(t, True) for t in sorted(caps)]:
            if rng.random() < 0.2:
                continue  # never posted
            sector, kind, _, _ = TOPICS[t]
            if rng.random() < 0.15:
                sector = sectors[rng.integers(len(sectors))]
            if is_offer:
                kind = OFFER_OF.get(kind, kind)
            choices = titles[t][1 if is_offer else 0]
            title = choices[rng.integers(len(choices))]
            words = SECTOR_WORDS[TOPICS[t][0]]
            text = " ".join(words[k] for k in rng.choice(len(words), size=3, replace=False))
            postings.append(Posting(kind, is_offer, sector, title, text, None))
        words = SECTOR_WORDS[home]
        desc = " ".join(
            [words[k] for k in rng.choice(len(words), size=4, replace=False)]
            + [FILLER[k] for k in rng.choice(len(FILLER), size=3, replace=False)]
        )
        orgs.append(
            OrgProfile(
                id=i,
                country=country,
                kind=KINDS[rng.integers(len(KINDS))],
                sectors=frozenset(
                    {home} | ({sectors[rng.integers(len(sectors))]} if rng.random() < 0.3 else set())
                ),
                description=desc,
                languages=frozenset(
                    {"en"} | ({"ms"} if country == "MY" else {"sw"}) if rng.random() < 0.7 else {"en"}
                ),
                postings=tuple(postings),
                name=f"Evaluation org {i}",
            )
        )
    return orgs, relevance
