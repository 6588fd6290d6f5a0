"""Tests for corridor.engines.assign and corridor.engines.award (pure Python, no database).

Every solver result goes through the independent ``check``; tiny instances are compared with a
brute-force optimum; award selection is compared with brute force over all subsets.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corridor.engines.assign import (
    assign,
    assign_fair,
    check,
    explain_uncovered,
    make_instance,
    solve_json,
)
from corridor.engines.award import (
    Candidate,
    calibrate,
    feasible,
    funding_line_lottery,
    select_awards,
)
from corridor.generators.assign import generate_instance  # noqa: E402

# ----------------------------------------------------------------------------- helpers


def tiny_instance(seed: int, *, pins: bool = False):
    rng = random.Random(seed)
    n_p, n_r = rng.randint(1, 3), rng.randint(2, 5)
    k = rng.choice([1, 2, 2])
    countries = [rng.choice(["MY", "KE", "MY", "KE", "US"]) for _ in range(n_r)]
    aff = {(p, r): round(rng.random(), 3) for p in range(n_p) for r in range(n_r) if rng.random() < 0.8}
    conflicts = [(p, r) for (p, r) in list(aff) if rng.random() < 0.15]
    pin_list = []
    if pins and aff:
        free = [pr for pr in aff if pr not in conflicts]
        if free:
            pin_list = [rng.choice(free)]
    return make_instance(
        demand=k,
        n_proposals=n_p,
        reviewer_country=countries,
        max_load=[rng.randint(1, 3) for _ in range(n_r)],
        min_load=[rng.randint(0, 1) for _ in range(n_r)],
        affinity=aff,
        conflicts=conflicts,
        pins=pin_list,
    )


def brute_force(inst):
    """Best total affinity over assignments meeting every hard rule, or None if there is none.

    Written from the rules, not from the solver: each proposal takes exactly
    min(k − pins, eligible) eligible reviewers; loads within [min(min, eligible), max]; a reviewer
    of each of MY and KE where k ≥ 2, the proposal has an eligible one of that country, it is not
    already pinned, and the places allow it.
    """
    n_p, n_r = inst.n_proposals, inst.n_reviewers
    bad = {tuple(x) for x in inst.conflicts.tolist()} | {tuple(x) for x in inst.forbids.tolist()}
    pins = [tuple(x) for x in inst.pins.tolist()]
    aff = dict(zip(zip(inst.arc_p.tolist(), inst.arc_r.tolist()), inst.arc_aff.tolist()))
    eligible = {
        p: [r for r in range(n_r) if (p, r) in aff and (p, r) not in bad and (p, r) not in pins]
        for p in range(n_p)
    }
    options = []
    needs = []
    for p in range(n_p):
        pinned = [r for q, r in pins if q == p]
        d = min(int(inst.demand[p]) - len(pinned), len(eligible[p]))
        options.append(list(itertools.combinations(eligible[p], max(d, 0))))
        pinned_c = {inst.reviewer_country[r] for r in pinned}
        need = []
        if inst.demand[p] >= 2:
            need = [
                c
                for c in ("MY", "KE")
                if c not in pinned_c and any(inst.reviewer_country[r] == c for r in eligible[p])
            ]
            if len(need) > d:
                need = []
        needs.append(need)
    best = None
    eligible_per_r = [sum(1 for p in range(n_p) if r in eligible[p]) for r in range(n_r)]
    for combo in itertools.product(*options):
        load = [0] * n_r
        for q, r in pins:
            load[r] += 1
        ok = True
        total = sum(aff.get(pin, 0.0) for pin in pins)
        for p, chosen in enumerate(combo):
            cs = {inst.reviewer_country[r] for r in chosen}
            if any(c not in cs for c in needs[p]):
                ok = False
                break
            for r in chosen:
                load[r] += 1
                total += aff[(p, r)]
        if not ok:
            continue
        pin_r = [sum(1 for q, rr in pins if rr == r) for r in range(n_r)]
        if any(load[r] > inst.max_load[r] for r in range(n_r)):
            continue
        if any(load[r] < min(inst.min_load[r], eligible_per_r[r] + pin_r[r]) for r in range(n_r)):
            continue
        if best is None or total > best + 1e-9:
            best = total
    return best


# ----------------------------------------------------------------------------- assignment


def test_hand_solved_case_needs_one_reviewer_per_country():
    """Two MY reviewers have the best affinity, but the rule forces the KE one in."""
    inst = make_instance(
        demand=2,
        n_proposals=1,
        reviewer_country=["MY", "MY", "KE"],
        max_load=1,
        affinity={(0, 0): 0.9, (0, 1): 0.8, (0, 2): 0.1},
    )
    with_rule = assign(inst)
    assert with_rule.pairs == ((0, 0), (0, 2))
    assert with_rule.total_affinity == pytest.approx(1.0)
    without = assign(inst, country_rule=False)
    assert without.pairs == ((0, 0), (0, 1))
    assert check(inst, with_rule.pairs) == []
    assert check(inst, without.pairs) != []  # the checker notices the missing KE reviewer


def test_conflicts_forbids_and_pins_are_respected():
    inst = make_instance(
        demand=2,
        n_proposals=2,
        reviewer_country=["MY", "KE", "MY", "KE"],
        max_load=2,
        affinity={(p, r): 0.9 - 0.1 * r for p in range(2) for r in range(4)},
        conflicts=[(0, 0)],
        forbids=[(1, 1)],
        pins=[(1, 3)],
    )
    result = assign(inst)
    assert check(inst, result.pairs) == []
    assert (0, 0) not in result.pairs and (1, 1) not in result.pairs
    assert (1, 3) in result.pairs


def test_pinned_conflict_is_refused():
    inst = make_instance(
        demand=1,
        n_proposals=1,
        reviewer_country=["MY"],
        max_load=1,
        affinity={(0, 0): 1.0},
        conflicts=[(0, 0)],
        pins=[(0, 0)],
    )
    with pytest.raises(ValueError, match="conflict"):
        assign(inst)


def test_uncovered_proposals_get_a_reason():
    inst = make_instance(
        demand=3,
        n_proposals=3,
        reviewer_country=["MY", "KE", "MY", "KE"],
        max_load=[1, 1, 1, 1],
        affinity={
            (0, 0): 0.5,
            (1, 0): 0.4,
            (1, 1): 0.3,
            (1, 2): 0.3,
            (2, 0): 0.5,
            (2, 1): 0.5,
            (2, 2): 0.5,
            (2, 3): 0.5,
        },
        conflicts=[(1, 3)],
    )
    result = assign(inst)
    assert check(inst, result.pairs) == []
    codes = {u.proposal: u.code for u in result.uncovered}
    assert codes[0] == "no_candidates"
    assert len(result.pairs) == 4  # four reviewers with a load of one each
    short = {p for p in range(3) if len(result.reviewers_of(p)) < 3}
    assert short <= set(codes)


def test_capacity_reason_names_full_reviewers():
    inst = make_instance(
        demand=1, n_proposals=2, reviewer_country=["MY"], max_load=1, affinity={(0, 0): 0.9, (1, 0): 0.8}
    )
    result = assign(inst)
    assert result.pairs == ((0, 0),)
    (u,) = result.uncovered
    assert (u.proposal, u.code) == (1, "capacity")
    assert "maximum load" in u.detail


def test_relaxes_minimum_loads_when_they_cannot_all_be_met():
    inst = make_instance(
        demand=1,
        n_proposals=1,
        reviewer_country=["MY", "KE"],
        max_load=1,
        min_load=1,
        affinity={(0, 0): 0.9, (0, 1): 0.1},
    )
    result = assign(inst)
    assert result.relaxed == ("min_load",)
    assert result.pairs == ((0, 0),)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), pins=st.booleans())
def test_matches_brute_force_on_tiny_instances(seed, pins):
    inst = tiny_instance(seed, pins=pins)
    result = assign(inst)
    best = brute_force(inst)
    if best is None:
        assert result.relaxed, "the solver claims every rule held but brute force finds no such assignment"
    else:
        assert result.relaxed == ()
        assert result.total_affinity == pytest.approx(best, abs=1e-6)
        assert check(inst, result.pairs) == []


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), n_p=st.integers(5, 60), n_r=st.integers(6, 40))
def test_generated_instances_pass_the_checker(seed, n_p, n_r):
    inst = generate_instance(
        n_p,
        n_r,
        k=3,
        max_load=max(8, 3 * n_p // n_r + 1),
        min_load=0,
        seed=seed,
        top_per_proposal=10,
        top_per_reviewer=10,
    )
    result = assign(inst)
    assert check(inst, result.pairs) == []
    assert explain_uncovered(inst, result.pairs) == list(result.uncovered)
    plain = assign(inst, country_rule=False)
    assert plain.total_affinity >= result.total_affinity - 1e-9


def test_fairness_floor_raises_the_worst_at_a_reported_cost():
    inst = generate_instance(
        120, 60, k=3, max_load=8, min_load=1, seed=3, top_per_proposal=20, top_per_reviewer=20
    )
    fair = assign_fair(inst)
    assert fair.floor >= fair.base_floor
    assert fair.cost >= 0
    assert fair.result.total_affinity == pytest.approx(fair.base_total - fair.cost)
    assert check(inst, fair.result.pairs, floor=fair.floor) == []
    assert len(fair.result.uncovered) == 0


def test_deterministic():
    inst = generate_instance(80, 40, seed=7, top_per_proposal=15, top_per_reviewer=15)
    assert assign(inst).pairs == assign(inst).pairs


def test_sparse_candidates_cover_every_reviewer():
    inst = generate_instance(300, 100, seed=1, top_per_proposal=5, top_per_reviewer=10)
    per_reviewer = np.bincount(inst.arc_r, minlength=100)
    assert per_reviewer.min() >= 10
    assert np.bincount(inst.arc_p, minlength=300).min() >= 5


# ----------------------------------------------------------------------------- awards


def brute_awards(cands, budget, themes, band):
    best = None
    for r in range(len(cands) + 1):
        for combo in itertools.combinations(cands, r):
            if feasible(
                combo, all_candidates=cands, budget=budget, themes_at_least_once=themes, share_band=band
            ):
                total = sum(c.score for c in combo)
                if best is None or total > best + 1e-9:
                    best = total
    return best


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 10**6),
    themes=st.booleans(),
    band=st.sampled_from([None, (0.4, 0.6), (0.3, 0.7)]),
)
def test_award_selection_matches_brute_force(seed, themes, band):
    rng = random.Random(seed)
    cands = [
        Candidate(
            id=i,
            score=round(rng.uniform(1, 5), 2),
            amount=rng.choice([10_000, 20_000, 30_000, 50_000]),
            theme=rng.choice(["health", "fintech", "agri"]),
            lead_country=rng.choice(["MY", "KE"]),
        )
        for i in range(rng.randint(1, 9))
    ]
    budget = rng.choice([40_000, 80_000, 120_000])
    sel = select_awards(cands, budget=budget, themes_at_least_once=themes, share_band=band)
    best = brute_awards(cands, budget, themes, band)
    if best is None:
        assert sel.status == "infeasible" and sel.message
    else:
        assert sel.status == "optimal"
        chosen = [c for c in cands if c.id in sel.ids]
        assert feasible(
            chosen, all_candidates=cands, budget=budget, themes_at_least_once=themes, share_band=band
        )
        assert sel.total_score == pytest.approx(best, abs=1e-6)


def test_calibration_removes_reviewer_severity():
    # Reviewer 1 is severe (one point lower on everything); calibrated scores agree.
    raw = [(0, 10, 4.0), (0, 11, 3.0), (1, 10, 3.0), (1, 11, 2.0)]
    cal = calibrate(raw)
    assert cal[(0, 10)] == pytest.approx(cal[(1, 10)])
    assert cal[(0, 11)] == pytest.approx(cal[(1, 11)])
    assert cal[(0, 10)] > cal[(0, 11)]


def test_lottery_is_reproducible_and_keeps_the_budget():
    cands = [Candidate(i, 4.0 if i < 2 else 3.0, 10_000) for i in range(6)]
    sel = select_awards(cands, budget=40_000)
    assert set(sel.ids) >= {0, 1}
    a = funding_line_lottery(cands, sel, budget=40_000, seed=2026, tolerance=0.01)
    b = funding_line_lottery(cands, sel, budget=40_000, seed=2026, tolerance=0.01)
    assert a == b
    assert a.group == (2, 3, 4, 5) and a.places == 2 and len(a.winners) == 2
    assert set(a.winners) <= set(a.group)
    other = [
        funding_line_lottery(cands, sel, budget=40_000, seed=s, tolerance=0.01).winners for s in range(20)
    ]
    assert len(set(other)) > 1


# ----------------------------------------------------------------------------- pins and fallback order


def test_pin_beyond_demand_is_rejected_naming_the_pin():
    inst = make_instance(
        demand=1,
        n_proposals=1,
        reviewer_country=["MY", "KE"],
        max_load=2,
        affinity={(0, 0): 0.5, (0, 1): 0.5},
        pins=[(0, 0), (0, 1)],
    )
    with pytest.raises(ValueError, match=r"pin \(0, 1\) is beyond the demand"):
        assign(inst)


def test_country_fallback_keeps_the_minimum_loads_it_can():
    """Two proposals want an MY reviewer but the only one takes one: the country rule cannot hold
    everywhere. KE reviewer 2 (low affinity) has a minimum load of 1 that can still be met."""
    inst = make_instance(
        demand=2,
        n_proposals=2,
        reviewer_country=["MY", "KE", "KE", "KE"],
        max_load=[1, 2, 2, 2],
        min_load=[0, 0, 1, 0],
        affinity={(p, r): a for p in range(2) for r, a in enumerate([0.5, 0.9, 0.1, 0.9])},
    )
    result = assign(inst)
    assert len(result.pairs) == 4  # coverage kept
    assert "country" in result.relaxed and "min_load" not in result.relaxed
    assert 2 in {r for _, r in result.pairs}
    assert sum(1 for _, r in result.pairs if r == 0) == 1  # one proposal has its MY reviewer


def _lex_key(inst, pairs):
    """(places covered, country branches served, units towards minimum loads, affinity) from the rules."""
    n_p, n_r = inst.n_proposals, inst.n_reviewers
    bad = {tuple(x) for x in inst.conflicts.tolist()} | {tuple(x) for x in inst.forbids.tolist()}
    pins = [tuple(x) for x in inst.pins.tolist()]
    aff = dict(zip(zip(inst.arc_p.tolist(), inst.arc_r.tolist()), inst.arc_aff.tolist()))
    eligible = {
        p: [r for r in range(n_r) if (p, r) in aff and (p, r) not in bad and (p, r) not in pins]
        for p in range(n_p)
    }
    eligible_per_r = [sum(1 for p in range(n_p) if r in eligible[p]) for r in range(n_r)]
    pin_r = [sum(1 for _, rr in pins if rr == r) for r in range(n_r)]
    free = [(p, r) for p, r in pairs if (p, r) not in pins]
    load = [sum(1 for _, rr in free if rr == r) for r in range(n_r)]
    units = sum(
        min(
            load[r],
            max(int(inst.min_load[r]) - pin_r[r], 0),
            eligible_per_r[r],
            int(inst.max_load[r]) - pin_r[r],
        )
        for r in range(n_r)
    )
    branches = 0
    for p in range(n_p):
        pinned = [r for q, r in pins if q == p]
        d = min(int(inst.demand[p]) - len(pinned), len(eligible[p]))
        if inst.demand[p] < 2:
            continue
        pinned_c = {inst.reviewer_country[r] for r in pinned}
        need = [
            c
            for c in ("MY", "KE")
            if c not in pinned_c and any(inst.reviewer_country[r] == c for r in eligible[p])
        ]
        if len(need) > d:
            continue
        got = {inst.reviewer_country[r] for q, r in free if q == p}
        branches += sum(1 for c in need if c in got)
    return len(free), branches, units, sum(aff.get(pr, 0.0) for pr in free)


def brute_lex(inst):
    n_p, n_r = inst.n_proposals, inst.n_reviewers
    bad = {tuple(x) for x in inst.conflicts.tolist()} | {tuple(x) for x in inst.forbids.tolist()}
    pins = [tuple(x) for x in inst.pins.tolist()]
    aff = dict(zip(zip(inst.arc_p.tolist(), inst.arc_r.tolist()), inst.arc_aff.tolist()))
    options = []
    for p in range(n_p):
        el = [r for r in range(n_r) if (p, r) in aff and (p, r) not in bad and (p, r) not in pins]
        d = min(int(inst.demand[p]) - sum(1 for q, _ in pins if q == p), len(el))
        options.append([c for k in range(max(d, 0) + 1) for c in itertools.combinations(el, k)])
    best = None
    for combo in itertools.product(*options):
        pairs = [(p, r) for p, ch in enumerate(combo) for r in ch]
        load = [sum(1 for _, rr in pairs + pins if rr == r) for r in range(n_r)]
        if any(load[r] > inst.max_load[r] for r in range(n_r)):
            continue
        key = _lex_key(inst, pairs + pins)
        if best is None or key[:3] > best[:3] or (key[:3] == best[:3] and key[3] > best[3]):
            best = key
    return best


@settings(max_examples=120, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), pins=st.booleans())
@example(seed=0, pins=False)
def test_fallback_order_matches_brute_force(seed, pins):
    """Coverage first, then country branches, then minimum-load units, then affinity."""
    inst = tiny_instance(seed, pins=pins)
    result = assign(inst)
    got = _lex_key(inst, list(result.pairs))
    want = brute_lex(inst)
    assert got[:3] == want[:3]
    assert got[3] == pytest.approx(want[3], abs=0.02)


def test_solve_json_round_trip():
    data = {
        "demand": 2,
        "n_proposals": 1,
        "reviewers": [
            {"country": "MY", "max_load": 1},
            {"country": "MY", "max_load": 1},
            {"country": "KE", "max_load": 1},
        ],
        "affinity": [[0, 0, 0.9], [0, 1, 0.8], [0, 2, 0.1]],
    }
    out = solve_json(data)
    assert out["pairs"] == [[0, 0], [0, 2]]  # the country rule forces the KE reviewer in
    assert out["violations"] == [] and out["relaxed"] == [] and out["optimal"]
    with pytest.raises(ValueError, match="beyond the demand"):
        solve_json(data | {"pins": [[0, 0], [0, 1], [0, 2]]})
    with pytest.raises(ValueError):
        solve_json({"demand": 1})
