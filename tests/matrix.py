"""Helpers shared by the permission matrices (``tests/<module>/test_permission_matrix.py``).

Each matrix tries every persona against every action of a module, by page, API and service, and
asserts what the persona sees: the status AND that nothing secret leaks. "Hidden = missing": a
record a persona may not see answers exactly like a record that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from tests.tokens import token_client

PERSONAS = ["alice", "carol", "bob", "reviewer", "focal_my", "focal_ke", "secretariat", "anonymous"]
MISSING_PK = 987654321


def user_of(personas, who):
    return AnonymousUser() if who == "anonymous" else getattr(personas, who)


def page_client(personas, login, who) -> Client:
    """A browser-like client with a session (anonymous: no session)."""
    return Client() if who == "anonymous" else login(getattr(personas, who))


def api_client(personas, who) -> Client:
    """A client that authenticates to the API with the persona's token (no session)."""
    return Client() if who == "anonymous" else token_client(getattr(personas, who))


def assert_login_redirect(response):
    assert response.status_code == 302, (response.status_code, response.content[:300])
    assert response["Location"].startswith("/account/login/"), response["Location"]


def assert_hidden(response, missing, *secrets: str):
    """``response`` (to a record the persona may not see or change) looks exactly like
    ``missing`` (the same request for a record that does not exist), and leaks no secret."""
    assert response.status_code == missing.status_code, (response.status_code, missing.status_code)
    assert response.status_code in (302, 401, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"].split("?")[0] == missing["Location"].split("?")[0]
    body = response.content.decode(errors="replace")
    for secret in secrets:
        assert secret not in body, secret


def assert_api_refused(response, *secrets: str, anonymous: bool):
    """An API answer that refuses: 401/403 (or 404 where reading is open to anonymous callers)
    for anonymous callers, 404 (hidden = missing) or 403 for signed-in callers; no secret in the
    body."""
    allowed = (401, 403, 404) if anonymous else (403, 404)
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    body = response.content.decode(errors="replace")
    for secret in secrets:
        assert secret not in body, secret


def listed(response, secret: str) -> bool:
    """Whether a 200 list answer mentions ``secret``."""
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return secret in response.content.decode(errors="replace")
