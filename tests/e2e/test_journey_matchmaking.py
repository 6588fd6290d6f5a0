"""Browser journey in real Chromium: a Malaysian and a Kenyan register for an event, one
requests a meeting, the other accepts, the organiser schedules it (progress bar), and each sees
the meeting in their own time zone and downloads a valid .ics (parsed back with icalendar)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from corridor.core.enums import Role
from corridor.core.models import Country
from corridor.core.services import grant_role
from corridor.matchmaking import services
from corridor.matchmaking.calendar import is_public_holiday
from corridor.orgs.enums import MemberRole, OrgKind
from tests.e2e.conftest import log_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-matchmaking-failure.png"
KL = ZoneInfo("Asia/Kuala_Lumpur")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _assert_fits(page):
    """At 390 px nothing is wider than the screen (no sideways scrolling)."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[1] <= 390 and widths[0] <= widths[1], (page.url, widths)


def _day():
    day = timezone.localdate() + dt.timedelta(days=14)
    while (
        day.weekday() not in (1, 2, 3) or is_public_holiday(day, "MY", "14") or is_public_holiday(day, "KE")
    ):
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def setup(db):
    my, ke = Country.objects.get(code="MY"), Country.objects.get(code="KE")
    aisyah = UserFactory(email="aisyah@e2e.example", full_name="Aisyah Rahman", time_zone="Asia/Kuala_Lumpur")
    brian = UserFactory(email="brian@e2e.example", full_name="Brian Kamau", time_zone="Africa/Nairobi")
    sec = UserFactory(email="sec@e2e.example", full_name="Sam Secretariat")
    grant_role(user=sec, role=Role.SECRETARIAT, by=None)
    org_my = OrganisationFactory(
        name="Klang Cold Chain", slug="klang-cold-chain", country=my, kind=OrgKind.COMPANY
    )
    org_ke = OrganisationFactory(
        name="Nairobi AgriPay", slug="nairobi-agripay", country=ke, kind=OrgKind.STARTUP
    )
    MembershipFactory(organisation=org_my, user=aisyah, role=MemberRole.OWNER)
    MembershipFactory(organisation=org_ke, user=brian, role=MemberRole.OWNER)
    now = timezone.now()
    event = services.create_event(
        by=sec,
        title="Virtual KL Nairobi Matchmaking",
        format="virtual",
        time_zone="Asia/Kuala_Lumpur",
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=7),
        status="published",
        room_link_base="https://meet.example/corridor",
    )
    day = _day()
    services.add_session(
        event=event,
        by=sec,
        name="Day 1",
        starts_at=dt.datetime.combine(day, dt.time(14, 0), KL),
        ends_at=dt.datetime.combine(day, dt.time(17, 0), KL),
    )
    services.add_tables(event=event, by=sec, count=3)
    return event


def test_register_request_accept_schedule_agenda_ics(live_server, setup, open_page, tmp_path):
    event = setup
    base = live_server.url
    pages = []
    try:
        # Aisyah (Kuala Lumpur) registers: her working hours are ticked by default.
        aisyah = log_in(
            open_page(phone=True, locale="en-GB", timeout=10_000, accept_downloads=True), "aisyah@e2e.example"
        )
        pages.append(aisyah)
        aisyah.goto(f"{base}/events/")
        aisyah.get_by_role("link", name="Virtual KL Nairobi Matchmaking").click()
        aisyah.wait_for_url(f"{base}/events/{event.slug}/")
        assert "14:00–17:00 in Kuala Lumpur is 09:00–12:00 in Nairobi" in aisyah.content(), aisyah.inner_text(
            "body"
        )[:3000]
        _assert_fits(aisyah)
        aisyah.get_by_role("link", name="Register", exact=True).click()
        aisyah.wait_for_url(f"{base}/events/{event.slug}/register/")
        assert aisyah.locator("input[name=availability]:checked").count() == 9
        aisyah.get_by_role("button", name="Register").click()
        aisyah.wait_for_url(f"{base}/events/{event.slug}/participants/")

        # Brian (Nairobi) registers too.
        brian = log_in(
            open_page(phone=True, locale="en-GB", timeout=10_000, accept_downloads=True), "brian@e2e.example"
        )
        pages.append(brian)
        brian.goto(f"{base}/events/{event.slug}/register/")
        assert brian.locator("input[name=availability]:checked").count() == 9
        brian.get_by_role("button", name="Register").click()
        brian.wait_for_url(f"{base}/events/{event.slug}/participants/")

        # Aisyah finds Brian in the catalogue and requests a meeting.
        aisyah.goto(f"{base}/events/{event.slug}/participants/")
        aisyah.select_option("#id_country", "KE")
        aisyah.wait_for_timeout(500)
        assert "Nairobi AgriPay" in aisyah.content()
        aisyah.get_by_role("link", name="Request a meeting").click()
        aisyah.wait_for_url(f"{base}/events/{event.slug}/participants/*/request/")
        aisyah.fill("#id_message", "Cold chain for your farmers' produce?")
        aisyah.select_option("#id_priority", "3")
        aisyah.get_by_role("button", name="Send request").click()
        aisyah.wait_for_url(f"{base}/events/{event.slug}/requests/?box=sent")
        assert "Your request is sent" in aisyah.content()

        # Brian accepts.
        brian.goto(f"{base}/events/{event.slug}/requests/")
        assert "Cold chain for your farmers" in brian.content()
        brian.get_by_role("button", name="Accept").click()
        brian.wait_for_load_state()
        assert "Accepted" in brian.content()

        # The organiser schedules; the progress bar shows the finished run.
        sec = log_in(
            open_page(phone=True, locale="en-GB", timeout=10_000, accept_downloads=True), "sec@e2e.example"
        )
        pages.append(sec)
        sec.goto(f"{base}/events/{event.slug}/organise/schedule/")
        sec.get_by_role("button", name="Schedule", exact=True).click()
        sec.wait_for_url(f"{base}/events/{event.slug}/organise/schedule/?run=*")
        sec.wait_for_selector("progress[value='100']")
        assert "1 meetings placed" in sec.content()
        sec.goto(f"{base}/events/{event.slug}/organise/master/")
        assert "Klang Cold Chain ⇄ Nairobi AgriPay" in sec.content()

        # No ORM here: Playwright's loop runs in this thread; everything is read from the pages.
        uids = set()
        for page, tz, other in (
            (aisyah, "Asia/Kuala_Lumpur", "Nairobi AgriPay"),
            (brian, "Africa/Nairobi", "Klang Cold Chain"),
        ):
            page.goto(f"{base}/events/{event.slug}/agenda/")
            _assert_fits(page)
            with page.expect_download() as info:
                page.get_by_role("link", name="Download (.ics)").click()
            path = tmp_path / f"{tz.replace('/', '-')}.ics"
            info.value.save_as(path)
            (ve,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
            uids.add(str(ve["UID"]))
            assert int(ve["SEQUENCE"]) == 0
            assert str(ve["URL"]).startswith("https://meet.example/corridor/")
            start = ve.decoded("DTSTART")
            assert dt.time(6) <= start.astimezone(dt.UTC).time() < dt.time(9)  # 14:00–17:00 in KL
            text = page.content()
            local = start.astimezone(ZoneInfo(tz))
            assert local.strftime("%H:%M") in text and other in text and tz in text
            assert page.locator(f"[data-meeting='{ve['UID']}']").count() == 1
        assert len(uids) == 1
        assert [e for pg in pages for e in pg.errors + pg.console_errors] == []  # no script or console error
    except Exception:
        if pages:
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            pages[-1].screenshot(path=str(SCREENSHOT), full_page=True)
        raise
