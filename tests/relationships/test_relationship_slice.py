"""The relationship slice's hooks: registration, content checks, scoring, JSON, advice and figures
(pure: no database)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from assessments.recommendations import recommendations_rank
from assessments.slices import slice_for
from brmportal.lib.scoring import Tally
from relationships.results import RelationshipGroup
from relationships.slice import RelationshipSlice
from tests.relationships.helpers import DESIRED, TODAY, answers, scope

BUSINESS_ONLY = {"business": answers(TODAY, DESIRED), "it": None, "overall": answers(TODAY, DESIRED)}


def test_it_is_registered_first_with_its_key_and_constants():
    instrument = slice_for("relationship")
    assert isinstance(instrument, RelationshipSlice)
    assert instrument.key == "relationship"
    assert list(instrument.constants.items()) == [("mixed_margin", 0.25), ("disagree_index_gap", 0.5)]
    assert instrument.content_file.is_file()


def test_it_accepts_the_bundled_content(relationship, content):
    doc = content["instruments"]["relationship"]
    assert relationship.validate(doc, "relationships/content/relationship.yaml") == []


def test_it_wants_exactly_the_four_models(relationship, content):
    doc = {**content["instruments"]["relationship"]}
    doc["dimensions"] = [d for d in doc["dimensions"] if d["code"] != "peer"] + [{"code": "owner"}]
    assert relationship.validate(doc, "relationships/content/relationship.yaml") == [
        "relationships/content/relationship.yaml: dimensions must be exactly ['passive', 'provider', 'partner', 'peer']"
    ]


def test_it_writes_the_documented_json(relationship, texts):
    result = relationship.score(scope(BUSINESS_ONLY))
    data = relationship.to_json(result, texts)
    json.dumps(data)  # plain JSON types only
    assert list(data) == ["business", "it", "overall", "disagree_today", "items"]
    assert data["it"] is None
    assert data["disagree_today"] is False
    business = data["business"]
    assert list(business) == ["today", "desired", "gap"]
    today = business["today"]
    assert list(today) == ["model", "leaders", "index", "margin", "scores", "answers", "dont_know"]
    assert today["model"] == "passive"
    assert today["leaders"] == ["passive"]
    assert today["index"] == pytest.approx(10 / 6)
    assert today["scores"] == {"passive": 4.0, "provider": 3.0, "partner": 2.0, "peer": 1.0}
    assert (today["answers"], today["dont_know"]) == (32, 0)
    assert business["gap"]["index"] == pytest.approx(26 / 8.5 - 10 / 6)
    assert business["gap"]["scores"] == pytest.approx({"passive": -2.5, "provider": -0.5, "partner": 2.5, "peer": 3.0})
    statement = data["items"][0]
    assert statement == {
        "code": "REL-PAS-1",
        "model": "passive",
        # REL-PAS-1: today 16 / 4, desired 6 / 4
        "today": {"business": 4.0, "it": None, "overall": 4.0},
        "desired": {"business": 1.5, "it": None, "overall": 1.5},
        "gap": {"business": -2.5, "it": None, "overall": -2.5},
    }


def test_it_gives_the_maturity_component_and_the_answer_counts(relationship):
    result = relationship.score(scope(BUSINESS_ONLY))
    # relationship_on_five(10/6) = 1 + (10/6 - 1) * 4/3
    assert relationship.maturity(result, "overall") == pytest.approx(1 + (10 / 6 - 1) * 4 / 3)
    assert relationship.maturity(result, "it") is None
    counts = relationship.answer_counts(result)
    # 8 statements x 4 people, today and desired
    assert (counts.answers, counts.dont_know, counts.not_applicable) == (64, 0, None)


def test_it_summarises_a_department_row_for_the_heat_map(relationship):
    summary = relationship.summary(scope({}), answers(TODAY))
    assert isinstance(summary, RelationshipGroup)
    assert relationship.summary_json(summary) == {
        "today": {"model": "passive", "index": pytest.approx(10 / 6), "margin": pytest.approx(1.0)},
        "desired": None,
    }
    assert relationship.summary_json(None) == {"today": None, "desired": None}
    today, desired = relationship.heat_columns
    assert (today.key, today.scale, today.low, today.high) == ("rel_today", "1-4", 1, 4)
    assert today.value(summary) == pytest.approx(10 / 6)
    assert desired.value(summary) is None
    assert today.value(None) is None


def test_it_scores_one_respondent(relationship):
    mine = answers(TODAY, DESIRED)
    own = relationship.respondent(scope({"overall": mine}), mine, "business")
    assert own.today.model == "passive"
    assert own.desired.model == "partner"


def test_it_recommends_from_desired_minus_today(relationship):
    result = relationship.score(scope(BUSINESS_ONLY))
    candidates = list(relationship.recommend(result, scope(BUSINESS_ONLY)))
    # The four models first (content order), then every statement.
    assert [(c.level, c.code) for c in candidates[:5]] == [
        ("dimension", "passive"),
        ("dimension", "provider"),
        ("dimension", "partner"),
        ("dimension", "peer"),
        ("item", "REL-PAS-1"),
    ]
    partner = candidates[2]
    assert partner.gap == pytest.approx(2.5)  # 4.5 - 2.0
    assert partner.gap_kind == "desired_vs_today"
    assert partner.numbers == {"today": 2.0, "desired": 4.5}
    assert partner.per_side == {"business": (2.0, 4.5)}  # IT is not reported: not quoted
    assert partner.measured == {
        "today": {"business": 2.0, "overall": 2.0},
        "desired": {"business": 4.5, "overall": 4.5},
    }
    statement = next(c for c in candidates if c.code == "REL-PAR-1")
    assert (statement.dimension, statement.gap) == ("partner", pytest.approx(2.5))
    assert statement.measured == {
        "today": {"business": 2.0, "it": None, "overall": 2.0},
        "desired": {"business": 4.5, "it": None, "overall": 4.5},
    }
    ranked = recommendations_rank(candidates)
    # passive (-2.5) and provider (-0.5) are lived more than wanted: no advice to move toward them.
    assert {r.code for r in ranked if r.level == "dimension"} == {"partner", "peer"}


def test_it_recommends_nothing_without_desired(relationship):
    groups = {"business": answers(TODAY), "it": None, "overall": answers(TODAY)}
    assert list(relationship.recommend(relationship.score(scope(groups)), scope(groups))) == []


def test_it_words_the_trigger_with_the_statement_and_the_model(relationship, texts):
    result = relationship.score(scope(BUSINESS_ONLY))
    candidates = {c.code: c for c in relationship.recommend(result, scope(BUSINESS_ONLY))}
    model = candidates["partner"]
    title, name = relationship.recommendation_names(model, texts)
    assert (title, name) == ("Partner", "Partner")
    assert relationship.trigger(model, name) == (
        "Respondents see the Partner model today at 2.0 and want it at 4.5 (business 2.0 → 4.5)."
    )
    statement = candidates["REL-PAR-1"]
    title, name = relationship.recommendation_names(statement, texts)
    assert title == name == "IT takes part in our business planning, working toward goals we share."
    assert relationship.trigger(statement, name) == (
        "“IT takes part in our business planning, working toward goals we share.”: today 2.0, desired 4.5 "
        "(business 2.0 → 4.5)."
    )
    with translation.override("nb"):
        # The moved msgid keeps its translation (and the decimal comma of Norwegian).
        assert relationship.trigger(model, "Partner") == (
            "Respondentene gir modellen Partner 2,0 i dag og ønsker 4,5 (forretningssiden 2,0 → 4,5)."
        )


def test_it_compares_today_s_model_and_both_indices(relationship, texts):
    groups = {
        "business": answers(TODAY, DESIRED),
        "it": answers({"passive": 16, "provider": 28, "partner": 27, "peer": 8}),
        "overall": None,
    }
    figures = relationship.figures(relationship.score(scope(groups)), texts)
    assert [f.key for f in figures] == [
        "relationship.business.model",
        "relationship.it.model",
        "relationship.overall.model",
        "relationship.business.today",
        "relationship.it.today",
        "relationship.overall.today",
        "relationship.business.desired",
        "relationship.it.desired",
        "relationship.overall.desired",
    ]
    by_key = {f.key: f for f in figures}
    assert by_key["relationship.business.model"].words == "Passive"
    assert by_key["relationship.it.model"].words == "Mixed (Provider / Partner)"
    assert by_key["relationship.overall.model"].words == ""
    assert by_key["relationship.business.today"].value == pytest.approx(10 / 6)
    assert by_key["relationship.business.today"].heading == "Relationship index (1 Passive – 4 Peer)"
    assert by_key["relationship.business.today"].label == "Today, Business"
    assert by_key["relationship.it.desired"].value is None
    assert {f.group for f in figures} == {"business", "it", "overall"}


def test_it_counts_dont_know_apart(relationship):
    data = answers(TODAY)
    data[("REL-PAS-1", "today")] = Tally(n=3, total=15, dk=1)
    result = relationship.score(scope({"business": None, "it": None, "overall": data}))
    assert relationship.answer_counts(result).dont_know == 1
