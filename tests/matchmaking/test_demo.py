"""The demo seeder builds a past event with outcomes and an open one, deterministically."""

import random

import pytest

from corridor.matchmaking import indicators
from corridor.matchmaking.demo import OPEN_SLUG, PAST_SLUG, seed_matchmaking
from corridor.matchmaking.models import Event, Meeting, Outcome
from corridor.portal.demo.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_seed_matchmaking(settings):
    settings.MATCHMAKING_SCHEDULE_SECONDS = 5
    result = seed_demo(n_fictional=60)
    out = seed_matchmaking(result["users"], random.Random(2025))
    assert sorted(out["events_created"]) == sorted([PAST_SLUG, OPEN_SLUG])
    past = Event.objects.get(slug=PAST_SLUG)
    assert Meeting.objects.filter(event=past, status="held").count() > 5
    assert Outcome.objects.filter(meeting__event=past, is_follow_up=True).exists()
    stats = indicators.event_statistics(past)
    assert stats["meetings_held"] > 5 and "KE–MY" in stats["by_country_pair"]
    assert Event.objects.get(slug=OPEN_SLUG).registrations.count() >= 10
    assert seed_matchmaking(result["users"], random.Random(2025))["events_created"] == []
