from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corridor.news import services
from corridor.news.enums import CommentStatus, PostStatus
from corridor.news.models import Announcement, Comment, ModerationRecord
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db

API = "/api/news/"


def test_public_reads_published_only(client, make_post):
    make_post(title="Public")
    make_post(title="SECRET draft", status=PostStatus.DRAFT)
    make_post(
        title="SECRET future", status=PostStatus.SCHEDULED, publish_at=timezone.now() + timedelta(days=3)
    )
    body = client.get(API + "announcements/").json()
    assert [r["title"] for r in body["results"]] == ["Public"]
    assert client.get(API + "announcements/secret-draft/").status_code == 404


def test_secretariat_sees_drafts(login, personas, make_post):
    make_post(title="Draft", status=PostStatus.DRAFT)
    body = login(personas.secretariat).get(API + "announcements/").json()
    assert [r["title"] for r in body["results"]] == ["Draft"]


def test_filters(client, make_post):
    make_post(title="A", tags="trade", language="ms")
    make_post(title="B", tags="events", language="en")
    assert [r["title"] for r in client.get(API + "announcements/", {"tag": "trade"}).json()["results"]] == [
        "A"
    ]
    assert [r["title"] for r in client.get(API + "announcements/", {"language": "en"}).json()["results"]] == [
        "B"
    ]


@pytest.mark.parametrize("who", ["alice", "carol", "reviewer", "focal_ke"])
def test_only_secretariat_writes_by_api(login, personas, who, post):
    c = login(getattr(personas, who))
    assert c.post(API + "announcements/", {"title": "t", "summary": "s", "body": "b"}).status_code == 403
    assert c.patch(
        API + f"announcements/{post.slug}/", {"title": "x"}, content_type="application/json"
    ).status_code in (
        403,
        404,
    )
    post.refresh_from_db()
    assert post.title != "x" and Announcement.objects.count() == 1


def test_anonymous_cannot_write(client):
    assert client.post(API + "announcements/", {"title": "t"}).status_code in (401, 403)


def test_secretariat_creates_and_edits(login, personas):
    c = login(personas.secretariat)
    resp = c.post(
        API + "announcements/",
        {"title": "Kenya visit", "summary": "s", "body": "b", "tags": ["trade"], "status": "published"},
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.json()
    slug = resp.json()["slug"]
    resp = c.patch(API + f"announcements/{slug}/", {"summary": "new"}, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["summary"] == "new"


def test_bad_input_by_api(login, personas):
    c = login(personas.secretariat)
    resp = c.post(
        API + "announcements/",
        {"title": "t", "summary": "s", "body": "b", "status": "scheduled"},
        content_type="application/json",
    )
    assert resp.status_code == 400 and error_codes(resp) == {"publish_at": ["required"]}
    assert not Announcement.objects.exists()


def test_comments_by_api(client, login, personas, post, trusted):
    bob = login(personas.bob)
    resp = bob.post(
        API + "comments/", {"announcement": post.slug, "body": "<b>hi</b>"}, content_type="application/json"
    )
    assert resp.status_code == 201 and resp.json()["status"] == "pending"
    bodies = [r["body"] for r in client.get(API + "comments/", {"announcement": post.slug}).json()["results"]]
    assert bodies == ["Earlier comment"]
    pending = Comment.objects.get(author=personas.bob)
    assert client.get(API + f"comments/{pending.pk}/").status_code == 404
    assert client.post(API + "comments/", {"announcement": post.slug, "body": "x"}).status_code in (401, 403)


def test_report_and_moderate_by_api(login, personas, post, trusted):
    c = services.add_comment(announcement=post, by=trusted, body="x")
    bob = login(personas.bob)
    assert bob.post(API + f"comments/{c.pk}/report/", {"reason": "spam"}).status_code == 201
    again = bob.post(API + f"comments/{c.pk}/report/", {"reason": "spam"})
    assert again.status_code == 400 and error_codes(again) == {"reason": ["already_reported"]}
    assert (
        bob.post(API + f"comments/{c.pk}/moderate/", {"action": "remove", "reason": "r"}).status_code == 404
    )
    assert bob.get(API + "comments/queue/").status_code == 404
    sec = login(personas.secretariat)
    assert [r["id"] for r in sec.get(API + "comments/queue/").json()["results"]] == [c.pk]
    bad = sec.post(API + f"comments/{c.pk}/moderate/", {"action": "hide"})
    assert bad.status_code == 400 and error_codes(bad) == {"reason": ["required"]}
    ok = sec.post(API + f"comments/{c.pk}/moderate/", {"action": "hide", "reason": "spam"})
    assert ok.status_code == 201
    c.refresh_from_db()
    assert c.status == CommentStatus.HIDDEN and ModerationRecord.objects.get().reason == "spam"


def test_rate_limit_by_api(login, personas, post, settings):
    settings.NEWS_COMMENT_RATE_COUNT = 1
    bob = login(personas.bob)
    bob.post(API + "comments/", {"announcement": post.slug, "body": "1"})
    resp = bob.post(API + "comments/", {"announcement": post.slug, "body": "2"})
    assert resp.status_code == 400 and error_codes(resp) == {"body": ["rate_limited"]}


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_query_counts(client, make_post, trusted):
    p = make_post(title="one")
    one = _count(client, API + "announcements/")
    c_one = _count(client, API + "comments/")
    for t in ("two", "three"):
        q = make_post(title=t, tags="x, y")
        Comment.objects.create(announcement=q, author=trusted, body="b", status=CommentStatus.VISIBLE)
    assert p and _count(client, API + "announcements/") == one
    assert _count(client, API + "comments/") == c_one
