"""The page cache's API answers (core.pagecache): their keys, the token's check a hit makes again,
the throttles a hit counts, and which answers are kept."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils.translation import get_language

from . import pagecache

API_PREFIX = "/api/"


def _api_key(request, raw_token: str) -> str:
    from .tokens import hash_key

    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    where = f"{where}\n{request.META.get('HTTP_ACCEPT', '')}\n{hash_key(raw_token) if raw_token else ''}"
    return f"pagecache:api:{get_language()}:{hashlib.sha256(where.encode()).hexdigest()}"


def _raw_token(request) -> str | None:
    """The key of an ``Authorization: Token <key>`` GET to the API without a session, "" for an
    anonymous one (no credentials at all); None for anything else (which is never cached)."""
    if (
        request.method != "GET"
        or not request.path.startswith(API_PREFIX)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_HX_REQUEST" in request.META
    ):
        return None
    if "HTTP_AUTHORIZATION" not in request.META:
        return ""  # anonymous
    parts = request.META["HTTP_AUTHORIZATION"].split()
    return parts[1] if len(parts) == 2 and parts[0].lower() == "token" and parts[1] else None


TOKEN_CHECK = "pagecache:token-check:"
API_TOKEN_TABLE = "core_apitoken"


def _token_check_sources() -> list[str]:
    return [pagecache.table_key(API_TOKEN_TABLE), pagecache.table_key(get_user_model()._meta.db_table)]


def _token_user(raw_token: str, check: dict | None, current: dict):
    """The person a token authenticates, or None when it is refused. A check stored by an
    earlier hit answers while the token and user tables are unchanged since, the token has not
    expired and its "last used" time needs no touch; otherwise ``ApiTokenAuthentication`` makes
    the check (one query) and it is stored under the tokens read before it (``current``)."""
    from rest_framework.exceptions import AuthenticationFailed

    from .tokens import TOUCH_EVERY, ApiTokenAuthentication, hash_key

    now = time.time()
    if (
        check is not None
        and all(current.get(k) == v for k, v in check["deps"].items())
        and now < check["expires"]
        and now - check["used"] <= TOUCH_EVERY.total_seconds()
    ):
        return get_user_model()(pk=check["user"], is_active=True)
    try:
        user, token = ApiTokenAuthentication().authenticate_credentials(raw_token)
    except AuthenticationFailed:
        return None
    deps = {key: current.get(key) for key in _token_check_sources()}
    if None not in deps.values():
        stored = {
            "user": user.pk,
            "expires": token.expires_at.timestamp(),
            "used": token.last_used_at.timestamp(),
            "deps": deps,
        }
        pagecache.cache.set(TOKEN_CHECK + hash_key(raw_token), stored, settings.PAGE_CACHE_SECONDS)
    return user


def _api_served(request, raw_token: str, entry: dict, check: dict | None, current: dict):
    """A stored API answer, after the same checks the view makes before its work: the token
    authenticates its own person (unknown, expired, revoked or inactive: None, and the view
    answers), and every throttle of the view counts the request and allows it (None otherwise,
    and the view answers 429)."""
    from types import SimpleNamespace

    from django.contrib.auth.models import AnonymousUser
    from django.utils.module_loading import import_string
    from rest_framework.request import Request

    user = _token_user(raw_token, check, current) if raw_token else AnonymousUser()
    if user is None or user.pk != entry["user"]:
        return None
    drf_request = Request(request)
    drf_request.user = user
    view = SimpleNamespace(throttle_scope=entry["scope"])
    for path in entry["throttles"]:
        # counted already with the sources (``_counters``), where the throttle keeps windows
        if not import_string(path)().allow_request(drf_request, view):
            return None
    response = HttpResponse(entry["content"].encode(entry["charset"] or "utf-8"))
    for name, value in entry["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _counters(request, raw_token: str, entry: dict, check: dict | None) -> list[tuple[str, int]]:
    """The throttle counters a stored answer's request will take, so that they are counted in the
    round trip that reads its sources (``throttling.count_with``): the view's window throttles,
    for the person the answer was made for, when the token's stored check names that person (a
    token revoked in the meantime has its request counted against its owner's budget once)."""
    from types import SimpleNamespace

    from django.contrib.auth.models import AnonymousUser
    from django.utils.module_loading import import_string
    from rest_framework.request import Request

    from .throttling import WindowMixin

    if raw_token:
        if check is None or check["user"] != entry["user"]:
            return []
        user = get_user_model()(pk=check["user"], is_active=True)
    else:
        user = AnonymousUser()
    drf_request = Request(request)
    drf_request.user = user
    view = SimpleNamespace(throttle_scope=entry["scope"])
    counters = []
    for path in entry["throttles"]:
        throttle = import_string(path)()
        if isinstance(throttle, WindowMixin):
            window = throttle.window(drf_request, view)
            if window is not None:
                counters.append(window[:2])
    return counters


def _api_storable(request, response) -> dict | None:
    """What a hit needs to check again (the person or none, the view's throttles), or None when
    the answer is not stored: not a 200 JSON answer from a view, or no-store."""
    if response.status_code != 200 or response.streaming:
        return None
    if not response.get("Content-Type", "").startswith("application/json"):
        return None
    if "no-store" in response.get("Cache-Control", "") or response.cookies:
        return None
    user = getattr(request, "user", None)
    view = (getattr(response, "renderer_context", None) or {}).get("view")
    if user is None or view is None:
        return None
    throttles = [f"{t.__class__.__module__}.{t.__class__.__qualname__}" for t in view.get_throttles()]
    return {"user": user.pk, "throttles": throttles, "scope": getattr(view, "throttle_scope", None)}
