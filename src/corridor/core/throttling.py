"""API throttles that count in fixed windows: one counter per client and window, whatever the rate.

DRF's throttles keep, per client, the time of every request in the last period and write the
whole list back on each request: a budget of 600 a minute is a list of up to 600 times read and
written 600 times a minute, and the cost grows with the budget. These keep one integer per client
and window (``<scope key>:<window start>``), counted with an atomic increment; the budget and the
429 with ``Retry-After`` (the seconds left in the window) are the same. A fixed window lets a
client spend its budget at the end of one window and again at the start of the next (at most
twice the rate over one period), the usual trade of counter-based rate limits.

With Redis the counter is one round trip (a transaction of ``SET … NX EX``, which opens the
window with its expiry, and ``INCR``); with any other cache, ``add`` then ``incr``.
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


class WindowMixin:
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        start = int(now) - int(now) % self.duration
        self.window_end = start + self.duration
        count = _count(self.cache, f"{self.key}:{start}", self.duration + 1)
        return count <= self.num_requests

    def wait(self):
        return max(self.window_end - self.timer(), 0)


class AnonRateThrottle(WindowMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(WindowMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(WindowMixin, throttling.ScopedRateThrottle):
    def allow_request(self, request, view):
        # the scope, and so the rate, is the view's (as DRF's own ScopedRateThrottle finds it)
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
