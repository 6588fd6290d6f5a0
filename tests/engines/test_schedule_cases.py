"""The minimal failing cases of issue 11 for the schedule engine, each with its optimum
proven independently (brute force or scipy's MIP, see schedule_reference.py)."""

from __future__ import annotations

import math

from corridor.engines.schedule import Instance, Meeting, check, schedule, upper_bound
from corridor.generators.schedule import generate_instance

from .schedule_reference import brute_force, lp_value, mip_optimum


def six_slot_case() -> Instance:
    rows = [(1, 4, 5, 2, 3, 6), (2, 8, 2, 0, 0, 2), (4, 0, 1, 2, 2, 1), (10, 7, 3, 3, 3, 3)]
    rows += [(13, 0, 2, 2, 0, 6), (31, 3, 1, 3, 2, 2), (34, 2, 4, 0, 2, 5)]
    availability = {0: [1, 3], 1: [2, 3], 2: [0, 1], 3: [1, 2, 3], 4: [0, 4], 5: [0], 7: [2, 3], 8: [1, 2]}
    return Instance(
        tuple(Meeting(*r) for r in rows),
        6,
        (1, 1, 1, 2, 0, 0),
        {p: frozenset(v) for p, v in availability.items()},
    )


def test_six_slot_case_reaches_the_proven_optimum_of_5():
    inst = six_slot_case()
    assert brute_force(inst) == 5 == mip_optimum(inst)
    res = schedule(inst, time_limit_s=10)
    assert check(inst, res.placements) == []
    assert res.objective == 5 and res.optimal and res.bound == 5
    res = schedule(inst, time_limit_s=10, exact="cpsat")  # the CP-SAT model is the full one too
    assert res.objective == 5 and res.optimal


def hybrid_case() -> Instance:
    x, y, z = 1, 2, 3  # X and Y in person, Z online
    meetings = (Meeting(1, x, y, 10, 20, 1.0, "table"), Meeting(2, x, z, 10, 30, 1.0, "room"))
    return Instance(meetings, 2, (1, 1), {z: frozenset({1})}, rooms=(1, 1))


def test_hybrid_case_places_both_meetings_jointly():
    inst = hybrid_case()
    assert brute_force(inst) == 2
    res = schedule(inst, time_limit_s=5)
    assert check(inst, res.placements) == []
    assert res.objective == 2 and res.optimal and not res.unplaced
    slots = {p.meeting_id: p.slot for p in res.placements}
    assert slots == {1: 0, 2: 1}


def test_sparse_availability_reaches_the_mip_optimum():
    inst = generate_instance(240, 600, 10, seed=5, avail=(1, 3))
    opt = mip_optimum(inst)
    res = schedule(inst, time_limit_s=10)
    assert check(inst, res.placements) == []
    assert res.objective <= opt <= res.bound
    assert res.objective >= 0.995 * opt
    if res.optimal:
        assert res.objective == opt


def test_bound_above_2000_columns_is_the_full_lp():
    inst = generate_instance(150, 600, 10, seed=2)
    n_cols = sum(len(inst.available(m.a) & inst.available(m.b)) for m in inst.meetings)
    assert n_cols > 2_000
    lp = lp_value(inst)
    ub = upper_bound(inst)
    assert ub <= math.floor(lp + 1e-6)
    assert ub >= mip_optimum(inst)
    res = schedule(inst, time_limit_s=10)
    assert res.objective <= res.bound <= math.floor(lp + 1e-6)


def test_lagrangian_bound_is_valid_and_never_worse_than_its_start():
    import time

    from corridor.engines.schedule.bound import (
        aggregated_dual,
        certificate,
        lagrangian,
        lp_data,
        usable_masks,
    )
    from corridor.engines.schedule.state import Compiled, State

    inst = generate_instance(150, 600, 10, seed=4)
    c = Compiled(inst)
    st = State(c)
    usable = usable_masks(c, st)
    _cert, lifted = aggregated_dual(c, st, usable)
    _cm, _cs, mat, rhs, kept = lp_data(c, st, usable, with_kept=True)
    start = certificate(mat, rhs, lifted[kept])
    value = lagrangian(mat, rhs, lifted[kept], time.perf_counter() + 30, target=0.0, max_iter=200)
    assert lp_value(inst) - 1e-6 <= value <= start + 1e-9


def test_large_neighbourhood_search_path_is_valid_and_not_worse_than_the_heuristic():
    inst = generate_instance(150, 600, 10, seed=6, table_factor=0.6)
    heuristic = schedule(inst, time_limit_s=6, exact_max_meetings=0)
    lns = schedule(inst, time_limit_s=6, exact_max_meetings=50)  # too big for the whole MIP: LNS
    assert check(inst, lns.placements) == []
    assert heuristic.objective <= lns.objective <= lns.bound
    assert lns.optimal == (lns.objective == lns.bound)
    assert lns.objective <= mip_optimum(inst) <= lns.bound
