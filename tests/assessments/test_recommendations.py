"""The core's ranking of the instrument slices' candidate recommendations (pure; no database).

Each slice's own builder (which gap of its results becomes a candidate, and its "Why:" sentence)
is tested in its folder: tests/relationships, tests/behaviours, tests/practices, tests/trust.
More of the ranking (prerequisites, stages, merging, the appendix) in test_method_core.py.
"""

from __future__ import annotations

import pytest

from assessments.recommendations import Recommendation, recommendations_rank, weakness
from brmportal.lib.stats import Difference, Estimate


def candidate(code: str, low: float | None, effort: str = "medium", weight: float = 1.0, instrument: str = "trust"):
    return Recommendation(
        code=code,
        level="item",
        instrument=instrument,
        dimension=code,
        gap=1.0,
        gap_low=low,
        gap_high=None if low is None else low + 1,
        gap_kind="weakness",
        effort=effort,
        weight=weight,
    )


def test_it_drops_differences_within_the_noise():
    # A gap of 1.0 whose interval reaches 0 is within the noise, whatever its size.
    ranked = recommendations_rank([candidate("A", -0.01), candidate("B", 0.01), candidate("C", None)])
    assert [r.code for r in ranked.main] == ["B"]


def test_it_ranks_by_weight_times_what_is_sure_and_marks_quick_wins_in_place():
    ranked = recommendations_rank(
        [
            candidate("HEAVY", 1.0, weight=2.0),  # 2 x 1.0 / 4 = 0.5
            candidate("QUICK", 0.6, effort="low"),  # 0.15, low effort, waits for nothing: a quick win
            candidate("LIGHT", 1.2),  # 0.3
        ]
    )
    assert [(r.code, r.quick_win, r.priority, r.rank) for r in ranked.main] == [
        ("HEAVY", False, pytest.approx(0.5), 1),
        ("LIGHT", False, pytest.approx(0.3), 2),
        ("QUICK", True, pytest.approx(0.15), 3),
    ]


def test_it_keeps_instrument_and_questionnaire_order_for_equal_priorities():
    ranked = recommendations_rank(
        [candidate("REL", 1.0, instrument="relationship"), candidate("BEH", 1.0, instrument="behaviour")]
    )
    assert [r.code for r in ranked.main] == ["REL", "BEH"]


def test_a_weakness_is_the_norm_minus_the_mean_with_the_means_interval():
    # Mean 2.0 of answers 1, 2, 3 (s 1, se 0.577, t(2) 4.303: 2.0 +- 2.484): within the noise of 3.
    loose = weakness(Estimate.of(3, 6, 14), 3.0)
    assert loose == Difference(value=1.0, low=pytest.approx(-1.484, abs=1e-3), high=pytest.approx(3.484, abs=1e-3))
    assert not loose.clear
    # The same mean from 30 answers with s 0.5: 2.0 +- 0.187, wholly below 3: a clear weakness.
    sure = weakness(Estimate(mean=2.0, n=30, sd=0.5, se=0.5 / 30**0.5, df=29), 3.0)
    assert sure is not None and sure.clear and sure.low == pytest.approx(0.813, abs=1e-3)
