"""Half-year periods and trajectory status against hand-worked cases and properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.engines.results import HalfYear, expected_value, trajectory_status

D0, DT = dt.date(2025, 1, 1), dt.date(2027, 1, 1)  # 730 days


def test_half_year_parse_bounds_and_neighbours():
    h = HalfYear.parse("2026-h1")
    assert (h.start, h.end, str(h)) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026-H1")
    assert str(h.previous()) == "2025-H2" and str(h.next()) == "2026-H2"
    assert HalfYear.containing(dt.date(2026, 11, 29)) == HalfYear(2026, 2)
    for bad in ["2026-Q1", "2026", "2026-H3", "H1-2026", ""]:
        with pytest.raises(ValueError):
            HalfYear.parse(bad)


def test_hand_worked_statuses():
    """Baseline 100 (2025-01-01) → target 200 (2027-01-01); on 2026-01-01 the path is at 150 (365/730)."""
    on = dt.date(2026, 1, 1)
    assert expected_value(baseline=100, baseline_date=D0, target=200, target_date=DT, on=on) == 150
    t = trajectory_status(actual=150, baseline=100, baseline_date=D0, target=200, target_date=DT, on=on)
    assert t.status == "on_track" and t.progress == 0.5 and t.gap == 0
    # 145 is 5 units below the path = 5% of the planned change (100): at risk with 10% tolerance.
    assert (
        trajectory_status(
            actual=145, baseline=100, baseline_date=D0, target=200, target_date=DT, on=on
        ).status
        == "at_risk"
    )
    # 135 is 15% below: off track.
    assert (
        trajectory_status(
            actual=135, baseline=100, baseline_date=D0, target=200, target_date=DT, on=on
        ).status
        == "off_track"
    )
    assert (
        trajectory_status(
            actual=None, baseline=100, baseline_date=D0, target=200, target_date=DT, on=on
        ).status
        == "no_data"
    )
    # Lower is better: emissions 100 → 50; at mid-path 75 expected; 70 is better than the path.
    assert (
        trajectory_status(
            actual=70,
            baseline=100,
            baseline_date=D0,
            target=50,
            target_date=DT,
            on=on,
            higher_is_better=False,
        ).status
        == "on_track"
    )
    assert (
        trajectory_status(
            actual=90,
            baseline=100,
            baseline_date=D0,
            target=50,
            target_date=DT,
            on=on,
            higher_is_better=False,
        ).status
        == "off_track"
    )


@given(st.integers(1990, 2100), st.integers(1, 2))
def test_period_text_round_trips(year, half):
    h = HalfYear(year, half)
    assert HalfYear.parse(str(h)) == h
    assert h.next().previous() == h
    assert h.start <= h.end and HalfYear.containing(h.start) == h == HalfYear.containing(h.end)


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.integers(-2000, 3000))
def test_expected_value_stays_between_baseline_and_target(base, target, offset):
    v = expected_value(
        baseline=base, baseline_date=D0, target=target, target_date=DT, on=D0 + dt.timedelta(days=offset)
    )
    assert min(base, target) - 1e-6 <= v <= max(base, target) + 1e-6


@given(st.floats(0, 1000), st.floats(0, 1000))
def test_more_is_never_worse_when_higher_is_better(a, b):
    order = {"off_track": 0, "at_risk": 1, "on_track": 2}
    lo, hi = sorted([a, b])
    s_lo = trajectory_status(
        actual=lo, baseline=100, baseline_date=D0, target=200, target_date=DT, on=dt.date(2026, 1, 1)
    )
    s_hi = trajectory_status(
        actual=hi, baseline=100, baseline_date=D0, target=200, target_date=DT, on=dt.date(2026, 1, 1)
    )
    assert order[s_hi.status] >= order[s_lo.status]
