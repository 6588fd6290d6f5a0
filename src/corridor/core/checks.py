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
