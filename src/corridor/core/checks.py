"""Deployment checks of our own, shown by ``corridor check --deploy``."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_background_workers(app_configs=None, **kwargs):
    """With DEBUG off and no REDIS_URL, tasks run inside the web process and the cache is per process."""
    if settings.DEBUG or getattr(settings, "REDIS_URL", ""):
        return []
    return [
        Warning(
            "REDIS_URL is not set: background tasks run inside the web process (eagerly) "
            "and the cache is per process.",
            hint="Set REDIS_URL and run `corridor worker` beside the web processes.",
            id="corridor.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_page_cache(app_configs=None, **kwargs):
    """The anonymous page cache needs a cache every web process shares: with a per-process one, a
    write seen by one process leaves the pages another process stored stale for up to
    ``PAGE_CACHE_SECONDS``."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not getattr(settings, "PAGE_CACHE_SECONDS", 0) or not backend.endswith(("LocMemCache", "DummyCache")):
        return []
    return [
        Warning(
            "PAGE_CACHE_SECONDS is set but the cache is per process: pages may stay stale after a write.",
            hint="Set REDIS_URL (a shared cache) or PAGE_CACHE_SECONDS=0.",
            id="corridor.W002",
        )
    ]
