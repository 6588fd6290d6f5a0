"""Index-based compiled instance, the mutable assignment state, the result builder and the
first-come-first-served baseline.

Places are *resources* ``r = kind * S + slot`` (kind 0 = tables, 1 = video rooms), so tables
and rooms are one model: a meeting of kind ``k`` placed in slot ``s`` uses one unit of
resource ``k * S + s`` and makes both its participants busy in ``s``.
"""

from __future__ import annotations

from types import MappingProxyType

from .model import ROOM, Instance, Placement, Result, check, explain_unplaced


def bits(mask: int) -> list[int]:
    """Indices of the set bits of ``mask`` in increasing order."""
    out = []
    s = 0
    while mask:
        if mask & 1:
            out.append(s)
        mask >>= 1
        s += 1
    return out


class Compiled:
    """Index-based view of an instance.  Meetings are 0..M-1 in instance order,
    participants 0..P-1, org-pair groups 0..G-1; slot sets are int bitmasks."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        S = inst.n_slots
        self.S = S
        rooms = inst.rooms if inst.rooms is not None else (0,) * S
        self.cap = list(inst.capacity) + list(rooms)
        pidx: dict[int, int] = {}
        gidx: dict[tuple[int, int], int] = {}
        A, B, G, W, K = [], [], [], [], []
        for m in inst.meetings:
            A.append(pidx.setdefault(m.a, len(pidx)))
            B.append(pidx.setdefault(m.b, len(pidx)))
            G.append(gidx.setdefault(m.org_pair, len(gidx)))
            W.append(float(m.weight))
            K.append(S if m.mode == ROOM else 0)
        self.A, self.B, self.G, self.W = A, B, G, W
        #: resource offset of each meeting: 0 (tables) or S (rooms)
        self.K = K
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


class State:
    """Mutable assignment: ``slot_of[m]`` (-1 = unplaced), ``busy[p][s]`` (meeting
    or -1), ``used[r]`` places in use per resource, ``gused[g]`` placed meeting of org pair
    or -1, ``members[r]`` the meetings using resource ``r``."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.slot_of = [-1] * c.M
        self.busy = [[-1] * c.S for _ in range(c.P)]
        self.used = [0] * (2 * c.S)
        self.gused = [-1] * c.NG
        self.count = 0
        self.weight = 0.0
        self.members: list[set[int]] = [set() for _ in range(2 * c.S)]
        self.is_fixed = [False] * c.M
        for m, (s, _t) in c.fixed.items():
            self.place(m, s)
            self.is_fixed[m] = True

    def can(self, m: int, s: int) -> bool:
        c = self.c
        r = c.K[m] + s
        return (
            self.slot_of[m] < 0
            and (c.common[m] >> s) & 1 == 1
            and self.busy[c.A[m]][s] < 0
            and self.busy[c.B[m]][s] < 0
            and self.used[r] < c.cap[r]
            and self.gused[c.G[m]] < 0
        )

    def place(self, m: int, s: int) -> None:
        c = self.c
        r = c.K[m] + s
        self.slot_of[m] = s
        self.busy[c.A[m]][s] = m
        self.busy[c.B[m]][s] = m
        self.used[r] += 1
        self.members[r].add(m)
        self.gused[c.G[m]] = m
        self.count += 1
        self.weight += c.W[m]

    def unplace(self, m: int) -> None:
        c = self.c
        s = self.slot_of[m]
        r = c.K[m] + s
        self.slot_of[m] = -1
        self.busy[c.A[m]][s] = -1
        self.busy[c.B[m]][s] = -1
        self.used[r] -= 1
        self.members[r].discard(m)
        self.gused[c.G[m]] = -1
        self.count -= 1
        self.weight -= c.W[m]

    def load(self, slot_of: list[int]) -> State:
        """A fresh state with the fixed meetings and the non-fixed placements of ``slot_of``
        (skipping any that no longer fit)."""
        st = State(self.c)
        for m, s in enumerate(slot_of):
            if s >= 0 and not st.is_fixed[m] and st.can(m, s):
                st.place(m, s)
        return st


def validate_fixed(inst: Instance) -> None:
    fixed_pl = [Placement(mid, s, t) for mid, (s, t) in inst.fixed.items()]
    errs = check(inst, fixed_pl)
    if errs:
        raise ValueError("inconsistent fixed meetings: " + "; ".join(errs[:5]))


def build_result(
    inst: Instance, c: Compiled, st: State, bound: int | None = None, optimal: bool = False
) -> Result:
    """Assign tables and rooms (fixed keep theirs; others take the lowest free one of their
    kind in meeting order) and build the Result with reasons for unplaced meetings."""
    taken: list[set[int]] = [set() for _ in range(2 * c.S)]
    placements: list[Placement] = []
    for m, (s, t) in c.fixed.items():
        taken[c.K[m] + s].add(t)
        placements.append(Placement(inst.meetings[m].id, s, t))
    nxt = [0] * (2 * c.S)
    for m in range(c.M):
        s = st.slot_of[m]
        if s < 0 or m in c.fixed:
            continue
        r = c.K[m] + s
        t = nxt[r]
        while t in taken[r]:
            t += 1
        taken[r].add(t)
        nxt[r] = t + 1
        placements.append(Placement(inst.meetings[m].id, s, t))
    placements.sort(key=lambda p: (p.slot, p.table, p.meeting_id))
    unplaced = explain_unplaced(inst, placements)
    return Result(
        placements=tuple(placements),
        unplaced=MappingProxyType(unplaced),
        objective=len(placements),
        weight=float(sum(c.W[c.id_index[p.meeting_id]] for p in placements)),
        bound=bound,
        optimal=optimal,
    )


def greedy_state(c: Compiled) -> State:
    st = State(c)
    for m in range(c.M):
        if st.slot_of[m] >= 0 or st.gused[c.G[m]] >= 0:
            continue
        ba, bb = st.busy[c.A[m]], st.busy[c.B[m]]
        o = c.K[m]
        for s in bits(c.common[m]):
            if ba[s] < 0 and bb[s] < 0 and st.used[o + s] < c.cap[o + s]:
                st.place(m, s)
                break
    return st


def schedule_greedy(instance: Instance) -> Result:
    """First-come-first-served baseline: meetings in list (request) order, each
    into the earliest slot where both participants are available and free, a
    table (or room) of its kind is free and its org pair is still unused.  Fixed meetings
    are placed first and never move."""
    validate_fixed(instance)
    c = Compiled(instance)
    st = greedy_state(c)
    return build_result(instance, c, st)
