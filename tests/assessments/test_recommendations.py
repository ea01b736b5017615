"""Ranked recommendations, worked by hand (pure functions, no database)."""

from __future__ import annotations

import pytest

from assessments.recommendations import Recommendation, recommendations_rank
from assessments.scoring import InstrumentMeta
from assessments.wording import recommendations_json
from behaviours.scoring import behaviour_scores
from brmportal.lib.scoring import Dimension, ItemMeta, Tally, merge
from relationships.scoring import relationship_scores


def behaviour(code: str, group: str, effort: str, weight: float = 1.0) -> ItemMeta:
    return ItemMeta(
        code=code,
        kind="behaviour",
        dimension=code,
        group=group,
        recommendation=f"Do {code}",
        effort=effort,
        weight=weight,
    )


BEHAVIOURS = [
    behaviour("BEH-ENT-1", "enterprise", "low"),
    behaviour("BEH-BUS-5", "business", "high", weight=1.2),
    behaviour("BEH-IT-3", "it", "low"),
    behaviour("BEH-IT-7", "it", "low"),
]
BEHAVIOUR_DIMENSIONS = {
    "BEH-ENT-1": Dimension(code="BEH-ENT-1", name="Ongoing dialogue", recommendation="Talk routinely."),
    "BEH-BUS-5": Dimension(code="BEH-BUS-5", name="Owning organisational change"),
    "BEH-IT-3": Dimension(code="BEH-IT-3", name="Benefits, costs and risks"),
    "BEH-IT-7": Dimension(code="BEH-IT-7", name="Plain, honest reporting", recommendation="Report honestly."),
}
# Ten respondents on each side.
BUSINESS = {
    ("BEH-ENT-1", "value"): Tally(n=10, total=48),  # 4.8
    ("BEH-BUS-5", "value"): Tally(n=10, total=20),  # 2.0 (self)
    ("BEH-IT-3", "value"): Tally(n=10, total=40),  # 4.0 (mirror)
    ("BEH-IT-7", "value"): Tally(n=10, total=23),  # 2.3 (mirror)
}
IT = {
    ("BEH-ENT-1", "value"): Tally(n=10, total=48),  # 4.8
    ("BEH-BUS-5", "value"): Tally(n=10, total=20),  # 2.0 (mirror)
    ("BEH-IT-3", "value"): Tally(n=10, total=40),  # 4.0 (self)
    ("BEH-IT-7", "value"): Tally(n=10, total=41),  # 4.1 (self)
}


def rank(business=BUSINESS, it=IT, relationship=None, items=BEHAVIOURS, dimensions=None):
    groups = {"business": business, "it": it, "overall": merge([BUSINESS, IT])}
    results = {"behaviour": behaviour_scores(items=BEHAVIOURS, dimensions=BEHAVIOUR_DIMENSIONS, groups=groups)}
    if relationship:
        results["relationship"] = relationship
    dimensions = dimensions or {"behaviour": BEHAVIOUR_DIMENSIONS}
    return worded(recommendations_rank(items=items, dimensions=dimensions, results=results), items, dimensions)


def worded(ranked, items, dimensions):
    """The records worded by the presenter (assessments.wording), in the active language."""
    assert all(isinstance(r, Recommendation) for r in ranked)
    meta = InstrumentMeta(items=tuple(items), dimensions=dimensions, weights={}, ladder=())
    return recommendations_json(ranked, meta=meta)


def test_it_returns_language_free_records():
    groups = {"business": BUSINESS, "it": IT, "overall": merge([BUSINESS, IT])}
    results = {"behaviour": behaviour_scores(items=BEHAVIOURS, dimensions=BEHAVIOUR_DIMENSIONS, groups=groups)}
    first = recommendations_rank(items=BEHAVIOURS, dimensions={"behaviour": BEHAVIOUR_DIMENSIONS}, results=results)[0]
    # Codes and numbers only: the words are the presenter's.
    assert (first.code, first.instrument, first.group, first.gap_kind, first.rank) == (
        "BEH-IT-7",
        "behaviour",
        "it",
        "to_top",
        1,
    )
    assert (first.numbers["self"], first.numbers["mirror"]) == pytest.approx((4.1, 2.3))
    assert not hasattr(first, "trigger") and not hasattr(first, "title")


def test_it_ranks_quick_wins_first_then_by_gap_times_weight():
    ranked = rank()
    # IT-7: mean (23 + 41) / 20 = 3.2, gap 5 - 3.2 = 1.8 >= 1.5, low effort: quick win, priority 1.8
    # BUS-5: mean 2.0, gap 3.0, high effort: priority 3.0 * 1.2 = 3.6
    # IT-3: mean 4.0, gap 1.0 < 1.5: priority 1.0
    # ENT-1: mean 4.8, gap 0.2 < 0.5: no recommendation
    assert [(r["rank"], r["code"], r["quick_win"]) for r in ranked] == [
        (1, "BEH-IT-7", True),
        (2, "BEH-BUS-5", False),
        (3, "BEH-IT-3", False),
    ]
    assert [r["priority"] for r in ranked] == pytest.approx([1.8, 3.6, 1.0])
    assert ranked[0]["gap"] == pytest.approx(1.8)


def test_it_says_which_measured_gap_triggered_a_recommendation():
    first = rank()[0]
    assert first["trigger"] == (
        "IT rates its own “Plain, honest reporting” 4.1; the business rates it 2.3. "
        "Mean 3.2 of 5, 1.8 below the top of the scale."
    )
    assert first["measured"]["self"] == pytest.approx(4.1)
    assert first["measured"]["mirror"] == pytest.approx(2.3)


def test_it_ranks_on_the_blind_spot_when_it_is_larger():
    it = {**IT, ("BEH-IT-7", "value"): Tally(n=10, total=50)}  # IT rates itself 5.0
    # overall is fixed in rank(): mean 3.2, to_top 1.8; blind spot 5.0 - 2.3 = 2.7 > 1.8
    recommendation = next(r for r in rank(it=it) if r["code"] == "BEH-IT-7")
    assert recommendation["gap_kind"] == "blind_spot"
    assert recommendation["gap"] == pytest.approx(2.7)
    assert recommendation["trigger"].endswith("the business rates it 2.3: a blind spot of 2.7 points.")


def test_it_makes_one_recommendation_for_an_item_and_its_dimension():
    ranked = rank()
    assert [r["code"] for r in ranked].count("BEH-IT-7") == 1
    it_7 = next(r for r in ranked if r["code"] == "BEH-IT-7")
    assert (it_7["level"], it_7["text"], it_7["dimension_recommendation"]) == (
        "item",
        "Do BEH-IT-7",
        "Report honestly.",
    )


def test_it_mentions_only_the_sides_that_are_reported():
    it_7 = next(r for r in rank(it=None) if r["code"] == "BEH-IT-7")
    # IT not reported: no self score, so the trigger quotes the mean and the business alone
    assert (
        it_7["trigger"]
        == "“Plain, honest reporting” is rated 3.2 of 5 on average (business 2.3), 1.8 below the top of the scale."
    )


def test_it_recommends_a_relationship_model_wanted_more_than_it_is_lived():
    models = ("passive", "provider", "partner", "peer")
    items = [
        ItemMeta(
            code=f"REL-{m[:3].upper()}-1",
            kind="relationship",
            dimension=m,
            aspects=("today", "desired"),
            effort="low",
            recommendation=f"Move to {m}",
            title=f"{m} statement",
        )
        for m in models
    ]
    # One statement per model, 4 people: today passive 4, others 2; desired partner 4.5, others 2.
    tallies = {}
    for item in items:
        tallies[(item.code, "today")] = Tally(n=4, total=16 if item.dimension == "passive" else 8)
        tallies[(item.code, "desired")] = Tally(n=4, total=18 if item.dimension == "partner" else 8)
    relationship = relationship_scores(items=items, groups={"business": tallies, "it": None, "overall": tallies})
    dimensions = {m: Dimension(code=m, name=m.title(), recommendation=f"Become {m}", effort="medium") for m in models}
    ranked = worded(
        recommendations_rank(
            items=items, dimensions={"relationship": dimensions}, results={"relationship": relationship}
        ),
        items,
        {"relationship": dimensions},
    )
    # partner: desired 4.5 - today 2.0 = 2.5 (the item: low effort, quick win; the model: medium effort)
    # passive: 2.0 - 4.0 = -2.0 is lived more than wanted: no advice to move toward it
    assert [(r["code"], r["level"], r["quick_win"]) for r in ranked] == [
        ("REL-PAR-1", "item", True),
        ("partner", "dimension", False),
    ]
    assert (
        ranked[1]["trigger"]
        == "Respondents see the Partner model today at 2.0 and want it at 4.5 (business 2.0 → 4.5)."
    )
    assert ranked[0]["gap"] == pytest.approx(2.5)


def test_it_words_the_same_record_in_the_readers_language():
    from django.utils import translation

    with translation.override("nb"):
        norwegian = rank(it=None)
    english = rank(it=None)
    it_7 = [next(r for r in ranked if r["code"] == "BEH-IT-7") for ranked in (english, norwegian)]
    # The numbers are the same; only the sentence and the decimal mark follow the reader.
    assert it_7[0]["gap"] == it_7[1]["gap"]
    assert "3.2" in it_7[0]["trigger"] and "3,2" in it_7[1]["trigger"]
    assert it_7[0]["trigger"] != it_7[1]["trigger"]
