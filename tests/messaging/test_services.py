"""Services of messaging: starting and continuing threads, unread counts, blocking, reporting,
e-mail per message and digests, retention. Bad input names the field and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from corridor.messaging import queries, services
from corridor.messaging.models import Conversation, Message, Party, Preference, Report
from corridor.orgs.enums import OrgStatus
from tests.factories import OrganisationFactory

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def codes(exc):
    return [(field, e.code) for field, errors in exc.value.error_dict.items() for e in errors]


def test_start_creates_two_sides_and_notifies_the_other_side(personas, thread):
    conv = thread.conversation
    sides = {(p.organisation_id, p.user_id) for p in conv.parties.all()}
    assert sides == {(personas.org_a.pk, None), (personas.org_b.pk, None)}
    assert conv.origin == "profile"
    # bob got an e-mail for alice's message, alice for bob's; nobody for their own.
    assert [m.to for m in mail.outbox] == [["bob@b.example"], ["alice@a.example"]]
    assert "Hello Beta" in mail.outbox[0].body and "/messages/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "New message from Alpha Logistics"


def test_writing_again_continues_the_same_thread_with_its_context(personas, thread):
    again = services.start_conversation(
        by=personas.alice,
        to="org:beta-pay",
        about="recommendation",
        sender="org:alpha-logistics",
        body="Following up",
    )
    assert again.conversation == thread.conversation
    assert Conversation.objects.count() == 1
    assert again.origin_label == "Suggested partner"


def test_writing_as_oneself_is_a_different_thread(personas, thread):
    own = services.start_conversation(by=personas.alice, to="org:beta-pay", body="Personally")
    assert own.conversation != thread.conversation
    assert own.sender_party.user == personas.alice


def test_unread_counts_per_user_and_mark_read(personas, thread):
    assert queries.unread_total(personas.alice) == 1
    assert queries.unread_total(personas.bob) == 0
    assert queries.unread_total(personas.carol) == 0  # a plain member does not read the org's mail
    row = queries.inbox(personas.alice).get()
    assert row.unread == 1 and row.last_body == SECRET
    services.mark_read(conversation=thread.conversation, by=personas.alice)
    assert queries.unread_total(personas.alice) == 0
    # read marks never move back
    services.mark_read(conversation=thread.conversation, by=personas.alice, upto=0)
    assert queries.unread_total(personas.alice) == 0


def test_a_second_admin_has_their_own_unread_count(personas, thread):
    from corridor.orgs.models import Membership

    Membership.objects.filter(user=personas.carol).update(role="admin")
    assert queries.unread_total(personas.carol) == 1
    services.mark_read(conversation=thread.conversation, by=personas.alice)
    assert queries.unread_total(personas.carol) == 1


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"to": "org:beta-pay", "body": "   "}, [("body", "required")]),
        ({"to": "org:beta-pay", "body": "x" * 5001}, [("body", "too_long")]),
        ({"to": "nobody", "body": "hi"}, [("to", "invalid_recipient")]),
        ({"to": "org:alpha-logistics", "body": "hi"}, [("to", "own_organisation")]),
        ({"to": "org:beta-pay", "sender": "org:beta-pay", "body": "hi"}, [("sender", "invalid_sender")]),
        ({"to": "org:beta-pay", "about": "nonsense", "body": "hi"}, [("about", "invalid_choice")]),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(personas, kwargs, expected):
    with pytest.raises(ValidationError) as exc:
        services.start_conversation(by=personas.alice, **kwargs)
    assert codes(exc) == expected
    assert Conversation.objects.count() == 0 and Message.objects.count() == 0


def test_cannot_write_as_an_organisation_one_is_only_a_member_of(personas):
    with pytest.raises(ValidationError) as exc:
        services.start_conversation(
            by=personas.carol, to="org:beta-pay", sender="org:alpha-logistics", body="hi"
        )
    assert codes(exc) == [("sender", "invalid_sender")]
    assert Message.objects.count() == 0


def test_secretariat_cannot_write_in_an_organisations_name(personas):
    with pytest.raises(ValidationError):
        services.start_conversation(
            by=personas.secretariat, to="org:beta-pay", sender="org:alpha-logistics", body="hi"
        )
    assert Message.objects.count() == 0


def test_a_draft_organisation_is_hidden_like_a_missing_one(personas, my):
    OrganisationFactory(name="Hidden Draft", slug="hidden-draft", country=my, status=OrgStatus.DRAFT)
    from corridor.core.access import NotFound

    for to in ("org:hidden-draft", "org:no-such-org"):
        with pytest.raises(NotFound):
            services.start_conversation(by=personas.bob, to=to, body="hi")
    assert Message.objects.count() == 0


def test_block_stops_both_sides_until_the_blocker_unblocks(personas, thread):
    conv = thread.conversation
    services.set_blocked(conversation=conv, by=personas.bob, on=True)
    for user, code in ((personas.alice, "blocked"), (personas.bob, "blocked_by_you")):
        with pytest.raises(ValidationError) as exc:
            services.send_message(conversation=conv, by=user, body="still there?")
        assert exc.value.error_list[0].code == code
    # starting again from a profile lands in the same, blocked, thread
    with pytest.raises(ValidationError):
        services.start_conversation(
            by=personas.alice, to="org:beta-pay", sender="org:alpha-logistics", body="new thread?"
        )
    with pytest.raises(ValidationError) as exc:
        services.set_blocked(conversation=conv, by=personas.alice, on=False)
    assert exc.value.error_list[0].code == "not_blocker"
    assert Message.objects.count() == 2
    services.set_blocked(conversation=conv, by=personas.bob, on=False)
    services.send_message(conversation=conv, by=personas.alice, body="Thanks")
    assert Message.objects.count() == 3


def test_report_quotes_the_other_sides_latest_message_for_the_secretariat(personas, thread):
    item = services.report(conversation=thread.conversation, by=personas.alice, reason="Spam")
    assert item.quoted == SECRET and item.reported_party_name == "Beta Pay"
    assert list(queries.reports(personas.secretariat)) == [item]
    assert personas.secretariat.notifications.filter(url="/messages/reports/").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.report(conversation=thread.conversation, by=personas.alice, reason="Again")
    assert codes(exc) == [("reason", "already_reported")]
    with pytest.raises(ValidationError) as exc:
        services.report(
            conversation=thread.conversation, by=personas.bob, reason="x", message_id=thread.reply.pk
        )
    assert codes(exc) == [("message", "invalid_message")]  # one cannot report one's own message
    services.resolve_report(report=item, by=personas.secretariat, resolution="Warned the sender")
    assert list(queries.reports(personas.secretariat)) == []
    assert Report.objects.get().status == "resolved"


def test_daily_digest_replaces_the_per_message_mail(personas, thread, django_capture_on_commit_callbacks):
    services.set_email_mode(by=personas.alice, email_mode="daily")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation=thread.conversation, by=personas.bob, body="Digest me 1")
        services.send_message(conversation=thread.conversation, by=personas.bob, body="Digest me 2")
    assert mail.outbox == []  # alice chose the digest
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_message_digests() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["alice@a.example"]
    assert "Beta Pay (2)" in digest.body and "Digest me 2" in digest.body
    assert SECRET not in digest.body  # sent before she chose the digest
    # a message appears in one digest only
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_message_digests() == 0
    call_command("send-message-digests", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_email_off_sends_nothing(personas, thread, django_capture_on_commit_callbacks):
    services.set_email_mode(by=personas.bob, email_mode="off")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation=thread.conversation, by=personas.alice, body="Quiet")
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        services.set_email_mode(by=personas.bob, email_mode="hourly")
    assert Preference.objects.get(user=personas.bob).email_mode == "off"


def test_rate_limit_refuses_and_saves_nothing(personas, thread, settings):
    settings.MESSAGING_RATE_COUNT = 3  # alice sent one in the fixture
    services.send_message(conversation=thread.conversation, by=personas.alice, body="1")
    services.send_message(conversation=thread.conversation, by=personas.alice, body="2")
    before = Message.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.send_message(conversation=thread.conversation, by=personas.alice, body="3")
    assert codes(exc) == [("body", "rate_limited")]
    assert Message.objects.count() == before


def test_months_before_clips_the_day():
    now = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert services.months_before(now, 1) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
    assert services.months_before(now, 24) == dt.datetime(2024, 3, 31, 12, tzinfo=dt.UTC)
    assert services.months_before(now, 15) == dt.datetime(2024, 12, 31, 12, tzinfo=dt.UTC)


def test_purge_deletes_messages_past_retention_and_empty_threads(personas, thread, settings):
    settings.MESSAGING_RETENTION_MONTHS = 6
    old = timezone.now() - dt.timedelta(days=200)
    Message.objects.filter(pk=thread.first.pk).update(created_at=old)
    result = services.purge_old_messages()
    assert result["messages"] == 1
    assert list(Message.objects.values_list("body", flat=True)) == [SECRET]
    Message.objects.update(created_at=old)
    Conversation.objects.update(created_at=old)
    out = __import__("io").StringIO()
    call_command("purge-messages", stdout=out)
    assert "Deleted 1 message(s), 1 empty conversation(s)" in out.getvalue()
    assert Conversation.objects.count() == 0 and Party.objects.count() == 0
    with pytest.raises(ValidationError):
        services.purge_old_messages(months=0)
