"""B2B matchmaking meeting scheduler (pure Python, no Django).

Problem
-------
Accepted meeting requests between participants must be placed into
``(slot, table)`` pairs.  Hard constraints:

* a participant is in at most one meeting per slot;
* slot ``s`` has ``capacity[s]`` tables, numbered ``0 .. capacity[s]-1``, each
  used by at most one meeting;
* a meeting may only be placed in a slot where *both* participants are
  available;
* at most one meeting is placed per (unordered) pair of organisations;
* meetings listed in ``Instance.fixed`` keep exactly their (slot, table).

Objective (lexicographic): maximise the *number* of placed meetings first and
the total *weight* second.  ``Result.objective`` is the number of meetings
placed (including fixed ones); ``Result.weight`` their total weight.

Public API
----------
``Meeting``, ``Instance``, ``Placement``, ``Result``, ``UnplacedReason``,
``schedule_greedy``, ``schedule``, ``upper_bound``, ``check``,
``explain_unplaced``, ``explain_unplaced_detailed``, ``generate_instance``.

``check`` and ``explain_unplaced*`` are written independently of the solver
internals (they only use the public data types and plain Python sets).
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

__all__ = [
    "Meeting",
    "Instance",
    "Placement",
    "Result",
    "UnplacedReason",
    "REASON_CODES",
    "schedule_greedy",
    "schedule",
    "upper_bound",
    "check",
    "explain_unplaced",
    "explain_unplaced_detailed",
    "generate_instance",
]

#: Reason codes returned by :func:`explain_unplaced`, in order of precedence.
REASON_CODES = (
    "no_common_slot",  # the two participants share no available slot
    "org_pair_duplicate",  # another meeting between the same two orgs is placed
    "participant_full",  # in every common slot one side (or both) is busy
    "tables_full",  # some common slot has both free, but all such slots have no free table
    "not_selected",  # could still be placed as-is (never produced by ``schedule``)
)


# --------------------------------------------------------------------------------------
# Data types
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meeting:
    """One accepted meeting request.

    ``a`` and ``b`` are participant ids (``a != b``); ``org_a`` / ``org_b`` their
    organisations; ``weight`` > 0 (e.g. sum of both sides' priorities).
    """

    id: int
    a: int
    b: int
    org_a: int
    org_b: int
    weight: float = 1.0

    @property
    def org_pair(self) -> tuple[int, int]:
        """Unordered organisation pair as a sorted tuple."""
        return (self.org_a, self.org_b) if self.org_a <= self.org_b else (self.org_b, self.org_a)


@dataclass(frozen=True, slots=True)
class Placement:
    """Meeting ``meeting_id`` takes place in ``slot`` at table ``table``."""

    meeting_id: int
    slot: int
    table: int


@dataclass(frozen=True)
class Instance:
    """A scheduling instance.

    * ``meetings``: tuple of :class:`Meeting` with unique ids; list order is the
      request order used by :func:`schedule_greedy`.
    * ``n_slots``: number of slots, indices ``0 .. n_slots-1``.
    * ``capacity``: tuple of length ``n_slots``; tables available per slot (>= 0).
    * ``availability``: participant id -> frozenset of slot indices in which the
      participant is available.  A participant *missing* from the mapping is
      available in every slot.
    * ``fixed``: meeting id -> (slot, table) for pinned meetings; these must be
      mutually consistent and respect all constraints (``schedule`` raises
      ``ValueError`` otherwise).
    """

    meetings: tuple[Meeting, ...]
    n_slots: int
    capacity: tuple[int, ...]
    availability: Mapping[int, frozenset[int]] = field(default_factory=dict)
    fixed: Mapping[int, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meetings", tuple(self.meetings))
        object.__setattr__(self, "capacity", tuple(int(c) for c in self.capacity))
        object.__setattr__(
            self,
            "availability",
            MappingProxyType({p: frozenset(v) for p, v in dict(self.availability).items()}),
        )
        object.__setattr__(
            self, "fixed", MappingProxyType({k: (int(v[0]), int(v[1])) for k, v in dict(self.fixed).items()})
        )
        if len(self.capacity) != self.n_slots:
            raise ValueError("capacity must have one entry per slot")
        if any(c < 0 for c in self.capacity):
            raise ValueError("capacity must be >= 0")
        ids = [m.id for m in self.meetings]
        if len(set(ids)) != len(ids):
            raise ValueError("meeting ids must be unique")
        known = set(ids)
        for mid in self.fixed:
            if mid not in known:
                raise ValueError(f"fixed meeting {mid!r} is not a known meeting")
        for m in self.meetings:
            if m.a == m.b:
                raise ValueError(f"meeting {m.id!r} has the same participant on both sides")

    def available(self, participant: int) -> frozenset[int]:
        """Slots in which ``participant`` is available."""
        av = self.availability.get(participant)
        return frozenset(range(self.n_slots)) if av is None else av


@dataclass(frozen=True)
class Result:
    """Outcome of a scheduler.

    * ``placements``: sorted by (slot, table); includes the fixed meetings.
    * ``unplaced``: meeting id -> reason code (see :data:`REASON_CODES`).
    * ``objective``: number of placed meetings (fixed included).
    * ``weight``: total weight of placed meetings.
    * ``bound``: a valid upper bound on the optimum meeting count, if computed.
    * ``optimal``: True when the meeting count is proven optimal (reached the
      bound, or CP-SAT proved it; on the CP-SAT path the weight is then optimal too).
    """

    placements: tuple[Placement, ...]
    unplaced: Mapping[int, str]
    objective: int
    weight: float
    bound: int | None = None
    optimal: bool = False


@dataclass(frozen=True, slots=True)
class UnplacedReason:
    """Detailed reason: ``code`` from :data:`REASON_CODES`; ``side`` is ``"a"``,
    ``"b"`` or ``"both"`` for ``participant_full`` (who is busy), else ``None``."""

    code: str
    side: str | None = None


# --------------------------------------------------------------------------------------
# Independent checker and explanations (no solver internals used)
# --------------------------------------------------------------------------------------


def check(instance: Instance, placements) -> list[str]:
    """Validate ``placements`` against ``instance``; return violation messages.

    Checks: known meeting ids, no meeting placed twice, slot in range, table in
    ``0 .. capacity[slot]-1``, no table used twice in a slot, no participant twice
    in a slot, both participants available, at most one meeting per org pair,
    every fixed meeting present with exactly its pinned (slot, table).
    An empty list means the placements are valid.
    """
    errors: list[str] = []
    by_id = {m.id: m for m in instance.meetings}
    seen: dict[int, Placement] = {}
    tables: dict[tuple[int, int], int] = {}
    people: dict[tuple[int, int], int] = {}
    orgs: dict[frozenset, int] = {}
    for p in placements:
        m = by_id.get(p.meeting_id)
        if m is None:
            errors.append(f"unknown meeting {p.meeting_id!r}")
            continue
        if p.meeting_id in seen:
            errors.append(f"meeting {p.meeting_id!r} placed twice")
            continue
        seen[p.meeting_id] = p
        if not (0 <= p.slot < instance.n_slots):
            errors.append(f"meeting {m.id!r}: slot {p.slot} out of range")
            continue
        if not (0 <= p.table < instance.capacity[p.slot]):
            errors.append(
                f"meeting {m.id!r}: table {p.table} not below capacity {instance.capacity[p.slot]} of slot {p.slot}"
            )
        key = (p.slot, p.table)
        if key in tables:
            errors.append(f"slot {p.slot} table {p.table} used by meetings {tables[key]!r} and {m.id!r}")
        else:
            tables[key] = m.id
        for who in (m.a, m.b):
            k = (who, p.slot)
            if k in people:
                errors.append(
                    f"participant {who!r} in two meetings in slot {p.slot}: {people[k]!r} and {m.id!r}"
                )
            else:
                people[k] = m.id
            av = instance.availability.get(who)
            if av is not None and p.slot not in av:
                errors.append(f"meeting {m.id!r}: participant {who!r} not available in slot {p.slot}")
        op = frozenset((m.org_a, m.org_b)) if m.org_a != m.org_b else frozenset((m.org_a,))
        if op in orgs:
            errors.append(f"org pair {sorted(op)} has two meetings: {orgs[op]!r} and {m.id!r}")
        else:
            orgs[op] = m.id
    for mid, (slot, table) in instance.fixed.items():
        p = seen.get(mid)
        if p is None:
            errors.append(f"fixed meeting {mid!r} missing")
        elif (p.slot, p.table) != (slot, table):
            errors.append(f"fixed meeting {mid!r} moved from {(slot, table)} to {(p.slot, p.table)}")
    return errors


def explain_unplaced_detailed(instance: Instance, placements) -> dict[int, UnplacedReason]:
    """For every meeting not in ``placements``, the first applicable reason of
    :data:`REASON_CODES` (precedence in that order), with the busy side for
    ``participant_full``.  ``placements`` is assumed valid (see :func:`check`)."""
    everyone = frozenset(range(instance.n_slots))
    placed = {p.meeting_id: p for p in placements}
    by_id = {m.id: m for m in instance.meetings}
    busy: set[tuple[int, int]] = set()
    used = [0] * instance.n_slots
    org_pairs: set[frozenset] = set()
    for p in placed.values():
        m = by_id[p.meeting_id]
        busy.add((m.a, p.slot))
        busy.add((m.b, p.slot))
        used[p.slot] += 1
        org_pairs.add(frozenset((m.org_a, m.org_b)))
    out: dict[int, UnplacedReason] = {}
    for m in instance.meetings:
        if m.id in placed:
            continue
        av_a = instance.availability.get(m.a, everyone)
        av_b = instance.availability.get(m.b, everyone)
        common = sorted(av_a & av_b)
        if not common:
            out[m.id] = UnplacedReason("no_common_slot")
            continue
        if frozenset((m.org_a, m.org_b)) in org_pairs:
            out[m.id] = UnplacedReason("org_pair_duplicate")
            continue
        both_free = [s for s in common if (m.a, s) not in busy and (m.b, s) not in busy]
        if not both_free:
            a_all = all((m.a, s) in busy for s in common)
            b_all = all((m.b, s) in busy for s in common)
            side = "a" if a_all and not b_all else "b" if b_all and not a_all else "both"
            out[m.id] = UnplacedReason("participant_full", side)
            continue
        if all(used[s] >= instance.capacity[s] for s in both_free):
            out[m.id] = UnplacedReason("tables_full")
            continue
        out[m.id] = UnplacedReason("not_selected")
    return out


def explain_unplaced(instance: Instance, placements) -> dict[int, str]:
    """Meeting id -> reason code for every meeting not in ``placements``
    (see :func:`explain_unplaced_detailed`)."""
    return {k: v.code for k, v in explain_unplaced_detailed(instance, placements).items()}


# --------------------------------------------------------------------------------------
# Internal compiled representation
# --------------------------------------------------------------------------------------


class _Compiled:
    """Index-based view of an instance.  Meetings are 0..M-1 in instance order,
    participants 0..P-1, org-pair groups 0..G-1; slot sets are int bitmasks."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        S = inst.n_slots
        self.S = S
        self.cap = list(inst.capacity)
        pidx: dict[int, int] = {}
        gidx: dict[tuple[int, int], int] = {}
        A, B, G, W = [], [], [], []
        for m in inst.meetings:
            A.append(pidx.setdefault(m.a, len(pidx)))
            B.append(pidx.setdefault(m.b, len(pidx)))
            G.append(gidx.setdefault(m.org_pair, len(gidx)))
            W.append(float(m.weight))
        self.A, self.B, self.G, self.W = A, B, G, W
        self.M, self.P, self.NG = len(A), len(pidx), len(gidx)
        self.pids = list(pidx)
        full = (1 << S) - 1
        amask = [full] * self.P
        for pid, i in pidx.items():
            av = inst.availability.get(pid)
            if av is not None:
                mask = 0
                for s in av:
                    if 0 <= s < S:
                        mask |= 1 << s
                amask[i] = mask
        self.amask = amask
        self.common = [amask[a] & amask[b] for a, b in zip(A, B)]
        self.id_index = {m.id: i for i, m in enumerate(inst.meetings)}
        self.fixed = {self.id_index[mid]: st for mid, st in inst.fixed.items()}


def _bits(mask: int) -> list[int]:
    out = []
    s = 0
    while mask:
        if mask & 1:
            out.append(s)
        mask >>= 1
        s += 1
    return out


class _State:
    """Mutable assignment: ``slot_of[m]`` (-1 = unplaced), ``busy[p][s]`` (meeting
    or -1), ``used[s]`` tables in use, ``gused[g]`` placed meeting of org pair or -1."""

    def __init__(self, c: _Compiled) -> None:
        self.c = c
        self.slot_of = [-1] * c.M
        self.busy = [[-1] * c.S for _ in range(c.P)]
        self.used = [0] * c.S
        self.gused = [-1] * c.NG
        self.count = 0
        self.weight = 0.0
        self.members: list[set[int]] = [set() for _ in range(c.S)]
        self.is_fixed = [False] * c.M
        for m, (s, _t) in c.fixed.items():
            self.place(m, s)
            self.is_fixed[m] = True

    def can(self, m: int, s: int) -> bool:
        c = self.c
        return (
            self.slot_of[m] < 0
            and (c.common[m] >> s) & 1 == 1
            and self.busy[c.A[m]][s] < 0
            and self.busy[c.B[m]][s] < 0
            and self.used[s] < c.cap[s]
            and self.gused[c.G[m]] < 0
        )

    def place(self, m: int, s: int) -> None:
        c = self.c
        self.slot_of[m] = s
        self.busy[c.A[m]][s] = m
        self.busy[c.B[m]][s] = m
        self.used[s] += 1
        self.members[s].add(m)
        self.gused[c.G[m]] = m
        self.count += 1
        self.weight += c.W[m]

    def unplace(self, m: int) -> None:
        c = self.c
        s = self.slot_of[m]
        self.slot_of[m] = -1
        self.busy[c.A[m]][s] = -1
        self.busy[c.B[m]][s] = -1
        self.used[s] -= 1
        self.members[s].discard(m)
        self.gused[c.G[m]] = -1
        self.count -= 1
        self.weight -= c.W[m]


def _validate_fixed(inst: Instance) -> None:
    fixed_pl = [Placement(mid, s, t) for mid, (s, t) in inst.fixed.items()]
    errs = check(inst, fixed_pl)
    if errs:
        raise ValueError("inconsistent fixed meetings: " + "; ".join(errs[:5]))


def _result(
    inst: Instance, c: _Compiled, st: _State, bound: int | None = None, optimal: bool = False
) -> Result:
    """Assign tables (fixed keep theirs; others take the lowest free table in
    meeting order) and build the Result with reasons for unplaced meetings."""
    taken: list[set[int]] = [set() for _ in range(c.S)]
    placements: list[Placement] = []
    for m, (s, t) in c.fixed.items():
        taken[s].add(t)
        placements.append(Placement(inst.meetings[m].id, s, t))
    nxt = [0] * c.S
    for m in range(c.M):
        s = st.slot_of[m]
        if s < 0 or m in c.fixed:
            continue
        t = nxt[s]
        while t in taken[s]:
            t += 1
        taken[s].add(t)
        nxt[s] = t + 1
        placements.append(Placement(inst.meetings[m].id, s, t))
    placements.sort(key=lambda p: (p.slot, p.table))
    unplaced = explain_unplaced(inst, placements)
    return Result(
        placements=tuple(placements),
        unplaced=MappingProxyType(unplaced),
        objective=len(placements),
        weight=float(sum(c.W[c.id_index[p.meeting_id]] for p in placements)),
        bound=bound,
        optimal=optimal,
    )


# --------------------------------------------------------------------------------------
# Baseline
# --------------------------------------------------------------------------------------


def _greedy_state(c: _Compiled) -> _State:
    st = _State(c)
    for m in range(c.M):
        if st.slot_of[m] >= 0 or st.gused[c.G[m]] >= 0:
            continue
        ba, bb = st.busy[c.A[m]], st.busy[c.B[m]]
        for s in _bits(c.common[m]):
            if ba[s] < 0 and bb[s] < 0 and st.used[s] < c.cap[s]:
                st.place(m, s)
                break
    return st


def schedule_greedy(instance: Instance) -> Result:
    """First-come-first-served baseline: meetings in list (request) order, each
    into the earliest slot where both participants are available and free, a
    table is free and its org pair is still unused.  Fixed meetings are placed
    first and never move."""
    _validate_fixed(instance)
    c = _Compiled(instance)
    st = _greedy_state(c)
    return _result(instance, c, st)


# --------------------------------------------------------------------------------------
# Upper bound
# --------------------------------------------------------------------------------------


def _lp_data(c: _Compiled, st: _State):
    """Columns (m, s) of the LP relaxation for the non-fixed meetings, given the
    fixed meetings already placed in ``st``.  Rows: org-pair groups, (participant,
    slot) pairs, slots.  Returns (col_m, col_s, rows as scipy csr, rhs)."""
    from scipy import sparse

    cm, cs = [], []
    capr = [c.cap[s] - st.used[s] for s in range(c.S)]
    for m in range(c.M):
        if st.slot_of[m] >= 0 or st.gused[c.G[m]] >= 0:
            continue
        ba, bb = st.busy[c.A[m]], st.busy[c.B[m]]
        for s in _bits(c.common[m]):
            if ba[s] < 0 and bb[s] < 0 and capr[s] > 0:
                cm.append(m)
                cs.append(s)
    cm_a = np.asarray(cm, dtype=np.int64)
    cs_a = np.asarray(cs, dtype=np.int64)
    n = len(cm)
    A = np.asarray(c.A, dtype=np.int64)
    B = np.asarray(c.B, dtype=np.int64)
    G = np.asarray(c.G, dtype=np.int64)
    # row blocks: groups [0, NG), participant-slot [NG, NG+P*S), slots after
    r_g = G[cm_a] if n else np.zeros(0, np.int64)
    r_a = c.NG + A[cm_a] * c.S + cs_a if n else np.zeros(0, np.int64)
    r_b = c.NG + B[cm_a] * c.S + cs_a if n else np.zeros(0, np.int64)
    r_s = c.NG + c.P * c.S + cs_a
    rows = np.concatenate([r_g, r_a, r_b, r_s])
    cols = np.concatenate([np.arange(n)] * 4)
    nrows = c.NG + c.P * c.S + c.S
    mat = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(nrows, n))
    rhs = np.concatenate([np.ones(c.NG + c.P * c.S), np.asarray(capr, dtype=float)])
    # drop empty rows
    nz = np.diff(mat.indptr) > 0
    return cm_a, cs_a, mat[nz], rhs[nz]


def _lp_bound(c: _Compiled, st: _State) -> tuple[float, np.ndarray | None, np.ndarray, np.ndarray]:
    """Solve the LP relaxation (max #meetings) with HiGHS.  Returns a
    *certified* bound from the dual via weak duality (valid for any y >= 0:
    sum b*y + sum_j max(0, 1 - (A^T y)_j) since 0 <= x_j <= 1), the primal
    solution and the column data."""
    from scipy.optimize import linprog

    cm, cs, mat, rhs = _lp_data(c, st)
    n = len(cm)
    if n == 0:
        return 0.0, np.zeros(0), cm, cs
    res = linprog(-np.ones(n), A_ub=mat, b_ub=rhs, bounds=(0, 1), method="highs")
    if res.status != 0 or res.ineqlin is None:
        return float(n), None, cm, cs
    y = np.maximum(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0)
    red = 1.0 - mat.T @ y
    cert = float(rhs @ y + np.maximum(red, 0.0).sum())
    return cert, np.asarray(res.x), cm, cs


def _combinatorial_bound(c: _Compiled, st: _State) -> int:
    """Cheap valid bound on the number of non-fixed meetings still placeable:
    min of (#org-pair groups with a usable meeting, remaining tables,
    half the sum over participants of min(#meetings, #usable slots))."""
    capr = [c.cap[s] - st.used[s] for s in range(c.S)]
    open_mask = 0
    for s in range(c.S):
        if capr[s] > 0:
            open_mask |= 1 << s
    groups = set()
    deg = [0] * c.P
    pmask = [0] * c.P
    for m in range(c.M):
        if st.slot_of[m] >= 0 or st.gused[c.G[m]] >= 0:
            continue
        a, b = c.A[m], c.B[m]
        ba, bb = st.busy[a], st.busy[b]
        mask = 0
        for s in _bits(c.common[m] & open_mask):
            if ba[s] < 0 and bb[s] < 0:
                mask |= 1 << s
        if not mask:
            continue
        groups.add(c.G[m])
        deg[a] += 1
        deg[b] += 1
        pmask[a] |= mask
        pmask[b] |= mask
    half = sum(min(d, pm.bit_count()) for d, pm in zip(deg, pmask)) // 2
    return min(len(groups), sum(capr), half)


def upper_bound(instance: Instance, *, method: str = "auto", max_lp_columns: int = 2_000) -> int:
    """A valid upper bound on the optimum number of placed meetings (fixed
    included).  Always ``>=`` the true optimum.

    Components (the minimum is returned, each a relaxation of the problem):

    * combinatorial: #org pairs with a usable meeting, remaining tables, and
      half the sum over participants of min(#meetings, #usable slots);
    * aggregated LP (y_m = meeting placed): per org pair <= 1, per participant
      <= #slots usable by its meetings, total <= remaining tables;
    * full LP (x[m,s] per usable meeting/slot pair; per org pair <= 1, per
      participant and slot <= 1, per slot <= remaining tables) when it has at most
      ``max_lp_columns`` columns (``method="lp"`` forces it).

    LP values are certified through weak duality from the HiGHS dual (any dual
    y >= 0 gives ``b.y + sum_j max(0, 1 - (A^T y)_j)`` as bound because
    ``0 <= x_j <= 1``), so solver tolerances cannot make the bound invalid.
    ``method="combinatorial"`` skips both LPs.
    """
    _validate_fixed(instance)
    c = _Compiled(instance)
    st = _State(c)
    best = _combinatorial_bound(c, st)
    if method in ("lp", "auto"):
        usable = _usable_masks(c, st)
        cert, _y, _cols = _bmatch_lp(c, st, usable)
        best = min(best, math.floor(cert + 1e-7))
        n_cols = sum(u.bit_count() for u in usable)
        if method == "lp" or n_cols <= max_lp_columns:
            cert, _x, _cm, _cs = _lp_bound(c, st)
            best = min(best, math.floor(cert + 1e-7))
    return st.count + best


# --------------------------------------------------------------------------------------
# Instance generator
# --------------------------------------------------------------------------------------


def generate_instance(
    n_participants: int,
    n_meetings: int,
    n_slots: int,
    seed: int = 0,
    *,
    zipf: float = 0.8,
    activity: float = 0.8,
    table_factor: float = 1.0,
    duplicate_rate: float = 0.02,
    slots_per_day: int = 8,
) -> Instance:
    """Realistic random instance.

    * Participants ``0 .. n_participants-1``: first half Malaysian (MY), second
      half Kenyan (KE); organisations of 1-3 participants of one country.
    * Meetings are MY-KE pairs; one side chosen by activity (Zipf-like, exponent
      ``activity``), the other by popularity (Zipf-like, exponent ``zipf``), so popular participants get
      many more requests than they have slots.  Org pairs are deduplicated except
      for a fraction ``duplicate_rate`` of requests.
    * Each participant is unavailable in 1-2 contiguous blocks covering 10-25% of
      the slots.
    * Capacity: generous (``table_factor`` x meetings/slot) in most slots; the two
      lunch-adjacent slots of each day (``slots_per_day``) get 40-60% of that.
    * Weights: priority 1..3 of each side, summed.
    Fewer than ``n_meetings`` meetings are returned only if the pair space runs out.
    """
    rng = np.random.default_rng(seed)
    n_my = n_participants // 2
    n_ke = n_participants - n_my
    org = np.empty(n_participants, dtype=np.int64)
    nxt_org = 0
    for lo, hi in ((0, n_my), (n_my, n_participants)):
        p = lo
        while p < hi:
            size = int(rng.choice([1, 2, 3], p=[0.5, 0.3, 0.2]))
            org[p : min(hi, p + size)] = nxt_org
            nxt_org += 1
            p += size

    def weights(n: int, expo: float) -> np.ndarray:
        w = 1.0 / np.arange(1, n + 1) ** expo
        rng.shuffle(w)
        return w / w.sum()

    pop_my, pop_ke = weights(n_my, zipf), weights(n_ke, zipf)
    act_my, act_ke = weights(n_my, activity), weights(n_ke, activity)
    prio = rng.integers(1, 4, size=n_participants)
    seen_pairs: set[tuple[int, int]] = set()
    seen_orgs: set[tuple[int, int]] = set()
    meetings: list[Meeting] = []
    attempts = 0
    while len(meetings) < n_meetings and attempts < 50:
        attempts += 1
        k = 2 * (n_meetings - len(meetings)) + 16
        my_requests = rng.random(k) < 0.5
        my_pop = rng.choice(n_my, size=k, p=pop_my)
        my_act = rng.choice(n_my, size=k, p=act_my)
        ke_pop = rng.choice(n_ke, size=k, p=pop_ke) + n_my
        ke_act = rng.choice(n_ke, size=k, p=act_ke) + n_my
        dup_roll = rng.random(k)
        for i in range(k):
            if my_requests[i]:
                a, b = int(my_act[i]), int(ke_pop[i])
            else:
                a, b = int(ke_act[i]), int(my_pop[i])
            pair = (min(a, b), max(a, b))
            if pair in seen_pairs:
                continue
            op = (int(min(org[a], org[b])), int(max(org[a], org[b])))
            if op in seen_orgs and dup_roll[i] >= duplicate_rate:
                continue
            seen_pairs.add(pair)
            seen_orgs.add(op)
            meetings.append(Meeting(len(meetings), a, b, int(org[a]), int(org[b]), float(prio[a] + prio[b])))
            if len(meetings) >= n_meetings:
                break
    availability: dict[int, frozenset[int]] = {}
    for p in range(n_participants):
        off = int(round(rng.uniform(0.10, 0.25) * n_slots))
        blocks = 1 if off < 2 or rng.random() < 0.5 else 2
        out: set[int] = set()
        lens = [off] if blocks == 1 else [off // 2, off - off // 2]
        for ln in lens:
            start = int(rng.integers(0, max(1, n_slots - ln + 1)))
            out.update(range(start, min(n_slots, start + ln)))
        availability[p] = frozenset(set(range(n_slots)) - out)
    base = max(1, math.ceil(table_factor * max(1, len(meetings)) / max(1, n_slots)))
    base = min(base, max(1, n_participants // 2))
    capacity = []
    for s in range(n_slots):
        pos = s % slots_per_day
        lunch = slots_per_day // 2
        if slots_per_day >= 4 and pos in (lunch - 1, lunch):
            capacity.append(max(1, int(round(base * rng.uniform(0.4, 0.6)))))
        else:
            capacity.append(base)
    return Instance(tuple(meetings), n_slots, tuple(capacity), availability, {})


# --------------------------------------------------------------------------------------
# Aggregated (b-matching) LP: bound and selection
# --------------------------------------------------------------------------------------


def _usable_masks(c: _Compiled, st: _State) -> list[int]:
    """Per meeting: slots where it could go given the fixed meetings in ``st``
    (both available and not busy with a fixed meeting, slot has a free table);
    0 for placed meetings and meetings whose org pair is taken."""
    open_mask = 0
    for s in range(c.S):
        if c.cap[s] - st.used[s] > 0:
            open_mask |= 1 << s
    busy_mask = [0] * c.P
    for p in range(c.P):
        row = st.busy[p]
        mk = 0
        for s in range(c.S):
            if row[s] >= 0:
                mk |= 1 << s
        busy_mask[p] = mk
    out = [0] * c.M
    for m in range(c.M):
        if st.slot_of[m] >= 0 or st.gused[c.G[m]] >= 0:
            continue
        out[m] = c.common[m] & open_mask & ~busy_mask[c.A[m]] & ~busy_mask[c.B[m]]
    return out


def _bmatch_lp(c: _Compiled, st: _State, usable: list[int], weighted: bool = False):
    """LP over y_m in [0,1] (meeting placed): per org pair sum <= 1; per
    participant sum <= #slots usable by any of its meetings; total <= remaining
    tables.  A relaxation of the full problem (aggregate x[m,s] over s).
    Returns (certified bound on the count, y, column meeting indices)."""
    from scipy import sparse
    from scipy.optimize import linprog

    cols = [m for m in range(c.M) if usable[m]]
    n = len(cols)
    if n == 0:
        return 0.0, np.zeros(0), cols
    pmask = [0] * c.P
    for m in cols:
        pmask[c.A[m]] |= usable[m]
        pmask[c.B[m]] |= usable[m]
    cm = np.asarray(cols, dtype=np.int64)
    A = np.asarray(c.A, dtype=np.int64)[cm]
    B = np.asarray(c.B, dtype=np.int64)[cm]
    G = np.asarray(c.G, dtype=np.int64)[cm]
    rows = np.concatenate([G, c.NG + A, c.NG + B, np.full(n, c.NG + c.P)])
    cc = np.concatenate([np.arange(n)] * 4)
    mat = sparse.csr_matrix((np.ones(4 * n), (rows, cc)), shape=(c.NG + c.P + 1, n))
    rhs = np.asarray(
        [1.0] * c.NG + [float(pm.bit_count()) for pm in pmask] + [float(sum(c.cap) - sum(st.used))]
    )
    keep = np.diff(mat.indptr) > 0
    mat, rhs = mat[keep], rhs[keep]
    obj = np.ones(n)
    if weighted:
        w = np.asarray(c.W, dtype=float)[cm]
        obj = obj + w / (w.sum() + 1.0)
    res = linprog(-obj, A_ub=mat, b_ub=rhs, bounds=(0, 1), method="highs")
    if res.status != 0 or res.ineqlin is None:
        return float(n), np.ones(n), cols
    y = np.maximum(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0)
    # weak-duality certificate for the pure count objective (valid for any y >= 0)
    red = 1.0 - mat.T @ y
    cert = float(rhs @ y + np.maximum(red, 0.0).sum())
    return cert, np.asarray(res.x), cols


# --------------------------------------------------------------------------------------
# Heuristic solver
# --------------------------------------------------------------------------------------


class _Search:
    """Constructive placement + ejection-chain repair on a :class:`_State`."""

    def __init__(self, c: _Compiled, st: _State, usable: list[int], seed: int) -> None:
        self.c, self.st, self.usable = c, st, usable
        self.rng = random.Random(seed)
        self.slot_list = [_bits(u) for u in usable]

    # -- construction -----------------------------------------------------------------
    def construct(self, meetings: list[int], rank: list[float]) -> None:
        """Place ``meetings`` most-constrained-first (fewest feasible slots; ties:
        higher ``rank``), each into the feasible slot least demanded by the
        other unplaced meetings of its two participants."""
        import heapq

        c, st = self.c, self.st
        S = c.S
        D = np.zeros((c.P, S), dtype=np.int32)
        vec = {}
        for m in meetings:
            v = np.zeros(S, dtype=np.int32)
            v[self.slot_list[m]] = 1
            vec[m] = v
            D[c.A[m]] += v
            D[c.B[m]] += v
        busy, used, cap, gused = st.busy, st.used, c.cap, st.gused

        def feas(m: int) -> list[int]:
            ba, bb = busy[c.A[m]], busy[c.B[m]]
            return [s for s in self.slot_list[m] if ba[s] < 0 and bb[s] < 0 and used[s] < cap[s]]

        heap = [(len(self.slot_list[m]), -rank[m], m) for m in meetings]
        heapq.heapify(heap)
        capf = np.asarray(cap, dtype=float) + 1.0
        while heap:
            k, r, m = heapq.heappop(heap)
            if st.slot_of[m] >= 0 or gused[c.G[m]] >= 0:
                continue
            f = feas(m)
            if len(f) != k:
                if f:
                    heapq.heappush(heap, (len(f), r, m))
                continue
            a, b = c.A[m], c.B[m]
            D[a] -= vec[m]
            D[b] -= vec[m]
            if len(f) == 1:
                s = f[0]
            else:
                fa = np.asarray(f)
                harm = (D[a, fa] + D[b, fa]).astype(float) + np.asarray(used, dtype=float)[fa] / capf[fa]
                s = f[int(np.argmin(harm))]
            st.place(m, s)

    # -- ejection chains ----------------------------------------------------------------
    def insert(self, m: int, depth: int, visited: set[int], budget: list[int]) -> bool:
        """Try to place unplaced ``m``: directly, or by taking a slot where exactly
        one placed meeting blocks it (sharing a participant, or any meeting of
        a full slot) and recursively re-placing that meeting.  All changes are
        undone on failure."""
        c, st = self.c, self.st
        if st.gused[c.G[m]] >= 0:
            return False
        a, b = c.A[m], c.B[m]
        ba, bb = st.busy[a], st.busy[b]
        used, cap = st.used, c.cap
        slots = self.slot_list[m]
        for s in slots:
            if ba[s] < 0 and bb[s] < 0 and used[s] < cap[s]:
                st.place(m, s)
                return True
        if depth <= 0 or budget[0] <= 0:
            return False
        budget[0] -= 1
        order = slots[:]
        self.rng.shuffle(order)
        full_slots = []
        for s in order:
            x, y = ba[s], bb[s]
            if x >= 0 and y >= 0:
                continue
            blk = x if x >= 0 else y
            if blk < 0:
                full_slots.append(s)
                continue
            if blk in visited or st.is_fixed[blk]:
                continue
            visited.add(blk)
            st.unplace(blk)
            st.place(m, s)
            if self.insert(blk, depth - 1, visited, budget):
                return True
            st.unplace(m)
            st.place(blk, s)
        for s in full_slots:
            cand = [x for x in st.members[s] if not st.is_fixed[x] and x not in visited]
            if len(cand) > 8:
                cand = self.rng.sample(cand, 8)
            for blk in cand:
                visited.add(blk)
                st.unplace(blk)
                st.place(m, s)
                if self.insert(blk, depth - 1, visited, budget):
                    return True
                st.unplace(m)
                st.place(blk, s)
        return False

    def repair(
        self,
        candidates: list[int],
        deadline: float,
        target: int | None = None,
        depth: int = 6,
        node_budget: int = 400,
    ) -> int:
        """Repeated ejection-chain insertion of unplaced ``candidates`` until a
        full pass makes no progress or the deadline passes.  Returns #inserted."""
        st = self.st
        gained = 0
        while time.perf_counter() < deadline:
            progress = 0
            for m in candidates:
                if st.slot_of[m] >= 0 or st.gused[self.c.G[m]] >= 0 or not self.slot_list[m]:
                    continue
                if self.insert(m, depth, {m}, [node_budget]):
                    progress += 1
                    if target is not None and st.count >= target:
                        return gained + progress
                if time.perf_counter() >= deadline:
                    break
            gained += progress
            if progress == 0:
                break
        return gained


def _cpsat(
    c: _Compiled, st: _State, usable: list[int], time_limit_s: float, seed: int, hint: list[int] | None
):
    """Exact model: bool x[m,s] for usable (m,s); per org pair <= 1, per
    participant/slot <= 1, per slot <= free tables; maximise K*count + weight
    (K > total weight, so count first).  Returns (slot_of or None, optimal)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x: dict[tuple[int, int], object] = {}
    by_g: dict[int, list] = defaultdict(list)
    by_ps: dict[tuple[int, int], list] = defaultdict(list)
    by_s: dict[int, list] = defaultdict(list)
    wint = [max(1, int(round(w * 100))) for w in c.W]
    K = sum(wint) + 1
    terms = []
    for m in range(c.M):
        for s in _bits(usable[m]):
            v = model.NewBoolVar(f"x{m}_{s}")
            x[m, s] = v
            by_g[c.G[m]].append(v)
            by_ps[c.A[m], s].append(v)
            by_ps[c.B[m], s].append(v)
            by_s[s].append(v)
            terms.append((K + wint[m], v))
    for vs in by_g.values():
        if len(vs) > 1:
            model.AddAtMostOne(vs)
    for vs in by_ps.values():
        if len(vs) > 1:
            model.AddAtMostOne(vs)
    for s, vs in by_s.items():
        free = c.cap[s] - st.used[s]
        if len(vs) > free:
            model.Add(sum(vs) <= free)
    model.Maximize(sum(k * v for k, v in terms))
    if hint is not None:
        for (m, s), v in x.items():
            model.AddHint(v, 1 if hint[m] == s else 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_search_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    out = [-1] * c.M
    for (m, s), v in x.items():
        if solver.Value(v):
            out[m] = s
    return out, status == cp_model.OPTIMAL


def schedule(
    instance: Instance,
    *,
    time_limit_s: float = 20.0,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
    exact_max_meetings: int = 300,
) -> Result:
    """Near-optimal scheduler: maximise the number of placed meetings, then weight.

    1. Fixed meetings are placed first and never move.
    2. Selection: the aggregated LP (see :func:`upper_bound`) picks which meetings
       to aim for (mainly: which requests over-subscribed participants keep).
    3. Construction: selected meetings most-constrained-first, each into the slot
       least demanded by its participants' other meetings.
    4. Repair: ejection chains (move one blocking meeting to another slot,
       recursively) insert unplaced meetings, selected ones first, then all.
    5. Instances with at most ``exact_max_meetings`` non-fixed meetings are then
       solved exactly with CP-SAT (hinted with the heuristic solution).
    Deterministic for a given ``seed`` (CP-SAT uses one worker; its time limit is
    only hit on hard instances).  ``progress(fraction)`` is called with values in
    [0, 1].  The result always satisfies :func:`check`, and every unplaced meeting
    has a reason other than ``not_selected`` (the solution is maximal).
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit_s

    def report(f: float) -> None:
        if progress is not None:
            progress(min(1.0, max(0.0, f)))

    report(0.0)
    _validate_fixed(instance)
    c = _Compiled(instance)
    st = _State(c)
    usable = _usable_masks(c, st)
    free_meetings = [m for m in range(c.M) if usable[m]]
    report(0.05)
    bound = None
    rank = [0.0] * c.M
    selected = free_meetings
    if free_meetings:
        cert, y, cols = _bmatch_lp(c, st, usable, weighted=True)
        bound = st.count + math.floor(cert + 1e-7)
        for m, v in zip(cols, y):
            rank[m] = float(v) + 1e-3 * c.W[m]
        selected = [m for m, v in zip(cols, y) if v > 0.5]
    report(0.15)
    search = _Search(c, st, usable, seed)
    search.construct(selected, rank)
    report(0.35)
    by_rank = sorted(free_meetings, key=lambda m: (-rank[m], m))
    search.repair([m for m in by_rank if rank[m] > 0.5], deadline, bound)
    report(0.6)
    search.repair(by_rank, deadline, bound)
    report(0.8)
    if bound is None or st.count < bound:
        # safety net: never worse than the FCFS baseline
        gst = _greedy_state(c)
        gsearch = _Search(c, gst, usable, seed)
        gsearch.repair(by_rank, deadline, bound)
        if (gst.count, gst.weight) > (st.count, st.weight):
            st, search = gst, gsearch
    report(0.85)
    optimal = bound is not None and st.count >= bound  # count optimal
    if 0 < len(free_meetings) <= exact_max_meetings:
        remaining = max(0.5, deadline - time.perf_counter())
        sol, optimal = _cpsat(c, st, usable, remaining, seed, st.slot_of)
        if sol is not None:
            cand = _State(c)
            for m, s in enumerate(sol):
                if s >= 0 and not cand.is_fixed[m]:
                    cand.place(m, s)
            if (cand.count, cand.weight) >= (st.count, st.weight):
                st = cand
                search = _Search(c, st, usable, seed)
    # make the solution maximal (cheap direct insertion only)
    for m in by_rank:
        if st.slot_of[m] < 0:
            search.insert(m, 0, {m}, [0])
    report(1.0)
    return _result(instance, c, st, bound=bound, optimal=optimal)
