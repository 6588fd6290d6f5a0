"""Tests for the partner-recommendation engine (pure Python, no database)."""

from __future__ import annotations

import math
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from corridor.engines import recommend as R  # noqa: E402
from corridor.engines.recommend import (  # noqa: E402
    Feedback,
    OrgProfile,
    Posting,
    recall_at_k,
    recommend,
    text_only_baseline,
)
from corridor.generators.recommend import generate_orgs  # noqa: E402

# ---------------------------------------------------------------------------
# strategies
# ---------------------------------------------------------------------------

WORDS = [
    "payments",
    "freight",
    "cold-chain",
    "drones",
    "courses",
    "marketplace",
    "models",
    "cloud",
    "halal",
    "export",
]
SECTORS = ["fintech", "logistics", "smart-agriculture"]
TITLES = ["cold-chain logistics", "seed-stage fintech", "crop drones", "halal export", "cloud migration"]

postings_st = st.builds(
    Posting,
    kind=st.sampled_from(R.POSTING_KINDS),
    is_offer=st.booleans(),
    sector=st.sampled_from(SECTORS),
    title=st.sampled_from(TITLES),
    text=st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join),
    target_country=st.sampled_from([None, "MY", "KE"]),
)


@st.composite
def org_sets(draw, min_size=2, max_size=12):
    n = draw(st.integers(min_size, max_size))
    ids = draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True))
    orgs = []
    for i in ids:
        orgs.append(
            OrgProfile(
                id=i,
                country=draw(st.sampled_from(["MY", "KE"])),
                kind=draw(st.sampled_from(R.ORG_KINDS)),
                sectors=draw(st.frozensets(st.sampled_from(SECTORS), max_size=2)),
                description=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6))),
                languages=draw(st.frozensets(st.sampled_from(["en", "ms", "sw"]), max_size=2)),
                postings=tuple(draw(st.lists(postings_st, max_size=3))),
            )
        )
    return orgs


# `make test` runs every property reproducibly (derandomize); bench/bench_recommend.py --explore
# runs the same properties with fresh seeds, and each failure it finds becomes an @example here.
EXPLORE = bool(os.environ.get("HYPOTHESIS_EXPLORE"))  # set by `bench_recommend.py --explore`
SETTINGS = settings(
    max_examples=600 if EXPLORE else 60,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _bare(i, country, kind, sectors=(), languages=()):
    return OrgProfile(
        id=i,
        country=country,
        kind=kind,
        sectors=frozenset(sectors),
        description="",
        languages=frozenset(languages),
        postings=(),
    )


# Found by the random property run: KE startup 6 scores 0.56 with MY orgs 4 and 5 (a tie); the
# float32 pass scored them 0.5600000024 and 0.5599999999999999, so 5 came before 4 in the
# reference but not in the engine, and damping then moved scores (0.552 vs 0.489).
TIE_CASE = [
    _bare(5, "MY", "company", languages={"en"}),
    _bare(0, "MY", "company"),
    _bare(1, "MY", "company"),
    _bare(2, "MY", "company"),
    _bare(3, "MY", "company"),
    _bare(6, "KE", "startup", sectors={"fintech", "logistics"}, languages={"en"}),
    _bare(4, "MY", "company", sectors={"fintech", "smart-agriculture"}),
]


# ---------------------------------------------------------------------------
# independent brute-force scorer (plain loops, dicts, no sparse)
# ---------------------------------------------------------------------------


def _tfidf(docs, max_df):
    n = len(docs)
    counts = [Counter(R.tokenize(d)) for d in docs]
    df = Counter(t for c in counts for t in c)
    vecs = []
    for c in counts:
        v = {}
        for t, cnt in c.items():
            if df[t] > max_df * n:
                continue
            v[t] = (1 + math.log(cnt)) * (math.log((1 + n) / (1 + df[t])) + 1)
        norm = math.sqrt(sum(x * x for x in v.values()))
        vecs.append({t: x / norm for t, x in v.items()} if norm else {})
    return vecs


def _cos(u, v):
    return sum(x * v.get(t, 0.0) for t, x in u.items())


def brute_force(orgs, k, feedback=(), damping=0.0, pool=None, max_df=0.5):
    orgs = sorted(orgs, key=lambda o: o.id)
    docs = [o.description + " " + " ".join(p.title + " " + p.text for p in o.postings) for o in orgs]
    T = _tfidf(docs, max_df)
    posts = [(i, j, p) for i, o in enumerate(orgs) for j, p in enumerate(o.postings)]
    P = dict(zip([(i, j) for i, j, _ in posts], _tfidf([p.title for _, _, p in posts], 1.0)))

    def region(p, org):
        return p.target_country or org.country

    def need(a, b):  # a's requests met by b's offers
        tot = 0.0
        for ja, r in enumerate(orgs[a].postings):
            if r.is_offer:
                continue
            for jb, o in enumerate(orgs[b].postings):
                if not o.is_offer:
                    continue
                compat = {
                    "investment_sought": "investment_offered",
                    "investment_offered": "investment_sought",
                }.get(r.kind, r.kind)
                if (
                    o.kind == compat
                    and o.sector == r.sector
                    and r.target_country in (None, region(o, orgs[b]))
                ):
                    same = R.tokenize(r.title) == R.tokenize(o.title)
                    tot += R.NEED_BASE + R.NEED_TOPIC * _cos(P[(a, ja)], P[(b, jb)]) + R.NEED_EXACT * same
        return tot

    def want(a, b):
        A, B = orgs[a], orgs[b]
        union = A.sectors | B.sectors
        jac = len(A.sectors & B.sectors) / len(union) if union else 0.0
        return (
            R.W_NEED * need(a, b)
            + R.W_LEAD * need(b, a)
            + R.W_TEXT * _cos(T[a], T[b])
            + R.W_KIND * R.kind_fit(A.kind, B.kind)
            + R.W_SECTOR * jac
            + R.W_LANG * (1.0 if A.languages & B.languages else 0.0)
        )

    mult = {}
    for f in feedback:
        if f.kind == "not_relevant":
            mult[(f.org_id, f.partner_id)] = 0.0
        elif mult.get((f.org_id, f.partner_id)) != 0.0:
            mult[(f.org_id, f.partner_id)] = 1 + R.CONTACT_BOOST
    n = len(orgs)
    M = pool if pool is not None else max(3 * k, k + 20)
    pools = {}
    for a in range(n):
        cands = []
        for b in range(n):
            if orgs[a].country == orgs[b].country:
                continue
            s = round(
                math.sqrt(want(a, b) * want(b, a)) * mult.get((orgs[a].id, orgs[b].id), 1.0), R.SCORE_DECIMALS
            )
            if s > 0:
                cands.append((-s, orgs[b].id))
        cands.sort()
        pools[orgs[a].id] = cands[:M]
    indeg = Counter(bid for lst in pools.values() for _, bid in lst[:k])
    out = {}
    for oid, lst in pools.items():
        damped = sorted((round(s / (1 + indeg[bid]) ** damping, R.SCORE_DECIMALS), bid) for s, bid in lst)
        out[oid] = [(bid, -s) for s, bid in damped[:k]]
    return out


def assert_matches_brute(got, want, tol=1e-4):
    assert set(got) == set(want)
    for oid, lst in want.items():
        g = got[oid]
        assert len(g) == len(lst), oid
        # scores are rounded to R.SCORE_DECIMALS on both sides, so ties break by id identically
        assert [r.partner_id for r in g] == [bid for bid, _ in lst], oid
        for rec, (_bid, s) in zip(g, lst):
            assert rec.score == pytest.approx(s, rel=tol, abs=1e-6)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@SETTINGS
@given(org_sets(), st.integers(1, 5))
def test_basic_invariants(orgs, k):
    recs = recommend(orgs, k=k)
    by_id = {o.id: o for o in orgs}
    assert set(recs) == set(by_id)
    for oid, lst in recs.items():
        assert len(lst) <= k
        assert len({r.partner_id for r in lst}) == len(lst)
        scores = [r.score for r in lst]
        assert scores == sorted(scores, reverse=True)
        for r in lst:
            assert r.org_id == oid and r.partner_id != oid
            assert by_id[r.partner_id].country != by_id[oid].country
            assert r.score > 0
            assert len(r.reasons) >= 1
            assert all(isinstance(x.text, str) and x.text for x in r.reasons)
    # deterministic, independent of input order
    again = recommend(list(reversed(orgs)), k=k)
    assert again == recs


@SETTINGS
@given(org_sets(), st.data())
def test_not_relevant_removes_partner(orgs, data):
    recs = recommend(orgs, k=3)
    pairs = [(oid, r.partner_id) for oid, lst in recs.items() for r in lst]
    if not pairs:
        return
    chosen = data.draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=4, unique=True))
    fb = [Feedback(a, b, "not_relevant") for a, b in chosen] + [
        Feedback(a, b, "contacted") for a, b in chosen[:1]
    ]
    after = recommend(orgs, k=3, feedback=fb)
    for a, b in chosen:
        assert b not in {r.partner_id for r in after[a]}


@SETTINGS
@given(org_sets(max_size=10))
def test_symmetric_combination(orgs):
    """Without damping/feedback and with an unbounded list, S(A,B) seen by A equals S(B,A) seen by B."""
    n = len(orgs)
    recs = recommend(orgs, k=n, popularity_damping=0.0, candidate_pool=n)
    seen = {(oid, r.partner_id): r.score for oid, lst in recs.items() for r in lst}
    for (a, b), s in seen.items():
        assert (b, a) in seen
        assert seen[(b, a)] == pytest.approx(s, rel=1e-6)


@settings(
    max_examples=1000 if EXPLORE else 25,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(org_sets(min_size=4, max_size=12), st.integers(1, 4), st.sampled_from([0.0, 0.3, 1.0]))
@example(TIE_CASE, 1, 0.0)
@example(TIE_CASE, 2, 0.3)
@example(TIE_CASE, 1, 1.0)
def test_vectorised_equals_brute_force_random(orgs, k, damping):
    n = len(orgs)
    got = recommend(orgs, k=k, popularity_damping=damping, candidate_pool=n, block_size=3)
    assert_matches_brute(got, brute_force(orgs, k, damping=damping, pool=n))


def test_vectorised_equals_brute_force_generated():
    orgs, _ = generate_orgs(120, seed=5)
    fb = [Feedback(orgs[0].id, orgs[1].id, "not_relevant"), Feedback(orgs[2].id, orgs[3].id, "contacted")]
    got = recommend(orgs, k=5, feedback=fb, block_size=7)
    assert_matches_brute(got, brute_force(orgs, 5, feedback=fb))


def test_block_size_does_not_change_result():
    orgs, _ = generate_orgs(300, seed=2)
    assert recommend(orgs, k=5, block_size=1000) == recommend(orgs, k=5, block_size=17)


# ---------------------------------------------------------------------------
# reasons
# ---------------------------------------------------------------------------


def _hand_pair():
    my = OrgProfile(
        id=1,
        country="MY",
        kind="company",
        sectors={"smart-agriculture", "logistics"},
        description="Durian and palm-oil grower exporting perishables to East Africa",
        languages={"en", "ms"},
        postings=[
            Posting("service", False, "logistics", "cold-chain logistics", "reefer trucks for durian", "KE")
        ],
    )
    ke = OrgProfile(
        id=2,
        country="KE",
        kind="company",
        sectors={"smart-agriculture", "logistics"},
        description="Temperature-controlled haulage and cold storage in Mombasa",
        languages={"en", "sw"},
        postings=[Posting("service", True, "logistics", "cold-chain logistics", "refrigerated warehousing")],
    )
    startup = OrgProfile(
        id=3,
        country="KE",
        kind="startup",
        sectors={"fintech"},
        description="Mobile money savings for chamas",
        languages={"en", "sw"},
        postings=[
            Posting("investment_sought", False, "fintech", "seed-stage fintech", "raising a seed round")
        ],
    )
    investor = OrgProfile(
        id=4,
        country="MY",
        kind="investor",
        sectors={"fintech"},
        description="Venture fund backing payments startups",
        languages={"en"},
        postings=[
            Posting("investment_offered", True, "fintech", "seed-stage fintech", "tickets up to USD 500k")
        ],
    )
    return [my, ke, startup, investor]


def test_reason_texts_hand_built_pair():
    names = {"smart-agriculture": "smart agriculture", "logistics": "logistics", "fintech": "fintech"}
    recs = recommend(_hand_pair(), k=5, sector_names=names)
    my_view = {r.partner_id: r for r in recs[1]}
    texts = [x.text for x in my_view[2].reasons]
    assert texts[0] == "They offer “cold-chain logistics” in Kenya, which you asked for"
    assert my_view[2].reasons[0].code == "need"
    assert "Both in logistics and smart agriculture" in texts
    assert "You share the working language English" in texts
    ke_view = {r.partner_id: r for r in recs[2]}
    assert ke_view[1].reasons[0].text == "They asked for “cold-chain logistics” in Kenya, which you offer"
    startup_view = {r.partner_id: r for r in recs[3]}
    assert startup_view[4].reasons[0].text == "An investor offering “seed-stage fintech”"
    assert any(x.text == "An investor is a natural partner for a startup" for x in startup_view[4].reasons)
    assert recs[1][0].partner_id == 2  # the complementary partner ranks first
    for lst in recs.values():
        for r in lst:
            assert [x.weight for x in r.reasons] == sorted((x.weight for x in r.reasons), reverse=True)


def test_target_country_must_match():
    orgs = _hand_pair()
    my = orgs[0]
    wrong = OrgProfile(
        id=1,
        country="MY",
        kind=my.kind,
        sectors=my.sectors,
        description=my.description,
        languages=my.languages,
        postings=[Posting("service", False, "logistics", "cold-chain logistics", "", "MY")],
    )
    recs = recommend([wrong] + orgs[1:], k=5)
    r = {x.partner_id: x for x in recs[1]}[2]
    assert all(x.code != "need" for x in r.reasons)


def test_duplicate_ids_rejected():
    o = _hand_pair()[0]
    with pytest.raises(ValueError):
        recommend([o, o])


# ---------------------------------------------------------------------------
# planted pairs
# ---------------------------------------------------------------------------


def test_planted_recall_beats_text_baseline():
    orgs, planted = generate_orgs(3000, seed=11)
    assert len(planted) >= 50
    by_id = {o.id: o for o in orgs}
    assert all(by_id[a].country == "MY" and by_id[b].country == "KE" for a, b in planted)
    ours = recall_at_k(recommend(orgs, k=10), planted)
    base = recall_at_k(text_only_baseline(orgs, 10), planted)
    assert ours >= 0.9
    assert base < ours - 0.3


def test_generator_deterministic():
    a = generate_orgs(200, seed=4)
    b = generate_orgs(200, seed=4)
    assert a == b


# ---------------------------------------------------------------------------
# the honest evaluation set
# ---------------------------------------------------------------------------


def test_evaluation_set_shares_no_titles_between_requests_and_offers():
    from corridor.generators.recommend_eval import evaluation_set

    orgs, rel = evaluation_set(300, seed=3)
    assert evaluation_set(300, seed=3) == (orgs, rel)
    requests = {" ".join(R.tokenize(p.title)) for o in orgs for p in o.postings if not p.is_offer}
    offers = {" ".join(R.tokenize(p.title)) for o in orgs for p in o.postings if p.is_offer}
    assert requests and offers and not requests & offers
    by_id = {o.id: o for o in orgs}
    for a, partners in rel.items():
        for b, gain in partners.items():
            assert by_id[a].country != by_id[b].country and gain in (1, 2)


def test_engine_beats_bm25_and_popularity_on_the_evaluation_set():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import recommend_eval as E
    from corridor.generators.recommend_eval import evaluation_set

    orgs, rel = evaluation_set(400, seed=2)
    ours = E.metrics(E.ours(orgs), rel)["ndcg10"]
    bm25 = E.metrics(E.bm25(orgs), rel)["ndcg10"]
    pop = E.metrics(E.popularity(orgs), rel)["ndcg10"]
    lo, _ = E.bootstrap(ours)
    assert lo > bm25.mean() and lo > pop.mean()


def test_text_similarity_reason_is_words_not_a_number():
    from corridor.engines.recommend.reasons import _similarity_sentence

    texts = [_similarity_sentence(c) for c in (0.02, 0.15, 0.6)]
    assert len(set(texts)) == 3
    assert not any(ch.isdigit() for t in texts for ch in t)


def test_the_time_split_keeps_the_future_and_leaves_known_partners_out():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from recommend_timesplit import split

    # (requester, receiver, accepted) in time order
    interactions = [
        (1, 10, True),
        (2, 20, False),
        (1, 11, False),
        (3, 10, True),
        (1, 10, True),
        (20, 4, True),
    ]
    past, relevance = split(interactions, 0.5)
    assert past == interactions[:3]
    # 1→10 was already known: not a recommendation to predict; 3 met 10 (gain 2 both ways);
    # 20 asked 4 and 4 accepted (gain 2 both ways)
    assert relevance == {3: {10: 2}, 10: {3: 2}, 20: {4: 2}, 4: {20: 2}}
    _past, relevance = split([(1, 10, False), (2, 20, False)], 0.5)
    assert relevance == {2: {20: 1}}  # a request not accepted: gain 1, for the one who asked only
