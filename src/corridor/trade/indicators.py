"""The trade target as an indicator: what the council module reads.

``target_status(as_of=None)`` returns a plain dict (JSON-ready) with the published target
setting, the required trajectory per half-year, the latest observation against it with its
red/amber/green status, and a projection from the log-linear trend with a 90 % band.
Observations are published headline figures (total trade of the pair, in the target's currency)
from the newest published release of each dataset (an unpublished revision does not hide
them; the secretariat may preview it with ``include_unpublished``); when two sources give the same period, the later publication wins.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from corridor.engines import trade_metrics as tm

from .enums import Flow
from .models import HeadlineFigure, TargetSetting, TradeRelease


def current_target(*, include_unpublished: bool = False) -> TargetSetting | None:
    qs = TargetSetting.objects.select_related("reporter", "partner")
    if not include_unpublished:
        qs = qs.filter(is_published=True)
    return qs.order_by("-created_at", "-id").first()


def observations(
    target: TargetSetting, *, as_of: dt.date | None = None, include_unpublished: bool = False
) -> list[dict]:
    """One figure per period (total trade of the pair in the target currency)."""
    a, b = target.reporter_id, target.partner_id
    qs = HeadlineFigure.objects.filter(
        Q(reporter_id=a, partner_id=b) | Q(reporter_id=b, partner_id=a),
        flow=Flow.TOTAL,
        currency=target.currency,
        release__in=TradeRelease.objects.newest_per_dataset(include_unpublished=include_unpublished),
    ).select_related("release")
    best: dict[tuple[int, int, int], HeadlineFigure] = {}
    for fig in qs.order_by(F("publication_date").asc(nulls_first=True), "release__created_at", "id"):
        end = dt.date(fig.year, fig.month_to, 28)
        if as_of is not None and end > as_of:
            continue
        best[(fig.year, fig.month_from, fig.month_to)] = fig  # later publication overwrites
    out = []
    for (year, m1, m2), fig in sorted(best.items()):
        out.append(
            {
                "year": year,
                "period": fig.period,
                "months": m2 - m1 + 1,
                "value": float(fig.value),
                "currency": fig.currency,
                "source_name": fig.source_name,
                "source_url": fig.source_url,
                "publication_date": fig.publication_date.isoformat() if fig.publication_date else None,
                "release_id": fig.release_id,
            }
        )
    return out


def target_status(as_of: dt.date | None = None, *, include_unpublished: bool = False) -> dict:
    """Where bilateral trade stands against the +30 % target (see module docstring)."""
    target = current_target(include_unpublished=include_unpublished)
    if target is None:
        return {"configured": False, "status": "no_target"}
    v0 = float(target.baseline_value)
    g, n, tol = float(target.growth), int(target.horizon_years), float(target.tolerance)
    trajectory = tm.target_trajectory(target.baseline_year, v0, g, n)
    obs = observations(target, as_of=as_of, include_unpublished=include_unpublished)
    annual = [o for o in obs if o["months"] == 12]

    # Latest observation after the baseline: a full year, or a year-to-date figure annualised
    # (12/months; a simple pro-rating that ignores seasonality, and says so).
    latest = None
    for o in sorted(obs, key=lambda o: (o["year"], o["months"])):
        if o["year"] <= target.baseline_year:
            continue
        t = (o["year"] - target.baseline_year - 1) + o["months"] / 12
        level = o["value"] * 12 / o["months"]
        required = tm.trajectory_value(v0, t, g, n)
        latest = {
            **o,
            "t": t,
            "annualised": o["months"] != 12,
            "level": level,
            "required": required,
            "gap_pct": level / required - 1,
            "status": tm.rag_status(level, required, tol),
        }

    projection = None
    trend_rate = None
    fit_points = [(o["year"], o["value"]) for o in annual if o["value"] > 0]
    if len({y for y, _ in fit_points}) >= 2:
        fit = tm.log_linear_growth([y for y, _ in fit_points], [v for _, v in fit_points])
        trend_rate = fit.rate
        end_year = target.baseline_year + n
        p = tm.project(fit, [end_year])[0]
        target_value = tm.trajectory_value(v0, n, g, n)
        projection = {
            "year": p.year,
            "value": p.value,
            "low": p.low,
            "high": p.high,
            "level": 0.90,
            "from_years": [fit_points[0][0], fit_points[-1][0]],
            "points": len(fit_points),
            "status": tm.rag_status(p.value, target_value, tol),
        }

    return {
        "configured": True,
        "name": target.name,
        "reporter": target.reporter_id,
        "partner": target.partner_id,
        "currency": target.currency,
        "baseline_year": target.baseline_year,
        "baseline_value": v0,
        "baseline_source": target.baseline_source,
        "baseline_source_url": target.baseline_source_url,
        "growth": g,
        "horizon_years": n,
        "target_year": target.baseline_year + n,
        "target_value": v0 * (1 + g),
        "required_cagr": tm.required_cagr(g, n),
        "tolerance": tol,
        "trajectory": [
            {"t": p.t, "year": p.year, "half": p.half, "label": f"{p.year} H{p.half}", "value": p.value}
            for p in trajectory
        ],
        "observations": obs,
        "latest": latest,
        "status": latest["status"] if latest else "no_data",
        "trend_rate": trend_rate,
        "projection": projection,
        "as_of": (as_of or dt.date.today()).isoformat(),
    }


def _bilateral_total(start: dt.date, end: dt.date) -> dict[str | None, float]:
    """Latest published bilateral total known at the end of the period, annualised, in millions of
    the target's currency (the council compares it with the straight path to the +30% target)."""
    status = target_status(as_of=end)
    if not status.get("configured"):
        return {}
    latest = status.get("latest")
    if latest is None:
        # No published figure after the baseline yet: no data, as on the trade dashboard.
        return {}
    return {None: round(latest["level"] / 1e6, 1)}


#: World Bank context indicators read from the trade module's WDI imports:
#: (provider code, WDI code, name, unit, how the two countries combine into a total).
CONTEXT_INDICATORS = [
    (
        "trade.wdi.internet_users",
        "IT.NET.USER.ZS",
        "Individuals using the Internet",
        "% of population",
        "mean",
    ),
    (
        "trade.wdi.mobile_subscriptions",
        "IT.CEL.SETS.P2",
        "Mobile cellular subscriptions",
        "per 100 people",
        "mean",
    ),
    ("trade.wdi.hightech_exports", "TX.VAL.TECH.CD", "High-technology exports", "USD", "sum"),
]


def wdi_latest(indicator: str, *, max_year: int, include_unpublished: bool = False) -> dict[str, dict]:
    """Per partner country (ISO alpha-2), the latest value of a WDI indicator for a year ≤
    ``max_year`` from the newest published WDI release of each dataset, newest release first:
    ``{"MY": {"year": 2023, "value": 97.7, "release_id": 4}}``."""
    from django.conf import settings

    from corridor.core.models import Country

    from . import store

    qs = TradeRelease.objects.newest_per_dataset(include_unpublished=include_unpublished).filter(format="wdi")
    releases = list(qs.order_by("-created_at", "-id"))
    if not releases:
        return {}
    alpha3 = dict(Country.objects.filter(code__in=settings.PARTNER_COUNTRIES).values_list("alpha3", "code"))
    paths = [store.parquet_path(r.parquet_name) for r in releases]
    by_path = {p.as_posix(): r.pk for p, r in zip(paths, releases)}
    out: dict[str, dict] = {}
    for path in paths:  # newest release first; older ones only fill gaps
        for _ind, c3, year, value in store.wdi_values(
            [path], indicators=[indicator], countries=list(alpha3), max_year=max_year
        ):
            iso2 = alpha3[c3]
            if iso2 not in out or year > out[iso2]["year"]:
                out[iso2] = {"year": year, "value": value, "release_id": by_path[path.as_posix()]}
    return out


def _context(indicator: str, combine: str):
    def compute(start: dt.date, end: dt.date) -> dict[str | None, float]:
        latest = wdi_latest(indicator, max_year=end.year)
        values: dict[str | None, float] = {k: v["value"] for k, v in sorted(latest.items())}
        if len(values) >= 2:
            total = sum(values.values())
            values[None] = total / len(values) if combine == "mean" else total
        return values

    compute.__doc__ = (
        f"Latest World Bank WDI {indicator} for a year ≤ the period's end year, per country "
        f"(total: {'mean of the two countries' if combine == 'mean' else 'sum of the two countries'})."
    )
    return compute


def register_council_indicators() -> None:
    from corridor.council.registry import TRADE_TARGET, Provider, register, register_target

    register_target(TRADE_TARGET, lambda as_of: target_status(as_of=as_of))

    for code, wdi, name, unit, combine in CONTEXT_INDICATORS:
        register(
            Provider(
                code=code,
                name=f"{name} (World Bank WDI {wdi})",
                unit=unit,
                pillar="data",
                definition=f"World Bank World Development Indicators {wdi}, latest year up to the period's end "
                "year, per country, from the trade module's published WDI imports (CC-BY-4.0). The total is the "
                + ("mean of the two countries." if combine == "mean" else "sum of the two countries."),
                compute=_context(wdi, combine),
                module="trade",
                by_country=True,
            )
        )

    register(
        Provider(
            code="trade.bilateral_total",
            name="Malaysia–Kenya bilateral trade (latest published, annualised)",
            unit="MYR million",
            pillar="trade",
            definition="Latest published Malaysia–Kenya total trade known at the end of the period; year-to-date "
            "figures are annualised (×12/months). Source and release as shown on the trade dashboard.",
            compute=_bilateral_total,
            module="trade",
        )
    )
