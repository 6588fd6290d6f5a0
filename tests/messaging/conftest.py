"""Messaging fixtures on top of the personas (alice owns Alpha Logistics, MY; bob owns Beta Pay,
KE; carol is a plain member of Alpha): a thread between Alpha and Beta with a secret in it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from corridor.messaging import services

SECRET = "SECRET price list 4711"


@pytest.fixture(autouse=True)
def _mail_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def thread(personas, django_capture_on_commit_callbacks):
    """Alpha (alice) wrote to Beta Pay from its profile; bob answered with a secret."""
    p = personas
    with django_capture_on_commit_callbacks(execute=True):
        first = services.start_conversation(
            by=p.alice, to="org:beta-pay", sender="org:alpha-logistics", body="Hello Beta, shall we talk?"
        )
        reply = services.send_message(conversation=first.conversation, by=p.bob, body=SECRET)
    return SimpleNamespace(conversation=first.conversation, first=first, reply=reply)
