"""Trust scoring, worked by hand (pure functions, no database).

t values: 95 % two-sided, t(0.975, df); Welch's df = (va + vb)^2 / (va^2 / dfa + vb^2 / dfb)
with va, vb the squared standard errors. Index = (mean - 1) / 4 x 100, so an index's sd and se
are the mean's x 25.
"""

from __future__ import annotations

import pytest

from brmportal.lib.scoring import ItemMeta, Tally
from tests.behaviours.helpers import answers
from tests.trust.helpers import BUSINESS, DIMENSIONS, IT, ITEMS, scope
from trust.scoring import trust_group, trust_index, trust_maturity, trust_scores


def score(business=BUSINESS, it=IT, measures=None):
    s = scope(business, it, measures) if measures is not None else scope(business, it)
    return trust_scores(items=ITEMS, dimensions=DIMENSIONS, groups=s.groups, measures=s.measures)


def test_it_maps_the_scale_onto_zero_to_a_hundred():
    # (mean - 1) / 4 * 100
    assert trust_index(1.0) == 0
    assert trust_index(3.0) == 50
    assert trust_index(5.0) == 100
    assert trust_index(3.2) == pytest.approx(55.0)
    assert trust_index(None) is None


def test_it_gives_each_side_its_index_with_the_respondents_spread():
    result = score()
    business, it = result.groups.business, result.groups.it
    # business: (6 + 12) / 8 = 2.25 -> (2.25 - 1) x 25 = 31.25; one "don't know"
    assert (business.mean, business.index, business.answers, business.dont_know) == (2.25, 31.25, 8, 1)
    # respondents' own scores 2, 3, 2, 2: s^2 = (21 - 81/4) / 3 = 0.25, se = 0.5 / 2 = 0.25 (index 6.25)
    # t(0.975, 3) = 3.182: 31.25 +- 19.89 -> (11.36, 51.14)
    assert business.index_stats.se == pytest.approx(6.25)
    assert business.index_stats.ci == (pytest.approx(11.36, abs=0.01), pytest.approx(51.14, abs=0.01))
    # IT: 30 / 8 = 3.75 -> 68.75; scores 3.5, 4, 4, 3.5: s^2 = (56.5 - 225/4) / 3 = 0.0833, se 0.1443 (3.608)
    assert it.index == pytest.approx(68.75)
    assert it.index_stats.ci == (pytest.approx(57.27, abs=0.01), pytest.approx(80.23, abs=0.01))


def test_it_never_pools_the_business_trust_with_its_view_from_it():
    result = score()
    # Two different questions: no "everyone" trust, no statement mean over both sides.
    assert result.groups.overall is None
    assert all(entry.means.overall is None for entry in result.items)
    # ...though everyone's answers are still counted for the method page: 8 + 8, one "don't know"
    assert (result.answers, result.dont_know) == (16, 1)


def test_it_computes_the_perception_gap_with_welchs_interval():
    result = score()
    # 68.75 - 31.25 = 37.5; se = sqrt(6.25^2 + 3.608^2) = 7.217
    # df = 52.08^2 / (39.06^2 / 3 + 13.02^2 / 3) = 4.80; t(0.975, 4.80) = 2.603
    # 37.5 +- 18.79 -> (18.71, 56.29): clear, IT believes it is trusted more than it is
    assert result.perception_gap == pytest.approx(37.5)
    gap = result.gap_stats
    assert (gap.low, gap.high) == (pytest.approx(18.71, abs=0.01), pytest.approx(56.29, abs=0.01))
    assert gap.clear


def test_it_reports_a_perception_gap_within_the_noise():
    # Both sides rate TRU-2 the same: 3.0 - 3.0 = 0 (index 0), within the noise
    tru_2 = score().items[1]
    assert tru_2.perception_gap == 0.0
    assert not tru_2.gap_stats.clear
    # TRU-1: IT 4.5 - business 1.5 = 3.0 on 1-5, 75 index points; se = sqrt(2 x 0.0833) x 25 = 10.21;
    # df 6, t 2.447: 75 +- 24.97 -> (50.03, 99.97), clear
    tru_1 = score().items[0]
    assert tru_1.perception_gap == pytest.approx(75.0)
    assert (tru_1.gap_stats.low, tru_1.gap_stats.high) == (
        pytest.approx(50.03, abs=0.01),
        pytest.approx(99.97, abs=0.01),
    )


def test_it_lists_the_statements_the_business_clearly_trusts_below_the_norm():
    result = score()
    entries = {e.code: e for e in result.items}
    # TRU-1 business 1, 2, 2, 1: 1.5, se 0.2887, t(0.975, 3) = 3.182 -> (0.58, 2.42), drawn from the
    # scale's bottom: (1.0, 2.42), below 3; deficit = 3 - 1.5 = 1.5 (3 - 2.42 = 0.58 to 3 - 1.0 = 2.0),
    # clear; index 12.5
    tru_1 = entries["TRU-1"]
    assert (tru_1.deficit, tru_1.index) == (1.5, 12.5)
    assert tru_1.deficit_stats.clear and tru_1.deficit_stats.low == pytest.approx(0.581, abs=1e-3)
    # TRU-2 business 3, 4, 2, 3: 3.0 (1.70-4.30) straddles 3: no deficit
    assert entries["TRU-2"].deficit == 0.0 and not entries["TRU-2"].deficit_stats.clear
    assert [e.code for e in result.deficits] == ["TRU-1"]
    assert tru_1.means.business == 1.5 and tru_1.means.it == 4.5


def test_it_falls_back_on_the_answers_spread_without_respondent_figures():
    business = score(measures={}).groups.business
    # the 8 answers 1, 2, 2, 1, 3, 4, 2, 3 as independent: s = 1.035, se 0.366 (index 9.15), df 7
    assert business.index_stats.ci == (pytest.approx(9.62, abs=0.01), pytest.approx(52.88, abs=0.01))


def test_it_keeps_the_statements_counts_and_dimension():
    entry = score().items[1]
    # TRU-2 everyone: 4 + 4 numeric answers, 1 "don't know"; the business's index of 3.0 = 50
    assert (entry.answers, entry.dont_know) == (8, 1)
    assert entry.index == pytest.approx(50.0)
    assert entry.dimension == "TRU-2"
    assert entry.distribution.business.n == 4 and entry.distribution.overall is None


def test_it_keeps_no_dimension_the_content_does_not_list():
    result = trust_scores(items=ITEMS, dimensions={}, groups={"business": BUSINESS, "it": IT, "overall": BUSINESS})
    assert [e.dimension for e in result.items] == [None, None]


def test_it_keeps_an_unreported_side_null():
    result = score(it=None)
    assert result.groups.it is None
    assert result.perception_gap is None and result.gap_stats is None
    assert {e.code: e.means.it for e in result.items} == {"TRU-1": None, "TRU-2": None}
    assert result.groups.business.index == pytest.approx(31.25)


def test_it_returns_none_for_a_group_without_scores():
    result = trust_scores(items=ITEMS, dimensions=DIMENSIONS, groups={"business": {}, "it": {}, "overall": {}})
    assert result.groups.business is None
    assert result.deficits == ()
    assert trust_group(items=ITEMS, tallies={("TRU-1", "value"): Tally(dk=2)}) is None


def test_it_ranks_at_most_top_statements_lowest_first():
    items = [ItemMeta(code=f"TRU-{i}", kind="trust", dimension=f"TRU-{i}") for i in range(1, 6)]
    low = {1: answers(2, 2, 1), 2: answers(1, 1, 1), 3: answers(2, 1, 1), 4: answers(5, 4, 5), 5: answers(1, 2, 1)}
    tallies = {(f"TRU-{i}", "value"): tally for i, tally in low.items()}
    result = trust_scores(items=items, dimensions={}, groups={"business": tallies, "overall": tallies})
    # means 1.67, 1.0, 1.33, 4.67, 1.33: TRU-4 is above 3; lowest three of the rest, ties in order
    assert [e.code for e in result.deficits] == ["TRU-2", "TRU-3", "TRU-5"]


def test_it_places_trust_on_zero_to_one_for_maturity():
    result = score()
    # business 31.25 / 100; IT's view 68.75 / 100; overall: the business's trust (trust is what it gives)
    assert trust_maturity(result, "business") == pytest.approx(0.3125)
    assert trust_maturity(result, "it") == pytest.approx(0.6875)
    assert trust_maturity(result, "overall") == pytest.approx(0.3125)
    assert trust_maturity(score(business=None), "overall") is None
