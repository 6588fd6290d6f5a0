"""Synthetic corridor populations for the recommendation engine's tests and benchmarks.

Moved out of ``corridor.engines.recommend``: the generator plants complementary pairs with the
same vocabulary the scoring rewards, so it measures speed and plumbing, not ranking quality
(the honest evaluation set lives in ``corridor.generators.recommend_eval``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from corridor.engines.recommend import OrgId, OrgProfile, Posting, tokenize

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
