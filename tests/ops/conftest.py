"""Ops tests reuse the council indicator and the matchmaking event fixtures."""

import pytest

from tests.council.conftest import reported  # noqa: F401
from tests.matchmaking.conftest import event, make_event, people, regs  # noqa: F401


@pytest.fixture
def held(regs, personas, event, django_capture_on_commit_callbacks):  # noqa: F811
    """A scheduled meeting between alice (A) and bob (B) that has already taken place."""
    from django.utils import timezone

    from corridor.matchmaking import scheduling, services

    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob, message="Cold chain")
    meeting = services.accept_request(request=req, by=personas.bob)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_schedule(event=event, by=personas.secretariat)
    meeting.refresh_from_db()
    meeting.slot.starts_at = timezone.now() - timezone.timedelta(hours=2)
    meeting.slot.ends_at = timezone.now() - timezone.timedelta(hours=1)
    meeting.slot.save()
    return meeting
