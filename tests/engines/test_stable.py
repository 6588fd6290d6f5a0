"""Stable placement engine: identity with the `matching` package, stability, optimality, re-runs."""

from __future__ import annotations

import csv
import itertools
import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.engines.stable import (
    UNPLACED,
    Market,
    applicant_proposing,
    check,
    hub_proposing,
    rank_histogram,
    rerun,
    solve,
)
from corridor.generators.stable import generate_lists

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "matching"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared matching data not found at {SHARED} (../shared relative to the repo)"
)


def peer_solution(applicant_prefs, hub_prefs, capacities, optimal):
    """The `matching` package's HospitalResident placement as {hub: sorted applicants}."""
    from matching.games import HospitalResident

    residents = {a: list(p) for a, p in enumerate(applicant_prefs)}
    hospitals = {h: list(p) for h, p in enumerate(hub_prefs)}
    caps = dict(enumerate(capacities))
    with warnings.catch_warnings():
        # clean=True drops unreciprocated entries and empty players, warning about each one.
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(residents, hospitals, caps, clean=True)
        result = game.solve(optimal=optimal)
    out = {h: [] for h in range(len(hub_prefs))}
    for hospital, placed in result.items():
        out[hospital.name] = sorted(r.name for r in placed)
    return out


def ours_solution(applicant_prefs, hub_prefs, capacities, proposer):
    market = Market.from_lists(applicant_prefs, hub_prefs, capacities)
    placement = solve(market, proposer=proposer)
    assert check(market, placement.hub_of).ok
    return dict(enumerate(placement.by_hub(market.n_hubs)))


def assert_same_as_peer(applicant_prefs, hub_prefs, capacities):
    for proposer, optimal in (("applicant", "resident"), ("hub", "hospital")):
        assert ours_solution(applicant_prefs, hub_prefs, capacities, proposer) == peer_solution(
            applicant_prefs, hub_prefs, capacities, optimal
        ), proposer


def test_readme_example_by_hand():
    """The `matching` README example: M gets L and S, C gets D and A, G gets J."""
    names_a, names_h = ["A", "S", "D", "J", "L"], ["M", "C", "G"]
    ap = {"A": "C", "S": "CM", "D": "CMG", "J": "CGM", "L": "MCG"}
    hp = {"M": "DLSJ", "C": "DASLJ", "G": "DJL"}
    apps = [[names_h.index(x) for x in ap[a]] for a in names_a]
    hubs = [[names_a.index(x) for x in hp[h]] for h in names_h]
    placed = ours_solution(apps, hubs, [2, 2, 2], "applicant")
    assert {names_h[h]: sorted(names_a[a] for a in v) for h, v in placed.items()} == {
        "M": ["L", "S"],
        "C": ["A", "D"],
        "G": ["J"],
    }


@needs_shared
def test_issue_159_matches_peer():
    data = json.loads((SHARED / "hr_issue_159.json").read_text())
    n_a, n_h = len(data["residents"]), len(data["hospitals"])
    apps = [data["residents"][str(a)] for a in range(n_a)]
    hubs = [data["hospitals"][str(h)] for h in range(n_h)]
    assert_same_as_peer(apps, hubs, [1] * n_h)
    placed = ours_solution(apps, hubs, [1] * n_h, "applicant")
    assert sum(len(v) for v in placed.values()) > 20


def spa_as_hospital_resident():
    """The tutorial's student–project data as HR: students rank projects (repeats dropped, first
    kept, as the tutorial cleans them); a project ranks the students who chose it in the order of
    the students' ``rank`` column (its supervisor's order); capacity = the project's capacity."""
    base = SHARED / "student_project_allocation"
    with (base / "projects.csv").open() as f:
        projects = list(csv.DictReader(f))
    with (base / "students.csv").open() as f:
        students = list(csv.DictReader(f))
    code = {p["code"]: i for i, p in enumerate(projects)}
    apps = []
    for s in students:
        seen: list[int] = []
        for k in range(25):
            c = s[str(k)]
            if c and code[c] not in seen:
                seen.append(code[c])
        apps.append(seen)
    by_rank = sorted(range(len(students)), key=lambda i: int(students[i]["rank"]))
    hubs = [[i for i in by_rank if p in apps[i]] for p in range(len(projects))]
    return apps, hubs, [int(p["capacity"]) for p in projects]


@needs_shared
def test_student_project_allocation_matches_peer():
    apps, hubs, caps = spa_as_hospital_resident()
    assert_same_as_peer(apps, hubs, caps)
    market = Market.from_lists(apps, hubs, caps)
    hist = rank_histogram(market, applicant_proposing(market).hub_of)
    assert hist[0] == 3  # the three students who chose nothing
    assert sum(hist.values()) == 100


@pytest.mark.parametrize("seed", range(8))
def test_generated_instances_match_peer(seed):
    apps, hubs, caps = generate_lists(150, 12, list_length=5, seed=seed)
    assert_same_as_peer(apps, hubs, caps)


def test_generated_with_unacceptable_marks_matches_peer():
    """Hubs dropping applicants from their lists (unacceptable) is the peer's clean=True case."""
    apps, hubs, caps = generate_lists(120, 10, list_length=4, seed=7)
    rng = np.random.default_rng(1)
    hubs = [[a for a in lst if rng.random() > 0.2] for lst in hubs]
    assert_same_as_peer(apps, hubs, caps)


def test_bad_lists_are_rejected_with_a_reason():
    with pytest.raises(ValueError, match="applicant 0 ranks hub 1 twice"):
        Market.from_lists([[1, 1]], [[], [0]], [1, 1])
    with pytest.raises(ValueError, match="ranks unknown hub 5"):
        Market.from_lists([[5]], [[0]], [1])
    with pytest.raises(ValueError, match="capacities"):
        Market.from_lists([[0]], [[0]], [1, 2])


# --- properties -------------------------------------------------------------------------------


@st.composite
def markets(draw, max_a=5, max_h=3):
    n_a = draw(st.integers(1, max_a))
    n_h = draw(st.integers(1, max_h))
    apps = [
        draw(st.permutations(range(n_h)).map(lambda p: list(p)))[: draw(st.integers(0, n_h))]
        for _ in range(n_a)
    ]
    hubs = []
    for h in range(n_h):
        ranked = [a for a in range(n_a) if h in apps[a]]
        order = draw(st.permutations(ranked))
        keep = draw(st.lists(st.booleans(), min_size=len(order), max_size=len(order)))
        hubs.append([a for a, k in zip(order, keep) if k or draw(st.booleans())])
    caps = [draw(st.integers(0, 2)) for _ in range(n_h)]
    return apps, hubs, caps


def all_stable(market: Market):
    options = [[UNPLACED, *market.applicant_list(a)] for a in range(market.n_applicants)]
    for combo in itertools.product(*options):
        if check(market, combo).ok:
            yield combo


@settings(max_examples=150, deadline=None, derandomize=True)
@given(markets())
def test_applicant_proposing_is_stable_and_applicant_optimal(case):
    apps, hubs, caps = case
    market = Market.from_lists(apps, hubs, caps)
    ours = applicant_proposing(market).hub_of.tolist()
    hub_opt = hub_proposing(market).hub_of.tolist()
    assert check(market, ours).ok and check(market, hub_opt).ok

    def rank(a, h):
        return len(apps[a]) if h == UNPLACED else apps[a].index(h)

    stable = list(all_stable(market))
    assert tuple(ours) in stable and tuple(hub_opt) in stable
    for other in stable:
        for a in range(len(apps)):
            assert rank(a, ours[a]) <= rank(a, other[a])  # no stable placement does better for a
            assert rank(a, hub_opt[a]) >= rank(a, other[a])  # hub-optimal is applicant-worst


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(0, 10_000), st.integers(20, 80), st.integers(2, 8))
def test_larger_random_markets_are_stable_and_within_capacity(seed, n_a, n_h):
    apps, hubs, caps = generate_lists(n_a, n_h, list_length=4, seed=seed)
    market = Market.from_lists(apps, hubs, caps)
    for proposer in ("applicant", "hub"):
        hub_of = solve(market, proposer=proposer).hub_of
        report = check(market, hub_of)
        assert report.ok, report
        assert (np.bincount(hub_of[hub_of >= 0], minlength=n_h) <= market.capacities).all()


def test_checker_finds_a_blocking_pair_and_over_capacity():
    market = Market.from_lists([[0, 1], [0]], [[0, 1], [0]], [1, 1])
    report = check(market, [1, 0])  # 0 prefers hub 0, which prefers 0 to its holder 1
    assert report.blocking_pairs == [(0, 0)]
    assert check(market, [0, 0]).over_capacity == [0]
    assert check(market, [UNPLACED, 1]).unacceptable == [(1, 1)]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(markets(max_a=6, max_h=3), st.data())
def test_rerun_keeps_fixed_and_is_stable_for_the_remaining_market(case, data):
    apps, hubs, caps = case
    market = Market.from_lists(apps, hubs, caps)
    first = applicant_proposing(market).hub_of.tolist()
    placed = [a for a, h in enumerate(first) if h != UNPLACED]
    declined = data.draw(st.lists(st.sampled_from(placed), unique=True)) if placed else []
    fixed = {a: first[a] for a in placed if a not in declined}
    again = rerun(market, fixed=fixed, withdrawn=declined)
    hub_of = again.hub_of.tolist()
    assert all(hub_of[a] == h for a, h in fixed.items())
    assert all(hub_of[a] == UNPLACED for a in declined)
    report = check(market, hub_of, fixed=fixed, withdrawn=declined)
    assert report.ok, report
    # Nobody unplaced before loses out, and with no declines nothing changes.
    if not declined:
        assert hub_of == first


def test_rerun_fills_a_freed_place_with_the_next_applicant():
    # Hub 0 (1 place) ranks 0 then 1; both want hub 0. 0 declines → 1 takes the place.
    market = Market.from_lists([[0], [0]], [[0, 1]], [1])
    assert applicant_proposing(market).hub_of.tolist() == [0, UNPLACED]
    assert rerun(market, fixed={}, withdrawn=[0]).hub_of.tolist() == [UNPLACED, 0]
    with pytest.raises(ValueError, match="more fixed placements than places"):
        rerun(Market.from_lists([[0], [0]], [[0, 1]], [1]), fixed={0: 0, 1: 0})
