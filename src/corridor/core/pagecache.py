"""A page cache: each page kept until the data it was made from changes.

A page is the same for every request with the same

* scheme, host, language and full path with its query string, and
* for a signed-in person, the same session: its key and its content (who is signed in, the
  organisation they act for, anything a view keeps there),

except the CSRF token its forms carry. ``PageCacheMiddleware`` keeps such pages for at most
``PAGE_CACHE_SECONDS`` (default 60 with ``DEBUG=0`` and a shared cache, 0 = off, the default
with ``DEBUG=1``; each page for 80–100% of it at random, so pages made together do not expire
together), and serves one only while what it was made from is unchanged:

* **Tables.** While a page is made, an execute wrapper on every connection notes each table its
  statements name (``Recording``); each table has a *token* in the shared cache that every
  committed write to it (INSERT, UPDATE, DELETE, TRUNCATE, COPY through ``cursor.execute``)
  replaces. The page is stored with the tokens its tables had *before* it was made (one
  ``get_many`` of every table's token when the request starts), so a write that commits while
  the page is being made leaves it stale, never fresh. A look-up reads the page, then the tokens
  of its tables: two round trips to the cache and no query. A write to the messages table leaves
  the trade dashboard cached.
* **Rows and columns** of the tables whose models mix in ``RowTracked`` (organisations: read by
  most pages, edited one at a time). A statement on such a table depends on the rows it
  materialises as model instances (``from_db`` notes their keys) and on the columns it uses any
  other way (filters, joins on a column other than the key, ordering, counts, ``values()``); a
  statement the parser cannot follow counts as a read of the whole table. A write of one row by
  its key (``UPDATE … SET … WHERE "t"."id" = %s``, what ``save()`` and ``filter(pk=…).update()``
  send) replaces the tokens of that row and of the columns it sets; any other write to the table
  (an insert, a delete, a multi-row update) replaces the token every such page depends on. So an
  edit of one organisation's description empties the pages that show that organisation, not
  every page that names one. The tokens of rows are not known when the request starts: they are
  read when the page is stored, together with a token every row write replaces first (``#w``);
  if that one changed since the start, the page depends on the whole table instead (stale at
  once).
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
import random
import re
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache import cache as django_cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .pageapi import (
    API_TOKEN_TABLE,  # noqa: F401 - re-exported for callers
    TOKEN_CHECK,
    _api_key,
    _api_served,
    _api_storable,
    _counters,
    _raw_token,
    _token_check_sources,
)
from .pagesources import (  # noqa: F401 - tables, written_table: re-exported for callers
    ANY,
    COLUMN,
    ROW,
    WROTE,
    RowTracked,
    _recording,
    columns_read,
    fine_tables,
    tables,
    tables_named,
    token_names,
    written_names,
    written_table,
)

TABLE_KEY = "pagecache:t:"
PLACEHOLDER = "__corridor_csrf_token__"
SKIP_PREFIXES = ("/api/", "/account/", "/admin/", "/media/", "/static/", "/healthz")
#: pages under a skipped prefix kept like any other page -> whether for a session (a signed-in
#: person) or only without one (the same page for every visitor with no session)
ACCOUNT_PAGES = {"/account/signup/": False, "/account/preferences/": True}
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def lifetime() -> int:
    """How long an answer is kept: ``PAGE_CACHE_SECONDS``, less up to a fifth at random, so that
    answers made together (after a deploy, a flush, a change read by many pages) do not all
    expire in the same second and have to be made again at once."""
    seconds = settings.PAGE_CACHE_SECONDS
    return max(1, round(seconds * random.uniform(0.8, 1.0)))  # noqa: S311 - spreading, not a secret


def table_key(table: str) -> str:
    return TABLE_KEY + table


def new_token() -> int:
    """A table's (or row's, column's) token: random, and an integer, which the Redis cache stores
    as it is (no pickling either way)."""
    return secrets.randbits(62)


def get_many(keys: list[str]) -> dict:
    """``cache.get_many``; for the default Redis cache, without Django's per-key validation (a
    scan of every key for memcached's forbidden characters): our keys are our own, and a page's
    look-up reads dozens of them."""
    if not keys:
        return {}
    if cache is django_cache:
        backend = caches[DEFAULT_CACHE_ALIAS]
        if isinstance(backend, RedisCache):
            made = [backend.make_key(key) for key in keys]
            found = backend._cache.get_many(made)
            return {key: found[m] for key, m in zip(keys, made, strict=True) if m in found}
    return cache.get_many(keys)


def changed(*names: str) -> None:
    """Pages made from these tables are stale from now on, whatever rows and columns they read."""
    fine = fine_tables()
    _replace(*names, *(t + suffix for t in names if t in fine for suffix in (WROTE, ANY)))


def _replace(*names: str) -> None:
    """New tokens for these names (fresh random tokens, not counters: a counter that an eviction
    resets could come back to a token whose pages are still stored)."""
    if names:
        # a row write's "#w" before its row (readers of rows read them first, "#w" last)
        ordered = sorted(set(names), key=lambda n: not n.endswith(WROTE))
        cache.set_many({table_key(name): new_token() for name in ordered}, None)


def snapshot() -> dict[str, str]:
    """Every table's token now, in one round trip (a table never written yet gets one)."""
    keys = [table_key(name) for name in token_names()]
    found = get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, new_token(), None)
        found.update(get_many(missing))
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
    #: row-tracked tables read by row and column: the columns used (beside the rows), the rows
    columns: dict[str, set[str]] = field(default_factory=dict)
    rows: dict[str, set[str]] = field(default_factory=dict)

    def note(self, sql: str) -> None:
        """A statement run while the page is made: the tables it names, or for a row-tracked
        table the columns it uses (its rows are noted as they are materialised)."""
        fine = fine_tables()
        for name in tables_named(sql):
            if name in fine:
                columns = columns_read(sql, name)
                if columns is not None:
                    self.columns.setdefault(name, set()).update(columns)
                    continue
            self.tables.add(name)

    def dependencies(self) -> dict[str, object] | None:
        """Cache key -> the value the page was made under; None when it cannot be stored."""
        if not self.storable:
            return None
        deps: dict[str, object] = dict(self.keys)
        whole = set(self.tables)
        # rows of a row-tracked table no noted statement read (cannot happen through the ORM):
        # the whole table
        whole |= {t for t, rows in self.rows.items() if rows and t not in self.columns}
        for table, columns in self.columns.items():
            if table in whole:
                continue  # read as a whole by another statement
            rows = self.rows.get(table)
            found = _row_tokens(table, rows, self.tokens) if rows else {}
            if found is None:  # a row was written while the page was made
                whole.add(table)
                continue
            for name in (table + ANY, *(f"{table}{COLUMN}{c}" for c in columns)):
                key = table_key(name)
                if key not in self.tokens:
                    return None
                deps[key] = self.tokens[key]
            deps.update(found)
        for name in whole:
            key = table_key(name)
            if key not in self.tokens:  # a table outside the models: nothing to compare
                return None
            deps[key] = self.tokens[key]
        return deps

    def add(self, deps: dict[str, object]) -> None:
        for key, value in deps.items():
            name = key[len(TABLE_KEY) :] if key.startswith(TABLE_KEY) else None
            if name is not None and "#" not in name:
                self.tables.add(name)
            else:  # a source, or a row or column token (checked current by the caller)
                self.keys.setdefault(key, value)

    def merge(self, inner: Recording) -> None:
        """What a figure made inside this page was made from."""
        self.tables |= inner.tables
        self.keys.update({k: v for k, v in inner.keys.items() if k not in self.keys})
        self.storable = self.storable and inner.storable
        for table, columns in inner.columns.items():
            self.columns.setdefault(table, set()).update(columns)
        for table, rows in inner.rows.items():
            self.rows.setdefault(table, set()).update(rows)


def _row_tokens(table: str, rows: set[str], tokens: dict) -> dict[str, str] | None:
    """The tokens of ``rows`` now, or None when a row of the table was written since the request
    started (``tokens``): the page may hold a row from before that write, under its new token.
    The rows are read before "#w" (a writer replaces "#w" first), in one round trip; a row never
    written gets a token of its own."""
    wrote = table_key(table + WROTE)
    keys = [table_key(f"{table}{ROW}{pk}") for pk in sorted(rows)]
    found = get_many([*keys, wrote])
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, new_token(), None)
        found.update(get_many([*missing, wrote]))
    if found.get(wrote) is None or found.get(wrote) != tokens.get(wrote):
        return None
    if any(found.get(key) is None for key in keys):
        return None
    return {key: found[key] for key in keys}


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
    found = get_many(list(deps))
    return all(found.get(key) == value for key, value in deps.items())


class _Changed:
    """What a transaction wrote, made stale when it commits (never if it rolls back)."""

    def __init__(self, names: list[str]):
        self.tables = set(names)

    def __call__(self):
        _replace(*self.tables)


class WriteWatcher:
    """An execute wrapper: notes the tables a recording page reads, and schedules the tables a
    statement writes to be made stale when its transaction commits (at once outside one)."""

    def __call__(self, execute, sql, params, many, context):
        if isinstance(sql, str):
            recording = _recording.get()
            if recording is not None:
                recording.note(sql)
        result = execute(sql, params, many, context)
        # noted even where this process caches nothing (a command, a worker, PAGE_CACHE_SECONDS=0):
        # the processes that do share the tokens
        if isinstance(sql, str):
            names = written_names(sql, params, many)
            if names:
                _schedule(context["connection"], names)
        return result


def _schedule(connection, names: list[str]) -> None:
    if not connection.in_atomic_block:
        _replace(*names)
        return
    for _sids, func, *_ in connection.run_on_commit:
        if isinstance(func, _Changed):
            func.tables.update(names)
            return
    transaction.on_commit(_Changed(names), using=connection.alias)


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


def _key(request, session_key: str | None) -> str:
    """The page's key: the address and language, and the session's key (its content is checked
    against the digest the entry carries: ``_session_digest``)."""
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}\n{session_key or ''}"
    return f"pagecache:{get_language()}:{hashlib.sha256(where.encode()).hexdigest()}"


def _session_digest(data: dict) -> str:
    """A session's content: a page is served only to the session content it was made for (who is
    signed in, the organisation they act for, anything a view keeps there)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


CACHED_SESSIONS = ("django.contrib.sessions.backends.cached_db", "django.contrib.sessions.backends.cache")

#: session key -> the id of its person, as last seen by this process: a hint of which figures
#: (``remembered``) to read with the page and the session, checked against the session each time
#: (a session key belongs to one person: signing in cycles it, signing out deletes it)
_PERSONS: dict[str, str] = {}
_PERSONS_MAX = 65536


def _session_cache_key(session) -> str | None:
    """Where the session engine keeps this session in the default cache (read in the page's own
    round trip), or None (another engine or cache: the session loads itself)."""
    if settings.SESSION_ENGINE in CACHED_SESSIONS and settings.SESSION_CACHE_ALIAS == "default":
        return session.cache_key
    return None


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
        person, digest, found, key, hole_keys = None, None, {}, None, {}
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            session = request.session
            if session.session_key is None:  # not a session key: no session, nothing kept
                return self.get_response(request)
            key = _key(request, session.session_key)
            # one round trip: the session, the page and the figures of the person last seen with
            # this session (the hint is checked against the session below)
            hint = _PERSONS.get(session.session_key)
            hole_keys = {name: _remembered_key(name, hint) for name in HOLES} if hint else {}
            session_key = _session_cache_key(session)
            found = get_many([k for k in (session_key, key) if k] + list(hole_keys.values()))
            data = found.get(session_key) if session_key else None
            if isinstance(data, dict):  # as the engine would have loaded it
                session._session_cache = data
                session.accessed = True
            else:
                data = dict(session.items())
            person = data.get(AUTH_KEY)
            if not person:  # signed out, expired: nothing is cached for a session without a person
                return self.get_response(request)
            digest = _session_digest(data)
            if hint != person:
                if len(_PERSONS) >= _PERSONS_MAX:
                    _PERSONS.clear()
                _PERSONS[session.session_key] = person
                hole_keys = {name: _remembered_key(name, person) for name in HOLES}
                found.update(get_many(list(hole_keys.values())))
        else:
            key = _key(request, None)
            found = get_many([key])
        entry = found.get(key)
        if entry is not None and entry.get("session") == digest:
            figures = {
                name: found.get(hole_keys[name]) for name in entry.get("holes", ()) if name in hole_keys
            }
            wanted = set(entry["deps"]).union(*(f[0] for f in figures.values() if f is not None))
            current = get_many(list(wanted)) if wanted else {}
            if all(current.get(k) == v for k, v in entry["deps"].items()):
                values = {}
                for name, stored in figures.items():
                    if stored is not None and all(current.get(k) == v for k, v in stored[0].items()):
                        values[name] = stored[1]
                    else:  # the figure changed: counted again (one query for the person, one for it)
                        user = get_user_model().objects.get(pk=person)
                        values[name] = remembered(name, user, lambda h=HOLES[name], u=user: h.compute(u))
                return _replay(request, entry, values)
        signed_in_as = person
        recording = Recording(tokens=snapshot(), personal=signed_in_as is not None)
        if signed_in_as is not None:
            recording.tables.add(get_user_model()._meta.db_table)
        response = self._made_under(recording, request)
        cacheable = _cacheable_response(request, response, signed_in_as)
        deps = recording.dependencies() if cacheable else None
        if deps is not None:
            entry = _freeze(request, response, deps)
            entry["holes"] = sorted(recording.holes)
            entry["language"] = get_language()
            entry["session"] = digest
            cache.set(key, entry, lifetime())
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
        every signed-in page. A hit is two round trips to the cache: the answer and the token's
        check, then the sources of both with the throttles' counters."""
        from .throttling import count_with
        from .tokens import hash_key

        key = _api_key(request, raw_token)
        check_key = TOKEN_CHECK + hash_key(raw_token) if raw_token else None
        found = get_many([key, check_key] if check_key else [key])
        entry = found.get(key)
        if entry is not None:
            check = found.get(check_key) if check_key else None
            wanted = set(entry["deps"]) | set(check["deps"] if check else ())
            if raw_token:
                wanted.update(_token_check_sources())
            current = count_with(list(wanted), _counters(request, raw_token, entry, check), request)
            if all(current.get(k) == v for k, v in entry["deps"].items()):
                response = _api_served(request, raw_token, entry, check, current)
                if response is not None:
                    return response
        recording = Recording(tokens=snapshot())
        if raw_token:
            recording.tables.add(get_user_model()._meta.db_table)
        response = self._made_under(recording, request)
        checks = _api_storable(request, response)
        deps = recording.dependencies() if checks is not None else None
        if deps is not None:
            entry = {**_freeze(request, response, deps, csrf=False), **checks}
            cache.set(key, entry, lifetime())
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
        outer.merge(inner)
    if deps is not None:
        cache.set(key, (deps, value), lifetime())
    return value
