"""Heuristic search: most-constrained-first construction and ejection-chain repair."""

from __future__ import annotations

import random
import time

import numpy as np

from .state import Compiled, State, bits


class Search:
    """Constructive placement + ejection-chain repair on a :class:`State`."""

    def __init__(self, c: Compiled, st: State, usable: list[int], seed: int) -> None:
        self.c, self.st, self.usable = c, st, usable
        self.rng = random.Random(seed)
        self.slot_list = [bits(u) for u in usable]

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
            o = c.K[m]
            return [s for s in self.slot_list[m] if ba[s] < 0 and bb[s] < 0 and used[o + s] < cap[o + s]]

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
                fr = fa + c.K[m]
                harm = (D[a, fa] + D[b, fa]).astype(float) + np.asarray(used, dtype=float)[fr] / capf[fr]
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
        o = c.K[m]
        slots = self.slot_list[m]
        for s in slots:
            if ba[s] < 0 and bb[s] < 0 and used[o + s] < cap[o + s]:
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
            if c.K[blk] != o and used[o + s] >= cap[o + s]:
                continue  # freeing a place of the other kind does not make room
            visited.add(blk)
            st.unplace(blk)
            st.place(m, s)
            if self.insert(blk, depth - 1, visited, budget):
                return True
            st.unplace(m)
            st.place(blk, s)
        for s in full_slots:
            cand = [x for x in st.members[o + s] if not st.is_fixed[x] and x not in visited]
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
