"""An announcement's author edits and deletes it (deletion asks for confirmation), by page and
API, for each persona; a commenter is told, with the reason, when moderation hides or removes
their comment."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.core.enums import Role
from corridor.core.models import Notification
from corridor.core.services import grant_role
from corridor.news import services
from corridor.news.enums import CommentStatus, ModerationAction
from corridor.news.models import Announcement, Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/news/"
JSON = "application/json"


@pytest.fixture
def colleague(db):
    """A second secretariat member, not the author of the posts."""
    user = UserFactory(email="colleague@secretariat.example", full_name="Sue Colleague")
    grant_role(user=user, role=Role.SECRETARIAT, by=None)
    return user


def _edit(post, **extra):
    data = {
        "title": post.title,
        "summary": "Updated summary.",
        "body": post.body,
        "tags": "trade",
        "language": "en",
        "status": "published",
    }
    data.update(extra)
    return data


def test_the_author_edits_their_post_by_page(login, personas, post):
    c = login(personas.secretariat)
    page = c.get(post.get_absolute_url()).content.decode()
    assert f"/news/{post.slug}/edit/" in page and f"/news/{post.slug}/delete/" in page
    r = c.post(f"/news/{post.slug}/edit/", _edit(post))
    assert r.status_code == 302
    post.refresh_from_db()
    assert post.summary == "Updated summary."


def test_bad_input_names_the_field_and_changes_nothing(login, personas, post):
    r = login(personas.secretariat).post(f"/news/{post.slug}/edit/", _edit(post, title=""))
    assert r.status_code == 200 and "This field is required." in r.content.decode()
    post.refresh_from_db()
    assert post.title == "Framework agreement signed"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("colleague", 403), ("alice", 404), ("carol", 404), ("reviewer", 404), ("focal_my", 404)],
)
def test_others_cannot_edit_or_delete(login, personas, post, colleague, persona, status):
    user = colleague if persona == "colleague" else getattr(personas, persona)
    c = login(user)
    page = c.get(post.get_absolute_url()).content.decode()
    assert f"/news/{post.slug}/edit/" not in page and f"/news/{post.slug}/delete/" not in page
    assert c.get(f"/news/{post.slug}/edit/").status_code == status
    assert c.post(f"/news/{post.slug}/edit/", _edit(post, title="Hijacked")).status_code == status
    assert c.get(f"/news/{post.slug}/delete/").status_code == status
    assert c.post(f"/news/{post.slug}/delete/", {"confirm": "on"}).status_code == status
    r = c.patch(API + f"announcements/{post.slug}/", {"title": "Hijacked"}, content_type=JSON)
    assert r.status_code == status
    assert c.delete(API + f"announcements/{post.slug}/").status_code == status
    post.refresh_from_db()
    assert post.title == "Framework agreement signed"


def test_anonymous_cannot_edit_or_delete(client, post):
    assert client.get(f"/news/{post.slug}/delete/").status_code == 302  # to sign in
    assert client.post(f"/news/{post.slug}/delete/", {"confirm": "on"}).status_code == 302
    assert client.delete(API + f"announcements/{post.slug}/").status_code in (401, 403)
    assert Announcement.objects.filter(pk=post.pk).exists()


def test_deleting_asks_for_confirmation(login, personas, post, trusted):
    c = login(personas.secretariat)
    page = c.get(f"/news/{post.slug}/delete/").content.decode()
    assert "its 1 comment will be deleted" in page and 'name="confirm"' in page
    r = c.post(f"/news/{post.slug}/delete/", {})
    assert r.status_code == 400 and "Tick the box to confirm the deletion." in r.content.decode()
    assert Announcement.objects.filter(pk=post.pk).exists()
    r = c.post(f"/news/{post.slug}/delete/", {"confirm": "on"})
    assert r.status_code == 302 and r["Location"] == "/news/"
    assert not Announcement.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(announcement_id=post.pk).exists()
    assert c.get(post.get_absolute_url()).status_code == 404


def test_the_author_deletes_by_api(login, personas, post):
    r = login(personas.secretariat).delete(API + f"announcements/{post.slug}/")
    assert r.status_code == 204
    assert not Announcement.objects.exists()


def test_a_post_passes_to_the_secretariat_when_its_author_leaves(login, personas, post, colleague):
    from corridor.core.models import RoleAssignment

    RoleAssignment.objects.filter(user=personas.secretariat).delete()
    type(personas.secretariat).objects.filter(pk=personas.secretariat.pk).update(is_superuser=False)
    post = Announcement.objects.get(pk=post.pk)  # its author read afresh: no longer secretariat
    services.update_announcement(announcement=post, by=colleague, summary="Taken over.")
    post.refresh_from_db()
    assert post.summary == "Taken over."


def test_the_service_refuses_a_colleague(personas, post, colleague):
    with pytest.raises(PermissionDenied):
        services.delete_announcement(announcement=post, by=colleague)
    with pytest.raises(PermissionDenied):
        services.update_announcement(announcement=post, by=colleague, title="x")
    assert Announcement.objects.get().title == "Framework agreement signed"


@pytest.mark.parametrize(("action", "word"), [("hide", "hidden"), ("remove", "removed")])
def test_the_commenter_is_told_why_their_comment_was_moderated(
    personas, post, trusted, action, word, django_capture_on_commit_callbacks
):
    comment = services.add_comment(announcement=post, by=trusted, body="Buy cheap watches")
    assert comment.status == CommentStatus.VISIBLE
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(comment=comment, by=personas.secretariat, action=action, reason="Advertising.")
    (note,) = Notification.objects.filter(user=trusted)
    assert f"was {word} by the moderators" in note.text and "Reason: Advertising." in note.text
    assert note.url == post.get_absolute_url()
    assert any("Reason: Advertising." in m.body and m.to == [trusted.email] for m in mail.outbox)
    assert not Notification.objects.exclude(user=trusted).exists()  # followers are not told
    # the same action again changes nothing and tells nobody again
    services.moderate(comment=comment, by=personas.secretariat, action=action, reason="Again.")
    assert Notification.objects.filter(user=trusted).count() == 1


def test_a_pending_comment_removed_is_notified_and_approval_is_not(personas, post):
    comment = services.add_comment(announcement=post, by=personas.bob, body="First!")
    assert comment.status == CommentStatus.PENDING
    services.moderate(comment=comment, by=personas.secretariat, action=ModerationAction.APPROVE)
    assert not Notification.objects.filter(user=personas.bob, text__contains="moderators").exists()
    services.moderate(comment=comment, by=personas.secretariat, action="remove", reason="Off topic.")
    assert Notification.objects.filter(user=personas.bob, text__contains="Reason: Off topic.").count() == 1


def test_no_reason_no_moderation_and_no_notice(personas, post, trusted):
    comment = services.add_comment(announcement=post, by=trusted, body="Fine comment")
    Notification.objects.all().delete()
    with pytest.raises(ValidationError) as exc:
        services.moderate(comment=comment, by=personas.secretariat, action="hide", reason="  ")
    assert list(exc.value.error_dict) == ["reason"]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE and not Notification.objects.exists()


def test_moderation_by_api_notifies_the_commenter(login, personas, post, trusted):
    comment = services.add_comment(announcement=post, by=trusted, body="Rude words")
    r = login(personas.secretariat).post(
        API + f"comments/{comment.pk}/moderate/", {"action": "hide", "reason": "Insults."}
    )
    assert r.status_code == 201
    assert Notification.objects.filter(user=trusted, text__contains="Reason: Insults.").count() == 1
    # a member cannot moderate and nobody is notified
    Notification.objects.all().delete()
    r = login(personas.alice).post(
        API + f"comments/{comment.pk}/moderate/", {"action": "remove", "reason": "x"}
    )
    assert r.status_code == 404 and not Notification.objects.exists()
