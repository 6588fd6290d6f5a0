"""The dashboard's computed figures, kept in Django's cache.

Computing the dashboard reads every table from the Parquet store (hundreds of milliseconds at the
demo's size); its figures change only when trade data changes. They are cached under a key made
of the releases the viewer is shown (ids), the target setting, what the viewer may see (public or
the secretariat's preview), the filters and the language, plus a *generation* token that every
change to trade data renews (``invalidate_dashboard``: a release imported, published, withdrawn or
deleted, a headline figure, the target, the HS→sector map or a currency rate changed; wired by
signals in ``apps.py`` so admin edits count too). An import warms the cache when it finishes
(``TRADE_WARM_DASHBOARD``, on by default), charts included, so the first visitor does not wait.
Charts are cached as SVG beside the figures of the same view.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from corridor.core import pagecache

logger = logging.getLogger(__name__)

GENERATION_KEY = "trade:dashboard:generation"
#: Cached figures expire after a day even if nothing changed (a safety net, not the mechanism).
TIMEOUT = 24 * 3600


def generation() -> str:
    """The token of the trade data now; a page being made from it is cached only until it
    changes (``core.pagecache.depends_on``)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY) or ""
    pagecache.depends_on(GENERATION_KEY, token)
    return token


def invalidate_dashboard(*args, **kwargs) -> None:
    """Forget every cached dashboard (a new generation token); usable as a signal receiver."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def dashboard_key(**parts) -> str:
    parts = {**parts, "generation": generation(), "language": translation.get_language() or ""}
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return f"trade:dashboard:{digest}"


def cached(key: str, compute: Callable[[], dict]) -> dict:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def warm_dashboard(users=()) -> None:
    """Compute the default dashboard for the public (and for ``users``, e.g. the importing
    secretariat member) in every language, so the next visitor reads it from the cache."""
    if not getattr(settings, "TRADE_WARM_DASHBOARD", True):
        return
    from django.contrib.auth.models import AnonymousUser

    from .presentation import CHARTS
    from .queries import dashboard_chart_svg, dashboard_tables

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for user in (AnonymousUser(), *[u for u in users if u is not None]):
                try:
                    dashboard_tables(user)
                    for name in CHARTS:
                        dashboard_chart_svg(user, name)
                except Exception:  # warming is an optimisation: never fail an import for it
                    logger.exception("warming the trade dashboard failed")
