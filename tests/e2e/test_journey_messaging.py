"""Browser journey in real Chromium: a Kenyan startup (on a phone) finds a Malaysian company's
profile, presses "Message" and writes as its organisation; the company's owner sees the unread
count in the nav, reads the thread, and the count drops; her reply reaches the startup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corridor.core.models import Country
from corridor.orgs.enums import MemberRole
from tests.e2e.conftest import in_fresh_thread, log_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "e2e-messaging-failure.png"
FIRST = "Jambo! Could your trucks carry our avocado pallets from Port Klang? <b>bold?</b>"
REPLY = "Yes, we have reefer capacity on Thursdays."

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def messaging_setup():
    """Created before the browser starts: the ORM may not run while Playwright's loop is active."""
    alice = UserFactory(email="alice@msg.example", full_name="Alice Tan")
    bob = UserFactory(email="bob@msg.example", full_name="Bob Otieno")
    org_a = OrganisationFactory(
        name="Alpha Cold Chain", slug="alpha-cold-chain", country=Country.objects.get(code="MY")
    )
    org_b = OrganisationFactory(
        name="Beta AgriPay", slug="beta-agripay", country=Country.objects.get(code="KE")
    )
    MembershipFactory(organisation=org_a, user=alice, role=MemberRole.OWNER)
    MembershipFactory(organisation=org_b, user=bob, role=MemberRole.OWNER)
    return {"alice": alice.email, "bob": bob.email}


def _no_horizontal_overflow(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url}: content is {scroll_width}px wide on a {width}px screen"


def _badge(page) -> str:
    link = page.locator("a.nav-messages")
    return link.locator(".badge").inner_text() if link.locator(".badge").count() else ""


def test_message_from_a_profile_is_read_by_the_other_side(messaging_setup, open_page):
    bob = open_page(phone=True, locale="en-GB")
    alice = open_page(locale="en-GB")
    try:
        # Bob, on a phone, writes from the profile as his organisation
        log_in(bob, messaging_setup["bob"])
        bob.goto("/organisations/alpha-cold-chain/")
        bob.get_by_role("link", name="Message", exact=True).click()
        bob.wait_for_url(re.compile(r".*/messages/new/\?to=org:alpha-cold-chain"))
        bob.select_option("#id_sender", "org:beta-agripay")
        bob.fill("#id_body", FIRST)
        bob.get_by_role("button", name="Send").click()
        bob.wait_for_url(re.compile(r".*/messages/\d+/#m\d+"))
        assert FIRST in bob.locator("ol.thread").inner_text()  # shown as text, not HTML
        assert "You write as Beta AgriPay." in bob.content()
        _no_horizontal_overflow(bob, 390)

        # Alice sees one unread message in the nav, reads it, and the count drops
        log_in(alice, messaging_setup["alice"])
        assert _badge(alice) == "1"
        alice.locator("a.nav-messages").click()
        alice.wait_for_url(re.compile(r".*/messages/$"))
        alice.get_by_role("link", name="Beta AgriPay").click()
        alice.wait_for_url(re.compile(r".*/messages/\d+/$"))
        assert FIRST in alice.locator("ol.thread").inner_text()
        assert "Messages are kept for 24 months" in alice.content()
        alice.goto("/messages/")
        assert _badge(alice) == ""

        # her reply reaches Bob's inbox
        alice.get_by_role("link", name="Beta AgriPay").click()
        alice.fill("#id_body", REPLY)
        alice.get_by_role("button", name="Send").click()
        alice.wait_for_url(re.compile(r".*/messages/\d+/#m\d+"))
        bob.goto("/messages/")
        assert _badge(bob) == "1"
        assert REPLY in bob.locator("ul.conversations").inner_text()
        _no_horizontal_overflow(bob, 390)

        for p in (alice, bob):
            assert p.errors == [], p.errors
            assert [t for t in p.console_errors if "Content Security Policy" in t] == []
    except BaseException:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        bob.screenshot(path=str(SCREENSHOT), full_page=True)
        raise

    from corridor.messaging.models import Message

    bodies = in_fresh_thread(lambda: list(Message.objects.order_by("id").values_list("body", flat=True)))
    assert bodies == [FIRST, REPLY]
