"""Accessibility in real Chromium: axe-core on the main page of every module, and two journeys done
with the keyboard alone (sign-up; a meeting request).

axe-core comes from the npm registry (``node_modules/axe-core``, installed by ``make``); it is
injected into each page (the test context bypasses our CSP only for that injection) and run with
the WCAG 2.0/2.1 A and AA rules. The goal is 0 serious or critical violations on every page in
``corridor.portal.main_pages`` (the demo data set, small), opened by the persona who uses it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from corridor.portal.demo.seed import DEMO_PASSWORD
from corridor.portal.main_pages import MEMBER_A, main_pages

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_pages(db):
    call_command("seed_demo", organisations=24, stdout=io.StringIO())
    pages = main_pages()
    from corridor.matchmaking.models import Registration

    reg = (
        Registration.objects.filter(user__email=MEMBER_A, event__requests_close_at__isnull=False)
        .select_related("event")
        .order_by("-event__requests_close_at")
        .first()
    )
    return pages, reg.event.slug if reg else None


def _log_in(page, email):
    page.goto("/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        WCAG,
    )


def test_axe_finds_no_serious_or_critical_violation_on_main_pages(demo_pages, browser, live_server):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci`) or `npm ci`")
    pages, _ = demo_pages
    assert len(pages) >= 60, "every module's main pages are listed"
    contexts: dict = {}
    found: list[str] = []
    counts = {"pages": 0, "serious": 0, "critical": 0, "other": 0}
    try:
        for entry in pages:
            if entry.persona not in contexts:
                ctx = browser.new_context(base_url=live_server.url, locale="en-GB", bypass_csp=True)
                page = ctx.new_page()
                page.set_default_timeout(20_000)
                if entry.persona:
                    _log_in(page, entry.persona)
                contexts[entry.persona] = (ctx, page)
            page = contexts[entry.persona][1]
            response = page.goto(entry.path)
            assert response.status == 200, (entry.path, entry.persona, response.status)
            counts["pages"] += 1
            for v in _axe(page):
                key = v["impact"] if v["impact"] in ("serious", "critical") else "other"
                counts[key] += 1
                if key != "other":
                    found.append(
                        f"{entry.path} ({entry.persona or 'anonymous'}): {v['id']} {v['impact']} {v['nodes']}"
                    )
    finally:
        for ctx, _page in contexts.values():
            ctx.close()
    print(
        f"AXE pages={counts['pages']} serious={counts['serious']} critical={counts['critical']} other={counts['other']}"
    )
    assert found == [], "\n".join(found)


def _tab_to(page, selector: str, limit: int = 300) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def _focus_visible(page) -> bool:
    """The focused element shows a focus indicator (an outline or a box shadow)."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""
    )


def test_sign_up_with_the_keyboard_only(db, browser, live_server):
    ctx = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        page.goto("/account/signup/")
        _tab_to(page, "#id_full_name")
        assert _focus_visible(page)
        page.keyboard.type("Achieng Otieno")
        _tab_to(page, "#id_email")
        page.keyboard.type("achieng@keyboard.example")
        _tab_to(page, "#id_password")
        page.keyboard.type("short")
        page.keyboard.press("Enter")  # submits the form: the weak password is refused inline
        page.wait_for_selector("#id_password_error")
        assert page.get_attribute("#id_password", "aria-invalid") == "true"
        assert "id_password_error" in page.get_attribute("#id_password", "aria-describedby")
        _tab_to(page, "#id_password")
        page.keyboard.type("a long enough passphrase 2026")
        _tab_to(page, "form button:not([type=button])")
        page.keyboard.press("Enter")
        # Sign-up answers the same for a new and a taken address: confirm by e-mail, then sign in.
        page.wait_for_url("**/account/login/")
        assert "open the link in it to confirm your address" in page.content()
    finally:
        ctx.close()


def test_meeting_request_with_the_keyboard_only(demo_pages, browser, live_server):
    _, slug = demo_pages
    assert slug, "the demo registers member.a for an event"
    ctx = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        _log_in(page, MEMBER_A)
        page.goto(f"/events/{slug}/participants/")
        _tab_to(page, "a.button[href*='/request/']")
        assert _focus_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_url("**/request/")
        _tab_to(page, "form.form textarea, form.form input:not([type=hidden])")
        page.keyboard.type("We would like to discuss cold-chain payments for Kenyan growers.")
        _tab_to(page, "form.form button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        errors = page.locator(".error, .form-errors").all_inner_texts()
        assert "/request/" not in page.url, (page.url, errors)
    finally:
        ctx.close()
