"""The JSON format of ``corridor solve schedule`` (documented in docs/engines.md)."""

from __future__ import annotations

from corridor.engines.io import InputError, key_int, need_dict, need_int, need_list, need_number

from .model import MODES, TABLE, Instance, Meeting
from .solver import schedule

MAX_SLOTS = 1_000


def parse(data) -> Instance:
    """Build an :class:`Instance` from the documented JSON object; :class:`InputError` names
    the first bad field."""
    data = need_dict(data, "$")
    unknown = set(data) - {"n_slots", "capacity", "rooms", "meetings", "availability", "fixed"}
    if unknown:
        raise InputError(sorted(unknown)[0], "unknown field")
    if "n_slots" not in data:
        raise InputError("n_slots", "is required")
    S = need_int(data["n_slots"], "n_slots", minimum=0)
    if S > MAX_SLOTS:
        raise InputError("n_slots", f"must be at most {MAX_SLOTS}")
    caps = {}
    for name in ("capacity", "rooms"):
        if name not in data:
            if name == "capacity":
                raise InputError("capacity", "is required")
            continue
        row = need_list(data[name], name)
        if len(row) != S:
            raise InputError(name, f"must have one entry per slot ({S})")
        caps[name] = tuple(need_int(v, f"{name}[{i}]", minimum=0) for i, v in enumerate(row))
    meetings = []
    ids = set()
    pairs = set()
    for i, row in enumerate(need_list(data.get("meetings", []), "meetings")):
        f = f"meetings[{i}]"
        row = need_list(row, f)
        if len(row) not in (6, 7):
            raise InputError(f, "must be [id, a, b, org_a, org_b, weight] or with a mode last")
        mid, a, b, oa, ob = (need_int(v, f"{f}[{j}]") for j, v in enumerate(row[:5]))
        w = need_number(row[5], f"{f}[5]", minimum=0)
        mode = row[6] if len(row) == 7 else TABLE
        if mode not in MODES:
            raise InputError(f"{f}[6]", f"must be one of {', '.join(MODES)}")
        if mid in ids:
            raise InputError(f"{f}[0]", f"duplicate meeting id {mid}")
        if a == b:
            raise InputError(f"{f}[2]", "a meeting needs two different people")
        pair = (min(a, b), max(a, b))
        if pair in pairs:
            raise InputError(f, f"people {a} and {b} already have a meeting")
        ids.add(mid)
        pairs.add(pair)
        meetings.append(Meeting(mid, a, b, oa, ob, w, mode))
    if any(m.mode != TABLE for m in meetings) and "rooms" not in caps:
        raise InputError("rooms", "is required when a meeting needs a room")
    availability = {}
    for key, slots in need_dict(data.get("availability", {}), "availability").items():
        f = f"availability.{key}"
        person = key_int(key, "availability")
        row = need_list(slots, f)
        out = set()
        for j, slot in enumerate(row):
            slot = need_int(slot, f"{f}[{j}]", minimum=0)
            if slot >= S:
                raise InputError(f"{f}[{j}]", f"must be below n_slots ({S})")
            out.add(slot)
        availability[person] = frozenset(out)
    fixed = {}
    for key, place in need_dict(data.get("fixed", {}), "fixed").items():
        f = f"fixed.{key}"
        mid = key_int(key, "fixed")
        if mid not in ids:
            raise InputError(f, "is not a meeting id")
        place = need_list(place, f)
        if len(place) != 2:
            raise InputError(f, "must be [slot, table]")
        slot = need_int(place[0], f"{f}[0]", minimum=0)
        if slot >= S:
            raise InputError(f"{f}[0]", f"must be below n_slots ({S})")
        fixed[mid] = (slot, need_int(place[1], f"{f}[1]", minimum=0))
    inst = Instance(tuple(meetings), S, caps["capacity"], availability, fixed, caps.get("rooms"))
    from .state import validate_fixed

    try:
        validate_fixed(inst)
    except ValueError as exc:
        raise InputError("fixed", str(exc)) from None
    return inst


def solve_json(data: dict, time_limit: float | None = None) -> dict:
    """Solve a schedule instance given as JSON; answer the documented solution object."""
    inst = parse(data)
    res = schedule(inst, time_limit_s=20.0 if time_limit is None else float(time_limit))
    return {
        "placements": [[p.meeting_id, p.slot, p.table] for p in res.placements],
        "objective": res.objective,
        "weight": res.weight,
        "bound": res.bound,
        "optimal": res.optimal,
        "unplaced": {str(k): v for k, v in sorted(res.unplaced.items())},
    }
