"""Shared fixtures and helpers for the browser journeys.

* ``browser``: headless Debian Chromium (the test is skipped when it is not installed);
* ``open_page(phone=False, locale=None, **context_options)``: a new page in its own browser
  context (its own cookies, so one per persona) whose relative URLs go to the live server; it
  records uncaught page errors on ``page.errors`` and console errors on ``page.console_errors``
  (every console message on ``page.console_messages_seen``); contexts close after the test;
* ``page``: one desktop page from ``open_page``;
* ``log_in(page, email)``: sign in through the login form and wait for the dashboard.

Playwright's sync API runs an event loop in the test thread, so Django refuses ORM calls there
(and forcing them with DJANGO_ALLOW_ASYNC_UNSAFE leaves a connection open in another context that
later blocks dropping the PostgreSQL test database). Journeys therefore create their data in a
fixture that runs before the browser starts (list it before ``browser``/``page`` in the test's
arguments), and read the database afterwards through ``in_fresh_thread``: a new thread whose
connections are closed when it is done.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def in_fresh_thread(fn, *args, **kwargs):
    from django.db import connections

    def run():
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (install the Debian 'chromium' package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def _open(*, phone: bool = False, locale: str | None = None, timeout: int = 15_000, **options):
        if locale:
            options["locale"] = locale
        context = browser.new_context(
            base_url=live_server.url, viewport=PHONE if phone else DESKTOP, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(timeout)
        page.errors = []
        page.console_errors = []
        page.console_messages_seen = []

        def on_console(msg):
            page.console_messages_seen.append((msg.type, msg.text))
            if msg.type == "error":
                page.console_errors.append(msg.text)

        page.on("console", on_console)

        def on_page_error(exc):
            page.errors.append(str(exc))
            page.console_messages_seen.append(("pageerror", str(exc)))

        page.on("pageerror", on_page_error)
        return page

    try:
        yield _open
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(open_page):
    return open_page(locale="en-GB", timeout=10_000)


def log_in(page, email: str, password: str = PASSWORD):
    """Sign in through the login form; returns the page, on the dashboard."""
    page.goto("/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    return page
