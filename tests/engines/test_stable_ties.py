"""Maximum-size weakly stable placement with ties: hand cases, brute force, checker."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corridor.engines import stable
from corridor.engines.stable_ties import (
    UNPLACED,
    check_weak,
    max_weakly_stable,
    promotion_da,
    random_tiebreak,
    solve_json,
)


def _size(hub_of):
    return sum(h != UNPLACED for h in hub_of)


def brute_max(app_groups, hub_groups, caps):
    """Enumerate every assignment (tiny markets only) and keep the largest weakly stable one."""
    options = [[UNPLACED] + [h for g in gs for h in g] for gs in app_groups]
    best = -1
    for combo in itertools.product(*options):
        if check_weak(app_groups, hub_groups, caps, list(combo)).ok:
            best = max(best, _size(combo))
    return best


def test_tie_lets_both_be_placed():
    # a0 likes h0 and h1 equally, a1 only h0: tie-breaking a0 → h0 leaves a1 out.
    apps = [[[0, 1]], [[0]]]
    hubs = [[[0, 1]], [[0]]]
    caps = [1, 1]
    res = max_weakly_stable(apps, hubs, caps)
    assert res.proven and res.size == 2
    assert res.hub_of == [1, 0]
    assert check_weak(apps, hubs, caps, random_tiebreak(apps, hubs, caps, seed=None)).ok
    assert _size(random_tiebreak(apps, hubs, caps, seed=None)) == 1


def test_hub_side_tie():
    # h0 ties a0/a1; a0 could also go to h1 (a0 prefers h0 strictly): the size-2 matching
    # a1→h0, a0→h1 is weakly stable because h0 does not strictly prefer a0 to a1.
    apps = [[[0], [1]], [[0]]]
    hubs = [[[0, 1]], [[0]]]
    caps = [1, 1]
    assert max_weakly_stable(apps, hubs, caps).size == 2
    assert check_weak(apps, hubs, caps, [1, 0]).ok
    # a strict hub ranking removes that option
    assert max_weakly_stable(apps, [[[0], [1]], [[0]]], caps).size == 1


def test_checker_finds_blocking_pairs_and_capacity():
    apps = [[[0]], [[0]]]
    hubs = [[[0], [1]]]
    rep = check_weak(apps, hubs, [1], [UNPLACED, 0])
    assert rep.blocking_pairs == [(0, 0)]
    rep = check_weak(apps, hubs, [1], [0, 0])
    assert rep.over_capacity == [0]
    rep = check_weak(apps, [[[1]]], [1], [0, UNPLACED])
    assert rep.unacceptable == [0]
    # zero capacity never blocks
    assert check_weak(apps, hubs, [0], [UNPLACED, UNPLACED]).ok


@st.composite
def markets(draw):
    n_a = draw(st.integers(1, 5))
    n_h = draw(st.integers(1, 3))
    caps = [draw(st.integers(0, 2)) for _ in range(n_h)]

    def grouped(items):
        items = draw(st.permutations(items))
        groups, cur = [], []
        for x in items:
            if cur and draw(st.booleans()):
                groups.append(cur)
                cur = []
            cur.append(x)
        if cur:
            groups.append(cur)
        return groups

    apps = [grouped(draw(st.lists(st.integers(0, n_h - 1), unique=True, max_size=n_h))) for _ in range(n_a)]
    hubs = []
    for h in range(n_h):
        rankers = [a for a in range(n_a) if any(h in g for g in apps[a])]
        keep = [a for a in rankers if draw(st.integers(0, 4))]  # hubs may leave applicants off
        hubs.append(grouped(keep))
    return apps, hubs, caps


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(markets())
@example(([[[0, 1]], [[0]]], [[[0, 1]], [[0]]], [1, 1]))
def test_mip_equals_brute_force(m):
    apps, hubs, caps = m
    res = max_weakly_stable(apps, hubs, caps)
    assert check_weak(apps, hubs, caps, res.hub_of).ok
    assert res.proven
    assert res.size == brute_max(apps, hubs, caps)
    tb = random_tiebreak(apps, hubs, caps, seed=1)
    assert check_weak(apps, hubs, caps, tb).ok
    assert 2 * _size(tb) >= res.size  # any weakly stable matching is a 2-approximation


@st.composite
def hub_tie_markets(draw):
    """Applicants rank hubs strictly; only the hubs' rankings have ties (scored applications)."""
    apps, hubs, caps = draw(markets())
    strict = [[[h] for g in gs for h in g] for gs in apps]
    return strict, hubs, caps


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hub_tie_markets())
@example(([[[0], [1]], [[0]]], [[[0, 1]], [[0]]], [1, 1]))
def test_promotion_is_weakly_stable_and_within_three_halves(m):
    apps, hubs, caps = m
    hub_of = promotion_da(apps, hubs, caps)
    assert check_weak(apps, hubs, caps, hub_of).ok
    assert 3 * _size(hub_of) >= 2 * brute_max(apps, hubs, caps)


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(markets())
def test_promotion_with_ties_on_both_sides_stays_weakly_stable(m):
    apps, hubs, caps = m
    assert check_weak(apps, hubs, caps, promotion_da(apps, hubs, caps)).ok


def test_promotion_places_what_tiebreaking_loses():
    # h0 ties a0 and a1; a0 can also go to h1, a1 only to h0. Plain DA with a0 first leaves a1
    # out; promotion lets a1 (rejected once, promoted) displace the unpromoted a0, who moves on.
    apps = [[[0], [1]], [[0]]]
    hubs = [[[0, 1]], [[0]]]
    caps = [1, 1]
    assert _size(random_tiebreak(apps, hubs, caps, seed=None)) == 1
    assert promotion_da(apps, hubs, caps) == [1, 0]


def test_time_limit_without_incumbent_falls_back_to_promotion(monkeypatch):
    import corridor.engines.stable_ties as st_mod

    class NoIncumbent:
        x = None
        status = 1

    monkeypatch.setattr(st_mod, "milp", lambda **kw: NoIncumbent())
    apps = [[[0], [1]], [[0]]]
    hubs = [[[0, 1]], [[0]]]
    res = max_weakly_stable(apps, hubs, [1, 1])
    assert (res.method, res.size, res.proven) == ("promotion-3/2", 2, False)


def test_solve_json_with_ties():
    data = {
        "applicants": {"a": [["h1", "h2"]], "b": ["h1"]},
        "hubs": {"h1": {"capacity": 1, "ranking": [["a", "b"]]}, "h2": {"capacity": 1, "ranking": [["a"]]}},
    }
    out = solve_json(data)
    assert out == {
        "matching": {"a": "h2", "b": "h1"},
        "size": 2,
        "stable": True,
        "proven": True,
        "bound": 2,
        "ties": True,
        "method": "mip",
    }
    assert stable.solve_json(data) == out


def test_solve_json_strict_is_deferred_acceptance():
    data = {
        "applicants": {"a": [["h1"], ["h2"]], "b": [["h1"]]},
        "hubs": {"h1": {"capacity": 1, "ranking": [["b"], ["a"]]}, "h2": {"capacity": 1, "ranking": [["a"]]}},
    }
    out = stable.solve_json(data)
    assert (
        out["matching"] == {"a": "h2", "b": "h1"} and out["stable"] and out["method"] == "deferred-acceptance"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"applicants": {"a": [["zz"]]}, "hubs": {}},
        {"applicants": {}, "hubs": {"h": {"capacity": -1, "ranking": []}}},
        {"applicants": {"a": [["h"], ["h"]]}, "hubs": {"h": {"capacity": 1, "ranking": [["a"]]}}},
        {"hubs": {}},
    ],
)
def test_solve_json_rejects_bad_input(data):
    with pytest.raises(ValueError):
        solve_json(data)


def test_generated_market_with_ties_beats_random_tiebreak():
    from corridor.generators.stable import generate_ties

    apps, hubs, caps = generate_ties(300, 300, list_length=3, seed=4)
    res = max_weakly_stable(apps, hubs, caps, time_limit=60)
    assert check_weak(apps, hubs, caps, res.hub_of).ok
    tb = _size(random_tiebreak(apps, hubs, caps, seed=0))
    assert res.size >= tb
    if res.proven:
        assert res.size > tb
