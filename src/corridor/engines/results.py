"""Results-framework arithmetic (IATI style): half-year periods and trajectory status.

An indicator has a baseline (value v0 at date d0) and a target (value vT at date dT). The
planned path is the straight line between them. At the end of a period p with actual value a:

    expected(p) = v0 + (vT − v0) · clamp((end(p) − d0) / (dT − d0), 0, 1)
    progress    = (a − v0) / (vT − v0)            (share of the planned change achieved)
    gap         = (a − expected) / |vT − v0|      (signed, in units of the planned change;
                                                   sign flipped when lower is better)

Status: ``on_track`` if gap ≥ 0, ``at_risk`` if −tolerance ≤ gap < 0 (default tolerance 0.10,
i.e. within 10% of the planned change), ``off_track`` below that, ``no_data`` without a value.
Practice cited in the anchors: compare the actual to the required path at that date (not
only to the end target), amber within a tolerance (NHS / results-framework RAG rules).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Status = Literal["on_track", "at_risk", "off_track", "no_data"]
PERIOD_RE = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int  # 1 or 2

    @classmethod
    def parse(cls, text: str) -> HalfYear:
        m = PERIOD_RE.match(text.strip().upper())
        if not m:
            raise ValueError(f"A half-year period looks like 2026-H1, not {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def containing(cls, day: dt.date) -> HalfYear:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    def previous(self) -> HalfYear:
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    def next(self) -> HalfYear:
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"


def expected_value(
    *, baseline: float, baseline_date: dt.date, target: float, target_date: dt.date, on: dt.date
) -> float:
    """The value on the straight path from baseline to target at date ``on`` (clamped to the ends)."""
    span = (target_date - baseline_date).days
    if span <= 0:
        return target
    frac = min(max((on - baseline_date).days / span, 0.0), 1.0)
    return baseline + (target - baseline) * frac


@dataclass(frozen=True)
class Trajectory:
    expected: float
    progress: float | None
    gap: float | None
    status: Status


def trajectory_status(
    *,
    actual: float | None,
    baseline: float,
    baseline_date: dt.date,
    target: float,
    target_date: dt.date,
    on: dt.date,
    higher_is_better: bool = True,
    tolerance: float = 0.10,
) -> Trajectory:
    """Status of ``actual`` at date ``on`` against the straight baseline→target path (see module doc)."""
    expected = expected_value(
        baseline=baseline, baseline_date=baseline_date, target=target, target_date=target_date, on=on
    )
    if actual is None:
        return Trajectory(expected, None, None, "no_data")
    change = target - baseline
    if change == 0:
        ok = actual >= target if higher_is_better else actual <= target
        return Trajectory(expected, None, 0.0 if ok else -1.0, "on_track" if ok else "off_track")
    progress = (actual - baseline) / change
    gap = (actual - expected) / abs(change)
    if not higher_is_better:
        gap = -gap
    if gap >= 0:
        status: Status = "on_track"
    elif gap >= -tolerance:
        status = "at_risk"
    else:
        status = "off_track"
    return Trajectory(expected, progress, gap, status)
