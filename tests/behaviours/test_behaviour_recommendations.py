"""The behaviour slice's recommendations, worked by hand: its candidates, ranked by the core, and
their "Why:" sentences (no database)."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessments.recommendations import Recommendation, recommendations_rank
from assessments.slices import Scope
from assessments.texts import InstrumentTexts
from assessments.wording import recommendation_words
from behaviours.slice import BehaviourSlice
from brmportal.lib.scoring import Dimension, ItemMeta, Tally, merge

SLICE = BehaviourSlice()


def behaviour(code: str, group: str, effort: str, weight: float = 1.0) -> ItemMeta:
    return ItemMeta(code=code, kind="behaviour", dimension=code, group=group, effort=effort, weight=weight)


BEHAVIOURS = (
    behaviour("BEH-ENT-1", "enterprise", "low"),
    behaviour("BEH-BUS-5", "business", "high", weight=1.2),
    behaviour("BEH-IT-3", "it", "low"),
    behaviour("BEH-IT-7", "it", "low"),
)
DIMENSIONS = {item.code: Dimension(code=item.code, effort=item.effort, weight=item.weight) for item in BEHAVIOURS}
NAMES = {
    "BEH-ENT-1": ("Ongoing dialogue", "Talk routinely."),
    "BEH-BUS-5": ("Owning organisational change", ""),
    "BEH-IT-3": ("Benefits, costs and risks", ""),
    "BEH-IT-7": ("Plain, honest reporting", "Report honestly."),
}
CONTENT = {
    "instruments": {
        "behaviour": {
            "dimensions": [
                {"code": code, "name": {"en": name}, **({"recommendation": {"en": advice}} if advice else {})}
                for code, (name, advice) in NAMES.items()
            ],
            "sections": [{"items": [{"code": code, "recommendation": {"en": f"Do {code}"}} for code in NAMES]}],
        }
    }
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


def ranked(business=BUSINESS, it=IT) -> list[Recommendation]:
    scope = Scope(
        items=BEHAVIOURS,
        dimensions=DIMENSIONS,
        groups={"business": business, "it": it, "overall": merge([BUSINESS, IT])},
    )
    return recommendations_rank(SLICE.recommend(SLICE.score(scope), scope))


def worded(records: list[Recommendation]) -> list[dict]:
    """The records worded by the core presenter (assessments.wording), in the active language."""
    texts = InstrumentTexts(language=translation.get_language() or "en", content=CONTENT)
    return [rec.to_json(recommendation_words(rec, texts=texts)) for rec in records]


def by_code(records, code):
    return next(r for r in records if (r["code"] if isinstance(r, dict) else r.code) == code)


def test_it_returns_language_free_records():
    first = ranked()[0]
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
    records = worded(ranked())
    # IT-7: mean (23 + 41) / 20 = 3.2, gap 5 - 3.2 = 1.8 >= 1.5, low effort: quick win, priority 1.8
    # BUS-5: mean 2.0, gap 3.0, high effort: priority 3.0 * 1.2 = 3.6
    # IT-3: mean 4.0, gap 1.0 < 1.5: priority 1.0
    # ENT-1: mean 4.8, gap 0.2 < 0.5: no recommendation
    assert [(r["rank"], r["code"], r["quick_win"]) for r in records] == [
        (1, "BEH-IT-7", True),
        (2, "BEH-BUS-5", False),
        (3, "BEH-IT-3", False),
    ]
    assert [r["priority"] for r in records] == pytest.approx([1.8, 3.6, 1.0])
    assert records[0]["gap"] == pytest.approx(1.8)


def test_it_says_which_measured_gap_triggered_a_recommendation():
    first = worded(ranked())[0]
    assert first["trigger"] == (
        "IT rates its own “Plain, honest reporting” 4.1; the business rates it 2.3. "
        "Mean 3.2 of 5, 1.8 below the top of the scale."
    )
    assert list(first["measured"]) == ["mean", "business", "it", "self", "mirror", "blind_spot", "to_top"]
    assert first["measured"]["self"] == pytest.approx(4.1)
    assert first["measured"]["mirror"] == pytest.approx(2.3)
    assert first["measured"]["business"] == pytest.approx(2.3)


def test_it_words_a_business_behaviour_for_the_business():
    bus_5 = by_code(worded(ranked()), "BEH-BUS-5")
    # Both sides rate it 2.0: no blind spot, the distance to the top is the gap.
    assert bus_5["trigger"] == (
        "The business rates its own “Owning organisational change” 2.0; IT rates it 2.0. "
        "Mean 2.0 of 5, 3.0 below the top of the scale."
    )


def test_it_ranks_on_the_blind_spot_when_it_is_larger():
    it = {**IT, ("BEH-IT-7", "value"): Tally(n=10, total=50)}  # IT rates itself 5.0
    # overall is fixed in ranked(): mean 3.2, to_top 1.8; blind spot 5.0 - 2.3 = 2.7 > 1.8
    recommendation = by_code(worded(ranked(it=it)), "BEH-IT-7")
    assert recommendation["gap_kind"] == "blind_spot"
    assert recommendation["gap"] == pytest.approx(2.7)
    assert recommendation["trigger"].endswith("the business rates it 2.3: a blind spot of 2.7 points.")


def test_it_makes_one_recommendation_for_an_item_and_its_dimension():
    records = worded(ranked())
    assert [r["code"] for r in records].count("BEH-IT-7") == 1
    it_7 = by_code(records, "BEH-IT-7")
    assert (it_7["level"], it_7["dimension"], it_7["title"], it_7["text"], it_7["dimension_recommendation"]) == (
        "item",
        "BEH-IT-7",
        "Plain, honest reporting",
        "Do BEH-IT-7",
        "Report honestly.",
    )


def test_it_mentions_only_the_sides_that_are_reported():
    it_7 = by_code(worded(ranked(it=None)), "BEH-IT-7")
    # IT not reported: no self score, so the trigger quotes the mean and the business alone
    assert (
        it_7["trigger"]
        == "“Plain, honest reporting” is rated 3.2 of 5 on average (business 2.3), 1.8 below the top of the scale."
    )
    assert it_7["measured"]["it"] is None


def test_it_words_the_same_record_in_the_readers_language():
    with translation.override("nb"):
        norwegian = worded(ranked(it=None))
    english = worded(ranked(it=None))
    it_7 = [by_code(records, "BEH-IT-7") for records in (english, norwegian)]
    # The numbers are the same; only the sentence and the decimal mark follow the reader.
    assert it_7[0]["gap"] == it_7[1]["gap"]
    assert "3.2" in it_7[0]["trigger"] and "3,2" in it_7[1]["trigger"]
    assert it_7[0]["trigger"] != it_7[1]["trigger"]
