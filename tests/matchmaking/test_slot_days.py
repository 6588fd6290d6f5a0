"""The availability picker groups slots by day (the page adds All/None per day)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from corridor.matchmaking import services
from corridor.matchmaking.forms import RegistrationForm

from .conftest import at, working_day

pytestmark = pytest.mark.django_db


def test_slots_are_grouped_by_day(personas, make_event):
    event = make_event(brk=False)
    second = working_day(21)
    services.add_session(
        event=event, by=personas.secretariat, name="Day two", starts_at=at(second, 9), ends_at=at(second, 10)
    )
    with timezone.override("Asia/Kuala_Lumpur"):
        form = RegistrationForm(event=event, organisations=[personas.org_a])
        groups = form.fields["availability"].widget.choices
        html = str(form["availability"])
    assert len(groups) == 2
    first_day_slots = event.slots.filter(starts_at__lt=at(event.day + dt.timedelta(days=1), 0)).count()
    assert len(groups[0][1]) == first_day_slots and len(groups[1][1]) == 3
    assert 'class="slot-days"' in html and html.count("<label>") == 2
    valid = RegistrationForm(
        {
            "organisation": personas.org_a.pk,
            "time_zone": "Asia/Kuala_Lumpur",
            "availability": [groups[1][1][0][0]],
        },
        event=event,
        organisations=[personas.org_a],
    )
    assert valid.is_valid(), valid.errors
