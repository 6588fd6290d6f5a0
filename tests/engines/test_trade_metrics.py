"""Trade metrics: hand-computed values and properties (no database)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.engines import trade_metrics as tm


def test_bilateral_totals_by_direction_and_year():
    rows = [
        (2023, "MY", "KE", 100.0),
        (2023, "MY", "KE", 50.0),
        (2023, "KE", "MY", 10.0),
        (2024, "KE", "MY", 5.0),
        (2024, "MY", "TZ", 999.0),
    ]
    out = tm.bilateral_totals(rows, "MY", "KE")
    assert [(t.year, t.a_to_b, t.b_to_a, t.total) for t in out] == [
        (2023, 150.0, 10.0, 160.0),
        (2024, 0.0, 5.0, 5.0),
    ]


def test_growth_and_cagr_by_hand():
    assert tm.yoy_growth({2022: 100.0, 2023: 110.0, 2025: 121.0}) == {
        2022: None,
        2023: pytest.approx(0.1),
        2025: None,
    }
    # 100 → 133.1 in 3 years is exactly 10 %/yr.
    assert tm.cagr(100, 133.1, 3) == pytest.approx(0.10)
    # The agreement's target: +30 % in 3 years needs 9.14 %/yr.
    assert tm.required_cagr() == pytest.approx(0.0914, abs=5e-5)
    with pytest.raises(ValueError):
        tm.cagr(0, 1, 1)


def test_log_linear_growth_recovers_exact_exponential():
    fit = tm.log_linear_growth([2020, 2021, 2022, 2023], [100, 110, 121, 133.1])
    assert fit.rate == pytest.approx(0.10)
    assert fit.residual_se == pytest.approx(0.0, abs=1e-12)
    # Hand computation on ln values of 2, 4, 4, 8 (t = 0..3): slope = Σ(t−1.5)(y−ȳ)/Sxx.
    fit2 = tm.log_linear_growth([0, 1, 2, 3], [2, 4, 4, 8])
    ys = [math.log(v) for v in (2, 4, 4, 8)]
    ybar = sum(ys) / 4
    slope = sum((t - 1.5) * (y - ybar) for t, y in zip(range(4), ys)) / 5.0
    assert fit2.slope == pytest.approx(slope)
    assert fit2.rate == pytest.approx(math.exp(slope) - 1)


def test_target_trajectory_per_half_year():
    points = tm.target_trajectory(2024, 5.7e9)
    assert len(points) == 7
    assert points[0].value == 5.7e9
    assert points[-1].value == pytest.approx(5.7e9 * 1.3)
    assert (points[-1].year, points[-1].half) == (2027, 2)
    assert (points[1].year, points[1].half) == (2025, 1)
    # After one year the path is at V0 · 1.3^(1/3).
    assert points[2].value == pytest.approx(5.7e9 * 1.3 ** (1 / 3))
    assert points[2].value == pytest.approx(5.7e9 * (1 + tm.required_cagr()))


def test_rag_status_against_trajectory():
    assert tm.rag_status(100, 100) == tm.GREEN
    assert tm.rag_status(96, 100) == tm.AMBER
    assert tm.rag_status(95, 100) == tm.AMBER
    assert tm.rag_status(94.9, 100) == tm.RED
    assert tm.rag_status(90, 100, tolerance=0.10) == tm.AMBER


def test_projection_band_contains_projection_and_widens():
    fit = tm.log_linear_growth([2019, 2020, 2021, 2022, 2023], [100, 112, 118, 135, 140])
    near, far = tm.project(fit, [2024, 2030])
    assert near.low < near.value < near.high
    assert (far.high / far.low) > (near.high / near.low)
    exact = tm.project(tm.log_linear_growth([2020, 2021], [100, 110]), [2022])[0]
    assert exact.value == pytest.approx(121) and exact.low == exact.high == exact.value


def test_mirror_gap():
    g = tm.mirror_gap(100, 108)
    assert (g.gap, g.ratio) == (8, pytest.approx(1.08))
    assert g.asymmetry == pytest.approx(8 / 104)
    assert tm.mirror_gap(0, 0).ratio is None


def test_hhi_and_normalised_by_hand():
    # shares 0.5, 0.3, 0.2 → H = 0.25 + 0.09 + 0.04 = 0.38; H* = (0.38 − 1/3)/(2/3) = 0.07
    assert tm.hhi([50, 30, 20]) == pytest.approx(0.38)
    assert tm.normalized_hhi([50, 30, 20]) == pytest.approx(0.07)
    assert tm.normalized_hhi([5]) == 1.0
    assert tm.normalized_hhi([1, 1, 1, 1]) == pytest.approx(0.0)


def test_composition_and_extensive_margin():
    rows = tm.composition({"15": 60.0, "27": 30.0, "09": 10.0}, top=2)
    assert rows == [("15", 60.0, 0.6), ("27", 30.0, 0.3)]
    em = tm.extensive_margin(
        {"151110", "090240"}, {"151110": 70.0, "260300": 20.0, "060311": 10.0, "999999": 0}
    )
    assert em.new_products == ("060311", "260300")
    assert em.count == 2 and em.value == 30.0 and em.share == pytest.approx(0.3)


def test_rca_tii_tci_by_hand():
    # MY palm oil 20 of 100 exports; world palm oil 1 of 100 → RCA 20.
    assert tm.rca(20, 100, 1, 100) == pytest.approx(20)
    # MY exports 2 of 100 to KE; KE takes 0.5 % of world imports → TII 4.
    assert tm.trade_intensity(2, 100, 5, 1000) == pytest.approx(4)
    # Export shares a .5 b .5; import shares a .25 b .25 c .5 → Σ|diff| = .25+.25+.5 = 1 → TC 50.
    assert tm.trade_complementarity({"a": 1, "b": 1}, {"a": 1, "b": 1, "c": 2}) == pytest.approx(50)
    assert tm.trade_complementarity({"a": 3}, {"a": 7}) == pytest.approx(100)


positive = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(
    v0=positive, rate=st.floats(min_value=-0.9, max_value=2.0), years=st.floats(min_value=0.5, max_value=30)
)
def test_cagr_is_inverse_of_compounding(v0, rate, years):
    assert tm.cagr(v0, tm.compound(v0, rate, years), years) == pytest.approx(rate, abs=1e-9)


@given(st.lists(positive, min_size=1, max_size=60))
def test_hhi_bounds(values):
    n = len(values)
    h = tm.hhi(values)
    assert 1 / n - 1e-9 <= h <= 1 + 1e-9
    assert 0.0 <= tm.normalized_hhi(values) <= 1.0


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), positive, min_size=1),
    st.dictionaries(st.sampled_from("abcdefgh"), positive, min_size=1),
)
def test_tci_between_0_and_100(x, m):
    assert -1e-9 <= tm.trade_complementarity(x, m) <= 100 + 1e-9
