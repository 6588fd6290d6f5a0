"""API tokens (issue 17 item 5): hashed, expiring, listed and revoked by their owner, rotated on
password change and reset; DRF throttling is on (anonymous, signed-in, and a stricter scope on
the token endpoint)."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid

import pytest
from axes.utils import reset
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from corridor.core import tokens
from corridor.core.models import ApiToken
from tests.api_errors import error_codes
from tests.factories import PASSWORD, UserFactory
from tests.tokens import key_for

NEW_PASSWORD = "a-much-longer-new-passphrase-42"
TOKEN_URL = "/api/auth/token/"
TOKENS_URL = "/api/auth/tokens/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _axes_clean(db):
    reset()
    yield
    reset()


def client_with(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def works(key: str) -> bool:
    r = client_with(key).get("/api/me/")
    assert r.status_code in (200, 401, 403), r.status_code  # 403: session auth comes first
    return r.status_code == 200


def obtain(email="alice@a.example", password=PASSWORD, **extra) -> str:
    r = Client().post(
        TOKEN_URL, {"email": email, "password": password, **extra}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    return r.json()["token"]


def test_only_a_hash_of_the_key_is_stored(personas):
    key = obtain(name="laptop")
    token = ApiToken.objects.get(user=personas.alice)
    assert token.key_hash == tokens.hash_key(key) and key not in token.key_hash
    assert token.name == "laptop" and token.prefix == key[:8]
    assert works(key)


def test_the_owner_lists_their_live_tokens_without_keys(personas):
    first, second = obtain(name="laptop"), obtain(name="ci")
    bobs = key_for(personas.bob)
    expired = key_for(personas.alice)
    ApiToken.objects.filter(key_hash=tokens.hash_key(expired)).update(
        expires_at=timezone.now() - dt.timedelta(1)
    )
    r = client_with(second).get(reverse("api-tokens"))
    assert r.status_code == 200
    body = r.json()
    rows = body["results"]
    assert sorted(t["name"] for t in rows) == ["ci", "laptop"]  # neither bob's nor the expired one
    assert [t["name"] for t in rows if t["current"]] == ["ci"]
    text = r.content.decode()
    for key in (first, second, bobs, expired):
        assert key not in text
    assert "key_hash" not in text and ApiToken.objects.get(name="ci").key_hash not in text
    assert body["count"] == 2


def test_listing_needs_sign_in():
    assert Client().get(TOKENS_URL).status_code in (401, 403)


def test_delete_token_revokes_the_current_one_only(personas):
    keep, drop = obtain(), obtain()
    r = client_with(drop).delete(TOKEN_URL)
    assert r.status_code == 204
    assert not works(drop)
    assert works(keep)
    assert ApiToken.objects.filter(user=personas.alice).count() == 1


def test_delete_token_without_a_token_is_a_named_error(personas, login):
    r = login(personas.alice).delete(TOKEN_URL)
    assert r.status_code == 400
    assert error_codes(r) == {None: ["not_token_auth"]}
    assert Client().delete(TOKEN_URL).status_code in (401, 403)


def test_the_owner_revokes_a_token_by_id_and_nobody_else_can(personas):
    mine, other = obtain(), obtain()
    bobs = key_for(personas.bob)
    other_id = ApiToken.objects.get(key_hash=tokens.hash_key(other)).pk
    # bob cannot revoke (nor learn about) alice's token: it answers like a missing one
    r = client_with(bobs).delete(reverse("api-token-detail", args=[other_id]))
    missing = client_with(bobs).delete(reverse("api-token-detail", args=[987654]))
    assert r.status_code == missing.status_code == 404
    assert works(other)
    r = client_with(mine).delete(reverse("api-token-detail", args=[other_id]))
    assert r.status_code == 204
    assert not works(other) and works(mine) and works(bobs)


def test_password_change_rotates_every_token(personas, login):
    key, bobs = obtain(), key_for(personas.bob)
    c = Client()
    assert c.post("/account/login/", {"username": "alice@a.example", "password": PASSWORD}).status_code == 302
    r = c.post(
        "/account/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    assert not works(key)
    assert not ApiToken.objects.filter(user=personas.alice).exists()
    assert works(bobs)
    assert works(obtain(password=NEW_PASSWORD))


def test_password_reset_rotates_every_token(personas, mailoutbox):
    key = obtain()
    c = Client()
    c.post("/account/password_reset/", {"email": "alice@a.example"})
    path = re.search(r"https?://[^/\s]+(/account/reset/\S+)", mailoutbox[0].body).group(1)
    form_url = c.get(path)["Location"]
    r = c.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status_code == 302
    assert not works(key)


def test_other_saves_of_the_user_keep_tokens(personas):
    key = obtain()
    personas.alice.full_name = "Alice T."
    personas.alice.save()
    assert works(key)


def test_tokens_expire_after_the_configured_days(personas, settings):
    settings.API_TOKEN_TTL_DAYS = 2
    token, key = tokens.issue_token(by=personas.alice)
    lifetime = token.expires_at - token.created_at
    assert dt.timedelta(days=2) - dt.timedelta(minutes=1) < lifetime <= dt.timedelta(days=2)
    assert works(key)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert not works(key)


def test_inactive_users_tokens_stop_working(personas):
    key = obtain()
    personas.alice.is_active = False
    personas.alice.save()
    assert not works(key)


def test_last_used_is_recorded(personas):
    key = obtain()
    assert ApiToken.objects.get().last_used_at is None
    assert works(key)
    assert ApiToken.objects.get().last_used_at is not None


@pytest.fixture
def frozen_throttle_clock(monkeypatch):
    """Every request falls in the same throttle window, however slow the machine is."""
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: 1_000_000.0))
    cache.clear()
    yield
    cache.clear()


def test_the_121st_anonymous_request_in_a_minute_is_throttled(frozen_throttle_clock):
    anonymous = Client()
    for i in range(120):
        assert anonymous.get("/api/countries/").status_code == 200, i
    r = anonymous.get("/api/countries/")
    assert r.status_code == 429
    assert error_codes(r) == {None: ["throttled"]}
    assert "Retry-After" in r


def test_a_forged_forwarded_for_header_buys_no_fresh_budget(frozen_throttle_clock):
    for i in range(120):
        assert Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").get("/api/countries/").status_code == 200
    assert Client(HTTP_X_FORWARDED_FOR="10.0.1.1").get("/api/countries/").status_code == 429


def test_signed_in_requests_have_their_own_larger_budget(personas, frozen_throttle_clock):
    anonymous, alice = Client(), client_with(key_for(personas.alice))
    for _ in range(120):
        anonymous.get("/api/countries/")
    assert anonymous.get("/api/countries/").status_code == 429
    assert alice.get("/api/countries/").status_code == 200


def test_the_token_endpoint_has_a_stricter_rate(personas, frozen_throttle_clock):
    answers = [
        Client()
        .post(TOKEN_URL, {"email": "alice@a.example", "password": PASSWORD}, content_type="application/json")
        .status_code
        for _ in range(21)
    ]
    assert answers[:20] == [200] * 20
    assert answers[20] == 429


def test_a_new_user_gets_no_token_from_a_wrong_password(personas):
    UserFactory(email="dee@example.org")
    r = Client().post(
        TOKEN_URL, {"email": "dee@example.org", "password": "nope"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_budget_comes_back_in_the_next_window(monkeypatch):
    """Fixed windows: the 121st request of a window is refused until the window ends, and
    ``Retry-After`` says how long that is."""
    now = [1_000_040.0]  # 20 s into a 60 s window (it opened at 1_000_020 = 16667 * 60)
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: now[0]))
    cache.clear()
    anonymous = Client()
    for i in range(120):
        assert anonymous.get("/api/countries/").status_code == 200, i
    refused = anonymous.get("/api/countries/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 40
    now[0] += 40
    assert anonymous.get("/api/countries/").status_code == 200
    cache.clear()


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_the_window_counter_counts_every_request_once(backend, settings):
    """The counter on both kinds of cache: one per request, from 1, under one key per window."""
    from django.core.cache import caches

    from corridor.core.throttling import _count

    if backend == "redis":
        import redis

        url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("no Redis here")
        settings.CACHES = {
            **settings.CACHES,
            "throttle-test": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
        }
        store = caches["throttle-test"]
    else:
        store = caches["default"]
    key = f"throttle-test:{uuid.uuid4().hex}"
    assert [_count(store, key, 5) for _ in range(4)] == [1, 2, 3, 4]
    assert store.get(key) == 4
    store.delete(key)
