"""Schedule-engine instance generators for benchmarks, tests and the demo (one place).

``generate_instance`` is the realistic event generator; ``family`` builds the named benchmark
families (sparse, tight, hot, hybrid, twoday, small, large, stress, show73k) and held-out
variants with other seeds and shapes that the engine was never tuned on.
"""

from __future__ import annotations

import math

import numpy as np

from corridor.engines.schedule import Instance, Meeting


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
    avail: tuple[int, int] | None = None,
    one_day_share: float = 0.0,
    online_share: float = 0.0,
    room_factor: float = 0.5,
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
    * ``avail=(lo, hi)``: instead, each participant is available in a random set of lo..hi
      slots (sparse availability); ``one_day_share``: that share of participants comes on
      one day only (of ``n_slots // slots_per_day`` days).
    * ``online_share``: that share of participants attends online; a meeting with an online
      side needs a video room (``rooms`` per slot: ``room_factor`` x its meetings/slot).
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
    online = rng.random(n_participants) < online_share
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
            mode = "room" if online[a] or online[b] else "table"
            meetings.append(
                Meeting(len(meetings), a, b, int(org[a]), int(org[b]), float(prio[a] + prio[b]), mode)
            )
            if len(meetings) >= n_meetings:
                break
    availability: dict[int, frozenset[int]] = {}
    days = max(1, n_slots // slots_per_day)
    for p in range(n_participants):
        if avail is not None:
            k = min(n_slots, int(rng.integers(avail[0], avail[1] + 1)))
            availability[p] = frozenset(int(s) for s in rng.choice(n_slots, size=k, replace=False))
            continue
        off = int(round(rng.uniform(0.10, 0.25) * n_slots))
        blocks = 1 if off < 2 or rng.random() < 0.5 else 2
        out: set[int] = set()
        lens = [off] if blocks == 1 else [off // 2, off - off // 2]
        for ln in lens:
            start = int(rng.integers(0, max(1, n_slots - ln + 1)))
            out.update(range(start, min(n_slots, start + ln)))
        if days > 1 and rng.random() < one_day_share:
            day = int(rng.integers(0, days))
            out.update(s for s in range(n_slots) if s // slots_per_day != day)
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
    n_room = sum(m.mode == "room" for m in meetings)
    if n_room:
        n_table = len(meetings) - n_room
        base_t = max(1, math.ceil(table_factor * max(1, n_table) / max(1, n_slots)))
        capacity = [max(1, round(c * base_t / base)) for c in capacity]
        rooms = (max(1, math.ceil(room_factor * n_room / max(1, n_slots))),) * n_slots
        return Instance(tuple(meetings), n_slots, tuple(capacity), availability, {}, rooms)
    return Instance(tuple(meetings), n_slots, tuple(capacity), availability, {})


#: name -> (participants, meetings, slots, generator options).  The first nine are the
#: benchmark families; the ``*-heldout`` ones use other seeds and shapes (never tuned on).
FAMILIES: dict[str, tuple[int, int, int, dict]] = {
    "sparse": (150, 600, 10, {"avail": (1, 3)}),
    "tight": (600, 2_000, 16, {"table_factor": 0.6, "avail": (3, 8)}),
    "hot": (600, 2_000, 16, {"zipf": 1.3, "activity": 1.1}),
    "hybrid": (600, 2_000, 16, {"online_share": 0.3, "room_factor": 0.35, "table_factor": 0.6, "zipf": 1.2}),
    "twoday": (800, 2_500, 16, {"one_day_share": 0.6, "table_factor": 0.8}),
    "small": (1_000, 7_000, 24, {}),
    "large": (3_000, 29_000, 32, {}),
    "stress": (4_000, 20_000, 24, {"table_factor": 0.5, "zipf": 1.1}),
    "show73k": (12_000, 73_000, 40, {}),
    "sparse-heldout": (450, 1_800, 12, {"avail": (1, 4), "seed": 101}),
    "tight-heldout": (500, 1_500, 12, {"table_factor": 0.35, "seed": 102}),
    "hot-heldout": (800, 2_400, 18, {"zipf": 1.5, "activity": 0.5, "seed": 103}),
    "twoday-heldout": (900, 2_200, 20, {"one_day_share": 0.8, "slots_per_day": 10, "seed": 104}),
    "hybrid-heldout": (700, 2_000, 14, {"online_share": 0.5, "room_factor": 0.3, "seed": 105}),
}


def family(name: str, seed: int | None = None) -> Instance:
    """The named family's instance (deterministic; ``seed`` overrides its own seed)."""
    n_people, n_meetings, n_slots, opts = FAMILIES[name]
    opts = dict(opts)
    base_seed = opts.pop("seed", 0)
    return generate_instance(n_people, n_meetings, n_slots, seed=base_seed if seed is None else seed, **opts)
