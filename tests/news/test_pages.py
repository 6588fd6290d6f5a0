from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corridor.news import services
from corridor.news.enums import CommentStatus, PostStatus
from corridor.news.models import Announcement, Comment, ModerationRecord

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">click</a>'


def test_index_lists_published_with_filters(client, make_post):
    make_post(title="English news", language="en", tags="trade")
    make_post(title="Berita Melayu", language="ms", tags="events")
    make_post(title="Hidden draft", status=PostStatus.DRAFT)
    page = client.get(reverse("news:index")).content.decode()
    assert "English news" in page and "Berita Melayu" in page and "Hidden draft" not in page
    page = client.get(reverse("news:index"), {"language": "ms"}).content.decode()
    assert "Berita Melayu" in page and "English news" not in page
    page = client.get(reverse("news:index"), {"tag": "trade"}).content.decode()
    assert "English news" in page and "Berita Melayu" not in page


def test_index_pages(client, make_post):
    for i in range(12):
        make_post(title=f"Post number {i:02d}")
    first = client.get(reverse("news:index")).content.decode()
    second = client.get(reverse("news:index"), {"page": 2}).content.decode()
    assert first.count('class="item"') == 10 and second.count('class="item"') == 2


def test_empty_state(client, db):
    assert "No announcement is published yet" in client.get(reverse("news:index")).content.decode()


def _index_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("news:index")).status_code == 200
    return len(ctx)


def test_index_query_count_does_not_grow(client, make_post, trusted):
    p = make_post(title="One")
    Comment.objects.create(announcement=p, author=trusted, body="x", status=CommentStatus.VISIBLE)
    one = _index_queries(client)
    make_post(title="Two", tags="a, b, c")
    make_post(title="Three", tags="d")
    assert _index_queries(client) == one


def test_markdown_body_xss_is_inert(client, make_post):
    post = make_post(body=XSS + "\n\n**bold** [ok](https://example.org)")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "onerror" not in page
    assert "javascript:alert" not in page
    assert "<strong>bold</strong>" in page
    assert 'rel="nofollow noopener"' in page


def test_comment_xss_is_inert(client, post, trusted, login):
    services.add_comment(announcement=post, by=trusted, body=XSS)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page


def test_title_xss_is_inert(client, make_post):
    post = make_post(title='<script>alert("t")</script>', summary="<b onmouseover=x>s</b>")
    page = client.get(reverse("news:index")).content.decode()
    assert '<script>alert("t")' not in page and "<b onmouseover" not in page
    assert "<script>alert" not in client.get(post.get_absolute_url()).content.decode()


def test_create_page_secretariat_only(login, personas, client):
    url = reverse("news:create")
    assert client.get(url).status_code == 302
    for who in ("alice", "carol", "reviewer", "focal_my"):
        assert login(getattr(personas, who)).post(url, {"title": "x"}).status_code == 404
    assert not Announcement.objects.exists()
    c = login(personas.secretariat)
    assert c.get(url).status_code == 200
    resp = c.post(
        url,
        {
            "title": "Launch",
            "summary": "S",
            "body": "B",
            "tags": "a",
            "language": "sw",
            "status": "published",
        },
    )
    assert resp.status_code == 302
    assert Announcement.objects.get().language == "sw"


def test_create_form_shows_errors_inline(login, personas):
    c = login(personas.secretariat)
    resp = c.post(
        reverse("news:create"),
        {"title": "T", "summary": "S", "body": "B", "language": "en", "status": "scheduled"},
    )
    assert resp.status_code == 200
    assert "Give the date and time to publish at." in resp.content.decode()
    assert not Announcement.objects.exists()


def test_edit_page(login, personas, post):
    url = reverse("news:edit", args=[post.slug])
    assert login(personas.alice).get(url).status_code == 404
    c = login(personas.secretariat)
    assert c.get(url).status_code == 200
    data = {
        "title": "New title",
        "summary": "S",
        "body": "B",
        "tags": "x",
        "language": "en",
        "status": "published",
    }
    assert c.post(url, data).status_code == 302
    post.refresh_from_db()
    assert post.title == "New title" and [t.slug for t in post.tags.all()] == ["x"]


def test_draft_detail_hidden_like_missing(client, login, personas, make_post):
    post = make_post(status=PostStatus.DRAFT, title="SECRET draft")
    assert client.get(post.get_absolute_url()).status_code == 404
    assert login(personas.alice).get(post.get_absolute_url()).status_code == 404
    assert client.get("/news/no-such-post/").status_code == 404
    assert login(personas.secretariat).get(post.get_absolute_url()).status_code == 200


def test_comment_flow_by_page(login, personas, post, client):
    url = reverse("news:comment", args=[post.slug])
    assert client.post(url, {"body": "anon"}).status_code == 302  # to sign in
    assert not Comment.objects.exists()
    bob = login(personas.bob)
    assert bob.post(url, {"body": "Held comment"}).status_code == 302
    assert "Held comment" in bob.get(post.get_absolute_url()).content.decode()
    assert "Held comment" not in client.get(post.get_absolute_url()).content.decode()
    sec = login(personas.secretariat)
    assert "Held comment" in sec.get(reverse("news:moderation")).content.decode()
    c = Comment.objects.get()
    assert sec.post(reverse("news:moderate", args=[c.pk]), {"action": "approve"}).status_code == 302
    assert "Held comment" in client.get(post.get_absolute_url()).content.decode()


def test_comment_errors_inline(login, personas, post):
    resp = login(personas.bob).post(reverse("news:comment", args=[post.slug]), {"body": ""})
    assert resp.status_code == 400 and "This field is required" in resp.content.decode()


def test_rate_limit_named_on_page(login, personas, post, settings):
    settings.NEWS_COMMENT_RATE_COUNT = 2
    c = login(personas.bob)
    url = reverse("news:comment", args=[post.slug])
    c.post(url, {"body": "1"})
    c.post(url, {"body": "2"})
    resp = c.post(url, {"body": "3"})
    assert resp.status_code == 400 and "at most 2 comments every 10 minutes" in resp.content.decode()
    assert Comment.objects.count() == 2


def test_moderation_pages_secretariat_only(login, personas, post, trusted):
    c = services.add_comment(announcement=post, by=trusted, body="x")
    for who in ("alice", "bob", "reviewer", "focal_my"):
        client = login(getattr(personas, who))
        assert client.get(reverse("news:moderation")).status_code == 404
        client.post(reverse("news:moderate", args=[c.pk]), {"action": "remove", "reason": "r"})
    c.refresh_from_db()
    assert c.status == CommentStatus.VISIBLE
    sec = login(personas.secretariat)
    sec.post(reverse("news:moderate", args=[c.pk]), {"action": "hide", "reason": "Off topic"})
    c.refresh_from_db()
    assert c.status == CommentStatus.HIDDEN
    assert ModerationRecord.objects.get().reason == "Off topic"
    assert "Off topic" in sec.get(reverse("news:moderation")).content.decode()


def test_report_by_page(login, personas, post, trusted):
    c = services.add_comment(announcement=post, by=trusted, body="x")
    bob = login(personas.bob)
    bob.post(reverse("news:report", args=[c.pk]), {"reason": "Spam"})
    bob.post(reverse("news:report", args=[c.pk]), {"reason": "Spam again"})
    assert c.reports.count() == 1


def test_follow_by_page(login, personas, post):
    login(personas.alice).post(reverse("news:follow", args=[post.slug]), {"on": "1"})
    assert post.followers.filter(pk=personas.alice.pk).exists()


def test_feeds_parse(client, make_post):
    make_post(title="Trade post", tags="trade", body="<script>x</script>Hello")
    make_post(title="Events post", tags="events")
    make_post(title="Future post", status=PostStatus.SCHEDULED, publish_at=timezone.now() + timedelta(days=1))
    feed = feedparser.parse(client.get(reverse("news:feed")).content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert sorted(e.title for e in feed.entries) == ["Events post", "Trade post"]
    assert all("<script>" not in e.summary for e in feed.entries)
    tag_feed = feedparser.parse(client.get(reverse("news:tag_feed", args=["trade"])).content)
    assert not tag_feed.bozo
    assert [e.title for e in tag_feed.entries] == ["Trade post"]
    assert [t.term for t in tag_feed.entries[0].tags] == ["trade"]
    assert client.get(reverse("news:tag_feed", args=["nope"])).status_code == 404


def test_latest_partial(make_post):
    from django.template.loader import render_to_string

    from corridor.news.queries import latest_announcements

    for i in range(4):
        make_post(title=f"Latest {i}")
    html = render_to_string("news/_latest.html", {"latest_announcements": latest_announcements()})
    assert html.count('class="item"') == 3


def test_image_upload_is_reencoded(login, personas):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, "PNG")
    upload = SimpleUploadedFile("../../evil.png", buf.getvalue(), content_type="image/png")
    data = {
        "title": "Pic",
        "summary": "S",
        "body": "B",
        "language": "en",
        "status": "published",
        "image": upload,
    }
    resp = login(personas.secretariat).post(reverse("news:create"), data)
    assert resp.status_code == 302
    post = Announcement.objects.get()
    assert post.image.name.startswith("news/") and "evil" not in post.image.name


def test_bad_image_named_inline(login, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    data = {
        "title": "Pic",
        "summary": "S",
        "body": "B",
        "language": "en",
        "status": "published",
        "image": bad,
    }
    resp = login(personas.secretariat).post(reverse("news:create"), data)
    assert resp.status_code == 200 and not Announcement.objects.exists()


def test_detail_query_count_does_not_grow_with_comments(client, post, trusted, personas):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(post.get_absolute_url()).status_code == 200
        return len(ctx)

    one = count()
    for who in (personas.alice, personas.bob):
        Comment.objects.create(announcement=post, author=who, body="b", status=CommentStatus.VISIBLE)
    assert count() == one


@pytest.mark.parametrize(
    ("who", "moderation", "create"),
    [
        (None, 302, 302),
        ("alice", 404, 404),
        ("carol", 404, 404),
        ("reviewer", 404, 404),
        ("focal_my", 404, 404),
        ("secretariat", 200, 200),
    ],
)
def test_page_permission_matrix(client, login, personas, who, moderation, create):
    c = login(getattr(personas, who)) if who else client
    assert c.get(reverse("news:moderation")).status_code == moderation
    assert c.get(reverse("news:create")).status_code == create
    assert c.get(reverse("news:index")).status_code == 200
