"""A page cache: each page kept until the data it was made from changes.

A page is the same for every request with the same

* scheme, host, language and full path with its query string, and
* for a signed-in person, the same session: its key and its content (who is signed in, the
  organisation they act for, anything a view keeps there),

except the CSRF token its forms carry. ``PageCacheMiddleware`` keeps such pages for at most
``PAGE_CACHE_SECONDS`` (default 60 with ``DEBUG=0`` and a shared cache, 0 = off, the default
with ``DEBUG=1``), and serves one only while what it was made from is unchanged:

* **Tables.** While a page is made, an execute wrapper on every connection notes each table its
  statements name (``Recording``); each table has a *token* in the shared cache that every
  committed write to it (INSERT, UPDATE, DELETE, TRUNCATE, COPY through ``cursor.execute``)
  replaces. The page is stored with the tokens its tables had *before* it was made (one
  ``get_many`` of every table's token when the request starts), so a write that commits while
  the page is being made leaves it stale, never fresh. A look-up reads the page, then the tokens
  of its tables: two round trips to the cache and no query. A write to the messages table leaves
  the trade dashboard cached; a write to the organisations table does not.
* **Other sources.** A page made from something that is not a table notes a cache key and the
  value it saw (``depends_on``): the trade dashboard's generation, which every change to trade
  data (the Parquet store included) renews. Code that reads such a source and cannot name it
  calls ``do_not_store``.
* **Figures kept apart from pages** (``remembered``, the nav's unread counts) carry the tokens of
  the tables they were counted from, and add them to the page that shows them.

**The API** keeps the answers to a GET authenticated by a token (``Authorization: Token …``)
under that token, and those to an anonymous GET (no credentials, no session) shared, and serves
one only after the token authenticates again (unknown, expired, revoked, inactive: the view
answers) and the view's throttles count the request (over budget: the view answers 429, so the
anonymous budget per address holds); session-authenticated API requests are never cached.

What is never cached: anything but a GET; htmx requests (they receive fragments); a pending
message (the ``messages`` cookie); ``/account/`` (sign-in flows, password and token forms) but
the sign-up form for a visitor with no session (the same form for every such visitor, each with
their own CSRF token; the sign-in form is marked ``no-store`` by Django and kept out) and the
preferences page for a signed-in person (kept under their session like any of their pages), the admin,
media and health checks; a session
cookie whose session has no signed-in person (signed out, expired); any answer but a 200
``text/html`` one, an answer marked ``no-store`` (or ``private`` for an anonymous visitor), an
answer that sets a cookie other than the CSRF cookie or changes the session, and an answer made
for someone other than the session's person.

A signed-in person's page is found only under their own session's key and content, so it is
never served to anyone else, and a session that is signed out, expired or changed finds nothing.
Every signed-in page depends on the users table (a password change, a deactivation, a changed
language or time zone empties them all).

The CSRF token: the stored page has every masked token of the rendering visitor's secret
replaced by a placeholder; a hit fills in a fresh token of the *current* visitor's secret (which
also sets their CSRF cookie), so no two visitors share a secret. Time-dependent wording ("closes
in 2 days") is at most ``PAGE_CACHE_SECONDS`` old.

A path that answered 200 with something other than a page (a feed, a calendar file) is not looked
up again by that process. Pages answered from the cache carry ``X-Page-Cache: hit``; pages stored
carry ``miss``.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TABLE_KEY = "pagecache:t:"
PLACEHOLDER = "__corridor_csrf_token__"
SKIP_PREFIXES = ("/api/", "/account/", "/admin/", "/media/", "/static/", "/healthz")
#: pages under a skipped prefix kept like any other page -> whether for a session (a signed-in
#: person) or only without one (the same page for every visitor with no session)
ACCOUNT_PAGES = {"/account/signup/": False, "/account/preferences/": True}
WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY|REPLACE\s+INTO)\s+((?:"?\w+"?\.)?"?\w+)',
    re.IGNORECASE,
)
QUOTED = re.compile(r'"(\w+)"')
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_SECONDS", 0))


_tables: frozenset[str] | None = None


def tables() -> frozenset[str]:
    """Every table a model (or a many-to-many relation) has."""
    global _tables
    if _tables is None:
        from django.apps import apps

        _tables = frozenset(m._meta.db_table for m in apps.get_models(include_auto_created=True))
    return _tables


def table_key(table: str) -> str:
    return TABLE_KEY + table


def written_table(sql: str) -> str | None:
    match = WRITE.match(sql)
    return match.group(1).replace('"', "").split(".")[-1] if match else None


def tables_named(sql: str) -> set[str]:
    """The tables a statement names (Django quotes every table name, on SQLite and PostgreSQL)."""
    known = tables()
    return {name for name in QUOTED.findall(sql) if name in known}


def changed(*names: str) -> None:
    """Pages made from these tables are stale from now on (fresh random tokens, not counters: a
    counter that an eviction resets could come back to a token whose pages are still stored)."""
    if names:
        cache.set_many({table_key(name): secrets.token_hex(8) for name in set(names)}, None)


def snapshot() -> dict[str, str]:
    """Every table's token now, in one round trip (a table never written yet gets one)."""
    keys = [table_key(name) for name in tables()]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), None)
        found.update(cache.get_many(missing))
    return found


@dataclass
class Recording:
    """What a page (or a remembered figure) is being made from."""

    tokens: dict[str, str]
    tables: set[str] = field(default_factory=set)
    keys: dict[str, object] = field(default_factory=dict)
    storable: bool = True
    #: a signed-in person's page: its holes are left as markers, filled on every answer
    personal: bool = False
    holes: set[str] = field(default_factory=set)

    def dependencies(self) -> dict[str, object] | None:
        """Cache key -> the value the page was made under; None when it cannot be stored."""
        if not self.storable:
            return None
        deps: dict[str, object] = dict(self.keys)
        for name in self.tables:
            key = table_key(name)
            if key not in self.tokens:  # a table outside the models: nothing to compare
                return None
            deps[key] = self.tokens[key]
        return deps

    def add(self, deps: dict[str, object]) -> None:
        for key, value in deps.items():
            if key.startswith(TABLE_KEY):
                self.tables.add(key[len(TABLE_KEY) :])
            else:
                self.keys.setdefault(key, value)


_recording: ContextVar[Recording | None] = ContextVar("pagecache_recording", default=None)


def depends_on(key: str, value) -> None:
    """The page being made used ``value`` of cache key ``key``; it is stale once that changes."""
    recording = _recording.get()
    if recording is not None:
        recording.keys.setdefault(key, value)


@contextmanager
def unrecorded():
    """Reads that are not sources of the page being made: checks a hit makes again itself."""
    token = _recording.set(None)
    try:
        yield
    finally:
        _recording.reset(token)


def do_not_store() -> None:
    """The page being made reads a source it cannot name: keep it out of the cache."""
    recording = _recording.get()
    if recording is not None:
        recording.storable = False


def fresh(deps: dict[str, object]) -> bool:
    """Whether every source still has the value the page was made under (one round trip)."""
    if not deps:
        return True
    found = cache.get_many(list(deps))
    return all(found.get(key) == value for key, value in deps.items())


class _Changed:
    """What a transaction wrote, made stale when it commits (never if it rolls back)."""

    def __init__(self, name: str):
        self.tables = {name}

    def __call__(self):
        changed(*self.tables)


class WriteWatcher:
    """An execute wrapper: notes the tables a recording page reads, and schedules the tables a
    statement writes to be made stale when its transaction commits (at once outside one)."""

    def __call__(self, execute, sql, params, many, context):
        if isinstance(sql, str):
            recording = _recording.get()
            if recording is not None:
                recording.tables |= tables_named(sql)
        result = execute(sql, params, many, context)
        # noted even where this process caches nothing (a command, a worker, PAGE_CACHE_SECONDS=0):
        # the processes that do share the tokens
        if isinstance(sql, str):
            name = written_table(sql)
            if name:
                _schedule(context["connection"], name)
        return result


def _schedule(connection, name: str) -> None:
    if not connection.in_atomic_block:
        changed(name)
        return
    for _sids, func, *_ in connection.run_on_commit:
        if isinstance(func, _Changed):
            func.tables.add(name)
            return
    transaction.on_commit(_Changed(name), using=connection.alias)


WATCHER = WriteWatcher()


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: put the watcher on each database connection once."""
    if WATCHER not in connection.execute_wrappers:
        connection.execute_wrappers.append(WATCHER)


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and (
            not request.path.startswith(SKIP_PREFIXES)
            or ACCOUNT_PAGES.get(request.path) == (settings.SESSION_COOKIE_NAME in request.COOKIES)
        )
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
    )


AUTH_KEY = "_auth_user_id"


def _key(request) -> str | None:
    """The page's key: the address and language, and for a session, its key and content; None for
    a session without a signed-in person (nothing is cached for it)."""
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        session = request.session
        if not session.get(AUTH_KEY):
            return None
        content = json.dumps(dict(session.items()), sort_keys=True, default=str)
        where = f"{where}\n{session.session_key}\n{content}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"pagecache:{get_language()}:{digest}"


#: paths (without query) that answered 200 with something other than a page (a feed, a
#: calendar, a download): not looked up again by this process, so they pay no cache round trip.
#: Whether an answer is a page depends on the path, not on the visitor; answers that are not
#: stored because of the visitor (a message, a session) or the status are not remembered.
_UNCACHEABLE: dict[str, None] = {}
_UNCACHEABLE_MAX = 4096


def _never_a_page(response) -> bool:
    return response.status_code == 200 and (
        response.streaming or not response.get("Content-Type", "").startswith("text/html")
    )


def _remember_uncacheable(path: str) -> None:
    if path not in _UNCACHEABLE:
        if len(_UNCACHEABLE) >= _UNCACHEABLE_MAX:
            try:  # the oldest goes; another thread may be doing the same
                _UNCACHEABLE.pop(next(iter(_UNCACHEABLE)), None)
            except (StopIteration, RuntimeError):
                pass
        _UNCACHEABLE[path] = None


def _cacheable_response(request, response, signed_in_as) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "")
    if "no-store" in control or ("private" in control and signed_in_as is None):
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    if signed_in_as is None:
        return not (user is not None and user.is_authenticated)
    # the page was made for the session's own person, and the session is still the one looked up
    return (
        user is not None
        and user.is_authenticated
        and str(user.pk) == str(signed_in_as)
        and session.session_key == request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    )


def _freeze(request, response, deps: dict, *, csrf: bool = True) -> dict:
    """What is stored of an answer: its content (with the visitor's CSRF tokens swapped for a
    placeholder, unless ``csrf`` is False), its headers but the length and cookies, its sources."""
    content = response.content.decode(response.charset or "utf-8")
    secret = request.META.get("CSRF_COOKIE") if csrf else None
    uses_csrf = False
    if secret:

        def swap(match):
            nonlocal uses_csrf
            if _unmask_cipher_token(match.group(0)) == secret:
                uses_csrf = True
                return PLACEHOLDER
            return match.group(0)

        content = TOKEN.sub(swap, content)
    headers = [
        (k, v) for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie")
    ]
    return {
        "content": content,
        "headers": headers,
        "charset": response.charset,
        "csrf": uses_csrf,
        "deps": deps,
    }


def _replay(request, entry: dict, values: dict | None = None) -> HttpResponse:
    content = entry["content"]
    if entry["csrf"]:
        content = content.replace(PLACEHOLDER, get_token(request))
    if values:
        with translation.override(entry.get("language")):
            content = _filled(content, values)
    response = HttpResponse(content.encode(entry["charset"] or "utf-8"))
    for name, value in entry["headers"]:
        response[name] = value
    # the page depends on the visitor's session (or having none): say so, as a stored miss did
    patch_vary_headers(response, ("Cookie",))
    response["X-Page-Cache"] = "hit"
    return response


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
    return [table_key(API_TOKEN_TABLE), table_key(get_user_model()._meta.db_table)]


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
        cache.set(TOKEN_CHECK + hash_key(raw_token), stored, settings.PAGE_CACHE_SECONDS)
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
        if not import_string(path)().allow_request(drf_request, view):
            return None
    response = HttpResponse(entry["content"].encode(entry["charset"] or "utf-8"))
    for name, value in entry["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


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


class PageCacheMiddleware:
    """Placed after ``SessionMiddleware``, ``LocaleMiddleware`` and ``CsrfViewMiddleware`` (the
    session, the language and the visitor's CSRF cookie are known) and before authentication (a
    hit needs no user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or request.path in _UNCACHEABLE:
            return self.get_response(request)
        raw_token = _raw_token(request)
        if raw_token is not None:
            return self._api(request, raw_token)
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        if key is None:
            return self.get_response(request)
        person = request.session.get(AUTH_KEY) if settings.SESSION_COOKIE_NAME in request.COOKIES else None
        hole_keys = {name: _remembered_key(name, person) for name in HOLES} if person else {}
        found = cache.get_many([key, *hole_keys.values()])
        entry = found.get(key)
        if entry is not None:
            figures = {
                name: found.get(hole_keys[name]) for name in entry.get("holes", ()) if name in hole_keys
            }
            wanted = set(entry["deps"]).union(*(f[0] for f in figures.values() if f is not None))
            current = cache.get_many(list(wanted)) if wanted else {}
            if all(current.get(k) == v for k, v in entry["deps"].items()):
                values = {}
                for name, stored in figures.items():
                    if stored is not None and all(current.get(k) == v for k, v in stored[0].items()):
                        values[name] = stored[1]
                    else:  # the figure changed: counted again (one query for the person, one for it)
                        user = get_user_model().objects.get(pk=person)
                        values[name] = remembered(name, user, lambda h=HOLES[name], u=user: h.compute(u))
                return _replay(request, entry, values)
        signed_in_as = (
            request.session.get(AUTH_KEY) if settings.SESSION_COOKIE_NAME in request.COOKIES else None
        )
        recording = Recording(tokens=snapshot(), personal=signed_in_as is not None)
        if signed_in_as is not None:
            recording.tables.add(get_user_model()._meta.db_table)
        response = self._made_under(recording, request)
        deps = recording.dependencies()
        if deps is not None and _cacheable_response(request, response, signed_in_as):
            entry = _freeze(request, response, deps)
            entry["holes"] = sorted(recording.holes)
            entry["language"] = get_language()
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        elif _never_a_page(response):
            _remember_uncacheable(request.path)
        if recording.holes and not response.streaming:
            # this answer's own holes, whether it was stored or not (an error page has them too)
            user = getattr(request, "user", None)
            charset = response.charset or "utf-8"
            values = {
                name: remembered(name, user, lambda h=HOLES[name]: h.compute(user))
                for name in recording.holes
            }
            response.content = _filled(response.content.decode(charset), values).encode(charset)
        return response

    def _made_under(self, recording: Recording, request):
        """The answer, made while ``recording`` notes its sources."""
        token = _recording.set(recording)
        try:
            return self.get_response(request)
        finally:
            _recording.reset(token)

    def _api(self, request, raw_token: str):
        """An API list or object for a token: kept under the token's key like a signed-in page
        under its session, served only after the token authenticates again and the view's
        throttles count the request. The token's look-up is no source (``unrecorded``: a hit
        makes it again, or finds it still valid: ``_token_user``); the person's row is one, as on
        every signed-in page. A hit is three round trips to the cache: the answer and the token's
        check, the sources of both, the throttle's counter."""
        from .tokens import hash_key

        key = _api_key(request, raw_token)
        check_key = TOKEN_CHECK + hash_key(raw_token) if raw_token else None
        found = cache.get_many([key, check_key] if check_key else [key])
        entry = found.get(key)
        if entry is not None:
            check = found.get(check_key) if check_key else None
            wanted = set(entry["deps"]) | set(check["deps"] if check else ())
            if raw_token:
                wanted.update(_token_check_sources())
            current = cache.get_many(list(wanted)) if wanted else {}
            if all(current.get(k) == v for k, v in entry["deps"].items()):
                response = _api_served(request, raw_token, entry, check, current)
                if response is not None:
                    return response
        recording = Recording(tokens=snapshot())
        if raw_token:
            recording.tables.add(get_user_model()._meta.db_table)
        response = self._made_under(recording, request)
        deps = recording.dependencies()
        checks = _api_storable(request, response) if deps is not None else None
        if checks is not None:
            entry = {**_freeze(request, response, deps, csrf=False), **checks}
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


@dataclass(frozen=True)
class Hole:
    """A figure of the signed-in person shown on every page (the nav's unread counts): left out of
    the stored page as a marker and filled in on every answer, so a message or notification to
    anyone empties no page, only that figure (``remembered``)."""

    name: str
    compute: Callable  # user -> the figure
    render: Callable  # figure -> its markup, in the active language


HOLES: dict[str, Hole] = {}


def register_hole(name: str, *, compute: Callable, render: Callable) -> None:
    """Called from an app's ``ready()``, so that a hit in a fresh process can fill it."""
    HOLES[name] = Hole(name, compute, render)


def _marker(name: str) -> str:
    return f"<!--pagecache-hole:{name}-->"


#: (hole, figure, language, script prefix) -> markup: a hit fills its holes without rendering a
#: template (the figures are small counts, so this stays small; emptied if it ever grows)
_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 4096


def _render(name: str, value) -> str:
    from django.urls import get_script_prefix

    key = (name, value, get_language(), get_script_prefix())
    try:
        return _RENDERED[key]
    except (KeyError, TypeError):  # TypeError: a figure that cannot be a key is rendered each time
        pass
    markup = str(HOLES[name].render(value))
    try:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[key] = markup
    except TypeError:
        pass
    return markup


def _filled(content: str, values: dict) -> str:
    for name, value in values.items():
        content = content.replace(_marker(name), _render(name, value))
    return content


def hole(name: str, user) -> str:
    """The markup of a hole: a marker in a signed-in page being recorded (the middleware fills
    it); the figure's markup anywhere else."""
    recording = _recording.get()
    if recording is not None and recording.personal:
        recording.holes.add(name)
        return mark_safe(_marker(name))  # noqa: S308 - our own constant comment
    hole_ = HOLES[name]
    return mark_safe(_render(name, remembered(name, user, lambda: hole_.compute(user))))  # noqa: S308 - rendered by a template


def _remembered_key(name: str, person) -> str:
    return f"pagecache:remembered:{name}:{person}"


def remembered(name: str, user, compute):
    """A figure of one signed-in person (the nav's unread counts) kept until a table it was
    counted from is written, and added to the sources of the page being made; computed each time
    when the page cache is off or for anonymous visitors. Two round trips to the cache instead of
    a query."""
    if not enabled() or not getattr(user, "is_authenticated", False):
        return compute()
    key = _remembered_key(name, user.pk)
    outer = _recording.get()
    stored = cache.get(key)
    if stored is not None and fresh(stored[0]):
        if outer is not None:
            outer.add(stored[0])
        return stored[1]
    inner = Recording(tokens=outer.tokens if outer is not None else snapshot())
    token = _recording.set(inner)
    try:
        value = compute()
    finally:
        _recording.reset(token)
    deps = inner.dependencies()
    if outer is not None:
        outer.tables |= inner.tables
        outer.keys.update({k: v for k, v in inner.keys.items() if k not in outer.keys})
        outer.storable = outer.storable and inner.storable
    if deps is not None:
        cache.set(key, (deps, value), settings.PAGE_CACHE_SECONDS)
    return value
