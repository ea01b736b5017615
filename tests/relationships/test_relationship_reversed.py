"""Reverse-keyed relationship statements (`keyed: reversed`, content 2027.1), worked by hand.

Each model here has two forward statements (REL-XXX-1, -2) and one reversed (REL-XXX-5), as the
2027.1 content gives each model one reversed statement. A reversed answer x counts as 6 - x on
the 1-5 scale in its model's mean; the statement's own figures stay as answered.
"""

from __future__ import annotations

import pytest

from assessments.content import read_content, validate_content
from assessments.profiles import answer_tally, instrument_scales, respondent_measures
from assessments.slices import Scope
from brmportal.lib.aggregates import merge_measures
from brmportal.lib.scoring import Dimension, ItemMeta, Tally, merge
from relationships.recommendations import relationship_candidates
from relationships.respondents import respondent_figures
from relationships.scoring import MODELS, model_tallies, relationship_scores

ASPECTS = ("today", "desired")
ITEMS = tuple(
    ItemMeta(
        code=f"REL-{model[:3].upper()}-{i}",
        kind="relationship",
        dimension=model,
        aspects=ASPECTS,
        reversed=i == 5,
    )
    for model in MODELS
    for i in (1, 2, 5)
)
DIMENSIONS = {model: Dimension(code=model) for model in MODELS}


def answers(aspect: str = "today", **models: tuple[int | str, int | str, int | str]):
    """One respondent's answers for one aspect: per model (forward 1, forward 2, reversed)."""
    found = {}
    for model, values in models.items():
        for i, value in zip((1, 2, 5), values, strict=True):
            code = f"REL-{model[:3].upper()}-{i}"
            found[(code, aspect)] = answer_tally(value if isinstance(value, int) else None, str(value))
    return found


def test_it_reverses_a_tally_on_the_scale():
    # Answers 5, 4, 1 and one "don't know" reversed on 1-5 (c = 6): 1, 2, 5; dk stays dk.
    tally = Tally.of_answers(5, 4, 1, dk=1)
    flipped = tally.reversed(1, 5)
    assert (flipped.n, flipped.total, flipped.dk) == (3, 1 + 2 + 5, 1)
    # Sum of squares 1 + 4 + 25 = 30 = n c^2 - 2 c total + sq = 3*36 - 2*6*10 + (25 + 16 + 1) = 108 - 120 + 42.
    assert flipped.sq == 30
    assert flipped == Tally.of_answers(1, 2, 5, dk=1)
    assert flipped.reversed(1, 5) == tally


def test_it_scores_a_reversed_statement_as_six_minus_the_answer_in_its_models_mean():
    # Provider: forward 5 and 4, reversed answered 2 -> counts 6 - 2 = 4: mean (5 + 4 + 4) / 3 = 13/3 = 4.33.
    mine = answers(provider=(5, 4, 2))
    pooled = model_tallies(ITEMS, mine, "today")
    assert pooled["provider"].total == 13 and pooled["provider"].n == 3
    assert pooled["provider"].mean == pytest.approx(13 / 3)
    # The same respondent agreeing with the reversed statement (5 -> 1): (5 + 4 + 1) / 3 = 3.33 < 3.5:
    # no longer agreeing with Provider, so no level.
    figures, marks = respondent_figures(ITEMS, answers(provider=(5, 4, 5)))
    assert figures == {}
    assert "fit:today:none" in marks


def test_it_keeps_dont_know_out_of_a_reversed_statement():
    # Partner: forward 4 and 3, reversed "don't know": mean (4 + 3) / 2 = 3.5 -> agrees, level 3.
    mine = answers(partner=(4, 3, "dk"))
    pooled = model_tallies(ITEMS, mine, "today")
    assert (pooled["partner"].n, pooled["partner"].total, pooled["partner"].dk) == (2, 7, 1)
    figures, _marks = respondent_figures(ITEMS, mine)
    assert figures == {"relationship:level:today": 3.0}


def test_it_reverses_today_and_desired_alike():
    # Peer desired: forward 4, 4, reversed 1 -> 5: (4 + 4 + 5) / 3 = 4.33; today 2, 2, reversed 4 -> 2: 2.0.
    mine = {**answers("today", peer=(2, 2, 4)), **answers("desired", peer=(4, 4, 1))}
    assert model_tallies(ITEMS, mine, "desired")["peer"].mean == pytest.approx(13 / 3)
    assert model_tallies(ITEMS, mine, "today")["peer"].mean == pytest.approx(2.0)
    figures, _marks = respondent_figures(ITEMS, mine)
    assert figures == {"relationship:level:desired": 4.0}


def test_it_flags_acquiescence_per_aspect_from_a_reversed_statement():
    # Provider today: forward mean (5 + 4) / 2 = 4.5 >= 4 and the reversed statement 4 >= 4: the
    # respondent agrees with a statement and its opposite. Desired: reversed 2, not flagged.
    mine = {**answers("today", provider=(5, 4, 4)), **answers("desired", provider=(5, 4, 2))}
    _figures, marks = respondent_figures(ITEMS, mine)
    assert "flag:acquiescence" in marks
    assert "acquiescence:today" in marks and "acquiescence:desired" not in marks


def test_it_does_not_flag_a_reversed_agreement_when_the_forward_mean_is_below_four():
    # Forward (4 + 3) / 2 = 3.5 < 4, reversed 5: disagreeing with the model, not acquiescing.
    _figures, marks = respondent_figures(ITEMS, answers(partner=(4, 3, 5)))
    assert not [m for m in marks if "acquiescence" in m]


def test_it_keeps_the_passive_peer_flag_and_counts_it_per_aspect():
    # Desired: passive (4 + 4 + 6 - 2) / 3 = 4.0 and peer (5 + 5 + 6 - 1) / 3 = 4.67, both >= 4:
    # the Passive/Peer check flags it, with no reversed statement agreed with.
    mine = answers("desired", passive=(4, 4, 2), peer=(5, 5, 1))
    _figures, marks = respondent_figures(ITEMS, mine)
    assert marks.count("flag:acquiescence") == 1
    assert "acquiescence:desired" in marks and "acquiescence:today" not in marks


def _group(*respondents):
    scales = instrument_scales(ITEMS)
    measures = [respondent_measures(ITEMS, scales, tallies, "business")[0] for tallies in respondents]
    return merge(respondents), merge_measures(measures)


def _scope(business) -> Scope:
    tallies, measures = business
    return Scope(
        items=ITEMS,
        dimensions=DIMENSIONS,
        groups={"business": tallies, "it": None, "overall": tallies},
        measures={"business": measures, "it": None, "overall": measures},
    )


def test_it_counts_acquiescence_per_aspect_in_a_group_and_shows_statements_as_answered():
    # Three respondents: A acquiesces today (provider 5, 5, reversed 5), B in both aspects
    # (peer 4, 4, reversed 4 today and desired), C attentive (provider 5, 5, reversed 1).
    a = answers("today", provider=(5, 5, 5))
    b = {**answers("today", peer=(4, 4, 4)), **answers("desired", peer=(4, 4, 4))}
    c = answers("today", provider=(5, 5, 1))
    result = relationship_scores(_scope(_group(a, b, c)))
    business = result.group("business")
    assert business is not None
    # Flagged respondents: A and B (B once, though in both aspects); today A and B, desired B.
    assert business.acquiescence == 2
    assert business.acquiescence_by_aspect == {"today": 2, "desired": 1}
    assert business.to_json()["acquiescence_by_aspect"] == {"today": 2, "desired": 1}
    # Provider today, keyed: A (5 + 5 + 1), C (5 + 5 + 5): 26 / 6 = 4.33.
    assert business.today is not None
    assert business.today.scores["provider"] == pytest.approx(26 / 6)
    # The reversed statement's own mean is as answered: (5 + 1) / 2 = 3.0, marked in the JSON.
    statement = next(s for s in result.items if s.code == "REL-PRO-5")
    assert statement.today.business == pytest.approx(3.0)
    assert statement.to_json()["keyed"] == "reversed"
    forward = next(s for s in result.items if s.code == "REL-PRO-1")
    assert "keyed" not in forward.to_json()


def test_it_uses_reversed_values_for_a_respondents_scale_score_and_alpha():
    # Provider today 5, 4, reversed 1 -> scale score (5 + 4 + 5) / 3 = 4.67; alpha sums over 5, 4, 5.
    scales = instrument_scales(ITEMS)
    measures, _flagged = respondent_measures(ITEMS, scales, answers(provider=(5, 4, 1)), "business")
    assert measures.sums["scale:relationship.provider:today"].total == pytest.approx(14 / 3)
    assert measures.alpha["relationship.provider:today"].item_sums == (5.0, 4.0, 5.0)


def test_it_recommends_a_reversed_statement_that_people_want_less():
    # Four respondents answer REL-PAR-5 ("IT hears about our plans only after they are decided")
    # today 5, 5, 4, 4 (mean 4.5) and desired 1, 2, 1, 2 (1.5): they want it clearly less, which
    # is a clear gap toward Partner of 3.0 (keyed: today 1.5, desired 4.5).
    people = [
        {
            **answers("today", partner=(2, 2, today)),
            **answers("desired", partner=(4, 4, desired)),
        }
        for today, desired in ((5, 1), (5, 2), (4, 1), (4, 2))
    ]
    scope = _scope(_group(*people))
    found = relationship_candidates(relationship_scores(scope), ITEMS, DIMENSIONS)
    statement = next(c for c in found if c.code == "REL-PAR-5")
    assert statement.clear and statement.gap == pytest.approx(3.0)
    # The "Why:" numbers are the answers as given, marked reversed.
    assert statement.numbers["today"] == pytest.approx(4.5) and statement.numbers["desired"] == pytest.approx(1.5)
    assert statement.numbers["reversed"] == 1.0


def test_the_validator_accepts_only_keyed_reversed_and_only_on_relationship_statements():
    content = read_content()
    rel = content["instruments"]["relationship"]["sections"][0]["items"][0]
    rel["keyed"] = "forward"
    trust = content["instruments"]["trust"]["sections"][0]["items"][0]
    trust["keyed"] = "reversed"
    errors = validate_content(content)
    assert any(f"item {rel['code']}: keyed 'forward' is not understood" in e for e in errors)
    assert any(
        f"item {trust['code']}: keyed 'reversed' is not understood (trust items take no 'keyed')" in e for e in errors
    )


def test_the_validator_wants_a_forward_statement_in_every_model():
    content = read_content()
    for section in content["instruments"]["relationship"]["sections"]:
        for item in section["items"]:
            if item["dimension"] == "peer":
                item["keyed"] = "reversed"
    errors = validate_content(content)
    assert any("model peer: every statement is reversed" in e for e in errors)


def test_the_bundled_content_has_one_reversed_statement_per_model():
    content = read_content()
    reversed_codes = {
        item["dimension"]: item["code"]
        for section in content["instruments"]["relationship"]["sections"]
        for item in section["items"]
        if item.get("keyed") == "reversed"
    }
    assert reversed_codes == {
        "passive": "REL-PAS-5",
        "provider": "REL-PRO-5",
        "partner": "REL-PAR-5",
        "peer": "REL-PEE-5",
    }
