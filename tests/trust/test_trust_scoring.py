"""Trust scoring, worked by hand (pure functions, no database)."""

from __future__ import annotations

import pytest

from brmportal.lib.scoring import Dimension, ItemMeta, Tally, merge
from trust.scoring import trust_group, trust_index, trust_scores

ITEMS = [
    ItemMeta(code="TRU-1", kind="trust", dimension="TRU-1"),
    ItemMeta(code="TRU-2", kind="trust", dimension="TRU-2"),
]
DIMENSIONS = {
    "TRU-1": Dimension(code="TRU-1"),
    "TRU-2": Dimension(code="TRU-2"),
}
BUSINESS = {
    ("TRU-1", "value"): Tally(n=4, total=8),  # 2.0
    ("TRU-2", "value"): Tally(n=3, total=9, dk=1),  # 3.0
}
IT = {
    ("TRU-1", "value"): Tally(n=2, total=8),  # 4.0
    ("TRU-2", "value"): Tally(n=2, total=10),  # 5.0
}


def score(it=IT):
    groups = {"business": BUSINESS, "it": it, "overall": merge([BUSINESS, IT])}
    return trust_scores(items=ITEMS, dimensions=DIMENSIONS, groups=groups)


def test_it_maps_the_scale_onto_zero_to_a_hundred():
    # (mean - 1) / 4 * 100
    assert trust_index(1.0) == 0
    assert trust_index(3.0) == 50
    assert trust_index(5.0) == 100
    assert trust_index(3.2) == pytest.approx(55.0)
    assert trust_index(None) is None


def test_it_computes_an_index_per_side_and_overall():
    result = score()
    # business: (8 + 9) / 7 = 2.4286 -> (2.4286 - 1) / 4 * 100 = 35.71
    assert result.groups.business.mean == pytest.approx(17 / 7)
    assert result.groups.business.index == pytest.approx(35.714, abs=1e-3)
    assert result.groups.business.dont_know == 1
    # IT: (8 + 10) / 4 = 4.5 -> 87.5
    assert result.groups.it.index == pytest.approx(87.5)
    # everyone: (8 + 9 + 8 + 10) / 11 = 3.1818 -> 54.55
    assert result.groups.overall.index == pytest.approx(54.545, abs=1e-3)
    # IT believes it is trusted more: 87.5 - 35.71
    assert result.perception_gap == pytest.approx(51.786, abs=1e-3)


def test_it_ranks_the_statements_most_in_deficit():
    result = score()
    entries = {e.code: e for e in result.items}
    # TRU-1: (8 + 8) / 6 = 2.667, deficit 5 - 2.667 = 2.333; TRU-2: 19/5 = 3.8, deficit 1.2
    assert entries["TRU-1"].deficit == pytest.approx(7 / 3)
    assert entries["TRU-2"].deficit == pytest.approx(1.2)
    assert entries["TRU-1"].means.business == 2.0
    assert [e.code for e in result.deficits] == ["TRU-1", "TRU-2"]


def test_it_keeps_the_statements_counts_and_dimension():
    entry = score().items[1]
    # TRU-2 overall: 3 + 2 numeric answers, 1 "don't know"; index of its mean 3.8 = 70
    assert (entry.answers, entry.dont_know) == (5, 1)
    assert entry.index == pytest.approx(70.0)
    assert entry.dimension == "TRU-2"


def test_it_keeps_no_dimension_the_content_does_not_list():
    result = trust_scores(items=ITEMS, dimensions={}, groups={"business": BUSINESS, "it": IT, "overall": BUSINESS})
    assert [e.dimension for e in result.items] == [None, None]


def test_it_keeps_an_unreported_side_null():
    result = score(it=None)
    assert result.groups.it is None
    assert result.perception_gap is None
    assert {e.code: e.means.it for e in result.items} == {"TRU-1": None, "TRU-2": None}
    # IT's answers still count overall
    assert result.groups.overall.index == pytest.approx(54.545, abs=1e-3)


def test_it_returns_none_for_a_group_without_scores():
    result = trust_scores(items=ITEMS, dimensions=DIMENSIONS, groups={"business": {}, "it": {}, "overall": {}})
    assert result.groups.overall is None
    assert result.deficits == ()
    assert trust_group(items=ITEMS, tallies={("TRU-1", "value"): Tally(dk=2)}) is None


def test_it_ranks_at_most_top_statements_and_keeps_questionnaire_order_on_ties():
    items = [ItemMeta(code=f"TRU-{i}", kind="trust", dimension=f"TRU-{i}") for i in range(1, 6)]
    # Means 2, 3, 2, 4, 2: deficits 3, 2, 3, 1, 3
    tallies = {(f"TRU-{i}", "value"): Tally(n=1, total=v) for i, v in zip(range(1, 6), [2, 3, 2, 4, 2], strict=True)}
    result = trust_scores(items=items, dimensions={}, groups={"overall": tallies})
    assert [e.code for e in result.deficits] == ["TRU-1", "TRU-3", "TRU-5"]
