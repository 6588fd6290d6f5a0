"""Pages: what each persona sees, forms with inline errors, exports, charts, query counts."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from corridor.matchmaking import scheduling, services
from corridor.matchmaking.models import MeetingRequest, Registration
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.matchmaking.conftest import register_colleague

pytestmark = pytest.mark.django_db


def url(name, event, *args):
    return reverse(f"matchmaking:{name}", args=[event.slug, *args])


@pytest.fixture
def scheduled(regs, personas, people, event, django_capture_on_commit_callbacks):
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob, message="SECRET PITCH")
    meeting = services.accept_request(request=req, by=personas.bob)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_schedule(event=event, by=personas.secretariat)
    meeting.refresh_from_db()
    return meeting


def test_event_list_and_detail_show_the_kl_nairobi_overlap(make_event, client):
    event = make_event(fmt="virtual", start=(14, 0), end=(17, 0), brk=False)
    assert event.title in client.get(reverse("matchmaking:list")).content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "14:00–17:00 in Kuala Lumpur is 09:00–12:00 in Nairobi" in page
    assert re.search(r"<td>14:00–17:00</td>\s*<td>09:00–12:00</td>", page)


def test_draft_events_are_hidden(make_event, client, login, personas):
    event = make_event(status="draft", title="Hidden Draft")
    assert "Hidden Draft" not in client.get(reverse("matchmaking:list")).content.decode()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert login(personas.alice).get(event.get_absolute_url()).status_code == 404
    assert login(personas.secretariat).get(event.get_absolute_url()).status_code == 200


def test_register_page_prefills_default_availability_and_registers(event, login, personas):
    c = login(personas.alice)
    page = c.get(url("register", event)).content.decode()
    assert page.count('name="availability"') == 8 and page.count("checked") >= 8
    slots = list(event.slots.values_list("pk", flat=True)[:3])
    r = c.post(
        url("register", event),
        {"organisation": personas.org_a.pk, "time_zone": "Asia/Kuala_Lumpur", "availability": slots},
    )
    assert r.status_code == 302
    assert Registration.objects.get(user=personas.alice).availability.count() == 3


def test_register_without_slots_shows_the_error_inline(event, login, personas):
    r = login(personas.alice).post(
        url("register", event), {"organisation": personas.org_a.pk, "time_zone": "Asia/Kuala_Lumpur"}
    )
    assert r.status_code == 200 and "Choose at least one slot" in r.content.decode()
    assert not Registration.objects.exists()


def test_request_to_own_organisation_is_refused_on_the_page(regs, event, login, personas):
    carol = register_colleague(event, personas)
    r = login(personas.alice).post(url("request_create", event, carol.pk), {"message": "hi", "priority": 2})
    assert "your own organisation" in r.content.decode()
    assert not MeetingRequest.objects.exists()


def test_request_accept_flow_through_pages(regs, event, login, personas):
    a, b = login(personas.alice), login(personas.bob)
    r = a.post(url("request_create", event, regs.bob.pk), {"message": "Let's talk cold chain", "priority": 3})
    assert r.status_code == 302
    req = MeetingRequest.objects.get()
    inbox = b.get(url("requests", event)).content.decode()
    assert "Let&#x27;s talk cold chain" in inbox or "Let's talk cold chain" in inbox
    b.post(url("request_action", event, req.pk, "accept"), {"priority": 2})
    req.refresh_from_db()
    assert req.status == "accepted"


def test_others_cannot_see_or_answer_a_request(scheduled, regs, event, login, personas, people):
    req = scheduled.request
    for who in (personas.carol, people.dan):
        c = login(who)
        assert c.post(url("request_action", event, req.pk, "cancel")).status_code == 404
        assert c.post(url("meeting_cancel", event, scheduled.pk)).status_code == 404
        assert c.get(url("outcome", event, scheduled.pk)).status_code == 404
        assert "SECRET PITCH" not in c.get(url("requests", event)).content.decode()
    assert "SECRET PITCH" in login(personas.bob).get(url("requests", event)).content.decode()


def test_organiser_pages_are_404_for_participants(scheduled, event, login, personas, client):
    for name in (
        "organise",
        "registrations",
        "organiser_requests",
        "schedule",
        "master",
        "master_csv",
        "signs",
        "stats",
    ):
        assert login(personas.alice).get(url(name, event)).status_code == 404, name
        assert client.get(url(name, event)).status_code == 302, name  # anonymous: log in first


def test_agenda_shows_times_in_each_viewers_time_zone(scheduled, event, login, personas):
    from zoneinfo import ZoneInfo

    start = scheduled.slot.starts_at
    kl = start.astimezone(ZoneInfo("Asia/Kuala_Lumpur")).strftime("%H:%M")
    nbo = start.astimezone(ZoneInfo("Africa/Nairobi")).strftime("%H:%M")
    alice_page = login(personas.alice).get(url("agenda", event)).content.decode()
    bob_page = login(personas.bob).get(url("agenda", event)).content.decode()
    assert kl in alice_page and "Beta Pay" in alice_page
    assert nbo in bob_page and "Alpha Logistics" in bob_page


def test_ics_download_and_subscription(scheduled, event, login, personas, client):
    body = login(personas.alice).get(url("agenda_ics", event)).content
    (ve,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(ve["UID"]) == scheduled.uid
    reg = Registration.objects.get(user=personas.alice)
    feed = client.get(reverse("matchmaking:calendar_feed", args=[reg.calendar_token]))
    assert feed.status_code == 200 and scheduled.uid.encode() in feed.content
    assert client.get(reverse("matchmaking:calendar_feed", args=["wrong"])).status_code == 404


def test_master_schedule_exports_and_signs(scheduled, event, login, personas):
    c = login(personas.secretariat)
    assert "Alpha Logistics ⇄ Beta Pay" in c.get(url("master", event)).content.decode()
    csv_text = c.get(url("master_csv", event)).content.decode()
    assert "Alpha Logistics" in csv_text and scheduled.uid in csv_text
    wb = load_workbook(io.BytesIO(c.get(url("master_xlsx", event)).content))
    rows = list(wb.active.values)
    assert rows[1][6] == "Alpha Logistics" and rows[1][9] == "Beta Pay"
    assert "Table 1" in c.get(url("signs", event)).content.decode()


def test_schedule_page_runs_and_shows_progress(
    regs, event, login, personas, django_capture_on_commit_callbacks
):
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    services.accept_request(request=req, by=personas.bob)
    c = login(personas.secretariat)
    page = c.get(url("schedule", event)).content.decode()
    assert "None: every waiting request" in page
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(url("schedule", event), {"mode": "incremental"})
    assert r.status_code == 302
    run = event.schedule_runs.get()
    partial = c.get(url("run_progress", event, run.pk), headers={"HX-Request": "true"}).content.decode()
    assert "Done" in partial and "1 meetings placed" in partial and "See the result" in partial


def test_outcome_and_stats(scheduled, event, login, personas):
    from django.utils import timezone

    scheduled.slot.starts_at = timezone.now() - timezone.timedelta(hours=2)
    scheduled.slot.ends_at = timezone.now() - timezone.timedelta(hours=1)
    scheduled.slot.save()
    c = login(personas.bob)
    r = c.post(url("outcome", event, scheduled.pk), {"kind": "deal_signed", "notes": "x"})
    assert "Give the deal" in r.content.decode()
    r = c.post(
        url("outcome", event, scheduled.pk), {"kind": "deal_signed", "deal_value": "1000", "currency": "USD"}
    )
    assert r.status_code == 302
    s = login(personas.secretariat)
    page = s.get(url("stats", event)).content.decode()
    assert "KE–MY" in page and "1,000" in page
    svg = s.get(url("stats_chart", event, "pairs"))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert "KE–MY" in s.get(url("stats_csv", event)).content.decode()


def _add_participants(event, n, country):
    for i in range(n):
        user = UserFactory(time_zone="Africa/Nairobi")
        org = OrganisationFactory(country=country)
        MembershipFactory(organisation=org, user=user)
        services.register(event=event, by=user, organisation=org, wants_to_discuss=f"topic {i}")


@pytest.mark.parametrize("n", [1, 3])
def test_catalogue_query_count_is_flat(event, login, personas, ke, n, django_assert_num_queries):
    services.register(event=event, by=personas.alice, organisation=personas.org_a)
    _add_participants(event, n, ke)
    c = login(personas.alice)
    c.get(url("catalogue", event))  # warm caches (session, content types)
    with django_assert_num_queries(14) as ctx:  # 14 with the nav's unread-messages count
        r = c.get(url("catalogue", event))
    assert r.content.decode().count("Request a meeting") == n
    assert ctx


@pytest.mark.parametrize("n", [1, 3])
def test_agenda_query_count_is_flat(event, login, personas, ke, n, django_assert_num_queries):
    alice = services.register(event=event, by=personas.alice, organisation=personas.org_a)
    for _i in range(n):
        user = UserFactory(time_zone="Africa/Nairobi")
        org = OrganisationFactory(country=ke)
        MembershipFactory(organisation=org, user=user)
        reg = services.register(event=event, by=user, organisation=org)
        req = services.send_request(event=event, by=personas.alice, receiver=reg)
        services.accept_request(request=req, by=user)
    assert alice
    c = login(personas.alice)
    c.get(url("agenda", event))
    with django_assert_num_queries(8):  # 8 with the nav's unread-messages count
        r = c.get(url("agenda", event))
    assert r.content.decode().count("data-meeting=") == n
