"""Every persona against every messaging action, by page and API: only the two sides read and
write a conversation (others, the secretariat included, get the same 404 as for a missing one,
and nothing leaks); only the secretariat sees reports."""

from __future__ import annotations

import json

import pytest

from corridor.messaging import services
from corridor.messaging.models import Message, Party
from tests.matrix import (
    MISSING_PK,
    PERSONAS,
    api_client,
    assert_api_refused,
    assert_hidden,
    assert_login_redirect,
    page_client,
)

from .conftest import SECRET

pytestmark = pytest.mark.django_db

PARTICIPANTS = {"alice", "bob"}


@pytest.mark.parametrize("who", PERSONAS)
def test_thread_page(personas, login, thread, who):
    client = page_client(personas, login, who)
    pk = thread.conversation.pk
    response = client.get(f"/messages/{pk}/")
    if who == "anonymous":
        assert_login_redirect(response)
    elif who in PARTICIPANTS:
        assert response.status_code == 200
        assert SECRET in response.content.decode()
    else:
        assert_hidden(response, client.get(f"/messages/{MISSING_PK}/"), SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_inbox_lists_only_own_conversations(personas, login, thread, who):
    client = page_client(personas, login, who)
    response = client.get("/messages/")
    if who == "anonymous":
        assert_login_redirect(response)
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert (SECRET in body) == (who in PARTICIPANTS)  # the last message, shown as the snippet
    if who not in PARTICIPANTS:
        assert "Beta Pay" not in body and "Alpha Logistics" not in body


@pytest.mark.parametrize("who", PERSONAS)
def test_api_read(personas, thread, who):
    client = api_client(personas, who)
    pk = thread.conversation.pk
    detail = client.get(f"/api/messaging/conversations/{pk}/")
    messages = client.get(f"/api/messaging/conversations/{pk}/messages/")
    listing = client.get("/api/messaging/conversations/")
    if who in PARTICIPANTS:
        assert detail.status_code == 200 and messages.status_code == 200
        bodies = [m["body"] for m in messages.json()["results"]]
        assert bodies == ["Hello Beta, shall we talk?", SECRET]
        assert [c["id"] for c in listing.json()["results"]] == [pk]
        other = "Beta Pay" if who == "alice" else "Alpha Logistics"
        assert detail.json()["other"]["name"] == other
        return
    for response in (detail, messages):
        assert_api_refused(response, SECRET, "Beta Pay", anonymous=who == "anonymous")
    missing = client.get(f"/api/messaging/conversations/{MISSING_PK}/")
    assert detail.status_code == missing.status_code
    if who == "anonymous":
        assert listing.status_code in (401, 403)
    else:
        assert listing.json()["results"] == []


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize(
    ("action", "payload"),
    [
        ("messages", {"body": "Intruder"}),
        ("mark-read", {}),
        ("block", {"on": True}),
        ("report", {"reason": "Intruder report"}),
    ],
)
def test_api_writes(personas, thread, who, action, payload):
    client = api_client(personas, who)
    pk = thread.conversation.pk
    before = Message.objects.count()
    response = client.post(
        f"/api/messaging/conversations/{pk}/{action}/", json.dumps(payload), content_type="application/json"
    )
    if who in PARTICIPANTS:
        assert response.status_code in (200, 201), response.content
        return
    assert_api_refused(response, SECRET, anonymous=who == "anonymous")
    assert Message.objects.count() == before
    assert not Party.objects.filter(blocked_at__isnull=False).exists()
    assert not thread.conversation.reports.exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_page_writes_by_outsiders_change_nothing(personas, login, thread, who):
    if who in PARTICIPANTS:
        return
    client = page_client(personas, login, who)
    pk = thread.conversation.pk
    for url, data in (
        (f"/messages/{pk}/", {"body": "Intruder"}),
        (f"/messages/{pk}/block/", {"on": "1"}),
        (f"/messages/{pk}/report/", {"reason": "Intruder"}),
    ):
        response = client.post(url, data)
        if who == "anonymous":
            assert_login_redirect(response)
        else:
            assert response.status_code == 404
            assert SECRET not in response.content.decode()
    assert Message.objects.count() == 2
    assert not Party.objects.filter(blocked_at__isnull=False).exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_reports_are_for_the_secretariat_only(personas, login, thread, who):
    services.report(conversation=thread.conversation, by=personas.alice, reason="Unwanted offer")
    page = page_client(personas, login, who).get("/messages/reports/")
    api = api_client(personas, who).get("/api/messaging/reports/")
    if who == "secretariat":
        assert page.status_code == 200 and SECRET in page.content.decode()
        assert [r["reason"] for r in api.json()["results"]] == ["Unwanted offer"]
    elif who == "anonymous":
        assert_login_redirect(page)
        assert api.status_code in (401, 403)
    else:
        assert page.status_code == 404 and SECRET not in page.content.decode()
        assert_api_refused(api, SECRET, "Unwanted offer", anonymous=False)


def test_blocked_party_cannot_send_by_api(personas, thread):
    services.set_blocked(conversation=thread.conversation, by=personas.bob, on=True)
    response = api_client(personas, "alice").post(
        f"/api/messaging/conversations/{thread.conversation.pk}/messages/",
        json.dumps({"body": "Let me in"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "blocked"
    assert Message.objects.count() == 2
