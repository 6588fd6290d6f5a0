from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from corridor.core.access import NotFound
from corridor.core.models import Notification
from corridor.news import queries, services
from corridor.news.enums import CommentStatus, ModerationAction, PostStatus
from corridor.news.models import Announcement, Comment, CommentReport, ModerationRecord

pytestmark = pytest.mark.django_db


def codes(exc):
    return [e.code for errors in exc.value.error_dict.values() for e in errors]


def fields(exc):
    return list(exc.value.error_dict)


@pytest.mark.parametrize("who", ["alice", "carol", "reviewer", "focal_my"])
def test_only_secretariat_writes_announcements(personas, who):
    with pytest.raises(PermissionDenied):
        services.create_announcement(by=getattr(personas, who), title="t", summary="s", body="b")
    assert not Announcement.objects.exists()


def test_create_sets_slug_tags_and_publish_time(post):
    assert post.slug == "framework-agreement-signed"
    assert sorted(t.slug for t in post.tags.all()) == ["agreements", "trade"]
    assert post.publish_at is not None and post.is_live


def test_duplicate_titles_get_distinct_slugs(make_post):
    assert make_post().slug != make_post().slug


def test_bad_input_names_field_and_changes_nothing(personas):
    with pytest.raises(ValidationError) as exc:
        services.create_announcement(by=personas.secretariat, title="", summary="s", body="b")
    assert codes(exc) == ["required"] and fields(exc) == ["title"]
    with pytest.raises(ValidationError) as exc:
        services.create_announcement(
            by=personas.secretariat, title="t", summary="s", body="b", status=PostStatus.SCHEDULED
        )
    assert codes(exc) == ["required"]
    assert not Announcement.objects.exists()


def test_scheduled_post_appears_when_its_time_comes(make_post, personas):
    future = timezone.now() + timedelta(days=2)
    post = make_post(status=PostStatus.SCHEDULED, publish_at=future)
    assert post not in queries.announcements()
    with pytest.raises(NotFound):
        queries.get_announcement(personas.alice, slug=post.slug)
    # Secretariat sees it; it goes live when publish_at passes, with no job.
    assert queries.get_announcement(personas.secretariat, slug=post.slug) == post
    Announcement.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert post in queries.announcements()
    assert [p.pk for p in queries.latest_announcements()] == [post.pk]


def test_drafts_are_hidden(make_post, personas):
    post = make_post(status=PostStatus.DRAFT)
    assert not queries.announcements().exists()
    with pytest.raises(NotFound):
        queries.get_announcement(personas.bob, slug=post.slug)


def test_new_account_is_premoderated(post, personas):
    c = services.add_comment(announcement=post, by=personas.bob, body="Hello")
    assert c.status == CommentStatus.PENDING
    assert c not in queries.visible_comments()
    assert c in queries.comments_for(personas.bob, post)
    assert c not in queries.comments_for(personas.alice, post)


def test_old_account_without_approved_comment_is_premoderated(post, personas):
    personas.bob.date_joined = timezone.now() - timedelta(days=60)
    personas.bob.save()
    assert services.add_comment(announcement=post, by=personas.bob, body="x").status == CommentStatus.PENDING


def test_trusted_account_is_postmoderated(post, trusted):
    c = services.add_comment(announcement=post, by=trusted, body="Visible at once")
    assert c.status == CommentStatus.VISIBLE


def test_trusted_after_days_is_a_setting(post, trusted, settings):
    settings.NEWS_TRUSTED_AFTER_DAYS = 90
    assert services.add_comment(announcement=post, by=trusted, body="x").status == CommentStatus.PENDING


def test_anonymous_cannot_comment(post):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.add_comment(announcement=post, by=AnonymousUser(), body="x")


def test_cannot_comment_on_a_draft(make_post, personas):
    post = make_post(status=PostStatus.DRAFT)
    with pytest.raises(NotFound):
        services.add_comment(announcement=post, by=personas.alice, body="x")


def test_rate_limit_bounded_by_count(post, personas, settings):
    settings.NEWS_COMMENT_RATE_COUNT = 5
    for i in range(5):
        services.add_comment(announcement=post, by=personas.bob, body=f"c{i}")
    with pytest.raises(ValidationError) as exc:
        services.add_comment(announcement=post, by=personas.bob, body="one too many")
    assert codes(exc) == ["rate_limited"]
    assert "5" in exc.value.messages[0]
    assert Comment.objects.filter(author=personas.bob).count() == 5
    # Another user is not limited by Bob's comments.
    services.add_comment(announcement=post, by=personas.alice, body="mine")


def test_report_once_per_user(post, trusted, personas):
    c = services.add_comment(announcement=post, by=trusted, body="rude")
    services.report_comment(comment=c, by=personas.bob, reason="Insulting")
    with pytest.raises(ValidationError) as exc:
        services.report_comment(comment=c, by=personas.bob, reason="Again")
    assert codes(exc) == ["already_reported"]
    with pytest.raises(ValidationError) as exc:
        services.report_comment(comment=c, by=personas.alice, reason="  ")
    assert codes(exc) == ["required"]
    assert CommentReport.objects.count() == 1
    assert c in queries.moderation_queue(personas.secretariat)


def test_cannot_report_pending_comment_of_others(post, personas):
    c = services.add_comment(announcement=post, by=personas.bob, body="pending")
    with pytest.raises(NotFound):
        services.report_comment(comment=c, by=personas.alice, reason="x")


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "reviewer", "focal_ke"])
def test_only_secretariat_moderates(post, personas, who):
    c = services.add_comment(announcement=post, by=personas.bob, body="pending")
    with pytest.raises(NotFound):
        services.moderate(comment=c, by=getattr(personas, who), action=ModerationAction.APPROVE)
    with pytest.raises(NotFound):
        queries.moderation_queue(getattr(personas, who))
    c.refresh_from_db()
    assert c.status == CommentStatus.PENDING


def test_hide_and_remove_need_a_reason_kept_in_log(post, trusted, personas):
    c = services.add_comment(announcement=post, by=trusted, body="spam")
    with pytest.raises(ValidationError) as exc:
        services.moderate(comment=c, by=personas.secretariat, action=ModerationAction.HIDE)
    assert codes(exc) == ["required"]
    services.moderate(comment=c, by=personas.secretariat, action=ModerationAction.HIDE, reason="Spam link")
    c.refresh_from_db()
    assert c.status == CommentStatus.HIDDEN
    assert c not in queries.visible_comments()
    services.moderate(comment=c, by=personas.secretariat, action=ModerationAction.REMOVE, reason="Repeated")
    assert list(ModerationRecord.objects.values_list("action", "reason")) == [
        ("remove", "Repeated"),
        ("hide", "Spam link"),
    ]


def test_followers_notified_of_visible_comments_only(
    post, trusted, personas, django_capture_on_commit_callbacks
):
    services.follow(announcement=post, by=personas.alice)
    before = Notification.objects.filter(user=personas.alice).count()
    pending = services.add_comment(announcement=post, by=personas.bob, body="held")
    assert Notification.objects.filter(user=personas.alice).count() == before
    # Bob follows by commenting; approval notifies Alice and the trusted commenter does too.
    services.moderate(comment=pending, by=personas.secretariat, action=ModerationAction.APPROVE)
    assert Notification.objects.filter(user=personas.alice).count() == before + 1
    assert not Notification.objects.filter(user=personas.bob).exists()
    services.add_comment(announcement=post, by=trusted, body="visible")
    assert Notification.objects.filter(user=personas.alice).count() == before + 2
    assert Notification.objects.filter(user=personas.bob).count() == 1
    assert not Notification.objects.filter(user=trusted).exists()


def test_unfollow(post, personas, trusted):
    services.follow(announcement=post, by=personas.alice)
    services.follow(announcement=post, by=personas.alice, on=False)
    services.add_comment(announcement=post, by=trusted, body="visible")
    assert not Notification.objects.filter(user=personas.alice).exists()
