"""A page cache shared by anonymous visitors, emptied by any write to the database.

A public page (the directory, an event, a call, the trade dashboard) is the same for every
anonymous visitor in a language, except the CSRF token its forms carry (the language switcher,
htmx's header). ``AnonymousPageCacheMiddleware`` keeps such pages for ``PAGE_CACHE_SECONDS``
(default 60 with ``DEBUG=0``, 0 = off, the default with ``DEBUG=1``), keyed by

* the **generation**: a value in the shared cache that every committed write to the database
  replaces (``WriteWatcher``, an execute wrapper on every connection: INSERT, UPDATE, DELETE,
  TRUNCATE, COPY; writes to sessions and login-attempt tables excepted), so a page never outlives
  the data it shows by more than the commit that changed it;
* scheme, host, language and the full path with its query string.

What is never cached: anything but a GET; a visitor who sends a session cookie, an
``Authorization`` header or a pending message (anyone signed in, or about to see a notice); htmx
requests (they receive fragments); the API (its anonymous throttle must count every request),
``/account/`` (sign-in flows), the admin, media and health checks; any answer but a 200
``text/html`` one, an answer marked private or no-store, and an answer that sets a cookie other
than the CSRF cookie or changes the session.

The CSRF token: the stored page has every masked token of the rendering visitor's secret
replaced by a placeholder; a hit fills in a fresh token of the *current* visitor's secret (which
also sets their CSRF cookie), so no two visitors share a secret. Time-dependent wording ("closes
in 2 days") is at most ``PAGE_CACHE_SECONDS`` old.

A look-up costs one round trip to the cache (the generation and the page in one ``get_many``);
a path that answered 200 with something other than a page (a feed, a calendar file) is not looked
up again by that process. Pages answered from the cache carry ``X-Page-Cache: hit``; pages stored
carry ``miss``.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "pagecache:generation"
PLACEHOLDER = "__corridor_csrf_token__"
SKIP_PREFIXES = ("/api/", "/account/", "/admin/", "/media/", "/static/", "/healthz")
#: writes that change no page: sessions, login attempts (django-axes), API tokens (issued,
#: revoked, or their "last used" time touched by a request: only their owner's token list, a
#: signed-in page that is never cached, shows them)
QUIET_TABLES = re.compile(r"^(django_session$|axes_|core_apitoken$)")
WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY|REPLACE\s+INTO)\s+"?([\w.]+)',
    re.IGNORECASE,
)
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = secrets.token_hex(8)
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def new_generation() -> None:
    """Every stored page is from now on a miss (a fresh random value, not a counter: a counter
    that an eviction resets could come back to a generation whose pages are still stored)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def is_content_write(sql: str) -> bool:
    match = WRITE.match(sql)
    return bool(match) and not QUIET_TABLES.match(match.group(1).split(".")[-1])


class WriteWatcher:
    """An execute wrapper: a write schedules one new generation for when its transaction commits
    (at once outside a transaction; never if it rolls back)."""

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if enabled() and isinstance(sql, str) and is_content_write(sql):
            connection = context["connection"]
            if not any(func is new_generation for _sids, func, *_ in connection.run_on_commit):
                transaction.on_commit(new_generation, using=connection.alias)
        return result


WATCHER = WriteWatcher()


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: put the watcher on each database connection once."""
    if WATCHER not in connection.execute_wrappers:
        connection.execute_wrappers.append(WATCHER)


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and not request.path.startswith(SKIP_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
    )


def _key(request) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"pagecache:{get_language()}:{digest}"


def _lookup(key: str) -> tuple[str, dict | None]:
    """The current generation and the stored page, in one round trip to the cache; a page
    stored under an older generation is no page."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        return generation(), None
    entry = found.get(key)
    return current, (entry if entry is not None and entry.get("generation") == current else None)


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


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _freeze(request, response) -> dict:
    content = response.content.decode(response.charset or "utf-8")
    secret = request.META.get("CSRF_COOKIE")
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
    return {"content": content, "headers": headers, "charset": response.charset, "csrf": uses_csrf}


def _frozen(request, response, current: str) -> dict:
    return {**_freeze(request, response), "generation": current}


def _replay(request, entry: dict) -> HttpResponse:
    content = entry["content"]
    if entry["csrf"]:
        content = content.replace(PLACEHOLDER, get_token(request))
    response = HttpResponse(content.encode(entry["charset"] or "utf-8"))
    for name, value in entry["headers"]:
        response[name] = value
    # the page depends on the visitor having no session: say so, as a stored miss did
    patch_vary_headers(response, ("Cookie",))
    response["X-Page-Cache"] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Placed after ``LocaleMiddleware`` and ``CsrfViewMiddleware`` (the language and the
    visitor's CSRF cookie are known) and before authentication (a hit needs neither the session
    nor the user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request) or request.path in _UNCACHEABLE:
            return self.get_response(request)
        key = _key(request)
        current, entry = _lookup(key)
        if entry is not None:
            return _replay(request, entry)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            cache.set(key, _frozen(request, response, current), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        elif _never_a_page(response):
            _remember_uncacheable(request.path)
        return response


def remembered(name: str, user, compute):
    """A figure of one signed-in person (the nav's unread counts) kept until the next committed
    write, under the page cache's generation; computed each time when the page cache is off or
    for anonymous visitors. One round trip to the cache instead of a query."""
    if not enabled() or not getattr(user, "is_authenticated", False):
        return compute()
    key = f"pagecache:{name}:{user.pk}"
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        return stored[1]
    value = compute()
    cache.set(key, (current, value), settings.PAGE_CACHE_SECONDS)
    return value
