"""The chart definitions (assessments/charts/ and each slice's charts.py) are pure: presented
numbers and the reader's words in, a Vega-Lite spec out, the same spec for the dashboard and
the PDF; no data, no chart. The SVG for the PDF is vl-convert's drawing of that spec."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import altair
import jsonschema
from django.utils import translation

from assessments.charts import (
    Bar,
    Marker,
    Shares,
    answer_words,
    columns,
    diverging,
    interval_bars,
    ladder,
    maturity_chart,
    svg,
)
from assessments.slices import Scope
from behaviours.charts import distribution_chart, self_mirror_chart
from behaviours.slice import BehaviourSlice
from brmportal.lib.scoring import merge
from tests.behaviours.helpers import ITEMS
from tests.behaviours.test_behaviour_sections import BUSINESS, IT, TEXTS, view, worked_view

SERIES = [("Self", "#1f5fa8"), ("Mirror", "#b8501a")]


@functools.cache
def _vega_lite_schema() -> jsonschema.protocols.Validator:
    # The Vega-Lite 6 schema as altair ships it (a test dependency: the specs are written as dicts).
    path = Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
    schema = json.loads(path.read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def assert_valid(spec) -> None:
    """`spec` is a valid Vega-Lite spec (what altair checked when it built them)."""
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in _vega_lite_schema().iter_errors(spec)]
    assert errors == [], errors


def bars_spec(**kwargs):
    bars = [
        Bar("Business: Clear demand", "Self", 3.456, 3.1, 3.8, 12),
        Bar("Business: Clear demand", "Mirror", 2.05, 1.6, 2.5, 9, faint=True),
    ]
    return interval_bars(bars=bars, series=SERIES, domain=(1, 5), title="T", description="What it shows", **kwargs)


def test_it_prints_values_as_the_tables_round_them_with_n():
    with translation.override("en"):
        rows = bars_spec()["data"]["values"]
    assert [row["label"] for row in rows] == ["3.5 (n 12)", "2.0 (n 9)"]  # one decimal (formats.py)
    assert rows[0]["low"] == 3.1 and rows[0]["high"] == 3.8  # the 95 % interval, drawn as a line
    with translation.override("nb"):
        rows = bars_spec()["data"]["values"]
    assert [row["label"] for row in rows] == ["3,5 (n 12)", "2,0 (n 9)"]  # the reader's decimal mark


def test_it_greys_a_pair_within_the_noise_and_keeps_its_words():
    spec = bars_spec(note="Pale: within the noise")
    rows = spec["data"]["values"]
    assert [row["opacity"] for row in rows] == [1.0, 0.35]
    assert spec["title"] == {"text": "T", "subtitle": "Pale: within the noise"}
    assert spec["description"] == "What it shows"  # the text alternative in both media
    assert spec["layer"][0]["encoding"]["yOffset"]["sort"] == ["Self", "Mirror"]


def test_it_draws_no_chart_without_data():
    assert interval_bars(bars=[], series=SERIES, domain=(1, 5), title="T", description="d") is None
    assert diverging(panels=[("Everyone", [])], words=("a", "b", "c"), title="T", description="d") is None
    assert ladder(steps=["One", "Two"], markers=[], title="T", description="d") is None
    assert maturity_chart(steps=["One", "Two"], groups=[("business", "Business", None)]) is None


def test_it_splits_the_middle_answers_across_the_centre_of_a_distribution():
    spec = diverging(
        panels=[("Everyone", [Shares("Keeps promises", 0.2, 0.3, 0.5, 10)])],
        words=answer_words(1, 5),
        title="T",
        description="d",
    )
    assert spec is not None
    segments = spec["layer"][0]["data"]["values"]
    assert [(s["part"], round(s["start"]), round(s["end"]), s["label"]) for s in segments] == [
        ("1-2 (low)", -35, -15, "20 %"),
        ("3 (middle)", -15, 15, "30 %"),
        ("4-5 (high)", 15, 65, "50 %"),
    ]
    assert [s["n"] for s in segments] == ["", "", "n 10"]


def test_it_labels_each_ladder_marker_with_the_figure_the_page_prints():
    shown = {"score_shown": 2.49, "score_text": "2.49"}  # two decimals rather than read as level 3
    spec = maturity_chart(steps=["One", "Two", "Three", "Four", "Five"], groups=[("overall", "Everyone", shown)])
    assert spec is not None
    points = spec["layer"][2]["data"]["values"]
    assert [(p["label"], p["value"]) for p in points] == [("Everyone 2.49", 2.49)]
    markers = [Marker("A 4.8", 4.8, "#000"), Marker("B 1.2", 1.2, "#111")]
    spec = ladder(steps=["One", "Two", "Three", "Four", "Five"], markers=markers, title="T", description="d")
    assert spec is not None
    # Labels near the top end run leftwards, inside the chart.
    assert [(p["label"], p["right"]) for p in spec["layer"][2]["data"]["values"]] == [("B 1.2", False), ("A 4.8", True)]


def test_it_renders_the_spec_to_svg_text_in_the_pdf_font():
    with translation.override("nb"):
        drawn = svg(bars_spec())
    assert drawn.startswith("<svg")
    assert ">3,5 (n 12)</text>" in drawn and "Business: Clear demand" in drawn
    fonts = set(re.findall(r'font-family="([^"]*)"', drawn))
    assert fonts == {"DejaVu Sans, sans-serif"}
    assert svg(bars_spec()) is svg(bars_spec())  # cached per process by the spec's text


def test_the_behaviour_charts_compare_only_what_both_sides_measured():
    with translation.override("en"):
        result = view().result
        spec = self_mirror_chart(result, TEXTS)
        assert spec is not None
        assert {row["series"] for row in spec["data"]["values"]} == {
            "Self (the side rates itself)",
            "Mirror (the other side rates it)",
        }
        # IT not reported: no mirror for the business, no self for IT: no self vs mirror chart.
        groups = {"business": BUSINESS, "it": None, "overall": merge([BUSINESS, IT])}
        one_side = BehaviourSlice().score(Scope(items=ITEMS, dimensions={}, groups=groups))
        assert self_mirror_chart(one_side, TEXTS) is None
        # Tallies without the answers' values have no spread to draw; counted answers have.
        assert distribution_chart(result, TEXTS) is None
        spread = distribution_chart(worked_view().result, TEXTS)
        assert spread is not None
        assert spread["description"].startswith("Diverging bar chart")


def test_every_shape_is_a_valid_vega_lite_spec():
    columns_of = [Bar("A", "Current", 2.0, 1.5, 2.5, 5), Bar("A", "Target", 3.0, None, None, 5)]
    shares = [Shares("One", 0.2, 0.3, 0.5, 10)]
    words = answer_words(1, 5)
    specs = [
        bars_spec(),
        bars_spec(note="Pale: within the noise"),
        columns(
            panels=[("Business", columns_of)],
            series=SERIES,
            categories=["A"],
            domain=(1, 5),
            title="T",
            description="d",
        ),
        columns(
            panels=[("Business", columns_of), ("IT", columns_of)],
            series=SERIES,
            categories=["A"],
            domain=(1, 5),
            title="T",
            description="d",
        ),
        diverging(panels=[("Everyone", shares)], words=words, title="T", description="d"),
        diverging(panels=[("Business", shares), ("IT", shares)], words=words, title="T", description="d"),
        ladder(
            steps=["One", "Two", "Three"],
            markers=[Marker("A 1.2", 1.2, "#111"), Marker("B 2.9", 2.9, "#222")],
            title="T",
            description="d",
        ),
    ]
    for spec in specs:
        assert_valid(spec)
