"""API throttles that count in fixed windows: one counter per client and window, whatever the rate.

DRF's throttles keep, per client, the time of every request in the last period and write the
whole list back on each request: a budget of 600 a minute is a list of up to 600 times read and
written 600 times a minute, and the cost grows with the budget. These keep one integer per client
and window (``<scope key>:<window start>``), counted with an atomic increment; the budget and the
429 with ``Retry-After`` (the seconds left in the window) are the same. A fixed window lets a
client spend its budget at the end of one window and again at the start of the next (at most
twice the rate over one period), the usual trade of counter-based rate limits.

With Redis the counter is one round trip (a transaction of ``SET … NX EX``, which opens the
window with its expiry, and ``INCR``); with any other cache, ``add`` then ``incr``. A request is
counted once per window key (``counted``): the page cache counts a stored API answer's request in
the round trip that reads the answer's sources (``count_with``), and the view's throttles, should
the answer be stale, use that count.
"""

from __future__ import annotations

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from rest_framework import throttling


def _count(cache, key: str, ttl: int) -> int:
    """The window's counter after this request (atomic)."""
    backend = caches[DEFAULT_CACHE_ALIAS] if cache is default_cache else cache
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(full_key, write=True).pipeline()
        pipe.set(full_key, 0, ex=ttl, nx=True)  # opens the window with its expiry, once
        pipe.incr(full_key)
        return int(pipe.execute()[1])
    cache.add(key, 0, ttl)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls: this request opens the window again
        cache.set(key, 1, ttl)
        return 1


#: an HttpRequest's counts already taken (counter key -> count): the page cache counts a stored
#: API answer's request in the round trip that reads the answer's sources (core.pagecache), and
#: the view's own throttles, if the answer turns out stale, use that count instead of a second one
COUNTED = "_corridor_window_counts"


def counted(request) -> dict:
    """The counts taken for this request (a DRF request reads its HttpRequest's)."""
    request = getattr(request, "_request", request)
    found = request.__dict__.get(COUNTED)
    if found is None:
        found = {}
        setattr(request, COUNTED, found)
    return found


class WindowMixin:
    def window(self, request, view) -> tuple[str, int, int] | None:
        """(this request's counter key, its expiry in seconds, the window's end), or None: not
        throttled."""
        if self.rate is None:
            return None
        key = self.get_cache_key(request, view)
        if key is None:
            return None
        now = self.timer()
        start = int(now) - int(now) % self.duration
        return f"{key}:{start}", self.duration + 1, start + self.duration

    def allow_request(self, request, view):
        window = self.window(request, view)
        if window is None:
            return True
        counter, ttl, self.window_end = window
        taken = counted(request)
        if counter not in taken:  # one count per request, whoever asks first
            taken[counter] = _count(self.cache, counter, ttl)
        return taken[counter] <= self.num_requests

    def wait(self):
        return max(self.window_end - self.timer(), 0)


class AnonRateThrottle(WindowMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(WindowMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(WindowMixin, throttling.ScopedRateThrottle):
    def window(self, request, view):
        # the scope, and so the rate, is the view's (as DRF's own ScopedRateThrottle finds it)
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return None
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().window(request, view)


def count_with(keys: list[str], counters: list[tuple[str, int]], request) -> dict:
    """``pagecache.get_many(keys)``, counting ``counters`` (key, expiry) for ``request`` in the
    same round trip on Redis (their counts are kept on the request: ``counted``)."""
    from .pagecache import get_many

    taken = counted(request)
    counters = [(k, ttl) for k, ttl in counters if k not in taken]
    backend = caches[DEFAULT_CACHE_ALIAS]
    if counters and isinstance(backend, RedisCache):
        made = [backend.make_key(k) for k in keys]
        made_counters = [(backend.make_key(k), ttl) for k, ttl in counters]
        # one transaction, as ``_count``: a window opened with its expiry, then counted
        pipe = backend._cache.get_client(None, write=True).pipeline()
        if made:
            pipe.mget(made)
        for full_key, ttl in made_counters:
            pipe.set(full_key, 0, ex=ttl, nx=True)
            pipe.incr(full_key)
        results = pipe.execute()
        values = results[0] if made else []
        loads = backend._cache._serializer.loads
        found = {k: loads(v) for k, v in zip(keys, values, strict=True) if v is not None}
        for (key, _ttl), count in zip(counters, results[(1 if made else 0) + 1 :: 2], strict=True):
            taken[key] = int(count)
        return found
    found = get_many(keys)
    for key, ttl in counters:
        taken[key] = _count(default_cache, key, ttl)
    return found
