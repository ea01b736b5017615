"""Relationship model scoring, worked by hand (pure functions, no database)."""

from __future__ import annotations

import pytest

from brmportal.lib.scoring import ByGroup, ItemMeta, Tally
from relationships.results import RelationshipGroup
from relationships.scoring import (
    MODELS,
    model_fit,
    relationship_disagree,
    relationship_group,
    relationship_on_five,
    relationship_scores,
)

# Two statements per model, as in a short instrument.
ITEMS = [
    ItemMeta(code=f"REL-{model[:3].upper()}-{i}", kind="relationship", dimension=model, aspects=("today", "desired"))
    for model in MODELS
    for i in (1, 2)
]


def tallies(aspect: str, totals: dict[str, int], n: int = 4) -> dict[tuple[str, str], Tally]:
    """Each model's two statements answered by `n` people; `totals[model]` is the sum over both."""
    result = {}
    for model, total in totals.items():
        first, second = [item.code for item in ITEMS if item.dimension == model]
        result[(first, aspect)] = Tally(n=n, total=total // 2)
        result[(second, aspect)] = Tally(n=n, total=total - total // 2)
    return result


def test_it_picks_the_best_fitting_model_with_index_and_margin():
    # 4 people x 2 statements = 8 answers per model.
    # today: passive 32/8 = 4.0, provider 24/8 = 3.0, partner 16/8 = 2.0, peer 8/8 = 1.0
    fit = model_fit(
        items=ITEMS, tallies=tallies("today", {"passive": 32, "provider": 24, "partner": 16, "peer": 8}), aspect="today"
    )
    assert fit.scores == {"passive": 4.0, "provider": 3.0, "partner": 2.0, "peer": 1.0}
    assert fit.model == "passive"
    assert fit.leaders == ("passive",)
    # margin = 4.0 - 3.0
    assert fit.margin == pytest.approx(1.0)
    # w = score - 1 = 3, 2, 1, 0; index = (1*3 + 2*2 + 3*1 + 4*0) / (3+2+1+0) = 10/6
    assert fit.index == pytest.approx(1.6667, abs=1e-4)
    assert fit.answers == 32


def test_it_computes_the_gap_from_today_to_desired():
    group = relationship_group(
        items=ITEMS,
        tallies={
            **tallies("today", {"passive": 32, "provider": 24, "partner": 16, "peer": 8}),
            # desired: passive 12/8 = 1.5, provider 20/8 = 2.5, partner 36/8 = 4.5, peer 32/8 = 4.0
            **tallies("desired", {"passive": 12, "provider": 20, "partner": 36, "peer": 32}),
        },
    )
    desired = group.desired
    assert desired.model == "partner"
    # margin = 4.5 - 4.0
    assert desired.margin == pytest.approx(0.5)
    # w = 0.5, 1.5, 3.5, 3.0 (sum 8.5); index = (0.5 + 3 + 10.5 + 12) / 8.5 = 26/8.5
    assert desired.index == pytest.approx(3.0588, abs=1e-4)
    # gap.index = 3.0588 - 1.6667; gap per model = desired - today
    assert group.gap.index == pytest.approx(1.3922, abs=1e-4)
    assert group.gap.scores == pytest.approx({"passive": -2.5, "provider": -0.5, "partner": 2.5, "peer": 3.0})


def test_it_reports_mixed_when_the_margin_is_below_the_threshold():
    # provider 28/8 = 3.5, partner 27/8 = 3.375: margin 0.125 < 0.25
    fit = model_fit(
        items=ITEMS, tallies=tallies("today", {"passive": 16, "provider": 28, "partner": 27, "peer": 8}), aspect="today"
    )
    assert fit.model == "mixed"
    assert fit.leaders == ("provider", "partner")
    assert fit.margin == pytest.approx(0.125)
    # w = 1, 2.5, 2.375, 0 (sum 5.875); index = (1 + 5 + 7.125 + 0) / 5.875
    assert fit.index == pytest.approx(2.2340, abs=1e-4)


def test_it_reports_a_clear_model_at_exactly_the_threshold():
    # provider 30/8 = 3.75, partner 28/8 = 3.5: margin 0.25 is not below 0.25
    fit = model_fit(
        items=ITEMS, tallies=tallies("today", {"passive": 16, "provider": 30, "partner": 28, "peer": 8}), aspect="today"
    )
    assert fit.model == "provider"
    assert fit.margin == pytest.approx(0.25)


def test_it_reports_an_exact_tie_as_mixed_in_ladder_order():
    # passive 24/8 = 3.0 and peer 24/8 = 3.0 tie; provider and partner 16/8 = 2.0
    fit = model_fit(
        items=ITEMS,
        tallies=tallies("today", {"passive": 24, "provider": 16, "partner": 16, "peer": 24}),
        aspect="today",
    )
    assert fit.model == "mixed"
    assert fit.leaders == ("passive", "peer")
    assert fit.margin == 0
    # w = 2, 1, 1, 2 (sum 6); index = (2 + 2 + 3 + 8) / 6 = 2.5
    assert fit.index == pytest.approx(2.5)


def test_it_puts_a_group_that_agrees_with_nothing_in_the_middle():
    # Every statement "strongly disagree" (1): all weights 0, so the index is the ladder's middle.
    fit = model_fit(items=ITEMS, tallies=tallies("today", dict.fromkeys(MODELS, 8)), aspect="today")
    assert fit.index == pytest.approx(2.5)
    assert fit.model == "mixed"
    assert fit.leaders == MODELS


def test_it_excludes_dont_know_from_means_and_counts_it():
    data = tallies("today", {"passive": 32, "provider": 24, "partner": 16, "peer": 8})
    # One person said "don't know" to REL-PAS-1: 3 scores summing 15 instead of 4 summing 16.
    data[("REL-PAS-1", "today")] = Tally(n=3, total=15, dk=1)
    fit = model_fit(items=ITEMS, tallies=data, aspect="today")
    # passive = (15 + 16) / (3 + 4) = 31/7
    assert fit.scores["passive"] == pytest.approx(31 / 7)
    assert fit.dont_know == 1
    assert fit.answers == 31


def test_it_leaves_out_a_model_nobody_scored():
    data = tallies("today", {"passive": 32, "provider": 24, "partner": 16})
    data[("REL-PEE-1", "today")] = Tally(dk=4)
    fit = model_fit(items=ITEMS, tallies=data, aspect="today")
    assert fit.scores["peer"] is None
    # w = 3, 2, 1 over the three scored models; index = (3 + 4 + 3) / 6
    assert fit.index == pytest.approx(10 / 6)


def test_it_returns_none_for_a_group_without_answers():
    assert model_fit(items=ITEMS, tallies={}, aspect="today") is None
    assert relationship_group(items=ITEMS, tallies={}) is None


def _group(today_totals: dict[str, int]) -> RelationshipGroup:
    group = relationship_group(items=ITEMS, tallies=tallies("today", today_totals))
    assert group is not None
    return group


def test_it_flags_disagreement_when_the_leading_models_differ():
    business = _group({"passive": 32, "provider": 24, "partner": 16, "peer": 8})  # passive
    it = _group({"passive": 24, "provider": 32, "partner": 16, "peer": 8})  # provider
    assert relationship_disagree(business, it) is True


def test_it_sees_agreement_when_a_mixed_side_shares_a_leader():
    business = _group({"passive": 16, "provider": 28, "partner": 27, "peer": 8})  # mixed: provider, partner
    it = _group({"passive": 16, "provider": 30, "partner": 20, "peer": 8})  # provider
    assert business.today.model == "mixed"
    # indices (1 + 5 + 7.125)/5.875 = 2.234 and (1*1 + 2*2.75 + 3*1.5)/5.25 = 2.095 are 0.14 apart
    assert relationship_disagree(business, it) is False


def test_it_flags_disagreement_when_indices_are_half_a_model_apart():
    business = _group({"passive": 24, "provider": 32, "partner": 8, "peer": 8})  # provider, index (2+6)/5 = 1.6
    it = _group({"passive": 8, "provider": 32, "partner": 24, "peer": 16})  # provider, index (6+6+4)/6 = 2.667
    assert business.today.model == it.today.model == "provider"
    assert relationship_disagree(business, it) is True


def test_it_does_not_flag_disagreement_when_a_side_is_not_reported():
    business = _group({"passive": 32, "provider": 24, "partner": 16, "peer": 8})
    assert relationship_disagree(business, None) is False


def test_it_keeps_unreported_groups_null_in_campaign_scores():
    business = tallies("today", {"passive": 32, "provider": 24, "partner": 16, "peer": 8})
    result = relationship_scores(items=ITEMS, groups={"business": business, "it": None, "overall": business})
    assert result.group("it") is None
    assert result.fit("business", "today").model == "passive"
    assert result.disagree_today is False
    statement = next(entry for entry in result.items if entry.code == "REL-PAS-1")
    # REL-PAS-1 holds 32 // 2 = 16 over 4 answers
    assert statement.today == ByGroup(business=4.0, it=None, overall=4.0)
    assert statement.gap.business is None  # nothing desired was answered


def test_it_puts_the_index_on_the_scale_of_the_other_instruments():
    # 1.0 Passive -> 1, 2.5 -> 3, 4.0 Peer -> 5
    assert relationship_on_five(1.0) == 1
    assert relationship_on_five(2.5) == pytest.approx(3)
    assert relationship_on_five(4.0) == pytest.approx(5)
