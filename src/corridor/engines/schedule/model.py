"""Data types of the schedule engine, the independent checker and the unplaced reasons.

``check`` and ``explain_unplaced*`` are written independently of the solver internals (they
only use the public data types and plain Python sets).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Reason codes returned by :func:`explain_unplaced`, in order of precedence.
REASON_CODES = (
    "no_common_slot",  # the two participants share no available slot
    "org_pair_duplicate",  # another meeting between the same two orgs is placed
    "participant_full",  # in every common slot one side (or both) is busy
    "tables_full",  # some common slot has both free, but none of them has a free table (or room)
    "not_selected",  # could still be placed as-is (never produced by ``schedule``)
)

#: Meeting modes: the kind of place a meeting needs.
TABLE, ROOM = "table", "room"
MODES = (TABLE, ROOM)


@dataclass(frozen=True, slots=True)
class Meeting:
    """One accepted meeting request.

    ``a`` and ``b`` are participant ids (``a != b``); ``org_a`` / ``org_b`` their
    organisations; ``weight`` > 0 (e.g. sum of both sides' priorities); ``mode`` the kind of
    place it needs: ``"table"`` (both sides in person) or ``"room"`` (a video room, when
    either side attends online).
    """

    id: int
    a: int
    b: int
    org_a: int
    org_b: int
    weight: float = 1.0
    mode: str = TABLE

    @property
    def org_pair(self) -> tuple[int, int]:
        """Unordered organisation pair as a sorted tuple."""
        return (self.org_a, self.org_b) if self.org_a <= self.org_b else (self.org_b, self.org_a)


@dataclass(frozen=True, slots=True)
class Placement:
    """Meeting ``meeting_id`` takes place in ``slot`` at table ``table`` (for a room-mode
    meeting: in video room ``table``)."""

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
    * ``rooms``: video rooms per slot (length ``n_slots``) for room-mode meetings; ``None``
      means no rooms.  Tables and rooms are two kinds of one resource: a person is in at
      most one meeting per slot whatever its kind.
    """

    meetings: tuple[Meeting, ...]
    n_slots: int
    capacity: tuple[int, ...]
    availability: Mapping[int, frozenset[int]] = field(default_factory=dict)
    fixed: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    rooms: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "meetings", tuple(self.meetings))
        object.__setattr__(self, "capacity", tuple(int(c) for c in self.capacity))
        if self.rooms is not None:
            object.__setattr__(self, "rooms", tuple(int(c) for c in self.rooms))
            if len(self.rooms) != self.n_slots:
                raise ValueError("rooms must have one entry per slot")
            if any(c < 0 for c in self.rooms):
                raise ValueError("rooms must be >= 0")
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
            if m.mode not in MODES:
                raise ValueError(f"meeting {m.id!r} has an unknown mode {m.mode!r}")

    def available(self, participant: int) -> frozenset[int]:
        """Slots in which ``participant`` is available."""
        av = self.availability.get(participant)
        return frozenset(range(self.n_slots)) if av is None else av

    def places(self, mode: str, slot: int) -> int:
        """How many places of ``mode`` (tables or rooms) slot ``slot`` has."""
        if mode == ROOM:
            return self.rooms[slot] if self.rooms is not None else 0
        return self.capacity[slot]


@dataclass(frozen=True)
class Result:
    """Outcome of a scheduler.

    * ``placements``: sorted by (slot, table); includes the fixed meetings.
    * ``unplaced``: meeting id -> reason code (see :data:`REASON_CODES`).
    * ``objective``: number of placed meetings (fixed included).
    * ``weight``: total weight of placed meetings.
    * ``bound``: a proven upper bound on the optimum meeting count, if computed.
    * ``optimal``: True only when the meeting count is proven optimal (it reached a proven
      bound, or the exact solver proved it).
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


def check(instance: Instance, placements) -> list[str]:
    """Validate ``placements`` against ``instance``; return violation messages.

    Checks: known meeting ids, no meeting placed twice, slot in range, table (or room) in
    ``0 .. places-1`` of the meeting's mode, no table or room used twice in a slot, no
    participant twice in a slot (whatever the kinds), both participants available, at most
    one meeting per org pair, every fixed meeting present with exactly its pinned (slot,
    table).  An empty list means the placements are valid.
    """
    errors: list[str] = []
    by_id = {m.id: m for m in instance.meetings}
    seen: dict[int, Placement] = {}
    tables: dict[tuple[int, str, int], int] = {}
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
        limit = instance.places(m.mode, p.slot)
        if not (0 <= p.table < limit):
            errors.append(f"meeting {m.id!r}: {m.mode} {p.table} not below the {limit} of slot {p.slot}")
        key = (p.slot, m.mode, p.table)
        if key in tables:
            errors.append(f"slot {p.slot} {m.mode} {p.table} used by meetings {tables[key]!r} and {m.id!r}")
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
        op = frozenset((m.org_a, m.org_b))
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
    used: dict[tuple[str, int], int] = {}
    org_pairs: set[frozenset] = set()
    for p in placed.values():
        m = by_id[p.meeting_id]
        busy.add((m.a, p.slot))
        busy.add((m.b, p.slot))
        used[m.mode, p.slot] = used.get((m.mode, p.slot), 0) + 1
        org_pairs.add(frozenset((m.org_a, m.org_b)))
    out: dict[int, UnplacedReason] = {}
    for m in instance.meetings:
        if m.id in placed:
            continue
        av_a = instance.availability.get(m.a, everyone)
        av_b = instance.availability.get(m.b, everyone)
        common = sorted(s for s in av_a & av_b if 0 <= s < instance.n_slots)
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
        if all(used.get((m.mode, s), 0) >= instance.places(m.mode, s) for s in both_free):
            out[m.id] = UnplacedReason("tables_full")
            continue
        out[m.id] = UnplacedReason("not_selected")
    return out


def explain_unplaced(instance: Instance, placements) -> dict[int, str]:
    """Meeting id -> reason code for every meeting not in ``placements``
    (see :func:`explain_unplaced_detailed`)."""
    return {k: v.code for k, v in explain_unplaced_detailed(instance, placements).items()}
