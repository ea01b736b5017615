"""Anonymity suppression and the overall maturity score (pure functions, no database)."""

from __future__ import annotations

import pytest

from assessments.anonymity import COMPLEMENTARY, OVERALL, UNDER_THRESHOLD, Group, hidden_groups
from assessments.maturity import brm_maturity, maturity_level
from relationships.scoring import relationship_position

WEIGHTS = {"relationship": 0.3, "behaviour": 0.3, "practice": 0.25, "trust": 0.15}


def test_it_hides_a_side_under_the_threshold_but_not_everyone():
    hidden = hidden_groups(counts={("business", ""): 5, ("it", ""): 2}, threshold=3)
    # Business is hidden too: everyone (7) - business (5) would give IT's 2 away.
    assert hidden == {Group("it"): UNDER_THRESHOLD, Group("business"): COMPLEMENTARY}
    assert OVERALL not in hidden


def test_it_hides_the_departments_of_a_complementary_side():
    hidden = hidden_groups(counts={("business", "Sales"): 5, ("business", "Finance"): 4, ("it", ""): 1}, threshold=3)
    assert hidden[Group("business", "Sales")] == COMPLEMENTARY
    assert hidden[Group("business", "Finance")] == COMPLEMENTARY


def test_it_does_not_hide_an_empty_side():
    # A single-side campaign: nobody from IT answered, so there is nothing to protect.
    assert hidden_groups(counts={("business", ""): 4}, threshold=3) == {}


def test_it_hides_everyone_when_the_whole_campaign_is_too_small():
    hidden = hidden_groups(counts={("business", ""): 1, ("it", ""): 1}, threshold=3)
    assert hidden == {OVERALL: UNDER_THRESHOLD, Group("business"): UNDER_THRESHOLD, Group("it"): UNDER_THRESHOLD}


def test_it_hides_a_second_department_when_the_first_could_be_derived():
    # business = Sales 2 + Finance 10: Finance shown would give Sales as business - Finance.
    hidden = hidden_groups(counts={("business", "Sales"): 2, ("business", "Finance"): 10}, threshold=3)
    assert hidden == {Group("business", "Sales"): UNDER_THRESHOLD, Group("business", "Finance"): COMPLEMENTARY}


def test_it_hides_the_smallest_other_department():
    counts = {("business", "Sales"): 1, ("business", "Finance"): 5, ("business", "Operations"): 6}
    hidden = hidden_groups(counts=counts, threshold=3)
    # unshown 1 < 3: hide Finance (5, the smallest shown); unshown 6 >= 3: Operations stays
    assert hidden == {Group("business", "Sales"): UNDER_THRESHOLD, Group("business", "Finance"): COMPLEMENTARY}


def test_it_needs_no_second_department_when_enough_responses_are_unassigned():
    # business - Finance = Sales 2 + 4 with no department: 6 people, not derivable per department.
    counts = {("business", "Sales"): 2, ("business", "Finance"): 10, ("business", ""): 4}
    assert hidden_groups(counts=counts, threshold=3) == {Group("business", "Sales"): UNDER_THRESHOLD}


def test_it_protects_a_few_responses_without_department():
    # business - Sales - Finance would be the 1 response with no department.
    counts = {("business", "Sales"): 5, ("business", "Finance"): 4, ("business", ""): 1}
    assert hidden_groups(counts=counts, threshold=3) == {Group("business", "Finance"): COMPLEMENTARY}


def test_it_keeps_departments_of_each_side_apart():
    counts = {("business", "Sales"): 3, ("business", "Finance"): 3, ("it", "Apps"): 2, ("it", "Infra"): 4}
    hidden = hidden_groups(counts=counts, threshold=3)
    assert hidden == {Group("it", "Apps"): UNDER_THRESHOLD, Group("it", "Infra"): COMPLEMENTARY}


def test_it_rounds_a_score_to_the_nearest_ladder_level():
    assert [maturity_level(s) for s in (1.0, 1.49, 1.5, 2.5, 3.49, 4.6, 5.0)] == [1, 1, 2, 3, 3, 5, 5]


def test_it_combines_the_instruments_with_the_content_weights():
    # Positions on each instrument's own scale (0..1): relationship index 2.5 -> (2.5 - 1) / 3 = 0.5;
    # behaviours 3.2 -> 0.55; practices 2.4 -> 0.35; trust index 50 -> 0.5.
    components = {"relationship": relationship_position(2.5), "behaviour": 0.55, "practice": 0.35, "trust": 0.5}
    score, level = brm_maturity(components=components, weights=WEIGHTS)
    # 0.3 x 0.5 + 0.3 x 0.55 + 0.25 x 0.35 + 0.15 x 0.5 = 0.15 + 0.165 + 0.0875 + 0.075 = 0.4775
    # -> 1 + 4 x 0.4775 = 2.91
    assert score == pytest.approx(2.91)
    assert level == 3  # named "Service provider" by the content's ladder (presenters)


def test_it_scales_up_the_other_weights_when_an_instrument_has_no_score():
    components = {"relationship": 0.5, "behaviour": 0.55, "practice": None, "trust": 0.5}
    score, _level = brm_maturity(components=components, weights=WEIGHTS)
    # (0.15 + 0.165 + 0.075) / (0.3 + 0.3 + 0.15) = 0.39 / 0.75 = 0.52 -> 1 + 4 x 0.52 = 3.08
    assert score == pytest.approx(3.08)
    assert brm_maturity(components=dict.fromkeys(WEIGHTS), weights=WEIGHTS) is None
