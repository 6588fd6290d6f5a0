"""Matchmaking fixtures on top of the personas: an open event with a session, a break and
tables; alice (MY, Kuala Lumpur) and bob (KE, Nairobi) registered."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from corridor.matchmaking import services
from corridor.matchmaking.calendar import is_public_holiday
from corridor.orgs.enums import MemberRole, OrgKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

KL = ZoneInfo("Asia/Kuala_Lumpur")


def working_day(days_ahead: int = 14) -> dt.date:
    """A Tuesday–Thursday at least ``days_ahead`` from today that is no holiday in MY or KE."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while (
        day.weekday() not in (1, 2, 3) or is_public_holiday(day, "MY", "14") or is_public_holiday(day, "KE")
    ):
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hh: int, mm: int = 0, tz=KL) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tz)


@pytest.fixture
def make_event(personas):
    def _make(*, fmt="in_person", start=(9, 0), end=(12, 0), tables=2, brk=True, **extra):
        now = timezone.now()
        day = working_day()
        data = {
            "title": extra.pop("title", "KL–Nairobi Fintech Brokerage"),
            "description": "Meet partners.",
            "format": fmt,
            "time_zone": "Asia/Kuala_Lumpur",
            "location": "MITEC, Kuala Lumpur",
            "registration_opens_at": now - dt.timedelta(days=1),
            "registration_closes_at": now + dt.timedelta(days=10),
            "requests_close_at": now + dt.timedelta(days=12),
            "status": "published",
            "slot_minutes": 20,
            **extra,
        }
        event = services.create_event(by=personas.secretariat, **data)
        session = services.add_session(
            event=event,
            by=personas.secretariat,
            name="Morning",
            starts_at=at(day, *start),
            ends_at=at(day, *end),
        )
        if brk:
            services.add_break(
                session=session, by=personas.secretariat, starts_at=at(day, 10, 20), ends_at=at(day, 10, 40)
            )
        if tables:
            services.add_tables(event=event, by=personas.secretariat, count=tables)
        event.day = day
        event.session = session
        return event

    return _make


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def people(personas):
    """A second Kenyan and a second Malaysian organisation with one person each."""
    from corridor.core.models import Country

    ke = Country.objects.get(code="KE")
    my = Country.objects.get(code="MY")
    dan = UserFactory(email="dan@d.example", full_name="Dan Mwangi", time_zone="Africa/Nairobi")
    org_d = OrganisationFactory(name="Delta Agri", slug="delta-agri", country=ke, kind=OrgKind.COMPANY)
    MembershipFactory(organisation=org_d, user=dan, role=MemberRole.OWNER)
    eve = UserFactory(email="eve@e.example", full_name="Eve Rahman", time_zone="Asia/Kuala_Lumpur")
    org_e = OrganisationFactory(name="Echo Data", slug="echo-data", country=my, kind=OrgKind.STARTUP)
    MembershipFactory(organisation=org_e, user=eve, role=MemberRole.OWNER)
    personas.alice.time_zone = "Asia/Kuala_Lumpur"
    personas.alice.save()
    personas.bob.time_zone = "Africa/Nairobi"
    personas.bob.save()
    return SimpleNamespace(dan=dan, org_d=org_d, eve=eve, org_e=org_e)


@pytest.fixture
def regs(personas, people, event):
    p = personas
    return SimpleNamespace(
        alice=services.register(event=event, by=p.alice, organisation=p.org_a, wants_to_discuss="Cold chain"),
        bob=services.register(event=event, by=p.bob, organisation=p.org_b, wants_to_discuss="Payments"),
        dan=services.register(event=event, by=people.dan, organisation=people.org_d),
        eve=services.register(event=event, by=people.eve, organisation=people.org_e),
    )


def register_colleague(event, personas):
    """Register carol for org A as a second representative: registering acts for the
    organisation, so she is made an admin of A first (a plain member may not)."""
    from corridor.orgs.models import Membership

    Membership.objects.filter(user=personas.carol, organisation=personas.org_a).update(role=MemberRole.ADMIN)
    return services.register(event=event, by=personas.carol, organisation=personas.org_a)
