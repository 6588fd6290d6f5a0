"""``schedule``: bound, heuristic, exact MIP or large-neighbourhood search, in one time limit."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .bound import aggregated_dual, bmatch_lp, bound_of, usable_masks
from .exact import lns, solve_cpsat, solve_mip
from .heuristic import Search
from .model import Instance, Result
from .state import Compiled, State, build_result, greedy_state, validate_fixed


def schedule(
    instance: Instance,
    *,
    time_limit_s: float = 20.0,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
    exact_max_meetings: int = 4_000,
    exact: str = "mip",
) -> Result:
    """Maximise the number of placed meetings, then their weight; tables and rooms in one model.

    1. Fixed meetings are placed first and never move.
    2. The aggregated LP ranks the meetings and gives a first proven bound.
    3. Heuristic (up to 30% of the time): construction most-constrained-first, ejection-chain
       repair, never worse than first-come-first-served.
    4. While a gap remains: the full LP bound at every size (interior point, or a Lagrangian
       descent from the lifted aggregated dual when its 25% share of the time runs out).
    5. While a gap remains (and always on events of <= 300 meetings, for the weight): the
       full model (every meeting, every slot and place; only the fixed meetings fixed; the
       heuristic solution as the start) as a MIP through HiGHS when it has at most
       ``exact_max_meetings`` free meetings (``exact="cpsat"``: CP-SAT instead), whose
       proven bound also tightens ours; otherwise large-neighbourhood search over slots and
       people until the time limit or the bound is reached.  ``exact_max_meetings=0`` keeps
       the heuristic only.
    ``optimal`` is True only when proven: the count equals a proven bound, or the exact
    solver proved optimality.  The result always satisfies :func:`check`, and every unplaced
    meeting has a named reason other than ``not_selected`` (the solution is maximal).
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit_s

    def report(f: float) -> None:
        if progress is not None:
            progress(min(1.0, max(0.0, f)))

    report(0.0)
    validate_fixed(instance)
    c = Compiled(instance)
    base = State(c)
    usable = usable_masks(c, base)
    free_meetings = [m for m in range(c.M) if usable[m]]
    report(0.05)
    bound = base.count
    optimal = False
    rank = [0.0] * c.M
    lifted = None
    selected = free_meetings
    if free_meetings:
        _cert, y, cols = bmatch_lp(c, base, usable, weighted=True)
        agg_cert, lifted = aggregated_dual(c, base, usable)
        bound = base.count + math.floor(agg_cert + 1e-7)  # aggregated LP
        for m, v in zip(cols, y):
            rank[m] = float(v) + 1e-3 * c.W[m]
        selected = [m for m, v in zip(cols, y) if v > 0.5]
    report(0.15)
    st = State(c)
    search = Search(c, st, usable, seed)
    search.construct(selected, rank)
    report(0.3)
    by_rank = sorted(free_meetings, key=lambda m: (-rank[m], m))
    heur_deadline = t0 + 0.3 * time_limit_s
    search.repair([m for m in by_rank if rank[m] > 0.5], heur_deadline, bound)
    search.repair(by_rank, heur_deadline, bound)
    if st.count < bound:
        gst = greedy_state(c)  # safety net: never worse than the FCFS baseline
        gsearch = Search(c, gst, usable, seed)
        gsearch.repair(by_rank, heur_deadline, bound)
        if (gst.count, gst.weight) > (st.count, st.weight):
            st = gst
    report(0.4)
    if free_meetings and st.count < bound:
        # the full LP (interior point; a Lagrangian descent when its share of the time runs out)
        budget = max(0.5, min(0.25 * time_limit_s, deadline - time.perf_counter()))
        bound = min(bound, bound_of(c, base, usable, time_limit=budget, lifted=lifted)[0])
    report(0.5)
    small = len(free_meetings) <= min(300, exact_max_meetings)
    if free_meetings and exact_max_meetings > 0 and (st.count < bound or small):
        left = max(0.5, deadline - time.perf_counter()) if small else deadline - time.perf_counter()
        if len(free_meetings) <= exact_max_meetings and left > 0.1:
            if exact == "cpsat":
                sol, proved = solve_cpsat(c, base, usable, left, seed, st.slot_of)
                count_bound = None
            else:
                res = solve_mip(c, base, usable, left, hint=st.slot_of, seed=seed)
                sol, proved, count_bound = res.slot_of, res.optimal, res.count_bound
            if count_bound is not None:
                bound = min(bound, base.count + count_bound)
            if sol is not None:
                cand = base.load(sol)
                if (cand.count, cand.weight) >= (st.count, st.weight):
                    st = cand
                    optimal = proved
        elif left > 0.3:
            st = lns(c, st, usable, deadline, bound, seed)
    report(0.95)
    # make the solution maximal (cheap direct insertion only)
    search = Search(c, st, usable, seed)
    for m in by_rank:
        if st.slot_of[m] < 0:
            search.insert(m, 0, {m}, [0])
    optimal = optimal or st.count >= bound
    bound = max(bound, st.count)
    report(1.0)
    return build_result(instance, c, st, bound=bound, optimal=optimal)
