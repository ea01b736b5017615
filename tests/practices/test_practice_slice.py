"""The practices slice's hooks: content checks, JSON, advice, answer counts, department summary,
figures and heat map columns (pure, no database)."""

from __future__ import annotations

import copy

import pytest
import yaml
from django.utils import translation

from assessments.slices import AnswerCounts, slice_for, slices
from practices.results import PracticeMeans
from practices.slice import PracticeSlice
from tests.practices.helpers import BUSINESS, IT, scope, texts

SLICE = PracticeSlice()
WHERE = "practices/content/practice.yaml"


def result(it=IT):
    return SLICE.score(scope(it))


def test_it_is_registered_as_the_practice_instrument():
    assert isinstance(slice_for("practice"), PracticeSlice)
    assert sum(isinstance(s, PracticeSlice) for s in slices()) == 1
    assert (SLICE.kind, SLICE.key) == ("practice", "practices")
    assert SLICE.content_file.is_file()


# --- validate ----------------------------------------------------------------------------------

ITEM = {
    "code": "BISL-SUP",
    "cluster": "use",
    "level": "operational",
    "form": "full",
    "levels": {n: {"en": f"Level {n}"} for n in range(1, 6)},
}


def doc(**changes):
    item = {**copy.deepcopy(ITEM), **changes}
    return {"sections": [{"code": "BISL-OPS-LEVEL", "items": [item]}]}


def test_it_accepts_a_well_formed_practice():
    assert SLICE.validate(doc(), WHERE) == []


def test_it_checks_cluster_level_form_and_the_five_level_descriptors():
    levels = {n: {"en": f"Level {n}"} for n in range(1, 5)}
    assert SLICE.validate(doc(cluster="", level=None, form="medium", levels=levels), WHERE) == [
        f"{WHERE}: item BISL-SUP: cluster is missing",
        f"{WHERE}: item BISL-SUP: level is missing",
        f"{WHERE}: item BISL-SUP: form must be short or full",
        f"{WHERE}: item BISL-SUP: levels needs five descriptors 1-5",
    ]
    untranslated = {**ITEM["levels"], 3: {"nb": "Definert"}}
    assert SLICE.validate(doc(levels=untranslated), WHERE) == [
        f"{WHERE}: item BISL-SUP: levels needs five descriptors 1-5"
    ]


def test_the_bundled_content_passes():
    assert SLICE.validate(yaml.safe_load(SLICE.content_file.read_text(encoding="utf-8")), WHERE) == []


# --- JSON --------------------------------------------------------------------------------------


def test_it_writes_the_documented_json_with_names_in_the_texts_language():
    data = SLICE.to_json(result(), texts())
    assert list(data) == [
        "form",
        "current",
        "target",
        "gap",
        "answers",
        "dont_know",
        "not_applicable",
        "clusters",
        "items",
        "largest_gaps",
    ]
    assert data["form"] == "full"
    assert data["answers"] == {"current": 9, "target": 9}
    assert list(data["current"]) == ["business", "it", "overall"]
    use, management = data["clusters"]
    assert list(use) == ["code", "name", "current", "target", "gap", "answers", "dont_know", "not_applicable"]
    assert (use["code"], use["name"]) == ("use", "Day-to-day use")  # the short form's question
    assert (management["code"], management["name"]) == ("management", "management")  # none: its code
    sup = data["items"][0]
    assert list(sup)[:4] == ["code", "name", "cluster", "level"]
    assert sup == {
        "code": "BISL-SUP",
        "name": "End-user support",
        "cluster": "use",
        "level": "operational",
        "current": {"business": 2.0, "it": 3.0, "overall": 2.5},
        "target": {"business": 4.0, "it": 4.0, "overall": 4.0},
        "gap": {"business": 2.0, "it": 1.0, "overall": 1.5},
        "answers": {"current": 4, "target": 4},
        "dont_know": {"current": 0, "target": 0},
        "not_applicable": {"current": 0, "target": 0},
    }
    assert [e["code"] for e in data["largest_gaps"]] == ["BISL-SUP", "BISL-DAT", "BISL-PLC"]
    # Unrounded: the core rounds the whole document.
    assert data["clusters"][0]["current"]["business"] == pytest.approx(7 / 3)
    assert SLICE.to_json(result(), texts("nb"))["clusters"][0]["name"] == "Daglig bruk"


def test_it_writes_a_hidden_group_as_null():
    data = SLICE.to_json(result(it=None), texts())
    assert data["current"]["it"] is None
    assert data["items"][0]["gap"]["it"] is None


# --- recommend, answer counts, maturity ----------------------------------------------------------


def test_it_recommends_each_practice_with_an_overall_gap():
    found = {rec.code: rec for rec in SLICE.recommend(result(), scope())}
    assert list(found) == ["BISL-SUP", "BISL-DAT", "BISL-PLC"]
    sup = found["BISL-SUP"]
    assert (sup.level, sup.instrument, sup.dimension, sup.gap_kind) == (
        "item",
        "practice",
        "BISL-SUP",
        "target_vs_current",
    )
    assert sup.gap == pytest.approx(1.5)
    assert (sup.effort, sup.weight) == ("low", 1.0)
    assert sup.numbers == {"current": 2.5, "target": 4.0}
    assert sup.per_side == {"business": (2.0, 4.0), "it": (3.0, 4.0)}
    assert sup.measured == {
        "current": {"business": 2.0, "it": 3.0, "overall": 2.5},
        "target": {"business": 4.0, "it": 4.0, "overall": 4.0},
    }
    assert found["BISL-DAT"].weight == 1.2
    # IT did not rate planning and control: only the business is quoted.
    assert found["BISL-PLC"].per_side == {"business": (3.0, 4.0)}


def test_it_words_the_trigger_with_the_sides_measured():
    rec = next(iter(SLICE.recommend(result(), scope())))
    with translation.override("en"):
        assert SLICE.trigger(rec, "End-user support") == (
            "“End-user support”: current maturity 2.5, target 4.0 (business 2.0 → 4.0; IT 3.0 → 4.0)."
        )
    with translation.override("nb"):
        assert "2,5" in SLICE.trigger(rec, "Brukerstøtte")


def test_it_counts_the_answers_dont_know_and_not_applicable_over_everyone():
    # answers 9 current + 9 target; one "don't know" (PLC target); one "not applicable" (DAT current)
    assert SLICE.answer_counts(result()) == AnswerCounts(answers=18, dont_know=1, not_applicable=1)


def test_its_maturity_component_is_the_mean_current_maturity():
    assert SLICE.maturity(result(), "business") == pytest.approx(2.6)
    assert SLICE.maturity(result(it=None), "it") is None


# --- department summary and heat map --------------------------------------------------------------


def test_it_summarises_a_department_row_as_mean_current_and_target():
    summary = SLICE.summary(scope(), BUSINESS)
    assert summary == PracticeMeans(current=pytest.approx(2.6), target=pytest.approx(4.0))
    assert SLICE.summary_json(summary) == {"current": pytest.approx(2.6), "target": pytest.approx(4.0)}
    assert SLICE.respondent(scope(), IT, "it") == PracticeMeans(current=3.0, target=4.5)


def test_its_heat_columns_read_the_summary_rounded_as_shown():
    current, target = SLICE.heat_columns
    assert (current.key, str(current.label), current.scale, current.low, current.high) == (
        "practice_current",
        "BiSL current",
        "1-5",
        1,
        5,
    )
    assert target.key == "practice_target"
    summary = PracticeMeans(current=7 / 3, target=None)
    assert (current.value(summary), target.value(summary)) == (2.33, None)


# --- figures --------------------------------------------------------------------------------------


def test_its_figures_are_each_clusters_current_maturity_and_each_groups_current_and_target():
    with translation.override("en"):
        figures = {f.key: f for f in SLICE.figures(result(it=None), texts())}
    assert list(figures) == [
        "practices.use",
        "practices.management",
        "practices.current.business",
        "practices.current.it",
        "practices.current.overall",
        "practices.target.business",
        "practices.target.it",
        "practices.target.overall",
    ]
    use = figures["practices.use"]
    assert (use.heading, use.label, use.group, use.value, use.decimals) == (
        "BiSL current maturity (1-5)",
        "Day-to-day use",
        "overall",
        round(19 / 7, 2),
        2,
    )
    business = figures["practices.target.business"]
    assert (business.heading, business.label, business.value) == ("BiSL target maturity (1-5)", "Business", 4.0)
    assert figures["practices.current.it"].value is None  # a hidden group
