"""The one indicator registry. Modules register *automatic* indicators here; the council reads
them only through these providers, never through another module's tables.

A provider computes the value of its indicator for a period (start and end dates, inclusive),
optionally per country: it returns ``{None: total}`` or ``{"MY": x, "KE": y}`` (and may add a
``None`` total). It is called when a review gathers figures and when a dashboard shows the
current period; a published review stores the result as an immutable snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

Compute = Callable[[dt.date, dt.date], dict[str | None, float]]


@dataclass(frozen=True)
class Provider:
    code: str
    name: str
    unit: str
    pillar: str
    definition: str
    compute: Compute
    module: str
    higher_is_better: bool = True
    by_country: bool = False


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Register (or replace, on reload) an automatic indicator provider under its code."""
    _PROVIDERS[provider.code] = provider
    return provider


def provider(code: str) -> Provider | None:
    return _PROVIDERS.get(code)


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: p.code)


#: Headline targets a module tracks (e.g. trade's +30 %): code -> ``status(as_of) -> dict``. The
#: council's reviews read a target's status through here, never through the module's tables.
TargetStatus = Callable[[dt.date], dict]
_TARGETS: dict[str, TargetStatus] = {}

#: The code under which the trade module registers the agreement's +30 % bilateral-trade target.
TRADE_TARGET = "bilateral_trade_plus_30"


def register_target(code: str, status: TargetStatus) -> TargetStatus:
    """Register (or replace, on reload) the status function of a headline target."""
    _TARGETS[code] = status
    return status


def target_status(code: str, as_of: dt.date) -> dict | None:
    """The registered target's status on ``as_of``; None when no module registered it."""
    status = _TARGETS.get(code)
    return None if status is None else status(as_of)
