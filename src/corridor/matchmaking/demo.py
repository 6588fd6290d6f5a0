"""Demo matchmaking data: one past in-person event (scheduled by the real scheduler, with
attendance, outcomes and follow-up answers) and one open virtual event taking registrations.

Deterministic for a given ``rng``; idempotent (an existing demo event is left alone). Called by
``portal.demo.seed.seed_demo`` after the organisations exist.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from corridor.core.enums import Role
from corridor.core.models import User
from corridor.orgs.enums import MemberRole, OrgStatus
from corridor.orgs.models import Membership, Organisation

from . import scheduling, services
from .calendar import is_public_holiday
from .enums import MeetingStatus, OutcomeKind
from .models import Break, Event, Meeting, Registration, Session, Slot

PAST_SLUG = "kl-nairobi-b2b-brokerage-demo"
OPEN_SLUG = "virtual-fintech-agritech-matchmaking-demo"
KL = ZoneInfo("Asia/Kuala_Lumpur")
DEMO_DOMAIN = "corridor.demo"
CURRENCY = {"MY": "MYR", "KE": "KES"}


def _working_day(start: dt.date) -> dt.date:
    day = start
    while (
        day.weekday() not in (1, 2, 3) or is_public_holiday(day, "MY", "14") or is_public_holiday(day, "KE")
    ):
        day += dt.timedelta(days=1)
    return day


def _participants(rng: random.Random, users: dict, per_country: int) -> list[tuple[User, Organisation]]:
    """Demo people with the organisation they register for: the two member personas first,
    then one made-up contact per fictional organisation."""
    out = []
    for email in (f"member.a@{DEMO_DOMAIN}", f"member.b@{DEMO_DOMAIN}"):
        user = users.get(email)
        m = Membership.objects.filter(user=user).select_related("organisation").first() if user else None
        if m:
            out.append((user, m.organisation))
    taken = {o.pk for _u, o in out}
    for code in ("MY", "KE"):
        orgs = list(
            Organisation.objects.filter(is_fictional=True, status=OrgStatus.PUBLISHED, country_id=code)
            .exclude(pk__in=taken)
            .order_by("slug")[: per_country * 3]
        )
        for org in rng.sample(orgs, min(per_country, len(orgs))):
            email = f"contact.{org.slug[:40]}@{DEMO_DOMAIN}"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=None,
                    full_name=f"Contact at {org.name}"[:150],
                    country_id=code,
                    email_verified_at=timezone.now(),
                    time_zone="Asia/Kuala_Lumpur" if code == "MY" else "Africa/Nairobi",
                )
            Membership.objects.get_or_create(organisation=org, user=user, defaults={"role": MemberRole.ADMIN})
            user.__dict__.pop("_membership_cache", None)
            out.append((user, org))
    return out


def _secretariat(users: dict) -> User:
    user = users.get(f"secretariat@{DEMO_DOMAIN}")
    return (
        user
        or User.objects.filter(roles__role=Role.SECRETARIAT).first()
        or User.objects.filter(is_superuser=True).first()
    )


def _requests(rng, event, regs, per_person, accept_share):
    by_country = {
        "MY": [r for r in regs if r.organisation.country_id == "MY"],
        "KE": [r for r in regs if r.organisation.country_id == "KE"],
    }
    made = []
    for reg in regs:
        others = by_country["KE" if reg.organisation.country_id == "MY" else "MY"]
        for other in rng.sample(others, min(per_person, len(others))):
            try:
                req = services.send_request(
                    event=event,
                    by=reg.user,
                    receiver=other,
                    message=f"{reg.organisation.name} would like to discuss {other.organisation.name}'s work.",
                    priority=rng.choice([1, 2, 2, 3]),
                )
            except ValidationError:
                continue  # duplicate pair or cap: skipped as a real user would be told
            made.append(req)
    for req in made:
        roll = rng.random()
        if roll < accept_share:
            services.accept_request(request=req, by=req.receiver.user, priority=rng.choice([1, 2, 3]))
        elif roll < accept_share + 0.1:
            services.decline_request(request=req, by=req.receiver.user)
    return made


def _shift(event: Event, delta: dt.timedelta) -> None:
    Event.objects.filter(pk=event.pk).update(
        registration_opens_at=F("registration_opens_at") + delta,
        registration_closes_at=F("registration_closes_at") + delta,
        requests_close_at=F("requests_close_at") + delta,
    )
    Session.objects.filter(event=event).update(starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta)
    Break.objects.filter(session__event=event).update(
        starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta
    )
    Slot.objects.filter(event=event).update(starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta)


#: The past event took place in 2025 (the ventures demo traces a venture back to it).
PAST_EVENT_DAY = dt.date(2025, 10, 14)


def _past_day() -> dt.date:
    """A working day in October 2025, or eight months ago if that is earlier."""
    return _working_day(min(PAST_EVENT_DAY, timezone.localdate() - dt.timedelta(days=240)))


def _past_event(rng, users, by) -> Event:
    now = timezone.now()
    # Built as if open now (so every rule is checked by the real services), then moved back in
    # time (to October 2025) so attendance, outcomes and the six-month follow-up have happened.
    day = _working_day(timezone.localdate() + dt.timedelta(days=7))
    event = services.create_event(
        by=by,
        title="KL–Nairobi B2B Brokerage (demo)",
        description="Fictional demo event: one day of 20-minute meetings between Malaysian and Kenyan firms.",
        format="in_person",
        time_zone="Asia/Kuala_Lumpur",
        location="MITEC, Kuala Lumpur",
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=5),
        requests_close_at=now + dt.timedelta(days=6),
        max_requests_per_participant=10,
        slot_minutes=20,
        status="published",
    )
    Event.objects.filter(pk=event.pk).update(slug=PAST_SLUG)
    event.slug = PAST_SLUG
    morning = services.add_session(
        event=event,
        by=by,
        name="Morning meetings",
        starts_at=dt.datetime.combine(day, dt.time(9, 0), KL),
        ends_at=dt.datetime.combine(day, dt.time(12, 30), KL),
    )
    services.add_break(
        session=morning,
        by=by,
        starts_at=dt.datetime.combine(day, dt.time(10, 40), KL),
        ends_at=dt.datetime.combine(day, dt.time(11, 0), KL),
    )
    services.add_session(
        event=event,
        by=by,
        name="Afternoon meetings",
        starts_at=dt.datetime.combine(day, dt.time(14, 0), KL),
        ends_at=dt.datetime.combine(day, dt.time(16, 0), KL),
    )
    services.add_tables(event=event, by=by, count=8)
    regs = []
    for user, org in _participants(rng, users, per_country=14):
        regs.append(
            services.register(
                event=event,
                by=user,
                organisation=org,
                time_zone=user.time_zone,
                wants_to_discuss=f"Partners for {org.name}.",
            )
        )
    _requests(rng, event, regs, per_person=3, accept_share=0.75)
    run = scheduling.run_schedule(event=event, by=by)
    scheduling.execute_run(run_id=run.pk)
    _shift(
        event,
        dt.datetime.combine(_past_day(), dt.time(9), KL) - dt.datetime.combine(day, dt.time(9), KL),
    )
    event.refresh_from_db()
    kinds = [
        OutcomeKind.NO_FIT,
        OutcomeKind.FOLLOW_UP,
        OutcomeKind.FOLLOW_UP,
        OutcomeKind.MOU,
        OutcomeKind.DEAL_SIGNED,
        OutcomeKind.JV_PROPOSED,
    ]
    for meeting in (
        Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED)
        .select_related(
            "event",
            "slot",
            "request__requester__user",
            "request__receiver__user",
            "request__requester__organisation",
            "request__receiver__organisation",
        )
        .order_by("pk")
    ):
        if rng.random() < 0.12:
            services.mark_attendance(meeting=meeting, by=by, status=MeetingStatus.NO_SHOW)
            continue
        services.mark_attendance(meeting=meeting, by=by, status=MeetingStatus.HELD)
        for reg in (meeting.request.requester, meeting.request.receiver):
            if rng.random() < 0.2:
                continue  # not everyone answers
            kind = rng.choice(kinds)
            value = currency = None
            if kind == OutcomeKind.DEAL_SIGNED:
                currency = CURRENCY.get(reg.organisation.country_id, "USD")
                value = Decimal(rng.randrange(20, 400) * (1000 if currency == "KES" else 100))
            services.record_outcome(
                meeting=meeting, by=reg.user, kind=kind, deal_value=value, currency=currency
            )
            if kind in (OutcomeKind.FOLLOW_UP, OutcomeKind.MOU) and rng.random() < 0.5:
                later = rng.choice([OutcomeKind.DEAL_SIGNED, OutcomeKind.NO_FIT, OutcomeKind.JV_PROPOSED])
                cur = (
                    CURRENCY.get(reg.organisation.country_id, "USD")
                    if later == OutcomeKind.DEAL_SIGNED
                    else None
                )
                val = Decimal(rng.randrange(50, 900) * (1000 if cur == "KES" else 100)) if cur else None
                services.record_outcome(
                    meeting=meeting,
                    by=reg.user,
                    kind=later,
                    deal_value=val,
                    currency=cur,
                    is_follow_up=True,
                    notes="Answered the six-month follow-up.",
                )
    Event.objects.filter(pk=event.pk).update(status="closed")
    return event


def _open_event(rng, users, by) -> Event:
    now = timezone.now()
    day1 = _working_day(timezone.localdate() + dt.timedelta(days=30))
    day2 = _working_day(day1 + dt.timedelta(days=1))
    event = services.create_event(
        by=by,
        title="Virtual Fintech & Agritech Matchmaking (demo)",
        description="Fictional demo event, online: 20-minute video meetings in the Kuala Lumpur–Nairobi working overlap.",
        format="virtual",
        time_zone="Asia/Kuala_Lumpur",
        registration_opens_at=now - dt.timedelta(days=2),
        registration_closes_at=now + dt.timedelta(days=21),
        requests_close_at=now + dt.timedelta(days=25),
        max_requests_per_participant=15,
        slot_minutes=20,
        status="published",
        room_link_base="https://meet.jit.si/corridor-demo",
    )
    Event.objects.filter(pk=event.pk).update(slug=OPEN_SLUG)
    event.slug = OPEN_SLUG
    for i, day in enumerate((day1, day2), start=1):
        services.add_session(
            event=event,
            by=by,
            name=f"Day {i}",
            starts_at=dt.datetime.combine(day, dt.time(13, 0), KL),
            ends_at=dt.datetime.combine(day, dt.time(18, 0), KL),
        )
    services.add_tables(event=event, by=by, count=10)
    regs = []
    for user, org in _participants(rng, users, per_country=8):
        regs.append(
            services.register(
                event=event,
                by=user,
                organisation=org,
                time_zone=user.time_zone,
                observes_friday_prayer=org.country_id == "MY" and rng.random() < 0.5,
            )
        )
    _requests(rng, event, regs, per_person=2, accept_share=0.4)
    return event


def seed_matchmaking(users: dict, rng: random.Random) -> dict:
    """Create the demo events (once). ``users`` maps demo e-mail -> User (from ``seed_demo``)."""
    by = _secretariat(users)
    created = []
    if by is not None and not Event.objects.filter(slug=PAST_SLUG).exists():
        created.append(_past_event(rng, users, by).slug)
    if by is not None and not Event.objects.filter(slug=OPEN_SLUG).exists():
        created.append(_open_event(rng, users, by).slug)
    return {
        "events_created": created,
        "registrations": Registration.objects.filter(event__slug__in=[PAST_SLUG, OPEN_SLUG]).count(),
    }
