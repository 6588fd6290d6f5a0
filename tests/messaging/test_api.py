"""API: start, list, read, reply, mark-read, block, report and resolve; errors name the field and
change nothing; writes are throttled; the schema documents the endpoints."""

from __future__ import annotations

import json

import pytest

from corridor.messaging.api import MessagingWriteThrottle
from corridor.messaging.models import Conversation, Message, Report
from tests.tokens import token_client

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_start_reply_and_read_by_api(personas):
    alice, bob = token_client(personas.alice), token_client(personas.bob)
    created = post(
        alice,
        "/api/messaging/conversations/",
        {"to": "org:beta-pay", "sender": "org:alpha-logistics", "body": "Hello over the API"},
    )
    assert created.status_code == 201, created.content
    cid = created.json()["conversation"]
    assert created.json()["mine"] is True and created.json()["sender"] == "Alpha Logistics"
    listing = bob.get("/api/messaging/conversations/").json()["results"]
    assert [(c["id"], c["unread"], c["other"]["name"], c["me"]["name"]) for c in listing] == [
        (cid, 1, "Alpha Logistics", "Beta Pay")
    ]
    assert bob.get("/api/messaging/conversations/unread/").json()["unread_total"] == 1
    reply = post(bob, f"/api/messaging/conversations/{cid}/messages/", {"body": SECRET})
    assert reply.status_code == 201 and reply.json()["mine"] is True
    marked = post(bob, f"/api/messaging/conversations/{cid}/mark-read/", {})
    assert marked.json()["unread_total"] == 0
    assert alice.get("/api/messaging/conversations/unread/").json()["unread_total"] == 1
    messages = alice.get(f"/api/messaging/conversations/{cid}/messages/").json()["results"]
    assert [(m["body"], m["mine"]) for m in messages] == [("Hello over the API", True), (SECRET, False)]


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"to": "org:beta-pay"}, "body", "required"),
        ({"to": "org:beta-pay", "body": ""}, "body", "blank"),
        ({"to": "org:beta-pay", "body": "x" * 5001}, "body", "max_length"),
        ({"to": "user:abc", "body": "hi"}, "to", "invalid_recipient"),
        ({"to": "org:beta-pay", "sender": "org:beta-pay", "body": "hi"}, "sender", "invalid_sender"),
        ({"about": "job", "about_id": "x", "body": "hi"}, "about_id", "invalid"),
    ],
)
def test_bad_start_names_the_field_and_saves_nothing(personas, payload, field, code):
    response = post(token_client(personas.alice), "/api/messaging/conversations/", payload)
    assert response.status_code == 400, response.content
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert Conversation.objects.count() == 0 and Message.objects.count() == 0


def test_job_that_does_not_exist_answers_404(personas):
    response = post(
        token_client(personas.bob),
        "/api/messaging/conversations/",
        {"about": "job", "about_id": 987654, "body": "hi"},
    )
    assert response.status_code == 404
    assert Message.objects.count() == 0


def test_block_report_and_resolve_by_api(personas, thread):
    cid = thread.conversation.pk
    alice, bob, sec = (token_client(u) for u in (personas.alice, personas.bob, personas.secretariat))
    blocked = post(bob, f"/api/messaging/conversations/{cid}/block/", {"on": True})
    assert blocked.status_code == 200 and blocked.json()["blocked"] == "by_me"
    assert alice.get(f"/api/messaging/conversations/{cid}/").json()["blocked"] == "by_other"
    refused = post(alice, f"/api/messaging/conversations/{cid}/block/", {"on": False})
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "not_blocker"
    report = post(
        alice, f"/api/messaging/conversations/{cid}/report/", {"reason": "Pushy", "message": thread.reply.pk}
    )
    assert report.status_code == 201 and report.json()["quoted"] == SECRET
    rid = report.json()["id"]
    empty = post(sec, f"/api/messaging/reports/{rid}/resolve/", {"resolution": ""})
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "resolution"
    assert Report.objects.get().status == "open"
    done = post(sec, f"/api/messaging/reports/{rid}/resolve/", {"resolution": "Asked Beta to stop"})
    assert done.json()["status"] == "resolved"
    assert post(bob, f"/api/messaging/reports/{rid}/resolve/", {"resolution": "x"}).status_code == 404
    unblocked = post(bob, f"/api/messaging/conversations/{cid}/block/", {"on": False})
    assert unblocked.json()["blocked"] == "none"


def test_writes_are_throttled(personas, thread, monkeypatch):
    monkeypatch.setattr(MessagingWriteThrottle, "rate", "2/min")
    alice = token_client(personas.alice)
    url = f"/api/messaging/conversations/{thread.conversation.pk}/mark-read/"
    assert [post(alice, url, {}).status_code for _ in range(3)] == [200, 200, 429]
    assert alice.get(f"/api/messaging/conversations/{thread.conversation.pk}/").status_code == 200


def test_schema_documents_the_endpoints(personas):
    schema = token_client(personas.alice).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/messaging/conversations/",
        "/api/messaging/conversations/{id}/messages/",
        "/api/messaging/conversations/{id}/mark-read/",
        "/api/messaging/conversations/{id}/block/",
        "/api/messaging/conversations/{id}/report/",
        "/api/messaging/reports/",
    ):
        assert path in paths, path


def test_ids_too_large_for_the_database_answer_not_found(personas, login):
    huge = "9" * 25
    alice = token_client(personas.alice)
    assert alice.get(f"/api/messaging/conversations/{huge}/").status_code == 404
    assert post(alice, f"/api/messaging/conversations/{huge}/messages/", {"body": "x"}).status_code == 404
    response = post(
        alice, "/api/messaging/conversations/", {"about": "job", "about_id": int(huge), "body": "x"}
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "about_id"
    page = login(personas.alice).get(f"/messages/new/?about=meeting&about_id={huge}")
    assert page.status_code == 302 and page["Location"] == "/messages/"
    assert Message.objects.count() == 0
