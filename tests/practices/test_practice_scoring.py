"""BiSL practice scoring, worked by hand (pure functions, no database)."""

from __future__ import annotations

import pytest

from brmportal.lib.scoring import ByGroup, merge
from practices.results import AspectCounts, PracticeMeans
from practices.scoring import practice_means, practice_scores
from tests.practices.helpers import BUSINESS, DIMENSIONS, IT, ITEMS, groups


def score(it=IT):
    return practice_scores(items=ITEMS, dimensions=DIMENSIONS, groups=groups(it), form="full")


def test_it_scores_current_target_and_gap_per_practice_and_side():
    entries = {e.code: e for e in score().items}
    assert set(entries) == {"BISL-SUP", "BISL-DAT", "BISL-PLC"}  # the short-form item is not in this campaign
    sup = entries["BISL-SUP"]
    # overall current (4 + 6) / 4 = 2.5, target (8 + 8) / 4 = 4.0, gap 1.5
    assert sup.current == ByGroup(business=2.0, it=3.0, overall=2.5)
    assert sup.target == ByGroup(business=4.0, it=4.0, overall=4.0)
    assert sup.gap.to_json() == pytest.approx({"business": 2.0, "it": 1.0, "overall": 1.5})
    assert (sup.cluster, sup.level, sup.dimension) == ("use", "operational", "BISL-SUP")
    plc = entries["BISL-PLC"]
    assert plc.gap == ByGroup(business=1.0, it=None, overall=1.0)  # IT did not rate it


def test_it_excludes_not_applicable_and_dont_know_and_counts_them():
    entries = {e.code: e for e in score().items}
    dat = entries["BISL-DAT"]
    # current: business 3 (one "not applicable" left out) + IT 6 over 3 scores = 3.0
    assert dat.current.overall == pytest.approx(3.0)
    assert dat.answers == AspectCounts(current=3, target=4)
    assert dat.not_applicable == AspectCounts(current=1, target=0)
    assert entries["BISL-PLC"].dont_know == AspectCounts(current=0, target=1)


def test_it_pools_practices_per_cluster():
    clusters = {c.code: c for c in score().clusters}
    use = clusters["use"]
    assert use.dimension == "BISL-USE"  # named by the short form's question for the cluster
    # business current (4 + 3) / 3, target (8 + 8) / 4
    assert use.current.business == pytest.approx(7 / 3)
    assert use.target.business == pytest.approx(4.0)
    # overall current (4 + 3 + 6 + 6) / 7 = 19/7, target (8 + 8 + 8 + 10) / 8 = 4.25
    assert use.current.overall == pytest.approx(19 / 7)
    assert use.gap.overall == pytest.approx(4.25 - 19 / 7)
    assert clusters["management"].dimension is None  # no short-form question: named by its code


def test_it_ranks_the_largest_target_gaps():
    # SUP 1.5, DAT 4.5 - 3.0 = 1.5 (tie: questionnaire order), PLC 1.0
    assert [e.code for e in score().largest_gaps] == ["BISL-SUP", "BISL-DAT", "BISL-PLC"]


def test_it_averages_all_practices_for_the_overall_maturity():
    # current: (4 + 3 + 6) / 5 = 2.6; target: (8 + 8 + 4) / 5 = 4.0
    means = practice_means(items=ITEMS, tallies=BUSINESS, form="full")
    assert means == PracticeMeans(current=pytest.approx(2.6), target=pytest.approx(4.0))
    result = score()
    # The same pooling over every practice, per group, in the campaign's result.
    assert result.current.business == pytest.approx(2.6)
    assert result.answers == AspectCounts(current=9, target=9)


def test_it_keeps_an_unreported_side_null():
    result = practice_scores(
        items=ITEMS,
        dimensions=DIMENSIONS,
        groups={"business": BUSINESS, "it": None, "overall": merge([BUSINESS, IT])},
        form="full",
    )
    assert result.current.it is None
    assert result.clusters[0].gap.it is None
    # everyone: (4 + 3 + 6 + 6 + 6) / 9
    assert result.current.overall == pytest.approx(25 / 9)


def test_it_scores_only_the_campaigns_form():
    result = practice_scores(items=ITEMS, dimensions=DIMENSIONS, groups=groups(), form="short")
    assert [e.code for e in result.items] == ["BISL-USE"]
    assert result.current.overall is None  # nobody rated the short form's question
    assert result.largest_gaps == ()
