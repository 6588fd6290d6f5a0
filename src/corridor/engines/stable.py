"""Stable placement of applicants with capacitated hubs (hospital–resident, deferred acceptance).

Inputs are ranked lists over integer ids: applicant ``a`` ranks hubs ``applicant_prefs[a]`` (best
first), hub ``h`` ranks applicants ``hub_prefs[h]`` (best first) and has ``capacities[h]`` places.
A pair (a, h) is *acceptable* only when each appears on the other's list: a hub marks an applicant
unacceptable by leaving it off its list, and a hub that ranks an applicant who did not rank it is
ignored for that pair (the service layer rejects such input before it gets here).

A placement gives each applicant at most one hub and each hub at most its capacity. It is *stable*
when no acceptable pair (a, h) *blocks* it: a is unplaced or prefers h to its hub, and h has a free
place or prefers a to its worst placed applicant.

- ``applicant_proposing`` — Gale–Shapley with applicants proposing (Roth–Peranson without couples):
  the applicant-optimal stable placement, i.e. every applicant gets the best hub it has in any
  stable placement; strategy-proof for applicants.
- ``hub_proposing`` — hubs propose down their lists: the hub-optimal stable placement (every
  applicant gets its worst stable hub).
- ``rerun`` — the incremental re-run after declines (see its docstring for exactly what holds).
- ``check`` — an independent checker (capacity, acceptability, blocking pairs) sharing no code
  with the solvers beyond the input arrays.

Both solvers run in O(L log c) for total list length L and largest capacity c: every applicant
list entry is proposed over at most once; each hub keeps a max-heap of the ranks it holds. With
strict preferences both optimal placements are unique, so the output equals that of the
``matching`` package's ``HospitalResident`` (resident- and hospital-optimal) whatever order
proposals are made in — the tests check this on shared and generated instances.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

UNPLACED = -1
Proposer = Literal["applicant", "hub"]


@dataclass(frozen=True)
class Market:
    """Preferences in compressed-row form (CSR) plus per-entry cross ranks.

    ``app_ptr``/``app_hubs``: applicant ``a``'s list is ``app_hubs[app_ptr[a]:app_ptr[a+1]]``.
    ``app_hub_rank[e]``: the hub's rank of the applicant at applicant-entry ``e`` (−1 = not
    acceptable to the hub). ``hub_ptr``/``hub_apps``/``hub_app_rank`` are the mirror image.
    """

    n_applicants: int
    n_hubs: int
    capacities: np.ndarray
    app_ptr: np.ndarray
    app_hubs: np.ndarray
    app_hub_rank: np.ndarray
    hub_ptr: np.ndarray
    hub_apps: np.ndarray
    hub_app_rank: np.ndarray

    @classmethod
    def from_lists(
        cls,
        applicant_prefs: Sequence[Sequence[int]],
        hub_prefs: Sequence[Sequence[int]],
        capacities: Sequence[int],
    ) -> Market:
        """Build a market; raises ``ValueError`` on unknown ids, repeats or negative capacity."""
        n_a, n_h = len(applicant_prefs), len(hub_prefs)
        if len(capacities) != n_h:
            raise ValueError(f"capacities has {len(capacities)} entries for {n_h} hubs")
        caps = np.asarray(capacities, dtype=np.int64)
        if n_h and caps.min() < 0:
            raise ValueError(f"hub {int(np.argmin(caps))} has a negative capacity")
        app_ptr, app_hubs = _csr(applicant_prefs, n_h, "applicant", "hub")
        hub_ptr, hub_apps = _csr(hub_prefs, n_a, "hub", "applicant")
        app_owner = np.repeat(np.arange(n_a, dtype=np.int64), np.diff(app_ptr))
        hub_owner = np.repeat(np.arange(n_h, dtype=np.int64), np.diff(hub_ptr))
        app_pos = np.arange(len(app_hubs), dtype=np.int64) - app_ptr[app_owner]
        hub_pos = np.arange(len(hub_apps), dtype=np.int64) - hub_ptr[hub_owner]
        # Join the two edge lists on the key hub·n_a + applicant (sort + searchsorted: vectorised).
        app_key = app_hubs.astype(np.int64) * max(n_a, 1) + app_owner
        hub_key = hub_owner * max(n_a, 1) + hub_apps.astype(np.int64)
        app_hub_rank = _lookup(app_key, hub_key, hub_pos)
        hub_app_rank = _lookup(hub_key, app_key, app_pos)
        return cls(n_a, n_h, caps, app_ptr, app_hubs, app_hub_rank, hub_ptr, hub_apps, hub_app_rank)

    def applicant_list(self, a: int) -> list[int]:
        return self.app_hubs[self.app_ptr[a] : self.app_ptr[a + 1]].tolist()

    def hub_list(self, h: int) -> list[int]:
        return self.hub_apps[self.hub_ptr[h] : self.hub_ptr[h + 1]].tolist()


def _csr(lists: Sequence[Sequence[int]], n_other: int, who: str, other: str) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=len(lists))
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = np.fromiter((v for x in lists for v in x), dtype=np.int64, count=int(ptr[-1]))
    if flat.size and (flat.min() < 0 or flat.max() >= n_other):
        bad = int(np.flatnonzero((flat < 0) | (flat >= n_other))[0])
        owner = int(np.searchsorted(ptr, bad, side="right") - 1)
        raise ValueError(f"{who} {owner} ranks unknown {other} {int(flat[bad])}")
    if flat.size:
        owner = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
        key = owner * max(n_other, 1) + flat
        uniq, counts = np.unique(key, return_counts=True)
        if (counts > 1).any():
            dup = int(uniq[np.argmax(counts > 1)])
            raise ValueError(f"{who} {dup // max(n_other, 1)} ranks {other} {dup % max(n_other, 1)} twice")
    return ptr, flat


def _lookup(keys: np.ndarray, table_keys: np.ndarray, table_values: np.ndarray) -> np.ndarray:
    """For each key, the value stored under it in the table, or −1 when absent."""
    out = np.full(len(keys), -1, dtype=np.int64)
    if not len(keys) or not len(table_keys):
        return out
    order = np.argsort(table_keys, kind="stable")
    sorted_keys = table_keys[order]
    idx = np.searchsorted(sorted_keys, keys)
    idx_clipped = np.minimum(idx, len(sorted_keys) - 1)
    found = sorted_keys[idx_clipped] == keys
    out[found] = table_values[order[idx_clipped[found]]]
    return out


@dataclass(frozen=True)
class Placement:
    """``hub_of[a]`` is applicant a's hub or ``UNPLACED`` (−1); ``proposer`` says which side proposed."""

    hub_of: np.ndarray
    proposer: Proposer
    proposals: int = 0

    def by_hub(self, n_hubs: int) -> list[list[int]]:
        """Applicants placed at each hub, in increasing id order."""
        out: list[list[int]] = [[] for _ in range(n_hubs)]
        for a, h in enumerate(self.hub_of.tolist()):
            if h != UNPLACED:
                out[h].append(a)
        return out


def applicant_proposing(market: Market, *, active: np.ndarray | None = None, capacities=None) -> Placement:
    """Applicant-optimal stable placement (applicants propose, hubs hold their best so far).

    ``active`` (bool per applicant, default all) and ``capacities`` (default the market's) restrict
    the market — used by ``rerun``. Deterministic: free applicants are processed lowest id first
    (the result does not depend on the order, only the proposal count does).
    """
    n_a = market.n_applicants
    caps = (market.capacities if capacities is None else np.asarray(capacities)).tolist()
    ptr = market.app_ptr.tolist()
    hubs = market.app_hubs.tolist()
    hrank = market.app_hub_rank.tolist()
    nxt = ptr[:-1]
    hub_of = [UNPLACED] * n_a
    held: list[list[tuple[int, int]]] = [[] for _ in range(market.n_hubs)]  # max-heap via −rank
    free = list(range(n_a - 1, -1, -1)) if active is None else np.flatnonzero(active)[::-1].tolist()
    proposals = 0
    heappush, heapreplace = heapq.heappush, heapq.heapreplace
    while free:
        a = free.pop()
        e, end = nxt[a], ptr[a + 1]
        while e < end:
            r = hrank[e]
            h = hubs[e]
            e += 1
            if r < 0:
                continue
            proposals += 1
            heap = held[h]
            if len(heap) < caps[h]:
                heappush(heap, (-r, a))
                hub_of[a] = h
                break
            if heap and -heap[0][0] > r:
                _, bumped = heapreplace(heap, (-r, a))
                hub_of[a] = h
                hub_of[bumped] = UNPLACED
                free.append(bumped)
                break
        nxt[a] = e
    return Placement(np.asarray(hub_of, dtype=np.int64), "applicant", proposals)


def hub_proposing(market: Market, *, active: np.ndarray | None = None, capacities=None) -> Placement:
    """Hub-optimal stable placement (hubs offer down their lists, applicants keep their best offer)."""
    n_a, n_h = market.n_applicants, market.n_hubs
    caps = (market.capacities if capacities is None else np.asarray(capacities)).tolist()
    is_active = [True] * n_a if active is None else np.asarray(active, dtype=bool).tolist()
    ptr = market.hub_ptr.tolist()
    apps = market.hub_apps.tolist()
    arank = market.hub_app_rank.tolist()
    nxt = ptr[:-1]
    hub_of = [UNPLACED] * n_a
    my_rank = [1 << 30] * n_a  # applicant's rank of its current hub
    filled = [0] * n_h
    queue = [h for h in range(n_h - 1, -1, -1) if caps[h] > 0]
    proposals = 0
    while queue:
        h = queue.pop()
        e, end = nxt[h], ptr[h + 1]
        while filled[h] < caps[h] and e < end:
            a = apps[e]
            r = arank[e]
            e += 1
            if r < 0 or not is_active[a]:
                continue
            proposals += 1
            if r < my_rank[a]:
                old = hub_of[a]
                hub_of[a], my_rank[a] = h, r
                filled[h] += 1
                if old != UNPLACED:
                    filled[old] -= 1
                    queue.append(old)
        nxt[h] = e
    return Placement(np.asarray(hub_of, dtype=np.int64), "hub", proposals)


def solve(market: Market, *, proposer: Proposer = "applicant") -> Placement:
    return applicant_proposing(market) if proposer == "applicant" else hub_proposing(market)


def rerun(
    market: Market,
    *,
    fixed: dict[int, int],
    withdrawn: Sequence[int] = (),
    proposer: Proposer = "applicant",
) -> Placement:
    """Re-place the remaining market after declines, keeping ``fixed`` placements untouched.

    ``fixed`` maps applicant → hub for placements that must not move (accepted, or offered and not
    declined); ``withdrawn`` applicants (those who declined) leave the market. The *remaining
    market* is every other applicant, with each hub's capacity reduced by its fixed placements.

    Guarantees: (1) every fixed pair is in the result unchanged and capacities hold overall;
    (2) restricted to the remaining market the result is stable and applicant-optimal (or
    hub-optimal with ``proposer="hub"``) — ``check(market, result, fixed=…, withdrawn=…)`` verifies
    it. Not guaranteed: stability of the whole market — a fixed applicant may now prefer a hub with
    a freed place, or a hub may prefer a remaining applicant to one it holds by a fixed placement;
    such pairs are left alone on purpose because accepted placements are not disturbed.
    """
    active, caps = _residual(market, fixed, withdrawn)
    solver = applicant_proposing if proposer == "applicant" else hub_proposing
    out = solver(market, active=active, capacities=caps)
    hub_of = out.hub_of.copy()
    for a, h in fixed.items():
        hub_of[a] = h
    return Placement(hub_of, proposer, out.proposals)


def _residual(
    market: Market, fixed: dict[int, int], withdrawn: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    active = np.ones(market.n_applicants, dtype=bool)
    caps = market.capacities.copy()
    for a, h in fixed.items():
        if not (0 <= a < market.n_applicants and 0 <= h < market.n_hubs):
            raise ValueError(f"fixed placement ({a}, {h}) is outside the market")
        active[a] = False
        caps[h] -= 1
    if (caps < 0).any():
        raise ValueError(f"hub {int(np.flatnonzero(caps < 0)[0])} has more fixed placements than places")
    for a in withdrawn:
        active[a] = False
    return active, caps


@dataclass(frozen=True)
class CheckReport:
    """Result of ``check``: empty lists mean a valid, stable placement."""

    blocking_pairs: list[tuple[int, int]] = field(default_factory=list)
    over_capacity: list[int] = field(default_factory=list)
    unacceptable: list[tuple[int, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.blocking_pairs or self.over_capacity or self.unacceptable)


def check(
    market: Market,
    hub_of: Sequence[int] | np.ndarray,
    *,
    fixed: dict[int, int] | None = None,
    withdrawn: Sequence[int] = (),
) -> CheckReport:
    """Independent checker: capacities, mutual acceptability and blocking pairs.

    It rebuilds plain rank dictionaries from the raw lists and scans every acceptable pair once.
    With ``fixed``/``withdrawn`` it checks stability of the remaining market (fixed applicants and
    withdrawn ones are not candidates for blocking pairs, and a hub's fixed placements use up
    places but are not compared against), which is what ``rerun`` guarantees.
    """
    fixed = fixed or {}
    gone = set(withdrawn) | set(fixed)
    hub_of = [int(x) for x in hub_of]
    hub_rank = [dict(zip(market.hub_list(h), range(10**9))) for h in range(market.n_hubs)]
    app_rank = [dict(zip(market.applicant_list(a), range(10**9))) for a in range(market.n_applicants)]
    load = [0] * market.n_hubs
    worst = [-1] * market.n_hubs  # hub's rank of its worst non-fixed placed applicant
    unacceptable = []
    for a, h in enumerate(hub_of):
        if h == UNPLACED:
            continue
        load[h] += 1
        if h not in app_rank[a] or a not in hub_rank[h]:
            unacceptable.append((a, h))
            continue
        if a not in fixed:
            worst[h] = max(worst[h], hub_rank[h][a])
    over = [h for h in range(market.n_hubs) if load[h] > int(market.capacities[h])]
    blocking = []
    for a in range(market.n_applicants):
        if a in gone:
            continue
        current = hub_of[a]
        limit = app_rank[a].get(current, 10**9) if current != UNPLACED else 10**9
        for h, r_a in app_rank[a].items():
            if r_a >= limit or a not in hub_rank[h]:
                continue
            if load[h] < int(market.capacities[h]) or (worst[h] >= 0 and hub_rank[h][a] < worst[h]):
                blocking.append((a, h))
    return CheckReport(blocking, over, unacceptable)


def rank_histogram(market: Market, hub_of: Sequence[int] | np.ndarray) -> dict[int, int]:
    """How many applicants got their 1st, 2nd, … choice (1-based); key 0 counts the unplaced."""
    out: dict[int, int] = {}
    for a, h in enumerate(np.asarray(hub_of).tolist()):
        k = 0 if h == UNPLACED else market.applicant_list(a).index(h) + 1
        out[k] = out.get(k, 0) + 1
    return dict(sorted(out.items()))


def solve_json(data: dict, time_limit: float | None = None) -> dict:
    """``corridor solve stable`` entry: tie groups allowed (see ``corridor.engines.stable_ties``)."""
    from corridor.engines.stable_ties import solve_json as _solve_json

    return _solve_json(data, time_limit)
