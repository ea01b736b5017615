"""Behaviour scoring, worked by hand (pure functions, no database).

t values: 95 % two-sided, t(0.975, df); Welch's df = (va + vb)^2 / (va^2 / dfa + vb^2 / dfb)
with va, vb the squared standard errors.
"""

from __future__ import annotations

import pytest

from behaviours.results import BehaviourRespondent
from behaviours.scoring import behaviour_maturity, behaviour_mean, behaviour_respondent, behaviour_scores
from brmportal.lib.scoring import ItemMeta, Tally, merge
from tests.behaviours.helpers import WORKED_BUSINESS, WORKED_IT, WORKED_ITEMS, answers

ITEMS = [
    ItemMeta(code="BEH-ENT-1", kind="behaviour", dimension="BEH-ENT-1", group="enterprise"),
    ItemMeta(code="BEH-BUS-1", kind="behaviour", dimension="BEH-BUS-1", group="business"),
    ItemMeta(code="BEH-IT-1", kind="behaviour", dimension="BEH-IT-1", group="it"),
    ItemMeta(code="BEH-IT-2", kind="behaviour", dimension="BEH-IT-2", group="it"),
]

# Three business respondents and two IT respondents.
BUSINESS = {
    ("BEH-ENT-1", "value"): answers(3, 3, 3),  # 3.0
    ("BEH-BUS-1", "value"): answers(4, 4, 4),  # 4.0, self
    ("BEH-IT-1", "value"): answers(2, 2, 2),  # 2.0, mirror
    ("BEH-IT-2", "value"): answers(3, 3, dk=1),  # 3.0, one "don't know"
}
IT = {
    ("BEH-ENT-1", "value"): answers(4, 4),  # 4.0
    ("BEH-BUS-1", "value"): answers(2, 3),  # 2.5, mirror
    ("BEH-IT-1", "value"): answers(4, 5),  # 4.5, self
    ("BEH-IT-2", "value"): answers(3, 3),  # 3.0, self
}


def score(business=BUSINESS, it=IT):
    overall = merge([BUSINESS, IT])  # hidden sides still count in the total
    return behaviour_scores(items=ITEMS, groups={"business": business, "it": it, "overall": overall})


def worked(business=WORKED_BUSINESS, it=WORKED_IT):
    overall = merge([WORKED_BUSINESS, WORKED_IT])
    return behaviour_scores(items=WORKED_ITEMS, groups={"business": business, "it": it, "overall": overall})


def by_code(result):
    return {entry.code: entry for entry in result.items}


def test_it_computes_self_mirror_and_blind_spot_per_behaviour():
    entries = by_code(score())
    it_1 = entries["BEH-IT-1"]
    # self = IT 4.5; mirror = business 2.0; the mean counts both sides equally: (2.0 + 4.5) / 2
    assert it_1.mean == pytest.approx(3.25)
    assert (it_1.self, it_1.mirror) == (4.5, 2.0)
    assert it_1.blind_spot == pytest.approx(2.5)  # 4.5 - 2.0
    assert it_1.to_top == pytest.approx(1.75)  # 5 - 3.25, documented, drives nothing
    bus_1 = entries["BEH-BUS-1"]
    # business rates itself 4.0, IT rates it 2.5; mean (4.0 + 2.5) / 2 = 3.25, not 17 / 5 by headcount
    assert (bus_1.self, bus_1.mirror, bus_1.mean) == (4.0, 2.5, pytest.approx(3.25))
    assert bus_1.blind_spot == pytest.approx(1.5)
    assert entries["BEH-ENT-1"].self is None
    assert entries["BEH-ENT-1"].blind_spot is None
    assert (entries["BEH-ENT-1"].business, entries["BEH-ENT-1"].it) == (3.0, 4.0)


def test_it_keeps_codes_and_no_words():
    entry = by_code(score())["BEH-IT-1"]
    # The name is the presenters' (texts.dimension_name), looked up from the dimension code.
    assert (entry.code, entry.dimension, entry.group) == ("BEH-IT-1", "BEH-IT-1", "it")
    assert not hasattr(entry, "name")


def test_it_excludes_dont_know_from_means_and_counts_it():
    entry = by_code(score())["BEH-IT-2"]
    # business 6/2 = 3.0 (the "don't know" is not a score), IT 6/2 = 3.0
    assert entry.mean == pytest.approx(3.0)
    assert entry.answers == 4
    assert entry.dont_know == 1


def test_it_pools_each_behaviour_group():
    result = score()
    groups = result.groups
    assert list(groups) == ["enterprise", "business", "it"]
    # IT people: self = IT's ratings (9 + 6) / 4 = 3.75; mirror = business's (6 + 6) / 5 = 2.4
    assert groups["it"].self == pytest.approx(3.75)
    assert groups["it"].mirror == pytest.approx(2.4)
    assert groups["it"].blind_spot == pytest.approx(1.35)
    # sides counting equally: (2.4 + 3.75) / 2 = 3.075
    assert groups["it"].mean == pytest.approx(3.075)
    # enterprise culture = (3.0 + 4.0) / 2
    assert result.enterprise_culture == pytest.approx(3.5)


def test_it_pools_every_rating_of_a_group_of_respondents():
    result = score()
    # business (9 + 12 + 6 + 6) / 11 = 3.0; IT (8 + 5 + 9 + 6) / 8 = 3.5; overall (3.0 + 3.5) / 2
    assert result.mean.business == pytest.approx(3.0)
    assert result.mean.it == pytest.approx(3.5)
    assert result.mean.overall == pytest.approx(3.25)
    assert result.mean_stats.business.n == 11
    assert score(it=None).mean.it is None
    # One side x department's headline number is the same pooled mean.
    assert behaviour_mean(items=ITEMS, tallies=IT) == pytest.approx(3.5)


def test_it_calls_a_blind_spot_clear_when_its_interval_excludes_zero():
    it_7 = by_code(worked())["BEH-IT-7"]
    # self (IT) 5, 5, 4, 5: mean 4.75, s^2 = (0.0625 x 3 + 0.5625) / 3 = 0.25, se^2 = 0.25 / 4 = 0.0625
    # mirror (business) 2, 2, 3, 1: mean 2.0, s^2 = 2 / 3, se^2 = 0.1667
    # d = 2.75; se = sqrt(0.0625 + 0.1667) = 0.4787; df = 0.2292^2 / (0.0625^2/3 + 0.1667^2/3) = 4.97
    # t(0.975, 4.97) = 2.575; 2.75 +- 2.575 x 0.4787 = 2.75 +- 1.233 -> (1.52, 3.98): clear
    blind = it_7.stats.blind_spot
    assert blind.value == pytest.approx(2.75)
    assert (blind.low, blind.high) == (pytest.approx(1.517, abs=1e-3), pytest.approx(3.983, abs=1e-3))
    assert blind.clear
    # self alone: 4.75 +- t(0.975, 3) 3.182 x 0.25 = (3.954, 5.546), drawn to the scale's top: (3.954, 5);
    # the difference above is not clipped
    assert it_7.stats.self.ci == (pytest.approx(3.954, abs=1e-3), 5)


def test_it_reports_a_blind_spot_within_the_noise():
    bus_1 = by_code(worked())["BEH-BUS-1"]
    # self (business) 4, 3, 5, 3: mean 3.75, s^2 = 2.75 / 3 = 0.9167, se^2 = 0.2292
    # mirror (IT) 3, 4, 2, 3: mean 3.0, s^2 = 2 / 3, se^2 = 0.1667
    # d = 0.75; se = sqrt(0.3958) = 0.6292; df = 0.3958^2 / (0.2292^2/3 + 0.1667^2/3) = 5.85
    # t(0.975, 5.85) = 2.462; 0.75 +- 1.549 -> (-0.80, 2.30): within the noise
    blind = bus_1.stats.blind_spot
    assert blind.value == pytest.approx(0.75)
    assert (blind.low, blind.high) == (pytest.approx(-0.799, abs=1e-3), pytest.approx(2.299, abs=1e-3))
    assert not blind.clear
    # The old fixed threshold would have called 0.75 a blind spot; here it is not listed.
    assert "BEH-BUS-1" not in [e.code for e in worked().blind_spots]


def test_it_finds_a_hidden_strength_when_the_other_side_rates_clearly_higher():
    result = worked()
    it_1 = by_code(result)["BEH-IT-1"]
    # self (IT) 2, 3, 2, 3: 2.5, se^2 = (1 / 3) / 4 = 0.0833; mirror (business) 4, 5, 5, 5: 4.75, se^2 = 0.0625
    # self - mirror = -2.25; se = sqrt(0.1458) = 0.3819; df = 0.1458^2 / (0.0833^2/3 + 0.0625^2/3) = 5.88
    # t(0.975, 5.88) = 2.459; -2.25 +- 0.939 -> (-3.19, -1.31): clear and negative
    blind = it_1.stats.blind_spot
    assert blind.value == pytest.approx(-2.25)
    assert (blind.low, blind.high) == (pytest.approx(-3.189, abs=1e-3), pytest.approx(-1.311, abs=1e-3))
    assert [e.code for e in result.hidden_strengths] == ["BEH-IT-1"]
    assert [e.code for e in result.blind_spots] == ["BEH-IT-7"]


def test_it_finds_the_weakest_behaviours_clearly_below_the_norm():
    result = worked()
    ent_1 = by_code(result)["BEH-ENT-1"]
    # business 1, 2, 1, 2 and IT 2, 1, 2, 1: each 1.5 with se^2 = (1 / 3) / 4 = 0.0833
    # overall (1.5 + 1.5) / 2 = 1.5; se = sqrt(0.0833 + 0.0833) / 2 = 0.2041; df = Welch's 6.0
    # t(0.975, 6) = 2.447; 1.5 +- 0.4995 -> (1.0005, 1.9995), wholly below the norm 3
    assert ent_1.mean == pytest.approx(1.5)
    assert ent_1.stats.mean.ci == (pytest.approx(1.0005, abs=1e-4), pytest.approx(1.9995, abs=1e-4))
    # IT-7: (2.0 + 4.75) / 2 = 3.375 (2.76-3.99) and BUS-1 3.375 (2.60-4.15) straddle 3: not weak
    assert [e.code for e in result.weakest] == ["BEH-ENT-1"]
    assert result.norm == 3.0


def test_it_gives_each_item_its_distribution_per_group():
    it_7 = by_code(worked())["BEH-IT-7"]
    # business 2, 2, 3, 1: low (1-2) 3 of 4, middle 1 of 4; IT 5, 5, 4, 5: all high
    business, it = it_7.distribution.business, it_7.distribution.it
    assert (business.low, business.middle, business.high, business.n) == (0.75, 0.25, 0.0, 4)
    assert (it.low, it.middle, it.high) == (0.0, 0.0, 1.0)
    # overall: the sides counting equally, (0.75 + 0) / 2 low, (0.25 + 0) / 2 middle, (0 + 1) / 2 high
    overall = it_7.distribution.overall
    assert (overall.low, overall.middle, overall.high, overall.n) == (0.375, 0.125, 0.5, 8)


def test_it_hides_self_or_mirror_of_a_side_under_the_threshold():
    result = score(it=None)
    entries = by_code(result)
    # IT not reported: no IT self score, the business mirror stays; no blind spot to judge
    assert entries["BEH-IT-1"].self is None
    assert entries["BEH-IT-1"].mirror == 2.0
    assert entries["BEH-IT-1"].blind_spot is None
    assert entries["BEH-BUS-1"].mirror is None
    assert entries["BEH-BUS-1"].it is None
    # The one side reported stands for the overall figure (Scope.overall).
    assert entries["BEH-IT-1"].mean == pytest.approx(2.0)
    assert result.blind_spots == ()
    # Neither side reported (anonymity): everyone's pooled answers, (6 + 9) / 5
    both_hidden = behaviour_scores(items=ITEMS, groups={"business": None, "it": None, "overall": merge([BUSINESS, IT])})
    assert by_code(both_hidden)["BEH-IT-1"].mean == pytest.approx(3.0)


def test_it_places_a_group_on_zero_to_one_for_maturity():
    result = score()
    # (3.0 - 1) / 4 = 0.5; (3.5 - 1) / 4 = 0.625; overall (3.25 - 1) / 4 = 0.5625
    assert behaviour_maturity(result, "business") == pytest.approx(0.5)
    assert behaviour_maturity(result, "it") == pytest.approx(0.625)
    assert behaviour_maturity(result, "overall") == pytest.approx(0.5625)
    empty = behaviour_scores(items=ITEMS, groups={"business": {}, "it": {}, "overall": {}})
    assert behaviour_maturity(empty, "overall") is None
    ones = {key: answers(1, 1, 1) for key in IT}
    fives = {key: answers(5, 5, 5) for key in IT}
    assert behaviour_maturity(score(business=ones, it=ones), "business") == 0.0
    assert behaviour_maturity(score(business=fives, it=fives), "it") == 1.0


def test_it_summarises_one_respondent():
    one = {
        ("BEH-ENT-1", "value"): Tally(n=1, total=2),
        ("BEH-BUS-1", "value"): Tally(n=1, total=5),
        ("BEH-IT-1", "value"): Tally(n=1, total=1),
        ("BEH-IT-2", "value"): Tally(dk=1),
    }
    # a business respondent: own side = BUS-1 = 5; other side = IT-1 only (IT-2 was "don't know")
    assert behaviour_respondent(items=ITEMS, tallies=one, side="business") == BehaviourRespondent(
        own_side=5.0,
        other_side=1.0,
        enterprise=2.0,
    )
