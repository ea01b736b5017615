"""Behaviour scoring, worked by hand (pure functions, no database)."""

from __future__ import annotations

import pytest

from behaviours.results import BehaviourRespondent
from behaviours.scoring import behaviour_mean, behaviour_respondent, behaviour_scores
from brmportal.lib.scoring import ItemMeta, Tally, merge

ITEMS = [
    ItemMeta(code="BEH-ENT-1", kind="behaviour", dimension="BEH-ENT-1", group="enterprise"),
    ItemMeta(code="BEH-BUS-1", kind="behaviour", dimension="BEH-BUS-1", group="business"),
    ItemMeta(code="BEH-IT-1", kind="behaviour", dimension="BEH-IT-1", group="it"),
    ItemMeta(code="BEH-IT-2", kind="behaviour", dimension="BEH-IT-2", group="it"),
]

# Three business respondents and two IT respondents.
BUSINESS = {
    ("BEH-ENT-1", "value"): Tally(n=3, total=9),  # 3.0
    ("BEH-BUS-1", "value"): Tally(n=3, total=12),  # 4.0, self
    ("BEH-IT-1", "value"): Tally(n=3, total=6),  # 2.0, mirror
    ("BEH-IT-2", "value"): Tally(n=2, total=6, dk=1),  # 3.0, one "don't know"
}
IT = {
    ("BEH-ENT-1", "value"): Tally(n=2, total=8),  # 4.0
    ("BEH-BUS-1", "value"): Tally(n=2, total=5),  # 2.5, mirror
    ("BEH-IT-1", "value"): Tally(n=2, total=9),  # 4.5, self
    ("BEH-IT-2", "value"): Tally(n=2, total=6),  # 3.0, self
}


def score(business=BUSINESS, it=IT):
    overall = merge([BUSINESS, IT])  # hidden sides still count in the total
    return behaviour_scores(items=ITEMS, groups={"business": business, "it": it, "overall": overall})


def by_code(result):
    return {entry.code: entry for entry in result.items}


def test_it_computes_self_mirror_and_blind_spot_per_behaviour():
    entries = by_code(score())
    it_1 = entries["BEH-IT-1"]
    # mean = (6 + 9) / (3 + 2) = 3.0; self = IT 4.5; mirror = business 2.0
    assert it_1.mean == pytest.approx(3.0)
    assert (it_1.self, it_1.mirror) == (4.5, 2.0)
    assert it_1.blind_spot == pytest.approx(2.5)  # 4.5 - 2.0
    assert it_1.to_top == pytest.approx(2.0)  # 5 - 3.0
    bus_1 = entries["BEH-BUS-1"]
    # business rates itself 4.0, IT rates it 2.5; mean = 17/5 = 3.4
    assert (bus_1.self, bus_1.mirror, bus_1.mean) == (4.0, 2.5, pytest.approx(3.4))
    assert bus_1.blind_spot == pytest.approx(1.5)
    assert entries["BEH-ENT-1"].self is None
    assert entries["BEH-ENT-1"].blind_spot is None
    assert entries["BEH-ENT-1"].business == 3.0
    assert entries["BEH-ENT-1"].it == 4.0


def test_it_keeps_codes_and_no_words():
    entry = by_code(score())["BEH-IT-1"]
    # The name is the presenters' (texts.dimension_name), looked up from the dimension code.
    assert (entry.code, entry.dimension, entry.group) == ("BEH-IT-1", "BEH-IT-1", "it")
    assert not hasattr(entry, "name")


def test_it_excludes_dont_know_from_means_and_counts_it():
    entry = by_code(score())["BEH-IT-2"]
    # business 6/2 = 3.0 (the "don't know" is not a score), IT 6/2 = 3.0; mean 12/4
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
    # mean = (6 + 6 + 9 + 6) / 9 = 3.0
    assert groups["it"].mean == pytest.approx(3.0)
    # enterprise culture = (9 + 8) / 5 = 3.4
    assert result.enterprise_culture == pytest.approx(3.4)


def test_it_pools_every_rating_of_a_group_of_respondents():
    result = score()
    # business (9 + 12 + 6 + 6) / 11 = 3.0; IT (8 + 5 + 9 + 6) / 8 = 3.5; everyone 61 / 19
    assert result.mean.business == pytest.approx(3.0)
    assert result.mean.it == pytest.approx(3.5)
    assert result.mean.overall == pytest.approx(61 / 19)
    assert score(it=None).mean.it is None
    # One side x department's headline number is the same pooled mean.
    assert behaviour_mean(items=ITEMS, tallies=IT) == pytest.approx(3.5)


def test_it_ranks_weakest_behaviours_and_blind_spots():
    result = score()
    # means: IT-1 3.0, IT-2 3.0 (tie: questionnaire order), ENT-1 3.4, BUS-1 3.4
    assert [e.code for e in result.weakest] == ["BEH-IT-1", "BEH-IT-2", "BEH-ENT-1", "BEH-BUS-1"]
    # blind spots: IT-1 2.5, BUS-1 1.5; IT-2 (3.0 - 3.0 = 0) is no blind spot
    assert [e.code for e in result.blind_spots] == ["BEH-IT-1", "BEH-BUS-1"]


def test_it_hides_self_or_mirror_of_a_side_under_the_threshold():
    result = score(it=None)
    entries = by_code(result)
    # IT not reported: no IT self score, the business mirror stays
    assert entries["BEH-IT-1"].self is None
    assert entries["BEH-IT-1"].mirror == 2.0
    assert entries["BEH-IT-1"].blind_spot is None
    assert entries["BEH-BUS-1"].mirror is None
    assert entries["BEH-BUS-1"].it is None
    # ... but IT's answers still count in the mean: (6 + 9) / 5
    assert entries["BEH-IT-1"].mean == pytest.approx(3.0)
    assert result.blind_spots == ()


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
