"""The practices slice's hooks: content checks, JSON, advice, answer counts, department summary,
figures and heat map columns (pure, no database)."""

from __future__ import annotations

import copy
import math

import pytest
import yaml
from django.utils import translation

from assessments.recommendations import recommendations_rank
from assessments.slices import AnswerCounts, slice_for, slices
from practices.recommendations import PREREQUISITES, STAGES
from practices.results import PracticeMeans
from practices.slice import PracticeSlice
from tests.practices.helpers import BUSINESS, IT, ITEMS, answers, scope, texts

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
        "stats",
        "clusters",
        "items",
        "largest_gaps",
    ]
    assert data["form"] == "full"
    assert data["answers"] == {"current": 20, "target": 20}
    assert list(data["current"]) == ["business", "it", "overall"]
    use, management = data["clusters"]
    assert list(use) == ["code", "name", "current", "target", "gap", "answers", "dont_know", "not_applicable", "stats"]
    assert (use["code"], use["name"]) == ("use", "Day-to-day use")  # the short form's question
    assert (management["code"], management["name"]) == ("management", "management")  # none: its code
    sup = data["items"][0]
    assert list(sup)[:4] == ["code", "name", "cluster", "level"]
    # The long-standing numbers keep their keys; "overall" is now the mean of the two sides.
    assert {key: sup[key] for key in ("code", "name", "cluster", "level", "current", "target", "gap")} == {
        "code": "BISL-SUP",
        "name": "End-user support",
        "cluster": "use",
        "level": "operational",
        "current": {"business": 2.0, "it": 3.0, "overall": 2.5},
        "target": {"business": 4.0, "it": 4.0, "overall": 4.0},
        "gap": {"business": 2.0, "it": 1.0, "overall": 1.5},
    }
    assert sup["answers"] == {"current": 8, "target": 8}
    # Beside them, "stats": each mean's n, sd and interval, each gap's interval and "clear".
    business = sup["stats"]["current"]["business"]
    assert (business["mean"], business["n"]) == (2.0, 4)
    # 2.0 +- 3.182 x 0.408 = (0.701, 3.299), drawn from the scale's bottom
    assert business["ci"] == pytest.approx([1.0, 3.299], abs=1e-3)
    gap = sup["stats"]["gap"]["overall"]
    assert (gap["value"], gap["clear"]) == (1.5, True)
    assert gap["ci"] == pytest.approx([0.611, 2.390], abs=1e-3)  # 1.5 +- 2.179 x 0.408
    assert data["items"][1]["stats"]["gap"]["overall"]["clear"] is False  # DAT: within the noise
    # Per practice, the distribution of answers per aspect and group.
    assert sup["distribution"]["current"]["business"] == {"low": 0.75, "middle": 0.25, "high": 0.0, "n": 4}
    assert [e["code"] for e in data["largest_gaps"]] == ["BISL-PLC", "BISL-SUP"]
    # Unrounded: the core rounds the whole document.
    assert data["clusters"][0]["stats"]["current"]["it"]["sd"] == pytest.approx(math.sqrt(4 / 7))
    assert SLICE.to_json(result(), texts("nb"))["clusters"][0]["name"] == "Daglig bruk"


def test_it_writes_a_hidden_group_as_null():
    data = SLICE.to_json(result(it=None), texts())
    assert data["current"]["it"] is None
    assert data["stats"]["current"]["it"] is None
    assert data["items"][0]["gap"]["it"] is None
    assert data["items"][0]["distribution"]["current"]["it"] is None


# --- recommend, strengths, answer counts, maturity ---------------------------------------------


def candidates(it=IT):
    return {(rec.code, rec.gap_kind): rec for rec in SLICE.recommend(result(it), scope(it))}


def test_it_proposes_a_target_gap_and_a_weakness_per_practice():
    found = candidates()
    assert list(found) == [
        ("BISL-SUP", "target_vs_current"),
        ("BISL-SUP", "weakness"),
        ("BISL-DAT", "target_vs_current"),
        ("BISL-DAT", "weakness"),
        ("BISL-PLC", "target_vs_current"),
        ("BISL-PLC", "weakness"),
    ]
    sup = found[("BISL-SUP", "target_vs_current")]
    assert (sup.level, sup.instrument, sup.dimension) == ("item", "practice", "BISL-SUP")
    # 4.0 - 2.5 = 1.5 +- 2.179 x 0.408: clear
    assert (sup.gap, sup.clear) == (1.5, True)
    assert (sup.gap_low, sup.gap_high) == pytest.approx((0.611, 2.390), abs=1e-3)
    assert (sup.effort, sup.weight, sup.stage) == ("low", 1.0, 2)  # day-to-day use: stop the bleeding
    assert sup.numbers["current"] == 2.5 and sup.numbers["current_n"] == 8
    assert sup.per_side == {"business": (2.0, 4.0), "it": (3.0, 4.0)}
    assert sup.measured["current"] == {"business": 2.0, "it": 3.0, "overall": 2.5}
    assert sup.measured["stats"]["gap"]["overall"]["clear"] is True
    # SUP's current 2.5 (1.79-3.21) reaches the middle of the scale (3): no clear weakness.
    assert not found[("BISL-SUP", "weakness")].clear
    # DAT: gap 0.75 within the noise; current 3.0 is the norm itself.
    assert not found[("BISL-DAT", "target_vs_current")].clear
    assert found[("BISL-DAT", "weakness")].gap == 0.0
    # PLC (business only): 1.5 (0.58-2.42, drawn from the scale's bottom: 1.0-2.42) lies wholly below 3:
    # weakness 3 - 1.5 = 1.5, its interval 3 - 2.419 = 0.581 to 3 - 1.0 = 2.0; planning and control is stage 1.
    weak = found[("BISL-PLC", "weakness")]
    assert (weak.gap, weak.clear, weak.stage) == (1.5, True, 1)
    assert weak.gap_low == pytest.approx(0.581, abs=1e-3)
    assert weak.per_side == {"business": (1.5,)}
    assert found[("BISL-DAT", "target_vs_current")].weight == 1.2


def test_the_core_ranks_them_by_stage_and_certainty():
    # Kept: SUP's gap (priority 0.611 / 4 = 0.15), PLC's gap (1.001 / 4 = 0.25) and PLC's weakness
    # (0.581 / 4 = 0.15), one per practice: PLC's gap. PLC (stage 1) comes before SUP (stage 2).
    ranked = recommendations_rank(SLICE.recommend(result(), scope()))
    assert [(r.code, r.gap_kind) for r in ranked.main] == [
        ("BISL-PLC", "target_vs_current"),
        ("BISL-SUP", "target_vs_current"),
    ]
    assert ranked.main[0].priority == pytest.approx(1.001 / 4, abs=1e-3)
    assert not ranked.main[1].quick_win  # low effort, but it waits for a stage-1 recommendation


def test_every_cluster_has_a_stage_and_every_prerequisite_is_a_practice_of_the_same_form():
    content = yaml.safe_load(SLICE.content_file.read_text(encoding="utf-8"))
    items = {item["code"]: item for section in content["sections"] for item in section["items"]}
    assert set(STAGES) == {item["cluster"] for item in items.values()}
    assert set(STAGES.values()) == {1, 2, 3}
    for code, needs in PREREQUISITES.items():
        assert all(items[need]["form"] == items[code]["form"] for need in needs), code
        # A prerequisite never sits in a later stage than the practice that assumes it.
        assert all(STAGES[items[need]["cluster"]] <= STAGES[items[code]["cluster"]] for need in needs), code


def test_it_words_the_trigger_with_intervals_and_clear():
    found = candidates()
    with translation.override("en"):
        # current (1.793, 3.207) n 8; target 4.0 +- 2.447 x 0.289 = (3.293, 4.707) n 8
        assert SLICE.trigger(found[("BISL-SUP", "target_vs_current")], "End-user support") == (
            "“End-user support”: current maturity 2.5 (1.8–3.2, n 8), target 4.0 (3.3–4.7, n 8): "
            "a clear gap of +1.5 (+0.6 to +2.4). By side: business 2.0 → 4.0; IT 3.0 → 4.0."
        )
        # current 1.5 +- 3.182 x 0.289 = (0.58, 2.42), drawn from the scale's bottom: (1.0, 2.42)
        assert SLICE.trigger(found[("BISL-PLC", "weakness")], "Planning and control") == (
            "“Planning and control”: current maturity 1.5 (1.0–2.4, n 4), clearly below the middle of "
            "the scale (3.0). By side: business 1.5."
        )
        assert SLICE.trigger(found[("BISL-DAT", "target_vs_current")], "Business data management").endswith(
            "a gap of +0.8, within the noise. By side: business 3.0 → 4.0; IT 3.0 → 3.5."
        )
    with translation.override("nb"):
        assert "2,5" in SLICE.trigger(found[("BISL-SUP", "target_vs_current")], "Brukerstøtte")


def test_a_practice_clearly_above_the_middle_is_a_strength():
    # IT rates DAT 4, 4, 5, 5 today (mean 4.5, se 0.289); business 3.0 (se 0.408): everyone 3.75,
    # se sqrt(1/6 + 1/12) / 2 = 0.25 on df 5.4 (t 2.514): 3.75 +- 0.629 = 3.12 to 4.38, above 3.
    it = {**IT, ("BISL-DAT", "current"): answers(4, 4, 5, 5)}
    (found,) = SLICE.strengths(result(it), scope(it))
    assert (found.code, found.kind, found.instrument, found.value) == ("BISL-DAT", "strength", "practice", 3.75)
    assert found.low == pytest.approx(3.121, abs=1e-3)
    assert found.per_side == {"business": (3.0,), "it": (4.5,)}
    with translation.override("en"):
        assert SLICE.strength_words(found, texts()) == (
            "Business data management",
            "Current maturity 3.8 (3.1–4.4, n 8), clearly above the middle of the scale (3.0). "
            "By side: business 3.0; IT 4.5.",
        )
    assert list(SLICE.strengths(result(), scope())) == []  # nothing clearly above 3 in the base data


def test_it_counts_the_answers_dont_know_and_not_applicable_over_everyone():
    # answers 20 current + 20 target; one "don't know" (PLC target); one "not applicable" (DAT current)
    assert SLICE.answer_counts(result()) == AnswerCounts(answers=40, dont_know=1, not_applicable=1)


def test_its_maturity_component_is_the_position_of_mean_current_maturity_on_its_scale():
    # business current (8 + 12 + 6) / 12 = 2.1667: (2.1667 - 1) / (5 - 1) = 0.292
    assert SLICE.maturity(result(), "business") == pytest.approx((26 / 12 - 1) / 4)
    assert SLICE.maturity(result(it=None), "it") is None


def test_its_scales_follow_the_form():
    assert set(SLICE.scales(ITEMS)) == {"practice.short.all", "practice.full.all", "practice.full.use"}


# --- department summary and heat map --------------------------------------------------------------


def test_it_summarises_a_department_row_as_mean_current_and_target():
    # Pooled answers: current (8 + 12 + 6) / 12, target (16 + 16 + 14) / 12
    summary = SLICE.summary(scope(), BUSINESS)
    assert summary == PracticeMeans(current=pytest.approx(26 / 12), target=pytest.approx(46 / 12))
    assert SLICE.summary_json(summary) == {"current": pytest.approx(26 / 12), "target": pytest.approx(46 / 12)}
    # IT: current (12 + 12) / 8, target (16 + 14) / 8
    assert SLICE.respondent(scope(), IT, "it") == PracticeMeans(current=3.0, target=3.75)


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
    # IT hidden: everyone is the business side, (8 + 12) / 8 = 2.5
    assert (use.heading, use.label, use.group, use.value, use.decimals) == (
        "BiSL current maturity (1-5)",
        "Day-to-day use",
        "overall",
        2.5,
        2,
    )
    business = figures["practices.target.business"]
    # (16 + 16 + 14) / 12 = 3.83
    assert (business.heading, business.label, business.value) == ("BiSL target maturity (1-5)", "Business", 3.83)
    assert figures["practices.current.it"].value is None  # a hidden group
