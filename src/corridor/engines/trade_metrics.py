"""Trade metrics for one bilateral corridor: pure functions over plain numbers (no Django).

Every function states its formula and where analysts know it from (UN Comtrade, WITS, OEC,
the World Bank's results-framework practice). Values are floats in one currency; the caller
converts currencies before calling. Functions never mutate their inputs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Default target of the agreement: +30 % over 3 years.
TARGET_GROWTH = 0.30
TARGET_YEARS = 3
#: Within 5 % below the trajectory is amber, further below is red.
DEFAULT_TOLERANCE = 0.05

GREEN, AMBER, RED = "green", "amber", "red"


# --- totals and growth -------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectionTotals:
    year: int
    a_to_b: float
    b_to_a: float

    @property
    def total(self) -> float:
        return self.a_to_b + self.b_to_a


def bilateral_totals(rows: Iterable[tuple[int, str, str, float]], a: str, b: str) -> list[DirectionTotals]:
    """Bilateral totals per year and direction.

    ``rows`` are ``(year, exporter, importer, value)``. Total trade of the pair in year t is
    ``X(a→b, t) + X(b→a, t)`` (UN Comtrade / WITS "total trade" = exports + imports of the pair).
    Rows of other pairs are ignored. Years come out ascending.
    """
    acc: dict[int, list[float]] = {}
    for year, exporter, importer, value in rows:
        if (exporter, importer) == (a, b):
            acc.setdefault(int(year), [0.0, 0.0])[0] += float(value)
        elif (exporter, importer) == (b, a):
            acc.setdefault(int(year), [0.0, 0.0])[1] += float(value)
    return [DirectionTotals(y, v[0], v[1]) for y, v in sorted(acc.items())]


def yoy_growth(series: Mapping[int, float]) -> dict[int, float | None]:
    """Year-on-year growth ``g_t = V_t / V_{t-1} − 1`` (WITS "growth").

    ``None`` where the previous year is missing or zero.
    """
    out: dict[int, float | None] = {}
    for year in sorted(series):
        prev = series.get(year - 1)
        out[year] = None if not prev else series[year] / prev - 1.0
    return out


def cagr(v0: float, v1: float, years: float) -> float:
    """Compound annual growth rate ``(V1 / V0)^(1/n) − 1`` between two values ``n`` years apart.

    Standard definition (e.g. World Bank, OECD glossary). Requires ``v0 > 0``, ``v1 >= 0``, ``n > 0``.
    """
    if v0 <= 0 or v1 < 0 or years <= 0:
        raise ValueError("CAGR needs v0 > 0, v1 >= 0 and years > 0")
    return (v1 / v0) ** (1.0 / years) - 1.0


def compound(v0: float, rate: float, years: float) -> float:
    """Value after compounding: ``V0 · (1 + r)^n`` (the inverse of :func:`cagr`)."""
    return v0 * (1.0 + rate) ** years


@dataclass(frozen=True)
class LogLinearFit:
    """Least-squares fit of ``ln V_t = a + b·t``; ``rate = e^b − 1``."""

    intercept: float
    slope: float
    rate: float
    n: int
    residual_se: float | None  # None with fewer than 3 points (no degrees of freedom)
    t_mean: float
    sxx: float

    def predict_log(self, t: float) -> float:
        return self.intercept + self.slope * t


def log_linear_growth(years: Sequence[float], values: Sequence[float]) -> LogLinearFit:
    """Least-squares (log-linear) growth rate: fit ``ln V_t = a + b t`` by OLS, rate ``= e^b − 1``.

    This is the World Bank's "least-squares growth rate" (WDI Statistical methods), robust to the
    choice of end points unlike CAGR. Needs at least two distinct years and positive values.
    """
    if len(years) != len(values) or len(years) < 2:
        raise ValueError("need at least two (year, value) points")
    if any(v <= 0 for v in values):
        raise ValueError("values must be positive for a log-linear fit")
    ts = [float(t) for t in years]
    ys = [math.log(v) for v in values]
    n = len(ts)
    t_mean = sum(ts) / n
    y_mean = sum(ys) / n
    sxx = sum((t - t_mean) ** 2 for t in ts)
    if sxx == 0:
        raise ValueError("years must not all be equal")
    slope = sum((t - t_mean) * (y - y_mean) for t, y in zip(ts, ys)) / sxx
    intercept = y_mean - slope * t_mean
    se = None
    if n >= 3:
        rss = sum((y - (intercept + slope * t)) ** 2 for t, y in zip(ts, ys))
        se = math.sqrt(rss / (n - 2))
    return LogLinearFit(intercept, slope, math.exp(slope) - 1.0, n, se, t_mean, sxx)


# --- target tracking ---------------------------------------------------------------------------


def required_cagr(growth: float = TARGET_GROWTH, years: float = TARGET_YEARS) -> float:
    """Growth per year needed to reach ``(1 + growth)`` times the baseline in ``years``:
    ``(T / V0)^(1/n) − 1 = (1 + g)^(1/n) − 1``; for +30 % in 3 years ≈ 9.14 %/yr."""
    return (1.0 + growth) ** (1.0 / years) - 1.0


def trajectory_value(
    baseline: float, t: float, growth: float = TARGET_GROWTH, years: float = TARGET_YEARS
) -> float:
    """Required annual level ``t`` years after the baseline year on the constant-growth path
    ``V0 · (1 + g)^(t/n)`` (a results framework's interpolated milestone)."""
    return baseline * (1.0 + growth) ** (t / years)


@dataclass(frozen=True)
class TrajectoryPoint:
    t: float  # years after the end of the baseline year
    year: int
    half: int  # 1 = first half, 2 = second half (end of year)
    value: float  # the annual level required at that point


def target_trajectory(
    baseline_year: int,
    baseline: float,
    growth: float = TARGET_GROWTH,
    years: int = TARGET_YEARS,
) -> list[TrajectoryPoint]:
    """Required trajectory per half-year, from the baseline to the target ``V0 · (1 + g)``.

    The point at ``t = k/2`` is the annual level (12-month total) the corridor should run at
    ``k`` half-years after the end of the baseline year: ``V0 · (1 + g)^(t/n)``.
    """
    points = [TrajectoryPoint(0.0, baseline_year, 2, baseline)]
    for k in range(1, 2 * years + 1):
        t = k / 2
        year = baseline_year + math.ceil(t)
        points.append(
            TrajectoryPoint(t, year, 1 if k % 2 else 2, trajectory_value(baseline, t, growth, years))
        )
    return points


def rag_status(observed: float, required: float, tolerance: float = DEFAULT_TOLERANCE) -> str:
    """Red/amber/green against the trajectory: green if ``observed ≥ required``, amber if
    ``observed ≥ required · (1 − tolerance)``, red otherwise (results-framework convention)."""
    if observed >= required:
        return GREEN
    if observed >= required * (1.0 - tolerance):
        return AMBER
    return RED


@dataclass(frozen=True)
class Projection:
    year: int
    value: float
    low: float
    high: float


def project(fit: LogLinearFit, years: Iterable[int], level: float = 0.90) -> list[Projection]:
    """Projection from a log-linear trend with a prediction band.

    On the log scale the prediction interval is ``ŷ ± t_{n−2, (1+level)/2} · s · √(1 + 1/n +
    (t0 − t̄)² / Sxx)`` (OLS prediction interval); exponentiated back. With fewer than three
    points there is no residual variance and the band collapses onto the projection.
    """
    from scipy.stats import t as student_t

    out = []
    q = student_t.ppf((1 + level) / 2, fit.n - 2) if fit.residual_se is not None else 0.0
    for year in years:
        mid = fit.predict_log(year)
        half = 0.0
        if fit.residual_se is not None:
            half = q * fit.residual_se * math.sqrt(1 + 1 / fit.n + (year - fit.t_mean) ** 2 / fit.sxx)
        out.append(Projection(int(year), math.exp(mid), math.exp(mid - half), math.exp(mid + half)))
    return out


# --- mirror statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class MirrorGap:
    exporter_reported: float
    importer_reported: float
    gap: float  # M − X
    ratio: float | None  # M / X
    asymmetry: float | None  # (M − X) / ((M + X) / 2)


def mirror_gap(exporter_reported: float, importer_reported: float) -> MirrorGap:
    """Mirror statistics for one flow: exports reported by the exporter (X, FOB) against imports
    reported by the importer (M, CIF). Gap ``M − X``; ratio ``M / X`` (≈ 1.06–1.10 from CIF/FOB
    alone, IMF DOTS); relative asymmetry ``(M − X) / ((M + X)/2)`` (OECD balanced trade
    statistics). UN Comtrade and WITS publish both sides for this comparison."""
    x, m = float(exporter_reported), float(importer_reported)
    mean = (x + m) / 2
    return MirrorGap(x, m, m - x, (m / x) if x else None, ((m - x) / mean) if mean else None)


# --- composition and concentration -------------------------------------------------------------


def shares(values: Mapping[str, float]) -> dict[str, float]:
    """Share of each item in the total ``s_i = v_i / Σ v`` (zero total → empty)."""
    total = sum(values.values())
    if total <= 0:
        return {}
    return {k: v / total for k, v in values.items()}


def composition(values: Mapping[str, float], top: int | None = None) -> list[tuple[str, float, float]]:
    """Items sorted by value, each ``(code, value, share)``; ``top`` keeps the largest ones."""
    s = shares(values)
    rows = sorted(((k, float(v), s.get(k, 0.0)) for k, v in values.items()), key=lambda r: (-r[1], r[0]))
    return rows[:top] if top else rows


def hhi(values: Iterable[float]) -> float:
    """Herfindahl–Hirschman index ``H = Σ s_i²`` of positive values, in ``[1/n, 1]``
    (WITS "product concentration index", OEC)."""
    vals = [float(v) for v in values if v > 0]
    total = sum(vals)
    if total <= 0:
        raise ValueError("HHI needs at least one positive value")
    return sum((v / total) ** 2 for v in vals)


def normalized_hhi(values: Iterable[float]) -> float:
    """Normalised HHI ``H* = (H − 1/n) / (1 − 1/n)`` in ``[0, 1]`` (WITS/UNCTAD concentration
    index); a single product counts as fully concentrated (``H* = 1``)."""
    vals = [float(v) for v in values if v > 0]
    n = len(vals)
    h = hhi(vals)
    if n == 1:
        return 1.0
    return min(1.0, max(0.0, (h - 1.0 / n) / (1.0 - 1.0 / n)))


@dataclass(frozen=True)
class ExtensiveMargin:
    new_products: tuple[str, ...]
    count: int
    value: float
    share: float  # value of new products / total value of the current period


def extensive_margin(previous: Iterable[str], current: Mapping[str, float]) -> ExtensiveMargin:
    """New products (extensive margin): codes traded now with a positive value that were not
    traded in the reference period, their count and value share (Hummels & Klenow 2005; WITS
    "number of new products")."""
    prev = set(previous)
    new = sorted(k for k, v in current.items() if v > 0 and k not in prev)
    value = sum(current[k] for k in new)
    total = sum(v for v in current.values() if v > 0)
    return ExtensiveMargin(tuple(new), len(new), value, value / total if total else 0.0)


# --- world-relative measures -------------------------------------------------------------------


def rca(x_ik: float, x_i: float, x_wk: float, x_w: float) -> float:
    """Balassa revealed comparative advantage ``RCA_ik = (x_ik / X_i) / (x_wk / X_w)``
    (Balassa 1965; WITS, OEC). > 1: country i is specialised in product k."""
    if x_i <= 0 or x_wk <= 0 or x_w <= 0:
        raise ValueError("RCA needs positive totals")
    return (x_ik / x_i) / (x_wk / x_w)


def trade_intensity(x_ij: float, x_i: float, m_j: float, m_w: float) -> float:
    """Trade intensity index ``TII_ij = (x_ij / X_i) / (M_j / M_w)``: i's export share to j over
    j's share of world imports (WITS "trade intensity index"; Brown 1949, Kojima 1964). > 1: i
    exports more to j than j's weight in world trade would suggest."""
    if x_i <= 0 or m_j <= 0 or m_w <= 0:
        raise ValueError("TII needs positive totals")
    return (x_ij / x_i) / (m_j / m_w)


def trade_complementarity(exports_i: Mapping[str, float], imports_j: Mapping[str, float]) -> float:
    """Trade complementarity index ``TC_ij = 100 · (1 − Σ_k |m_jk − x_ik| / 2)`` where ``x_ik``
    is k's share in i's exports and ``m_jk`` its share in j's imports (Michaely 1996; WITS).
    0 = no overlap, 100 = i's export mix matches j's import mix exactly."""
    xs, ms = shares(exports_i), shares(imports_j)
    if not xs or not ms:
        raise ValueError("TCI needs positive export and import totals")
    keys = set(xs) | set(ms)
    return 100.0 * (1.0 - sum(abs(ms.get(k, 0.0) - xs.get(k, 0.0)) for k in keys) / 2.0)
