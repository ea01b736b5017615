"""The trust slice's hooks: what the core asks of it (pure, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assessments.recommendations import recommendations_rank
from assessments.slices import AnswerCounts, Scope, slice_for
from brmportal.lib.scoring import Tally
from tests.trust.helpers import ITEMS, SLICE, scope, texts
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
    assert list(data) == ["business", "it", "overall", "perception_gap", "items", "deficits"]
    assert list(data["business"]) == ["index", "mean", "answers", "dont_know"]
    # business: 17 answers over 7 -> mean 2.43, index 35.71; one "don't know"
    assert data["business"]["mean"] == pytest.approx(17 / 7)
    assert (data["business"]["answers"], data["business"]["dont_know"]) == (7, 1)
    assert data["perception_gap"] == pytest.approx(87.5 - (17 / 7 - 1) * 25)
    first = data["items"][0]
    assert list(first) == ["code", "name", "business", "it", "overall", "index", "deficit", "answers", "dont_know"]
    assert (first["code"], first["name"], first["business"], first["it"]) == (
        "TRU-1",
        "Understanding what IT does",
        2.0,
        4.0,
    )
    # everyone: 16 / 6 = 2.667 -> deficit 2.333, index 41.67; unrounded (the core rounds the document)
    assert first["overall"] == pytest.approx(8 / 3)
    assert first["deficit"] == pytest.approx(7 / 3)
    assert first["index"] == pytest.approx(125 / 3)
    assert [d["code"] for d in data["deficits"]] == ["TRU-1", "TRU-2"]
    assert data["deficits"][0] == first


def test_it_names_the_statements_in_the_readers_language():
    data = SLICE.to_json(SLICE.score(scope()), texts("nb"))
    assert [i["name"] for i in data["items"]] == ["Forstår hva IT gjør", "Ser hva vi betaler for"]


def test_it_writes_null_for_an_unreported_side():
    data = SLICE.to_json(SLICE.score(scope(it=None)), texts())
    assert data["it"] is None and data["perception_gap"] is None
    assert data["items"][0]["it"] is None


def test_it_gives_the_mean_rating_as_its_maturity_component():
    result = SLICE.score(scope(it=None))
    assert SLICE.maturity(result, "business") == pytest.approx(17 / 7)
    assert SLICE.maturity(result, "it") is None


def test_it_summarises_a_department_by_its_index():
    # business x department: mean 17 / 7 -> index 35.71
    summary = SLICE.summary(scope(), {**scope().groups["business"]})
    assert summary == pytest.approx(35.714, abs=1e-3)
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
    assert column.value(summary) == 35.71
    assert column.value(None) is None


def test_it_scores_a_respondent_alone():
    own = SLICE.respondent(scope(), {("TRU-1", "value"): Tally(n=1, total=3), ("TRU-2", "value"): Tally(dk=1)}, "it")
    assert (own.index, own.mean, own.answers, own.dont_know) == (50.0, 3.0, 1, 1)
    assert SLICE.respondent(scope(), {}, "it") is None


def test_it_counts_everyones_answers_for_the_method_page():
    assert SLICE.answer_counts(SLICE.score(scope())) == AnswerCounts(answers=11, dont_know=1, not_applicable=None)
    empty = SLICE.score(Scope(items=ITEMS, dimensions={}, groups={"overall": None}))
    assert SLICE.answer_counts(empty) == AnswerCounts(0, 0)


def test_it_recommends_where_a_statement_is_short_of_full_agreement():
    candidates = list(SLICE.recommend(SLICE.score(scope()), scope()))
    assert [c.code for c in candidates] == ["TRU-1", "TRU-2"]
    first = candidates[0]
    assert (first.level, first.instrument, first.dimension, first.gap_kind) == ("item", "trust", "TRU-1", "to_top")
    assert first.gap == pytest.approx(7 / 3)
    assert first.numbers == {"mean": pytest.approx(8 / 3), "deficit": pytest.approx(7 / 3)}
    assert first.per_side == {"business": (2.0,), "it": (4.0,)}
    assert list(first.measured) == ["overall", "business", "it", "index"]
    assert first.measured["index"] == pytest.approx(125 / 3)
    ranked = recommendations_rank(candidates)
    # TRU-1: low effort and a gap of 2.33 >= 1.5, a quick win; TRU-2: gap 1.2 x weight 1.2
    assert [(r.code, r.quick_win, r.rank) for r in ranked] == [("TRU-1", True, 1), ("TRU-2", False, 2)]
    assert ranked[1].priority == pytest.approx(1.44)


def test_it_quotes_only_the_sides_measured_in_the_why_sentence():
    candidates = list(SLICE.recommend(SLICE.score(scope(it=None)), scope(it=None)))
    assert candidates[0].per_side == {"business": (2.0,)}
    assert SLICE.trigger(candidates[0], "Understanding what IT does") == (
        "“Understanding what IT does” is rated 2.7 of 5 (business 2.0), 2.3 short of full agreement."
    )


def test_it_words_the_why_sentence_for_both_sides():
    rec = next(iter(SLICE.recommend(SLICE.score(scope()), scope())))
    assert SLICE.trigger(rec, "Understanding what IT does") == (
        "“Understanding what IT does” is rated 2.7 of 5 (business 2.0; IT 4.0), 2.3 short of full agreement."
    )
    assert SLICE.recommendation_names(rec, texts()) == ("Understanding what IT does", "Understanding what IT does")


def test_it_compares_the_index_per_group_with_the_previous_campaign():
    figures = SLICE.figures(SLICE.score(scope(it=None)), texts())
    assert [(f.key, f.heading, f.label, f.group, f.decimals) for f in figures] == [
        ("trust.business", "Trust index (0-100)", "Business", "business", 1),
        ("trust.it", "Trust index (0-100)", "IT", "it", 1),
        ("trust.overall", "Trust index (0-100)", "Everyone", "overall", 1),
    ]
    # Two decimals, as the dashboard and the report have always compared them.
    assert [f.value for f in figures] == [35.71, None, 54.55]
