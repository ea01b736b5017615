"""BiSL practice scoring, worked by hand (pure functions, no database). The answers behind every
tally are in tests/practices/helpers.py; t(0.975): df 3 -> 3.182, df 6 -> 2.447, df 12 -> 2.179."""

from __future__ import annotations

import math

import pytest

from brmportal.lib.stats import Distribution
from practices.results import AspectCounts, PracticeMeans
from practices.scoring import practice_maturity, practice_means, practice_scales, practice_scores
from tests.practices.helpers import BUSINESS, IT, ITEMS, answers, scope

SE4 = math.sqrt(1 / 6)  # se of four answers with variance 2/3
SE4_SMALL = math.sqrt(1 / 12)  # se of four answers with variance 1/3


def score(it=IT, **kwargs):
    return practice_scores(scope(it, **kwargs))


def entries(it=IT):
    return {e.code: e for e in score(it).items}


def test_it_gives_each_sides_mean_its_n_spread_and_interval():
    sup = entries()["BISL-SUP"]
    assert set(entries()) == {"BISL-SUP", "BISL-DAT", "BISL-PLC"}  # the short-form item is not in this campaign
    business = sup.current.business
    # 1, 2, 2, 3: mean 2.0, sd sqrt(2/3) = 0.816, se 0.408; 2.0 +- 3.182 x 0.408 = 2.0 +- 1.299
    # = (0.701, 3.299), drawn from the scale's bottom: (1.0, 3.299)
    assert (business.mean, business.n) == (2.0, 4)
    assert business.sd == pytest.approx(math.sqrt(2 / 3))
    assert business.ci == pytest.approx((1, 2 + 3.1824 * SE4), abs=1e-3)
    assert business.ci == pytest.approx((1.0, 3.299), abs=1e-3)
    assert (sup.cluster, sup.level, sup.dimension) == ("use", "operational", "BISL-SUP")


def test_overall_is_the_mean_of_the_two_sides():
    sup = entries()["BISL-SUP"]
    overall = sup.current.overall
    # (2.0 + 3.0) / 2 = 2.5 whatever the headcounts; se = sqrt(1/6 + 1/6) / 2 = 0.289 on Welch's
    # df = (1/3)^2 / (2 x (1/6)^2 / 3) = 6: 2.5 +- 2.447 x 0.289 = 2.5 +- 0.707
    assert overall.mean == 2.5
    assert overall.n == 8
    assert overall.ci == pytest.approx((1.793, 3.207), abs=1e-3)
    # IT did not rate planning and control: everyone's figure is the business's.
    assert entries()["BISL-PLC"].current.overall.mean == 1.5


def test_a_gap_is_clear_only_when_its_welch_interval_excludes_zero():
    found = entries()
    sup, dat = found["BISL-SUP"], found["BISL-DAT"]
    # Business SUP: 4.0 - 2.0 = 2.0, se sqrt(1/6 + 1/6) = 0.577, df 6: 2.0 +- 2.447 x 0.577 = 2.0 +- 1.413
    assert sup.gap.business.value == 2.0
    assert (sup.gap.business.low, sup.gap.business.high) == pytest.approx((0.587, 3.413), abs=1e-3)
    assert sup.gap.business.clear
    # Overall SUP: 4.0 - 2.5 = 1.5, se sqrt(1/12 + 1/12) = 0.408, df 12: 1.5 +- 2.179 x 0.408 = 1.5 +- 0.890
    assert (sup.gap.overall.low, sup.gap.overall.high) == pytest.approx((0.611, 2.390), abs=1e-3)
    assert sup.gap.overall.clear
    # Business DAT: 4.0 - 3.0 = 1.0 +- 1.413: within the noise.
    assert dat.gap.business.value == 1.0
    assert not dat.gap.business.clear
    # Overall DAT: target (4.0 + 3.5) / 2 = 3.75, current 3.0, gap 0.75; se sqrt(0.25^2 + 1/12) = 0.382
    # on df 11.3 (t 2.19): 0.75 +- 0.84, within the noise.
    assert dat.gap.overall.value == pytest.approx(0.75)
    assert dat.gap.overall.low == pytest.approx(-0.088, abs=0.01)
    assert not dat.gap.overall.clear


def test_it_gives_each_practice_its_distribution_of_answers():
    sup = entries()["BISL-SUP"]
    # business current 1, 2, 2, 3: three low (1-2), one middle (3), none high (4-5)
    assert sup.distribution["current"].business == Distribution(low=0.75, middle=0.25, high=0.0, n=4)
    # IT 2, 3, 3, 4: one low, two middle, one high. Everyone: the mean of the two sides' shares
    # (each side counts equally): low (0.75 + 0.25) / 2, middle (0.25 + 0.5) / 2, high (0 + 0.25) / 2
    assert sup.distribution["current"].it == Distribution(low=0.25, middle=0.5, high=0.25, n=4)
    assert sup.distribution["current"].overall == Distribution(low=0.5, middle=0.375, high=0.125, n=8)
    # IT did not rate PLC: everyone's shares are the business's.
    plc = entries()["BISL-PLC"].distribution["current"]
    assert plc.overall == plc.business == Distribution(low=1.0, middle=0.0, high=0.0, n=4)
    assert entries()["BISL-PLC"].distribution["target"].it is None  # IT did not rate it


def test_it_excludes_not_applicable_and_dont_know_and_counts_them():
    found = entries()
    dat = found["BISL-DAT"]
    # current: business 2, 3, 3, 4 (one "not applicable" left out) and IT's four answers
    assert dat.current.business.n == 4
    assert dat.answers == AspectCounts(current=8, target=8)
    assert dat.not_applicable == AspectCounts(current=1, target=0)
    assert found["BISL-PLC"].dont_know == AspectCounts(current=0, target=1)


def test_a_cluster_takes_its_interval_from_the_respondents_own_scores():
    use = next(c for c in score().clusters if c.code == "use")
    assert use.dimension == "BISL-USE"  # named by the short form's question for the cluster
    business = use.current.business
    # Pooled answers (8 + 12) / 8 = 2.5; the spread of the four respondents' own cluster scores
    # 1.5, 2.5, 2.5, 3.5 (variance 2/3): n 4, not 8 answers; 2.5 +- 3.182 x 0.408 = 2.5 +- 1.299
    assert (business.mean, business.n) == (2.5, 4)
    assert business.ci == pytest.approx((1.201, 3.799), abs=1e-3)
    # IT's respondents' scores are missing: the pooled answers' spread, 2, 3, 3, 4 twice:
    # n 8, variance (76 - 24^2 / 8) / 7 = 4/7
    it = use.current.it
    assert (it.mean, it.n, it.sd) == (3.0, 8, pytest.approx(math.sqrt(4 / 7)))
    # Everyone (2.5 + 3.0) / 2
    assert use.current.overall.mean == 2.75
    management = next(c for c in score().clusters if c.code == "management")
    assert management.dimension is None  # no short-form question: named by its code


def test_it_ranks_only_clear_positive_gaps_largest_first():
    # PLC 3.5 - 1.5 = 2.0 (clear), SUP 1.5 (clear); DAT 0.75 is within the noise and left out
    assert [e.code for e in score().largest_gaps] == ["BISL-PLC", "BISL-SUP"]


def test_it_averages_all_practices_for_the_groups_maturity():
    # business current (8 + 12 + 6) / 12 = 2.1667; target (16 + 16 + 14) / 12 = 3.8333
    means = practice_means(items=ITEMS, tallies=BUSINESS, form="full")
    assert means == PracticeMeans(current=pytest.approx(26 / 12), target=pytest.approx(46 / 12))
    result = score()
    assert result.current.business.mean == pytest.approx(26 / 12)
    assert result.answers == AspectCounts(current=20, target=20)
    # The maturity hook: the mean's position on 1-5, (2.1667 - 1) / 4 = 0.292; IT (24 / 8 - 1) / 4
    assert practice_maturity(result, "business") == pytest.approx((26 / 12 - 1) / 4)
    assert practice_maturity(result, "it") == pytest.approx(0.5)
    assert practice_maturity(score(it=None), "it") is None


def test_all_ones_and_all_fives_give_the_ends_of_the_maturity_scale():
    ones = {key: answers(1, 1, 1, 1) for key in BUSINESS}
    fives = {key: answers(5, 5, 5, 5) for key in BUSINESS}
    assert practice_maturity(practice_scores(scope(it=ones)), "it") == 0.0
    assert practice_maturity(practice_scores(scope(it=fives)), "it") == 1.0


def test_it_keeps_an_unreported_side_null():
    result = score(it=None)
    assert result.current.it is None
    assert result.clusters[0].gap.it is None
    # Everyone is then the business side alone: (8 + 12 + 6) / 12
    assert result.current.overall.mean == pytest.approx(26 / 12)


def test_it_scores_only_the_campaigns_form():
    result = score(form="short")
    assert [e.code for e in result.items] == ["BISL-USE"]
    assert result.current.overall is None  # nobody rated the short form's question
    assert result.gap.overall is None
    assert result.largest_gaps == ()


def test_its_scales_are_each_forms_practices_and_each_full_clusters():
    # The short form's "use" cluster is one question: no scale of its own; "management" has one
    # process here: no scale either.
    assert practice_scales(ITEMS) == {
        "practice.short.all": ("BISL-USE",),
        "practice.full.all": ("BISL-SUP", "BISL-DAT", "BISL-PLC"),
        "practice.full.use": ("BISL-SUP", "BISL-DAT"),
    }
