"""Pages: starting a conversation from a profile, a suggested partner, a meeting request, a job
and an event's participants; the thread and inbox; unread counts in the nav; query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.matchmaking import services as mm_services
from corridor.messaging import services
from corridor.messaging.models import Conversation, Message, Preference
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.matchmaking.conftest import event, make_event, people, regs  # noqa: F401
from tests.talent.conftest import ref, talent  # noqa: F401

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def test_message_button_on_a_profile_starts_a_thread(personas, login):
    bob = login(personas.bob)
    profile = bob.get("/organisations/alpha-logistics/").content.decode()
    assert 'href="/messages/new/?to=org:alpha-logistics"' in profile
    form = bob.get("/messages/new/?to=org:alpha-logistics")
    assert form.status_code == 200
    assert "Write to Alpha Logistics" in form.content.decode()
    assert "Beta Pay" in form.content.decode()  # bob may write as his organisation
    response = bob.post(
        "/messages/new/", {"to": "org:alpha-logistics", "sender": "org:beta-pay", "body": "Jambo Alpha"}
    )
    conv = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(f"/messages/{conv.pk}/")
    assert {p.name for p in conv.parties.all()} == {"Alpha Logistics", "Beta Pay"}
    # the owner does not see a Message button on her own profile
    assert (
        "/messages/new/?to=org:alpha-logistics"
        not in login(personas.alice).get("/organisations/alpha-logistics/").content.decode()
    )


def test_start_form_bad_input_names_the_field_and_saves_nothing(personas, login):
    response = login(personas.bob).post(
        "/messages/new/", {"to": "org:alpha-logistics", "sender": "me", "body": " "}
    )
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()
    assert Message.objects.count() == 0


def test_suggested_partner_message_writes_as_the_organisation(personas, login):
    alice = login(personas.alice)
    response = alice.get("/messages/new/?to=org:beta-pay&about=recommendation&sender=org:alpha-logistics")
    body = response.content.decode()
    assert response.status_code == 200 and "Suggested partner" in body
    assert '<option value="org:alpha-logistics" selected>' in body


def test_meeting_request_and_event_participant_buttons(personas, login, regs, event):  # noqa: F811
    req = mm_services.send_request(event=event, by=personas.alice, receiver=regs.bob, message="Meet?")
    bob = login(personas.bob)
    requests_page = bob.get(f"/events/{event.slug}/requests/?box=received").content.decode()
    assert f"/messages/new/?about=meeting&amp;about_id={req.pk}" in requests_page
    response = bob.post(
        "/messages/new/", {"about": "meeting", "about_id": req.pk, "sender": "me", "body": "Sure"}
    )
    assert response.status_code == 302
    conv = Conversation.objects.get()
    assert conv.event == event and {p.user for p in conv.parties.all()} == {personas.alice, personas.bob}
    catalogue = bob.get(f"/events/{event.slug}/participants/").content.decode()
    assert f"/messages/new/?to=user:{personas.alice.pk}&amp;about=event&amp;event={event.slug}" in catalogue
    # someone not registered at the event cannot reach a participant by id
    outsider = login(UserFactory(email="out@x.example"))
    assert (
        outsider.get(f"/messages/new/?to=user:{personas.alice.pk}&about=event&event={event.slug}").status_code
        == 404
    )
    # carol (not a party to the request) cannot use it either
    assert login(personas.carol).get(f"/messages/new/?about=meeting&about_id={req.pk}").status_code == 404


def test_job_message_button(personas, login, talent):  # noqa: F811
    paul = login(talent.paul)
    page = paul.get(f"/talent/jobs/{talent.job.pk}/").content.decode()
    assert f"/messages/new/?about=job&amp;about_id={talent.job.pk}" in page
    response = paul.post(
        "/messages/new/", {"about": "job", "about_id": talent.job.pk, "sender": "me", "body": "Is it remote?"}
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.origin_label == "Job: Payments engineer"
    assert {p.name for p in message.conversation.parties.all()} == {"Alpha Logistics", "Paul Public"}


def test_reading_the_thread_drops_the_unread_count_in_the_nav(personas, login, thread):
    alice = login(personas.alice)
    inbox = alice.get("/messages/").content.decode()
    assert 'class="nav-messages">Messages <span class="badge"' in inbox
    assert "Messages are kept for 24 months" in inbox
    thread_page = alice.get(f"/messages/{thread.conversation.pk}/").content.decode()
    assert SECRET in thread_page and 'class="bubble theirs new"' in thread_page
    after = alice.get("/messages/").content.decode()
    assert 'class="nav-messages">Messages</a>' in after


def test_reply_from_the_thread_page(personas, login, thread):
    response = login(personas.bob).post(f"/messages/{thread.conversation.pk}/", {"body": "One more thing"})
    assert response.status_code == 302
    assert Message.objects.order_by("-id").first().body == "One more thing"
    bad = login(personas.bob).post(f"/messages/{thread.conversation.pk}/", {"body": ""})
    assert bad.status_code == 400 and Message.objects.count() == 3


def test_block_and_report_from_the_page(personas, login, thread):
    bob = login(personas.bob)
    bob.post(f"/messages/{thread.conversation.pk}/block/", {"on": "1"})
    alice_view = login(personas.alice).get(f"/messages/{thread.conversation.pk}/").content.decode()
    assert "The other side has closed this conversation." in alice_view
    assert 'name="body"' not in alice_view
    login(personas.alice).post(f"/messages/{thread.conversation.pk}/report/", {"reason": "Rude"})
    reports = login(personas.secretariat).get("/messages/reports/").content.decode()
    assert "Alice Tan reported Beta Pay" in reports and "Rude" in reports


def test_preferences_page(personas, login):
    alice = login(personas.alice)
    assert alice.post("/messages/preferences/", {"email_mode": "daily"}).status_code == 302
    assert Preference.objects.get(user=personas.alice).email_mode == "daily"
    assert alice.post("/messages/preferences/", {"email_mode": "weekly"}).status_code == 200
    assert Preference.objects.get(user=personas.alice).email_mode == "daily"


def _conversations(personas, n):
    for i in range(n):
        org = OrganisationFactory(name=f"Partner {i}", slug=f"partner-{i}", country=personas.org_b.country)
        other = UserFactory(email=f"p{i}@p.example")
        MembershipFactory(organisation=org, user=other, role="owner")
        first = services.start_conversation(
            by=other, to="org:alpha-logistics", sender=f"org:{org.slug}", body=f"Hi {i}"
        )
        services.send_message(conversation=first.conversation, by=personas.alice, body="Thanks")
        services.send_message(conversation=first.conversation, by=other, body="Unread")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/messages/", "/api/messaging/conversations/"])
def test_inbox_query_count_does_not_grow_with_conversations(personas, login, url):
    _conversations(personas, 1)
    alice = login(personas.alice)
    one = _count(alice, url)
    for i in range(2):
        org = OrganisationFactory(name=f"More {i}", slug=f"more-{i}", country=personas.org_b.country)
        other = UserFactory(email=f"m{i}@m.example")
        MembershipFactory(organisation=org, user=other, role="owner")
        services.start_conversation(by=other, to="org:alpha-logistics", sender=f"org:{org.slug}", body="Hi")
    three = _count(alice, url)
    assert one == three


def test_nav_unread_count_is_one_query(personas, thread):
    from corridor.messaging.queries import unread_total

    with CaptureQueriesContext(connection) as ctx:
        assert unread_total(personas.alice) == 1
    assert len(ctx.captured_queries) == 1


def test_thread_at_phone_width_has_no_inline_style(personas, login, thread):
    body = login(personas.alice).get(f"/messages/{thread.conversation.pk}/").content.decode()
    assert "style=" not in body and "<script>" not in body
    assert '<ol class="thread"' in body
