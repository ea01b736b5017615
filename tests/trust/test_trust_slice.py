"""The trust slice's hooks: what the core asks of it (pure, no database). The numbers are
tests/trust/helpers.py's; their intervals are worked by hand in test_trust_scoring.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assessments.recommendations import recommendations_rank
from assessments.slices import AnswerCounts, Scope, slice_for
from brmportal.lib.scoring import Tally
from tests.behaviours.helpers import answers
from tests.trust.helpers import BUSINESS, ITEMS, SLICE, scope, texts
from trust.recommendations import PREREQUISITES, STAGES
from trust.slice import TrustSlice


def test_it_is_registered_as_the_trust_instrument():
    registered = slice_for("trust")
    assert isinstance(registered, TrustSlice)
    assert (registered.key, str(registered.label), str(registered.short_label)) == ("trust", "Trust", "Trust")
    assert registered.content_file.exists()


def test_it_adds_no_content_checks_of_its_own():
    doc = yaml.safe_load(Path(SLICE.content_file).read_text(encoding="utf-8"))
    assert SLICE.validate(doc, "trust/content/trust.yaml") == []


def test_it_writes_the_documented_json():
    data = SLICE.to_json(SLICE.score(scope()), texts())
    # Every key it always had, then the new ones; "overall" stays, null: trust is never pooled.
    assert list(data) == ["business", "it", "overall", "perception_gap", "items", "deficits", "norm", "stats"]
    assert data["overall"] is None
    assert list(data["business"]) == ["index", "mean", "answers", "dont_know", "stats", "distribution"]
    assert data["business"]["mean"] == 2.25
    assert (data["business"]["answers"], data["business"]["dont_know"]) == (8, 1)
    assert data["business"]["stats"]["index"]["n"] == 4  # four respondents, not eight answers
    assert data["perception_gap"] == pytest.approx(37.5)
    assert data["stats"]["perception_gap"]["clear"] is True
    first = data["items"][0]
    assert list(first) == [
        "code",
        "name",
        "business",
        "it",
        "overall",
        "index",
        "deficit",
        "answers",
        "dont_know",
        "perception_gap",
        "stats",
        "distribution",
    ]
    assert (first["code"], first["name"], first["business"], first["it"], first["overall"]) == (
        "TRU-1",
        "Understanding what IT does",
        1.5,
        4.5,
        None,
    )
    # The business's index 12.5; deficit 3 - 1.5 below the norm; gap 75 index points
    assert (first["index"], first["deficit"], first["perception_gap"]) == (12.5, 1.5, 75.0)
    assert list(first["stats"]) == ["business", "it", "overall", "index", "deficit", "perception_gap"]
    assert first["stats"]["overall"] is None and first["stats"]["deficit"]["clear"] is True
    assert first["distribution"]["business"] == {"low": 1.0, "middle": 0.0, "high": 0.0, "n": 4}
    assert [d["code"] for d in data["deficits"]] == ["TRU-1"]
    assert data["deficits"][0] == first


def test_it_names_the_statements_in_the_readers_language():
    data = SLICE.to_json(SLICE.score(scope()), texts("nb"))
    assert [i["name"] for i in data["items"]] == ["Forstår hva IT gjør", "Ser hva vi betaler for"]


def test_it_writes_null_for_an_unreported_side():
    data = SLICE.to_json(SLICE.score(scope(it=None)), texts())
    assert data["it"] is None and data["perception_gap"] is None
    assert data["items"][0]["it"] is None and data["stats"]["perception_gap"] is None


def test_it_gives_its_scale_and_its_maturity_position():
    assert SLICE.scales(ITEMS) == {"trust.all": ("TRU-1", "TRU-2")}
    result = SLICE.score(scope(it=None))
    # (2.25 - 1) / 4 = 0.3125 for the business and for everyone; IT hidden
    assert SLICE.maturity(result, "business") == pytest.approx(0.3125)
    assert SLICE.maturity(result, "overall") == pytest.approx(0.3125)
    assert SLICE.maturity(result, "it") is None


def test_it_summarises_a_department_by_its_own_sides_index():
    # A row is one side x department: a business row's cell is the business's trust, never pooled.
    summary = SLICE.summary(scope(), {**BUSINESS})
    assert summary == pytest.approx(31.25)
    assert SLICE.summary_json(summary) == summary
    assert SLICE.summary(scope(), {}) is None
    (column,) = SLICE.heat_columns
    assert (column.key, str(column.label), column.scale, column.low, column.high) == (
        "trust",
        "Trust index",
        "0-100",
        0,
        100,
    )
    assert column.value(summary) == 31.25
    assert column.value(None) is None


def test_it_scores_a_respondent_alone():
    own = SLICE.respondent(scope(), {("TRU-1", "value"): Tally(n=1, total=3), ("TRU-2", "value"): Tally(dk=1)}, "it")
    assert (own.index, own.mean, own.answers, own.dont_know) == (50.0, 3.0, 1, 1)
    assert SLICE.respondent(scope(), {}, "it") is None


def test_it_counts_everyones_answers_for_the_method_page():
    assert SLICE.answer_counts(SLICE.score(scope())) == AnswerCounts(answers=16, dont_know=1, not_applicable=None)
    empty = SLICE.score(Scope(items=ITEMS, dimensions={}, groups={"overall": None}))
    assert SLICE.answer_counts(empty) == AnswerCounts(0, 0)


def test_it_recommends_from_a_clear_weakness_or_a_clear_perception_gap():
    candidates = list(SLICE.recommend(SLICE.score(scope()), scope()))
    assert [(c.code, c.gap_kind) for c in candidates] == [
        ("TRU-1", "weakness"),
        ("TRU-1", "perception_gap"),
        ("TRU-2", "weakness"),
        ("TRU-2", "perception_gap"),
    ]
    first = candidates[0]
    assert (first.level, first.instrument, first.dimension, first.stage) == ("item", "trust", "TRU-1", 1)
    # weakness: 3 - 1.5 = 1.5 (0.58 to 2.0: the business's 1.5 (0.58-2.42) is drawn from 1.0), on the
    # business's figure
    assert first.gap == 1.5 and first.gap_low == pytest.approx(0.581, abs=1e-3)
    assert first.per_side == {"business": (1.5,), "it": (4.5,)}
    assert list(first.measured) == ["overall", "business", "it", "index", "perception_gap", "stats"]
    ranked = recommendations_rank(candidates).main
    # TRU-1 weakness priority 0.581 / 4 = 0.145; its perception gap 4.5 - 1.5 = 3.0, se 0.408, df 6,
    # t 2.447: (2.001, 3.999), priority 2.001 / 4 = 0.500: the perception gap is kept.
    # TRU-2: 3.0 (1.70-4.30) and a gap of 0: nothing clear, no recommendation.
    assert [(r.code, r.gap_kind, r.rank, r.quick_win) for r in ranked] == [("TRU-1", "perception_gap", 1, True)]
    assert ranked[0].priority == pytest.approx(0.5003, abs=1e-4)


def test_it_words_the_why_sentences_with_intervals():
    candidates = list(SLICE.recommend(SLICE.score(scope()), scope()))
    weak, gap = candidates[0], candidates[1]
    # business 1.5 (0.58-2.42, drawn from 1.0) -> index 12.5 (0-35.5); IT 4.5 (3.58-5.42, drawn to 5.0)
    # -> 87.5 (64.5-100)
    assert SLICE.trigger(weak, "Understanding what IT does") == (
        "The business's trust in “Understanding what IT does” is 12 (0–35) of 100: clearly below the middle (50); "
        "IT thinks it is 88 (65–100)."
    )
    # gap 3.0 (2.001 to 3.999) x 25 = 75 (50 to 100) index points
    assert SLICE.trigger(gap, "Understanding what IT does") == (
        "IT thinks the business's trust in “Understanding what IT does” is 88 (65–100) of 100; the business "
        "gives 12 (0–35): IT believes it is trusted 75 points more than it is (50 to 100), clear."
    )
    alone = next(iter(SLICE.recommend(SLICE.score(scope(it=None)), scope(it=None))))
    assert SLICE.trigger(alone, "Understanding what IT does") == (
        "The business's trust in “Understanding what IT does” is 12 (0–35) of 100: clearly below the middle (50)."
    )
    assert SLICE.recommendation_names(weak, texts()) == ("Understanding what IT does", "Understanding what IT does")


def test_it_lists_the_statements_the_business_clearly_trusts_as_strengths():
    trusted = {**BUSINESS, ("TRU-2", "value"): answers(5, 5, 4, 5)}
    (found,) = SLICE.strengths(SLICE.score(scope(business=trusted)), scope(business=trusted))
    # 4.75, se 0.25, t(0.975, 3) = 3.182: (3.95, 5.55), drawn to the scale's top (3.95, 5.0), wholly above 3
    assert (found.code, found.kind, found.group, found.value) == ("TRU-2", "strength", "business", 4.75)
    assert SLICE.strength_words(found, texts()) == (
        "Seeing what we pay for",
        "The business's trust in “Seeing what we pay for” is 94 (74–100) of 100: clearly above the middle (50); "
        "IT thinks it is 50 (18–82).",
    )


def test_it_gives_every_statement_of_the_content_a_stage():
    doc = yaml.safe_load(Path(SLICE.content_file).read_text(encoding="utf-8"))
    codes = {item["code"] for section in doc["sections"] for item in section["items"]}
    assert set(STAGES) == codes and set(STAGES.values()) == {1, 2, 3}
    assert all(p in codes for prerequisites in PREREQUISITES.values() for p in prerequisites)


def test_it_compares_the_business_trust_and_its_view_from_it_with_the_previous_campaign():
    figures = SLICE.figures(SLICE.score(scope(it=None)), texts())
    # No "everyone" figure: trust is never pooled. Whole numbers for reading.
    assert [(f.key, f.heading, f.label, f.group, f.decimals) for f in figures] == [
        ("trust.business", "Trust index (0-100)", "Business: its trust in IT", "business", 0),
        ("trust.it", "Trust index (0-100)", "IT: how it thinks the business sees it", "it", 0),
    ]
    assert [f.value for f in figures] == [31.25, None]
