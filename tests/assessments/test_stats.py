"""The statistics behind every figure, checked against values computed by hand and printed tables."""

from __future__ import annotations

import math

import pytest

from brmportal.lib.stats import (
    Distribution,
    Estimate,
    above_norm,
    below_norm,
    cronbach_alpha,
    sides_mean,
    t_quantile,
    welch,
)


@pytest.mark.parametrize(
    ("df", "expected"),
    # Student's t, 0.975 quantile, from any printed table.
    [(1, 12.706), (2, 4.303), (4, 2.776), (5, 2.571), (10, 2.228), (29, 2.045), (30, 2.042), (120, 1.980)],
)
def test_it_knows_the_t_table(df, expected):
    assert t_quantile(df) == pytest.approx(expected, abs=0.001)


def test_it_gives_a_mean_its_n_spread_and_interval():
    # Answers 2, 3, 4, 3, 3: n 5, sum 15, sum of squares 4 + 9 + 16 + 9 + 9 = 47.
    # s^2 = (47 - 15^2 / 5) / 4 = (47 - 45) / 4 = 0.5, s = 0.7071; se = 0.7071 / sqrt(5) = 0.3162;
    # t(0.975, 4) = 2.776; half width 2.776 * 0.3162 = 0.878: interval 2.122 .. 3.878.
    e = Estimate.of(5, 15, 47)
    assert e is not None
    assert (e.mean, e.n, e.df) == (3.0, 5, 4)
    assert e.sd == pytest.approx(0.7071, abs=1e-4)
    assert e.low == pytest.approx(2.122, abs=1e-3)
    assert e.high == pytest.approx(3.878, abs=1e-3)
    assert e.to_json()["ci"] == [pytest.approx(2.122, abs=1e-3), pytest.approx(3.878, abs=1e-3)]


def test_it_gives_no_interval_for_one_answer_and_nothing_for_none():
    one = Estimate.of(1, 4, 16)
    assert one is not None and one.mean == 4 and one.ci is None and one.to_json()["ci"] is None
    assert Estimate.of(0, 0, 0) is None


def test_it_calls_a_difference_clear_only_when_welchs_interval_excludes_zero():
    # Business: n 30, mean 3.0, s 1.0 (se 0.1826); IT: n 30, mean 2.0, s 1.0.
    # d = 1.0, se_d = sqrt(2 / 30) = 0.2582, df = 58 (equal variances), t = 2.0017:
    # 1.0 +- 0.517 = 0.483 .. 1.517: clear.
    business = Estimate(mean=3.0, n=30, sd=1.0, se=1 / math.sqrt(30), df=29)
    it = Estimate(mean=2.0, n=30, sd=1.0, se=1 / math.sqrt(30), df=29)
    d = welch(business, it)
    assert d is not None and d.clear
    assert d.low == pytest.approx(0.483, abs=1e-3)
    # The same 1.0 between two groups of 5 with s 1.2 (se 0.5367): se_d 0.759, df 8, t 2.306:
    # 1.0 +- 1.750: within the noise, the "about +-1.2 at 5 a side" and more.
    small = welch(Estimate(3.0, 5, 1.2, 1.2 / math.sqrt(5), 4), Estimate(2.0, 5, 1.2, 1.2 / math.sqrt(5), 4))
    assert small is not None and not small.clear
    assert small.high - small.value == pytest.approx(1.750, abs=1e-3)
    assert welch(business, None) is None
    assert not welch(Estimate(3.0, 1), it).clear  # one answer: no interval, never clear


def test_it_weighs_the_two_sides_equally():
    # Business 4.0 (n 100, se 0.1), IT 2.0 (n 4, se 0.5): headcount would give 3.92; equal weight 3.0,
    # se = sqrt(0.01 + 0.25) / 2 = 0.255.
    overall = sides_mean(Estimate(4.0, 100, 1.0, 0.1, 99), Estimate(2.0, 4, 1.0, 0.5, 3))
    assert overall is not None and overall.mean == 3.0 and overall.n == 104
    assert overall.se == pytest.approx(0.255, abs=1e-3)
    assert sides_mean(None, Estimate(2.0, 4)) == Estimate(2.0, 4)


def test_it_tells_clear_weaknesses_and_strengths_from_noise():
    e = Estimate.of(5, 15, 47)  # 2.12 .. 3.88
    assert not below_norm(e, 3) and not above_norm(e, 3)
    assert below_norm(e, 4) and above_norm(e, 2)


def test_it_shares_answers_low_middle_and_high():
    # 1-5: 1s and 2s are low, 3 the middle, 4s and 5s high.
    d = Distribution.of({1: 1, 2: 1, 3: 2, 4: 3, 5: 3})
    assert d is not None and (d.low, d.middle, d.high, d.n) == (0.2, 0.2, 0.6, 10)
    assert Distribution.of({}) is None


def test_it_computes_cronbachs_alpha_from_sums():
    # Three respondents, two items: (1, 2), (3, 3), (5, 4). Item 1: sum 9, squares 35, variance
    # (35 - 27) / 2 = 4; item 2: sum 9, squares 29, variance (29 - 27) / 2 = 1. Totals 3, 6, 9:
    # sum 18, squares 126, variance (126 - 108) / 2 = 9. alpha = 2 * (1 - 5 / 9) = 0.889.
    alpha = cronbach_alpha(n=3, item_sums=[9, 9], item_sqs=[35, 29], total=18, total_sq=126)
    assert alpha == pytest.approx(0.8889, abs=1e-4)
    assert cronbach_alpha(n=2, item_sums=[9, 9], item_sqs=[35, 29], total=18, total_sq=126) is None
    assert cronbach_alpha(n=3, item_sums=[9], item_sqs=[35], total=9, total_sq=35) is None
