"""Accounts and platform hygiene: sign-up and e-mail verification, log in/out, password reset,
preferences (language and time zone), login rate limiting, health check, CSP, deploy checks and
migrations."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from axes.utils import reset
from django.core.management import call_command
from django.test import Client

from corridor.core.models import Sector, User
from corridor.orgs.models import Organisation
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "a-much-longer-new-passphrase-42"


@pytest.fixture(autouse=True)
def _axes_clean(db):
    """Lock-outs must not leak between tests."""
    reset()
    yield
    reset()


def _link(body: str, path_prefix: str) -> str:
    """The path of the first link in a mail body that starts with ``path_prefix``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", body)
    assert match, body
    return match.group(1)


def _signup(client, django_capture_on_commit_callbacks, **overrides):
    data = {
        "full_name": "Wanjiru Kamau",
        "email": "Wanjiru@Example.ORG",
        "password": NEW_PASSWORD,
        "language": "en",
        "time_zone": "Africa/Nairobi",
    }
    data.update(overrides)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/account/signup/", data)


# ------------------------------------------------------------------ sign-up and verification


@pytest.mark.django_db
def test_signup_sends_verification_mail_and_link_verifies(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Signing up creates an unverified account and mails a link that verifies it; then sign in."""
    r = _signup(client, django_capture_on_commit_callbacks)
    assert r.status_code == 302 and r["Location"] == "/account/login/"
    user = User.objects.get(email="wanjiru@example.org")
    assert user.email_verified_at is None
    assert user.time_zone == "Africa/Nairobi"

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["wanjiru@example.org"]
    assert "Confirm your e-mail address" in mail.subject
    path = _link(mail.body, "/account/verify/")
    r = client.get(path, follow=True)
    assert r.status_code == 200
    assert "wanjiru@example.org is confirmed" in r.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    client.force_login(user)
    assert "Please confirm your e-mail address" not in client.get("/dashboard/").content.decode()


@pytest.mark.django_db
def test_signup_with_a_taken_address_answers_the_same_and_tells_the_owner(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Like password reset, sign-up does not reveal who has an account (issue 17 item 9)."""
    UserFactory(email="taken@example.org")
    fresh = _signup(client, django_capture_on_commit_callbacks, email="fresh@example.org")
    fresh_page = client.get(fresh["Location"]).content.decode().replace("fresh@example.org", "EMAIL")
    taken = _signup(client, django_capture_on_commit_callbacks, email="TAKEN@example.org")
    taken_page = client.get(taken["Location"]).content.decode().replace("taken@example.org", "EMAIL")
    assert (
        (fresh.status_code, fresh["Location"])
        == (taken.status_code, taken["Location"])
        == (302, "/account/login/")
    )
    assert "already exists" not in taken_page
    assert _messages(fresh_page) == _messages(taken_page) != []
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    notice = [m for m in mailoutbox if m.to == ["taken@example.org"]]
    assert len(notice) == 1 and "tried to sign up" in notice[0].subject
    assert "/account/password_reset/" in notice[0].body


def _messages(html: str) -> list[str]:
    import re

    return re.findall(r'<li class="msg[^"]*">(.*?)</li>', html, flags=re.S)


@pytest.mark.django_db
def test_signup_rejects_weak_password(client, mailoutbox, django_capture_on_commit_callbacks):
    r = _signup(client, django_capture_on_commit_callbacks, email="new@example.org", password="12345678")
    assert r.status_code == 200
    assert 'id="id_password_error"' in r.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_tampered_verification_token_is_400_and_changes_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """A tampered link answers 400 with an explanation and leaves the account unverified."""
    _signup(client, django_capture_on_commit_callbacks)
    path = _link(mailoutbox[0].body, "/account/verify/")
    token = path.split("/")[3]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in (tampered, "garbage", token.replace(":", "x", 1)):
        r = client.get(f"/account/verify/{bad}/")
        assert r.status_code == 400
        assert "invalid or has expired" in r.content.decode()
    assert User.objects.get(email="wanjiru@example.org").email_verified_at is None


@pytest.mark.django_db
def test_unverified_user_cannot_create_organisation(mailoutbox, django_capture_on_commit_callbacks):
    """Until the address is confirmed, no organisation can be created (page or API)."""
    c = Client()
    _signup(c, django_capture_on_commit_callbacks)
    c.force_login(User.objects.get(email="wanjiru@example.org"))  # signed in, address not confirmed
    r = c.get("/organisations/new/", follow=True)
    assert r.redirect_chain[-1][0] == "/dashboard/"
    assert "Confirm your e-mail address before creating an organisation" in r.content.decode()
    data = {
        "name": "Too Early Ltd",
        "country": "KE",
        "kind": "company",
        "sectors": [Sector.objects.get(slug="fintech").pk],
        "status": "published",
    }
    r = c.post("/organisations/new/", data)
    assert r.status_code == 302
    r = c.post(
        "/api/organisations/",
        {"name": "Too Early Ltd", "country": "KE", "kind": "company"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert not Organisation.objects.filter(name="Too Early Ltd").exists()
    # after verifying, it works
    c.get(_link(mailoutbox[0].body, "/account/verify/"))
    r = c.post("/organisations/new/", data)
    assert r.status_code == 302
    assert Organisation.objects.filter(name="Too Early Ltd").exists()


@pytest.mark.django_db
def test_resend_verification(login, mailoutbox):
    """An unverified user can ask for a new link; a verified one gets none."""
    unverified = UserFactory(email_verified_at=None)
    assert login(unverified).post("/account/verify-resend/").status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [unverified.email]
    login(UserFactory()).post("/account/verify-resend/")
    assert len(mailoutbox) == 1


# ------------------------------------------------------------------ log in / out, password reset


@pytest.mark.django_db
def test_login_and_logout(client):
    """Log in with e-mail (any case) and password; log out ends the session."""
    user = UserFactory(email="amina@example.org", full_name="Amina Odhiambo")
    r = client.post("/account/login/", {"username": "AMINA@example.org", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/dashboard/"
    assert "Amina Odhiambo" in client.get("/dashboard/").content.decode()
    r = client.post("/account/logout/")
    assert r.status_code == 302 and r["Location"] == "/"
    assert client.get("/dashboard/")["Location"].startswith("/account/login/")
    user.refresh_from_db()
    assert user.last_login is not None


@pytest.mark.django_db
def test_wrong_password_is_refused(client):
    """A wrong password shows the form again without signing in."""
    UserFactory(email="amina@example.org")
    r = client.post("/account/login/", {"username": "amina@example.org", "password": "wrong-password"})
    assert r.status_code == 200
    assert "Please enter a correct" in r.content.decode()
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.django_db
def test_password_reset_end_to_end(client, mailoutbox):
    """Ask for a reset, follow the mailed link, set a new password, log in with it."""
    UserFactory(email="amina@example.org")
    r = client.post("/account/password_reset/", {"email": "amina@example.org"})
    assert r.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["amina@example.org"]
    path = _link(mailoutbox[0].body, "/account/reset/")
    r = client.get(path)
    assert r.status_code == 302  # to the token-less set-password URL
    form_url = r["Location"]
    assert "Choose a new password" in client.get(form_url).content.decode()
    r = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/account/reset/done/"
    # the link is single-use
    assert "This link has expired" in client.get(path, follow=True).content.decode()
    old = Client().post("/account/login/", {"username": "amina@example.org", "password": PASSWORD})
    assert old.status_code == 200 and "Please enter a correct" in old.content.decode()
    r = Client().post("/account/login/", {"username": "amina@example.org", "password": NEW_PASSWORD})
    assert r.status_code == 302


@pytest.mark.django_db
def test_password_reset_for_unknown_address_sends_nothing(client, mailoutbox):
    """Unknown addresses get the same answer and no mail."""
    r = client.post("/account/password_reset/", {"email": "nobody@example.org"})
    assert r.status_code == 302
    assert mailoutbox == []


# ------------------------------------------------------------------ preferences


@pytest.mark.django_db
def test_preferences_change_language_and_time_zone(login):
    """Saving language and time zone stores them; the next pages are in that language."""
    user = UserFactory(full_name="Siti Rahman")
    c = login(user)
    r = c.post(
        "/account/preferences/",
        {"full_name": "Siti Rahman", "country": "MY", "language": "ms", "time_zone": "Asia/Kuala_Lumpur"},
    )
    assert r.status_code == 302
    user.refresh_from_db()
    assert (user.language, user.time_zone, user.country_id) == ("ms", "Asia/Kuala_Lumpur", "MY")
    r = c.get("/account/preferences/")
    assert r["Content-Language"] == "ms"
    assert '<html lang="ms">' in r.content.decode()


@pytest.mark.django_db
def test_user_language_applies_without_cookie(login):
    """On a fresh device (no language cookie) the stored language and time zone are used."""
    user = UserFactory(language="sw", time_zone="Africa/Nairobi")
    r = login(user).get("/dashboard/")
    assert r["Content-Language"] == "sw"
    assert '<html lang="sw">' in r.content.decode()
    assert r.context["TIME_ZONE"] == "Africa/Nairobi"


@pytest.mark.django_db
def test_preferences_reject_unknown_language(login):
    """An unknown language is refused and nothing changes."""
    user = UserFactory()
    r = login(user).post("/account/preferences/", {"full_name": "X", "language": "xx", "time_zone": "UTC"})
    assert r.status_code == 200
    user.refresh_from_db()
    assert user.language == "en"


# ------------------------------------------------------------------ login rate limit


AXES_BUG = (
    "BUG: AXES_USERNAME_FORM_FIELD defaults to USERNAME_FIELD ('email') but the login form and "
    "authenticate() use 'username', so axes records failures with username=None and the lock never "
    "matches the account: the right password still logs in after 5 failures"
)


def _fail_five_times(client, username):
    statuses = [
        client.post("/account/login/", {"username": username, "password": "nope-nope-nope"}).status_code
        for _ in range(5)
    ]
    assert statuses[:4] == [200] * 4
    assert statuses[4] in (200, 429)  # the 5th failure may already answer with the lock-out page


@pytest.mark.django_db
def test_login_locked_after_five_failures(client):
    """After 5 wrong passwords, the 6th attempt is refused even with the right password."""
    UserFactory(email="target@example.org")
    _fail_five_times(client, "target@example.org")
    r = client.post("/account/login/", {"username": "target@example.org", "password": PASSWORD})
    assert r.status_code == 429
    assert "Too many failed attempts" in r.content.decode()
    assert client.get("/dashboard/").status_code == 302  # not signed in


@pytest.mark.django_db
def test_login_lock_not_bypassed_by_letter_case(client):
    """Changing the case of the e-mail address does not escape the lock."""
    UserFactory(email="target@example.org")
    _fail_five_times(client, "target@example.org")
    r = client.post("/account/login/", {"username": "Target@Example.org", "password": PASSWORD})
    assert r.status_code == 429


@pytest.mark.django_db
def test_lock_is_per_account_and_reset_unlocks(client):
    """Failures on one account do not lock others from the same address; an administrator's reset
    lets the right password in again."""
    UserFactory(email="target@example.org")
    UserFactory(email="other@example.org")
    _fail_five_times(client, "target@example.org")
    r = client.post("/account/login/", {"username": "other@example.org", "password": PASSWORD})
    assert r.status_code == 302
    reset()
    r = Client().post("/account/login/", {"username": "target@example.org", "password": PASSWORD})
    assert r.status_code == 302


# ------------------------------------------------------------------ health, CSP


@pytest.mark.django_db
def test_healthz(client):
    """The health check reports ok, as JSON, never cached."""
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/organisations/", "/account/login/", "/api/docs/"])
def test_csp_header_without_unsafe_inline(client, url):
    """Every page sends a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval'."""
    r = client.get(url)
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp


@pytest.mark.django_db
def test_pages_have_no_inline_scripts(client):
    """Since the CSP forbids inline scripts, our pages must not rely on any."""
    for url in ("/", "/organisations/", "/account/signup/"):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=\"", html), url


# ------------------------------------------------------------------ deploy checks and migrations


def _django_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(extra)
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def test_check_deploy_is_clean(tmp_path):
    """With DEBUG off, a real secret key and Redis, `check --deploy` reports nothing."""
    env = _django_env(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="corridor.example",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CORRIDOR_VAR_DIR=str(tmp_path),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "corridor", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stderr and "issues" not in proc.stderr.replace("no issues", "")


def test_no_missing_migrations():
    """The models and the migrations agree."""
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # raised with code 1 when changes are detected
        pytest.fail(f"makemigrations found changes (exit {exc.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


def test_null_characters_in_query_are_a_bad_request(client, db):
    """A NUL in a filter would reach the database (PostgreSQL cannot store it): answer 400 instead."""
    r = client.get("/api/organisations/?country=K%00E")
    assert r.status_code == 400
    assert client.get("/organisations/?q=a%00b").status_code == 400
