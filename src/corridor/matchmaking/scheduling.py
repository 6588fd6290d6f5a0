"""Scheduling: map the event's rows to the engine's plain instance, run the engine off the
request path with visible progress, verify the result with the engine's independent checker,
and save it so that confirmed meetings keep their place (incremental) unless the organiser
allows a full re-run. Late accepts are placed one by one by ``place_one``.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import runs
from corridor.core.audit import acting_as
from corridor.core.errors import invalid
from corridor.core.notifications import notify
from corridor.engines import schedule as engine

from . import access
from .enums import UNPLACED_REASONS, MeetingStatus, RunMode
from .models import Event, Meeting, MeetingSeat, Registration, ScheduleRun, Slot, Table

log = logging.getLogger(__name__)
ACTIVE = (runs.RunStatus.QUEUED, runs.RunStatus.RUNNING)
PLACEABLE = (MeetingStatus.UNPLACED, MeetingStatus.SCHEDULED)
PAST = (MeetingStatus.HELD, MeetingStatus.NO_SHOW)


PHYSICAL, VIRTUAL = "physical", "virtual"
KINDS = (PHYSICAL, VIRTUAL)
#: The engine's mode for each kind of place: tables and video rooms are resources of one model.
ENGINE_MODE = {PHYSICAL: engine.TABLE, VIRTUAL: engine.ROOM}


def meeting_kind(a: Registration, b: Registration) -> str:
    """A video room when either side attends online; a physical table only when both come."""
    return VIRTUAL if a.is_online or b.is_online else PHYSICAL


def table_kind(table: Table) -> str:
    return VIRTUAL if table.is_virtual else PHYSICAL


@dataclass
class Part:
    """The meetings of one kind of place, as a view of the joint instance (for checks and
    explanations); table numbers index ``tables``."""

    kind: str
    instance: engine.Instance
    tables: list[Table]


@dataclass
class Context:
    slots: list[Slot]
    meetings: dict[int, Meeting]
    #: one engine instance for the whole event: tables (``capacity``) and video rooms
    #: (``rooms``) are places of two kinds in one model; a meeting's table number indexes
    #: ``tables[kind]``
    instance: engine.Instance
    tables: dict[str, list[Table]]
    #: meeting id -> reason code, for meetings left out (no place of the kind they need)
    excluded: dict[int, str] = field(default_factory=dict)

    @property
    def parts(self) -> list[Part]:
        """The joint instance split by kind (only kinds with meetings), for checks."""
        out = []
        for kind in KINDS:
            ms = tuple(m for m in self.instance.meetings if m.mode == ENGINE_MODE[kind])
            if ms:
                ids = {m.id for m in ms}
                inst = self.instance
                sub = engine.Instance(
                    ms,
                    inst.n_slots,
                    inst.capacity,
                    inst.availability,
                    {k: v for k, v in inst.fixed.items() if k in ids},
                    inst.rooms,
                )
                out.append(Part(kind=kind, instance=sub, tables=self.tables[kind]))
        return out


def build_instance(event: Event, mode: str = RunMode.INCREMENTAL) -> Context:
    """The engine instance of ``event``: one engine meeting per accepted request (weight = the
    two sides' priorities; mode = the place it needs: a video room if either side attends
    online, a table if both come in person), slot numbers = ``Slot.index``, availability from
    the registrations; held meetings always fixed, scheduled ones fixed (at their own table or
    room) unless ``mode`` is full."""
    slots = list(event.slots.order_by("index"))
    tables = list(event.tables.order_by("id"))
    slot_pos = {s.pk: i for i, s in enumerate(slots)}
    tables_of = {k: [t for t in tables if table_kind(t) == k] for k in KINDS}
    table_pos = {t.pk: (k, i) for k in KINDS for i, t in enumerate(tables_of[k])}
    rows = list(
        Meeting.objects.filter(event=event, status__in=[*PLACEABLE, *PAST])
        .select_related("request__requester", "request__receiver")
        .order_by("request__created_at", "pk")
    )
    meetings: list[engine.Meeting] = []
    fixed: dict[int, tuple[int, int]] = {}
    ctx_meetings, excluded = {}, {}
    participants: set[int] = set()
    for m in rows:
        placed = m.slot_id in slot_pos and m.table_id in table_pos
        if m.status in PAST and not placed:
            continue
        req = m.request
        ctx_meetings[m.pk] = m
        kind = meeting_kind(req.requester, req.receiver)
        pinned = placed and (
            m.status in PAST or (m.status == MeetingStatus.SCHEDULED and mode != RunMode.FULL)
        )
        if pinned:
            kind, table = table_pos[m.table_id]  # a pinned meeting stays at its own table
            fixed[m.pk] = (slot_pos[m.slot_id], table)
        elif not tables_of[kind]:
            excluded[m.pk] = "no_suitable_room"
            continue
        em = engine.Meeting(
            id=m.pk,
            a=req.requester_id,
            b=req.receiver_id,
            org_a=req.requester.organisation_id,
            org_b=req.receiver.organisation_id,
            weight=float(req.weight),
            mode=ENGINE_MODE[kind],
        )
        meetings.append(em)
        participants.update((em.a, em.b))
    availability: dict[int, set[int]] = {p: set() for p in participants}
    through = Registration.availability.through
    for reg_id, slot_id in through.objects.filter(registration_id__in=participants).values_list(
        "registration_id", "slot_id"
    ):
        if slot_id in slot_pos:
            availability[reg_id].add(slot_pos[slot_id])
    instance = engine.Instance(
        meetings=tuple(meetings),
        n_slots=len(slots),
        capacity=tuple([len(tables_of[PHYSICAL])] * len(slots)),
        availability={p: frozenset(v) for p, v in availability.items()},
        fixed=fixed,
        rooms=tuple([len(tables_of[VIRTUAL])] * len(slots)),
    )
    return Context(slots=slots, meetings=ctx_meetings, instance=instance, tables=tables_of, excluded=excluded)


def _fingerprint(ctx: Context):
    inst = ctx.instance
    return (
        inst.meetings,
        inst.capacity,
        inst.rooms,
        dict(inst.availability),
        dict(inst.fixed),
        dict(ctx.excluded),
    )


def _current_placements(part: Part | Context) -> list[engine.Placement]:
    return [engine.Placement(mid, s, t) for mid, (s, t) in part.instance.fixed.items()]


@dataclass
class Solution:
    placements: list[tuple[int, int, int]]  # (meeting id, slot pk, table pk)
    reasons: dict[int, str]
    greedy: int
    bound: int


def solve(ctx: Context, *, time_limit_s: float, seed: int = 0, progress=None) -> Solution:
    """Run the engine once on the joint instance (tables and rooms in one model), verify the
    result with the engine's independent checker and map it back to slots and tables."""
    inst = ctx.instance
    reasons = dict(ctx.excluded)
    greedy = engine.schedule_greedy(inst).objective
    result = engine.schedule(inst, time_limit_s=time_limit_s, seed=seed, progress=progress)
    problems = engine.check(inst, result.placements)
    if problems:
        raise RuntimeError("scheduler returned an invalid schedule: " + "; ".join(problems[:5]))
    reasons.update(result.unplaced)
    kind_of = {m.id: (PHYSICAL if m.mode == engine.TABLE else VIRTUAL) for m in inst.meetings}
    placements = [
        (p.meeting_id, ctx.slots[p.slot].pk, ctx.tables[kind_of[p.meeting_id]][p.table].pk)
        for p in result.placements
    ]
    bound = result.bound if result.bound is not None else engine.upper_bound(inst)
    return Solution(placements=placements, reasons=reasons, greedy=greedy, bound=bound)


def unplaceable(event: Event) -> list[tuple[Meeting, str, str]]:
    """Accepted requests that cannot be placed as things stand (confirmed meetings kept), each
    with its reason code and words: before a run, so a low count is never a mystery."""
    ctx = build_instance(event, RunMode.INCREMENTAL)
    reasons = dict(ctx.excluded)
    current = _current_placements(ctx)
    reasons.update(engine.explain_unplaced(ctx.instance, current))
    by_id = {m.id: m for m in ctx.instance.meetings}
    placed_pairs = {by_id[p.meeting_id].org_pair for p in current}
    # Several accepted requests between the same two organisations: only one can be held.
    groups: dict[tuple[int, int], list[engine.Meeting]] = defaultdict(list)
    for mid, code in reasons.items():
        if code != "not_selected":
            continue
        if by_id[mid].org_pair in placed_pairs:
            reasons[mid] = "org_pair_duplicate"
        else:
            groups[by_id[mid].org_pair].append(by_id[mid])
    for group in groups.values():
        for extra in sorted(group, key=lambda m: (-m.weight, m.id))[1:]:
            reasons[extra.id] = "org_pair_duplicate"
    out = []
    for mid, code in reasons.items():
        if code != "not_selected":
            out.append((ctx.meetings[mid], code, str(UNPLACED_REASONS.get(code, code))))
    return sorted(out, key=lambda row: row[0].pk)


def run_schedule(*, event: Event, by, mode: str = RunMode.INCREMENTAL) -> ScheduleRun:
    """The organiser starts a scheduling run (a background task; progress on the run row)."""
    if not access.can_organise(by, event):
        raise access.NotFound
    if mode not in RunMode.values:
        raise invalid("mode", _("Choose incremental or full."), code="choose_incremental_full")
    if not event.slots.exists():
        raise invalid(
            None,
            _("Add at least one session first: the schedule needs slots."),
            code="add_least_session_schedule",
        )
    if not event.tables.exists():
        raise invalid(
            None, _("Add tables or rooms first: each meeting needs one."), code="add_tables_rooms_meeting"
        )
    with transaction.atomic(), acting_as(by):
        Event.objects.select_for_update().get(pk=event.pk)
        if ScheduleRun.objects.filter(event=event, status__in=ACTIVE).exists():
            raise invalid(None, _("A scheduling run is already in progress."), code="scheduling_run_progress")
        run = ScheduleRun.objects.create(event=event, actor=by, mode=mode)
        from .tasks import run_schedule_task

        transaction.on_commit(lambda: run_schedule_task.delay(run.pk))
    return run


def execute_run(*, run_id: int) -> ScheduleRun:
    """Run the engine for a queued run and save its result (called by the Celery task); the
    RUNNING → DONE / FAILED bookkeeping and the progress bar are ``core.runs.execute_run``'s."""
    run = ScheduleRun.objects.select_related("event", "actor").get(pk=run_id)
    if not run.is_queued:
        return run
    return runs.execute_run(run, _schedule)


def _schedule(run: ScheduleRun, progress) -> None:
    event = run.event
    progress(0.01)
    ctx = build_instance(event, run.mode)
    owner = threading.get_ident()

    def solver_progress(fraction: float) -> None:
        # The solver may report from its own worker threads; writing from there would open
        # database connections nobody closes, so only this thread writes.
        if threading.get_ident() == owner:
            progress(0.05 + fraction * 0.85)

    solution = solve(
        ctx,
        time_limit_s=float(getattr(settings, "MATCHMAKING_SCHEDULE_SECONDS", 20)),
        seed=event.pk,
        progress=solver_progress,
    )
    with transaction.atomic(), acting_as(run.actor):
        Event.objects.select_for_update().get(pk=event.pk)
        if _fingerprint(build_instance(event, run.mode)) != _fingerprint(ctx):
            raise invalid(
                None,
                _("Requests or availability changed during the run; run it again."),
                code="schedule_stale",
            )
        moved, touched = _apply(ctx, solution.placements, solution.reasons)
        Event.objects.filter(pk=event.pk).update(last_scheduled_at=timezone.now())
        run.placed = Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).count()
        run.unplaced = Meeting.objects.filter(event=event, status=MeetingStatus.UNPLACED).count()
        run.moved, run.bound, run.greedy = moved, solution.bound, solution.greedy
        run.message = _("%(placed)d meetings placed, %(unplaced)d not placed, %(moved)d moved.") % {
            "placed": run.placed,
            "unplaced": run.unplaced,
            "moved": moved,
        }
        url = reverse("matchmaking:agenda", args=[event.slug])
        for user in touched:
            notify(
                user=user,
                text=lambda: _("Your agenda for %(event)s has changed.") % {"event": event.title},
                url=url,
            )


def _apply(ctx: Context, placements, reasons: dict[int, str]) -> tuple[int, set]:
    """Save placements. Moved or dropped meetings get a higher SEQUENCE; seats are rewritten
    (cleared first, so swaps never trip the uniqueness constraints)."""
    target = {mid: (slot_pk, table_pk) for mid, slot_pk, table_pk in placements}
    changes = []
    for mid, m in ctx.meetings.items():
        if m.status in PAST:
            continue
        new = target.get(mid)
        old = (m.slot_id, m.table_id) if m.status == MeetingStatus.SCHEDULED else None
        if new != old:
            changes.append((m, new, old))
        elif new is None and m.unplaced_reason != reasons.get(mid, ""):
            m.unplaced_reason = reasons.get(mid, "")
            m.save(update_fields=["unplaced_reason", "updated_at"])
    cleared = [m.pk for m, _new, old in changes if old is not None]
    Meeting.objects.filter(pk__in=cleared).update(status=MeetingStatus.UNPLACED)
    MeetingSeat.objects.filter(meeting_id__in=cleared).delete()
    seats, touched, moved = [], set(), 0
    for m, new, old in changes:
        req = m.request
        if new is not None:
            if m.slot_id is not None:  # it had a time before: calendars must update it
                m.sequence += 1
                moved += old is not None
            m.slot_id, m.table_id = new
            m.status = MeetingStatus.SCHEDULED
            m.unplaced_reason = ""
            seats += [
                MeetingSeat(meeting=m, registration_id=req.requester_id, slot_id=new[0]),
                MeetingSeat(meeting=m, registration_id=req.receiver_id, slot_id=new[0]),
            ]
        else:
            m.status = MeetingStatus.UNPLACED
            m.unplaced_reason = reasons.get(m.pk, "")
            if old is not None:
                m.sequence += 1  # keeps its old time so calendars can cancel it
        m.save()
        touched.update((req.requester.user, req.receiver.user))
    MeetingSeat.objects.bulk_create(seats)
    return moved, touched


def place_one(meeting: Meeting) -> bool:
    """Place a late-accepted meeting in the first slot where both sides are available and free
    and a table or room that suits both (see ``meeting_kind``) is free, without moving anything. The caller holds the event lock. Returns
    whether it was placed; otherwise the meeting keeps the reason why not."""
    req = meeting.request
    a, b = req.requester, req.receiver
    event = meeting.event
    pair = {a.organisation_id, b.organisation_id}
    through = Registration.availability.through
    avail = defaultdict(set)
    for reg_id, slot_id in through.objects.filter(registration_id__in=[a.pk, b.pk]).values_list(
        "registration_id", "slot_id"
    ):
        avail[reg_id].add(slot_id)
    common = avail[a.pk] & avail[b.pk]
    reason = ""
    if not common:
        reason = "no_common_slot"
    else:
        others = Meeting.objects.filter(event=event, status__in=[MeetingStatus.SCHEDULED, *PAST]).exclude(
            pk=meeting.pk
        )
        for ra, rb in others.values_list(
            "request__requester__organisation_id", "request__receiver__organisation_id"
        ):
            if {ra, rb} == pair:
                reason = "org_pair_duplicate"
                break
    kind = meeting_kind(a, b)
    tables = list(event.tables.filter(is_virtual=kind == VIRTUAL).order_by("id").values_list("pk", flat=True))
    if not reason and not tables:
        reason = "no_suitable_room"
    if not reason:
        busy = set(
            MeetingSeat.objects.filter(registration_id__in=[a.pk, b.pk]).values_list("slot_id", flat=True)
        )
        free = list(event.slots.filter(pk__in=common - busy).order_by("index"))
        if not free:
            reason = "participant_full"
        else:
            used = defaultdict(set)
            for slot_id, table_id in Meeting.objects.filter(
                event=event, status=MeetingStatus.SCHEDULED, slot__in=free
            ).values_list("slot_id", "table_id"):
                used[slot_id].add(table_id)
            for slot in free:
                table_id = next((t for t in tables if t not in used[slot.pk]), None)
                if table_id is not None:
                    if meeting.slot_id is not None:
                        meeting.sequence += 1
                    meeting.slot, meeting.table_id = slot, table_id
                    meeting.status = MeetingStatus.SCHEDULED
                    meeting.unplaced_reason = ""
                    meeting.save()
                    MeetingSeat.objects.bulk_create(
                        [
                            MeetingSeat(meeting=meeting, registration=a, slot=slot),
                            MeetingSeat(meeting=meeting, registration=b, slot=slot),
                        ]
                    )
                    return True
            reason = "tables_full"
    meeting.unplaced_reason = reason
    meeting.save(update_fields=["unplaced_reason", "updated_at"])
    return False
