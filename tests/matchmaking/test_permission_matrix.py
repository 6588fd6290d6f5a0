"""Permission matrix for matchmaking: every persona × every action, by page, API and service.

Data: a published event organised by the secretariat, alice registered for A and bob for B, a
request from alice to bob with the message "SECRET PITCH of Alpha", and a draft event "SECRET
draft event". Expected:

* published events are public; the draft and every organiser page are the organiser's
  (secretariat) and "missing" for everybody else;
* a request is seen by its two parties and the organiser only; only the receiver accepts it,
  only the sender cancels it;
* registering (and requesting meetings) acts for the organisation: its owner/admin or the
  secretariat, never a plain member (carol) nor an outsider (issue 17 item 4).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from corridor.matchmaking import services
from corridor.matchmaking.enums import RequestStatus
from corridor.matchmaking.models import Event, MeetingRequest, Registration
from tests.matrix import (
    PERSONAS,
    api_client,
    assert_api_refused,
    assert_hidden,
    assert_login_redirect,
    listed,
    page_client,
    user_of,
)

SECRET = "SECRET PITCH of Alpha"
DRAFT = "SECRET draft event"
#: the request's parties and the organiser
PARTIES = {"alice", "bob", "secretariat"}
#: may register for organisation A
ACTORS_A = {"alice", "secretariat"}
ORGANISER_PAGES = ["organise", "registrations", "organiser_requests", "schedule", "master", "stats", "signs"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def mm(personas, make_event):
    p = personas
    event = make_event()
    draft = make_event(title=DRAFT, status="draft")
    alice = services.register(event=event, by=p.alice, organisation=p.org_a, wants_to_discuss="Cold chain")
    bob = services.register(event=event, by=p.bob, organisation=p.org_b, wants_to_discuss="Payments")
    req = services.send_request(event=event, by=p.alice, receiver=bob, message=SECRET)
    p.__dict__.update(event=event, draft=draft, reg_alice=alice, reg_bob=bob, req=req)
    return p


def status_of(mm):
    return MeetingRequest.objects.get(pk=mm.req.pk).status


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("who", PERSONAS)
def test_page_events(mm, login, who):
    c = page_client(mm, login, who)
    r = c.get(reverse("matchmaking:detail", args=[mm.event.slug]))
    assert r.status_code == 200 and mm.event.title in r.content.decode()
    assert SECRET not in r.content.decode()
    listing = c.get(reverse("matchmaking:list")).content.decode()
    assert (DRAFT in listing) is (who == "secretariat")
    r = c.get(reverse("matchmaking:detail", args=[mm.draft.slug]))
    if who == "secretariat":
        assert r.status_code == 200 and DRAFT in r.content.decode()
    else:
        assert_hidden(r, c.get(reverse("matchmaking:detail", args=["no-such-event"])), DRAFT)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("name", ORGANISER_PAGES)
def test_page_organiser_only(mm, login, who, name):
    c = page_client(mm, login, who)
    r = c.get(reverse(f"matchmaking:{name}", args=[mm.event.slug]))
    if who == "secretariat":
        assert r.status_code == 200
    else:
        missing = c.get(reverse(f"matchmaking:{name}", args=["no-such-event"]))
        assert_hidden(r, missing, SECRET, "alice@a.example", "bob@b.example")


@pytest.mark.parametrize("who", PERSONAS)
def test_page_my_requests(mm, login, who):
    """Alice finds the request among her sent ones, bob among his received ones; people not
    registered are sent to register first; nobody else ever sees the message."""
    c = page_client(mm, login, who)
    url = reverse("matchmaking:requests", args=[mm.event.slug])
    received, sent = c.get(url), c.get(url + "?box=sent")
    if who == "anonymous":
        assert_login_redirect(received)
    elif who in {"alice", "bob"}:
        assert received.status_code == sent.status_code == 200
        assert (SECRET in received.content.decode()) is (who == "bob")
        assert (SECRET in sent.content.decode()) is (who == "alice")
    else:
        for r in (received, sent):
            assert r.status_code == 302
            assert r["Location"] == reverse("matchmaking:register", args=[mm.event.slug])


@pytest.mark.parametrize("who", PERSONAS)
def test_page_accept_request(mm, login, who):
    c = page_client(mm, login, who)
    url = reverse("matchmaking:request_action", args=[mm.event.slug, mm.req.pk, "accept"])
    r = c.post(url, {"priority": 2})
    if who == "bob":
        assert r.status_code == 302 and status_of(mm) == RequestStatus.ACCEPTED
    else:
        assert status_of(mm) == RequestStatus.PENDING
        missing = c.post(reverse("matchmaking:request_action", args=[mm.event.slug, 987654, "accept"]), {})
        assert_hidden(r, missing, SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_cancel_request(mm, login, who):
    c = page_client(mm, login, who)
    r = c.post(reverse("matchmaking:request_action", args=[mm.event.slug, mm.req.pk, "cancel"]))
    if who == "alice":
        assert r.status_code == 302 and status_of(mm) == RequestStatus.CANCELLED
    elif who == "bob":  # the receiver sees the request but cannot cancel it (he declines it)
        assert r.status_code == 302 and status_of(mm) == RequestStatus.PENDING
    else:
        assert status_of(mm) == RequestStatus.PENDING
        missing = c.post(reverse("matchmaking:request_action", args=[mm.event.slug, 987654, "cancel"]))
        assert_hidden(r, missing, SECRET)


@pytest.mark.parametrize("who", PERSONAS)
def test_page_edit_event(mm, login, who):
    c = page_client(mm, login, who)
    r = c.get(reverse("matchmaking:edit", args=[mm.event.slug]))
    if who == "secretariat":
        assert r.status_code == 200
    else:
        assert_hidden(r, c.get(reverse("matchmaking:edit", args=["no-such-event"])), SECRET)


# ---------------------------------------------------------------- API


@pytest.mark.parametrize("who", PERSONAS)
def test_api_events(mm, who):
    c = api_client(mm, who)
    r = c.get(reverse("event-list"))
    assert listed(r, mm.event.title)
    assert (DRAFT in r.content.decode()) is (who == "secretariat")
    r = c.get(reverse("event-detail", args=[mm.draft.slug]))
    if who == "secretariat":
        assert r.status_code == 200
    else:
        missing = c.get(reverse("event-detail", args=["no-such-event"]))
        assert r.status_code == missing.status_code == 404 and DRAFT not in r.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_api_edit_event(mm, who):
    r = api_client(mm, who).patch(
        reverse("event-detail", args=[mm.event.slug]),
        {"location": f"Moved by {who}"},
        content_type="application/json",
    )
    location = Event.objects.get(pk=mm.event.pk).location
    if who == "secretariat":
        assert r.status_code == 200 and location == "Moved by secretariat"
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        assert location == "MITEC, Kuala Lumpur"


@pytest.mark.parametrize("who", PERSONAS)
def test_api_organiser_registrations(mm, who):
    r = api_client(mm, who).get(reverse("event-registrations", args=[mm.event.slug]))
    if who == "secretariat":
        assert listed(r, "Cold chain")
    else:
        assert_api_refused(r, "Cold chain", "alice@a.example", anonymous=who == "anonymous")


@pytest.mark.parametrize("who", PERSONAS)
def test_api_own_registrations(mm, who):
    r = api_client(mm, who).get(reverse("event-registration-list"))
    if who == "anonymous":
        assert_api_refused(r, "Cold chain", anonymous=True)
    else:
        assert listed(r, "Cold chain") is (who == "alice")
        assert listed(r, "Payments") is (who == "bob")


@pytest.mark.parametrize("who", PERSONAS)
def test_api_register_for_a(mm, make_event, who):
    other = make_event(title="Second brokerage")
    r = api_client(mm, who).post(
        reverse("event-registration-list"),
        {"event": other.slug, "organisation": "alpha-logistics"},
        content_type="application/json",
    )
    created = Registration.objects.filter(event=other).exists()
    if who in ACTORS_A:
        assert r.status_code == 201, r.content
        assert created
    elif who == "anonymous":
        assert_api_refused(r, anonymous=True)
        assert not created
    else:
        assert r.status_code == 400 and "organisation" in r.content.decode()
        assert not created


@pytest.mark.parametrize("who", PERSONAS)
def test_api_requests(mm, who):
    c = api_client(mm, who)
    r = c.get(reverse("meeting-request-list"))
    if who == "anonymous":
        assert_api_refused(r, SECRET, anonymous=True)
    else:
        assert listed(r, SECRET) is (who in {"alice", "bob"})
    r = c.get(reverse("meeting-request-detail", args=[mm.req.pk]))
    if who in PARTIES:
        assert r.status_code == 200 and SECRET in r.content.decode()
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        assert r.status_code == c.get(reverse("meeting-request-detail", args=[987654])).status_code


@pytest.mark.parametrize("who", PERSONAS)
def test_api_accept_request(mm, who):
    r = api_client(mm, who).post(
        reverse("meeting-request-accept", args=[mm.req.pk]), {}, content_type="application/json"
    )
    if who == "bob":
        assert r.status_code in (200, 201) and status_of(mm) == RequestStatus.ACCEPTED
    else:
        assert_api_refused(r, SECRET, anonymous=who == "anonymous")
        assert status_of(mm) == RequestStatus.PENDING


# ---------------------------------------------------------------- services


@pytest.mark.parametrize("who", PERSONAS)
def test_service_register_for_a(mm, make_event, who):
    other = make_event(title="Third brokerage")
    by = user_of(mm, who)
    if who in ACTORS_A:
        services.register(event=other, by=by, organisation=mm.org_a)
        assert Registration.objects.filter(event=other, organisation=mm.org_a).exists()
    else:
        with pytest.raises((ValidationError, Http404, PermissionDenied)):
            services.register(event=other, by=by, organisation=mm.org_a)
        assert not Registration.objects.filter(event=other).exists()


def test_service_a_plain_members_old_registration_cannot_request_in_the_organisations_name(mm):
    """A registration made for A by a plain member (before the rule) cannot send requests."""
    carol = Registration.objects.create(event=mm.event, user=mm.carol, organisation=mm.org_a, time_zone="UTC")
    with pytest.raises(ValidationError) as exc:
        services.send_request(event=mm.event, by=mm.carol, receiver=mm.reg_bob, message="hi")
    assert "receiver" in exc.value.message_dict
    assert not MeetingRequest.objects.filter(requester=carol).exists()


@pytest.mark.parametrize("who", PERSONAS)
def test_service_accept_and_cancel(mm, who):
    by = user_of(mm, who)
    if who == "bob":
        services.accept_request(request=mm.req, by=by)
        assert status_of(mm) == RequestStatus.ACCEPTED
        return
    with pytest.raises((Http404, PermissionDenied)):
        services.accept_request(request=mm.req, by=by)
    if who == "alice":
        services.cancel_request(request=mm.req, by=by)
        assert status_of(mm) == RequestStatus.CANCELLED
    else:
        with pytest.raises((Http404, PermissionDenied)):
            services.cancel_request(request=mm.req, by=by)
        assert status_of(mm) == RequestStatus.PENDING


@pytest.mark.parametrize("who", PERSONAS)
def test_service_update_event(mm, who):
    by = user_of(mm, who)
    if who == "secretariat":
        services.update_event(event=mm.event, by=by, location="Elsewhere")
        assert Event.objects.get(pk=mm.event.pk).location == "Elsewhere"
    else:
        with pytest.raises((Http404, PermissionDenied)):
            services.update_event(event=mm.event, by=by, location="Elsewhere")
        assert Event.objects.get(pk=mm.event.pk).location == "MITEC, Kuala Lumpur"
