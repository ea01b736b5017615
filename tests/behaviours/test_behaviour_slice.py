"""The behaviour slice's hooks (assessments.slices): content checks, scoring hooks, JSON, the
comparison figures and the heat map column (no database)."""

from __future__ import annotations

import pytest
import yaml
from django.utils import translation

from assessments.slices import AnswerCounts, Scope, slice_for
from assessments.texts import InstrumentTexts
from behaviours.results import BehaviourRespondent, BehaviourSummary
from behaviours.slice import BehaviourSlice
from brmportal.lib.scoring import merge
from tests.behaviours.helpers import ITEMS, WORKED_ITEMS, ratings, texts, worked_scope

SLICE = BehaviourSlice()
BUSINESS = ratings(9, 12, 6, business_dk=1)  # 3.0; self 4.0; mirror 2.0
IT = ratings(12, 6, 15)  # 4.0; mirror 2.0; self 5.0
TEXTS = texts(nb="Løpende dialog")


def scope(it=IT):
    return Scope(items=ITEMS, dimensions={}, groups={"business": BUSINESS, "it": it, "overall": merge([BUSINESS, IT])})


def test_it_is_registered_with_its_content():
    assert isinstance(slice_for("behaviour"), BehaviourSlice)
    assert (SLICE.kind, SLICE.key, str(SLICE.label)) == ("behaviour", "behaviours", "Behaviours")
    doc = yaml.safe_load(SLICE.content_file.read_text(encoding="utf-8"))
    assert doc["instrument"] == "behaviour"
    assert SLICE.validate(doc, "behaviours/content/behaviour.yaml") == []


def test_it_checks_that_every_behaviour_says_whose_it_is():
    doc = {
        "sections": [
            {"items": [{"code": "BEH-ENT-1", "group": "enterprise"}, {"code": "BEH-X-1", "group": "everyone"}]},
            {"items": [{"group": "it"}, {}]},
        ]
    }
    assert SLICE.validate(doc, "behaviour.yaml") == [
        "behaviour.yaml: item BEH-X-1: group must be enterprise, business or it",
        "behaviour.yaml: item ?: group must be enterprise, business or it",
    ]


def test_it_writes_the_documented_json_with_names_in_the_texts_language():
    data = SLICE.to_json(SLICE.score(worked_scope()), TEXTS)
    # Every key it always had, then the new ones.
    assert list(data) == [
        "mean",
        "enterprise_culture",
        "groups",
        "items",
        "weakest",
        "blind_spots",
        "hidden_strengths",
        "norm",
        "stats",
    ]
    assert list(data["mean"]) == ["business", "it", "overall"]
    assert list(data["groups"]) == ["enterprise", "business", "it"]
    entry = data["items"][3]
    assert list(entry) == [
        "code",
        "name",
        "group",
        "mean",
        "business",
        "it",
        "self",
        "mirror",
        "blind_spot",
        "to_top",
        "answers",
        "dont_know",
        "stats",
        "distribution",
    ]
    assert (entry["code"], entry["name"], entry["group"]) == ("BEH-IT-7", "Plain, honest reporting", "it")
    # IT rates itself 4.75, the business rates it 2.0; mean (2.0 + 4.75) / 2: unrounded, the core rounds
    assert (entry["self"], entry["mirror"], entry["blind_spot"], entry["mean"]) == (4.75, 2.0, 2.75, 3.375)
    assert list(entry["stats"]) == ["mean", "business", "it", "self", "mirror", "blind_spot", "to_top"]
    assert entry["stats"]["self"]["n"] == 4 and entry["stats"]["self"]["sd"] == 0.5
    assert entry["stats"]["blind_spot"]["clear"] is True
    assert entry["stats"]["to_top"] is None
    assert entry["distribution"]["business"] == {"low": 0.75, "middle": 0.25, "high": 0.0, "n": 4}
    assert [e["code"] for e in data["blind_spots"]] == ["BEH-IT-7"]
    assert [e["code"] for e in data["hidden_strengths"]] == ["BEH-IT-1"]
    assert data["weakest"][0]["name"] == "Ongoing dialogue"  # 1.5 (1.0005-1.9995), below 3
    assert data["norm"] == 3.0
    assert data["stats"]["mean"]["business"]["n"] == 16  # four people x four behaviours
    norwegian = SLICE.to_json(SLICE.score(worked_scope()), InstrumentTexts(language="nb", content=TEXTS.content))
    assert norwegian["items"][0]["name"] == "Løpende dialog"


def test_it_gives_its_scales_for_the_respondents_figures():
    assert SLICE.scales(WORKED_ITEMS) == {
        "behaviour.enterprise": ("BEH-ENT-1",),
        "behaviour.business": ("BEH-BUS-1",),
        "behaviour.it": ("BEH-IT-1", "BEH-IT-7"),
        "behaviour.all": ("BEH-ENT-1", "BEH-BUS-1", "BEH-IT-1", "BEH-IT-7"),
    }


def test_it_gives_its_strengths_and_hidden_strengths():
    found = {(s.code, s.kind): s for s in SLICE.strengths(SLICE.score(worked_scope()), worked_scope())}
    # IT-1: mirror 4.75 - self 2.5 = 2.25 (1.31 to 3.19), clear: a hidden strength of IT's;
    # its mean (4.75 + 2.5) / 2 = 3.625 (3.155-4.095, se 0.191, df 5.88) lies above 3: a strength.
    # The business's 4.75 +- 3.182 x 0.25 = (3.95, 5.55) is drawn to the scale's top: (3.95, 5.0).
    assert set(found) == {("BEH-IT-1", "hidden_strength"), ("BEH-IT-1", "strength")}
    hidden = found[("BEH-IT-1", "hidden_strength")]
    assert (hidden.value, hidden.group) == (pytest.approx(2.25), "it")
    assert hidden.low == pytest.approx(1.311, abs=1e-3)
    with translation.override("en"):
        assert SLICE.strength_words(hidden, TEXTS) == (
            "Plain reporting",
            "The business rates IT's “Plain reporting” 4.8 (4.0–5.0); IT rates itself 2.5 (1.6–3.4).",
        )
        assert SLICE.strength_words(found[("BEH-IT-1", "strength")], TEXTS) == (
            "Plain reporting",
            "“Plain reporting” is rated 3.6 (3.2–4.1) of 5 (business 4.8; IT 2.5): "
            "clearly above the middle of the scale (3.0).",
        )


def test_it_gives_the_maturity_component_and_the_answer_counts():
    result = SLICE.score(scope(it=None))
    # business (9 + 12 + 6) / 9 = 3.0 -> (3.0 - 1) / 4 = 0.5; IT hidden; overall is the business alone
    assert SLICE.maturity(result, "business") == pytest.approx(0.5)
    assert SLICE.maturity(result, "it") is None
    assert SLICE.maturity(result, "overall") == pytest.approx(0.5)
    assert SLICE.answer_counts(result) == AnswerCounts(answers=18, dont_know=1, not_applicable=None)


def test_it_summarises_a_department_row():
    summary = SLICE.summary(Scope(items=ITEMS, dimensions={}, groups={}), IT)
    assert summary == BehaviourSummary(mean=pytest.approx(33 / 9))
    assert SLICE.summary_json(summary) == pytest.approx(33 / 9)
    assert SLICE.summary_json(None) is None
    (column,) = SLICE.heat_columns
    assert (column.key, column.scale, column.low, column.high) == ("behaviours", "1-5", 1, 5)
    assert column.value(summary) == pytest.approx(33 / 9)
    assert column.value(None) is None


def test_it_gives_one_respondents_result():
    result = SLICE.respondent(Scope(items=ITEMS, dimensions={}, groups={}), IT, "it")
    assert result == BehaviourRespondent(own_side=5.0, other_side=2.0, enterprise=4.0)


def test_it_gives_the_figures_compared_with_the_previous_campaign():
    with translation.override("en"):
        figures = SLICE.figures(SLICE.score(scope(it=None)), TEXTS)
    by_key = {f.key: f for f in figures}
    assert list(by_key) == [
        "behaviours.enterprise",
        "behaviours.business",
        "behaviours.it",
        "behaviours.mean.business",
        "behaviours.mean.it",
        "behaviours.mean.overall",
    ]
    # The dashboard's rows: each behaviour group's mean, everyone.
    assert (by_key["behaviours.it"].heading, by_key["behaviours.it"].label) == ("Behaviours (1-5)", "IT people")
    assert by_key["behaviours.it"].group == "overall"
    # IT hidden: the business's mirror of IT's behaviours alone, 6 / 3
    assert by_key["behaviours.it"].value == pytest.approx(2.0)
    assert by_key["behaviours.it"].decimals == 1
    # The report's rows: every behaviour rating of a group of respondents.
    assert (by_key["behaviours.mean.business"].heading, by_key["behaviours.mean.business"].label) == (
        "Behaviours, mean (1-5)",
        "Business",
    )
    assert by_key["behaviours.mean.business"].value == pytest.approx(3.0)
    assert by_key["behaviours.mean.it"].value is None
