"""The SVG charts are pure functions: numbers in, well-formed SVG out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reports.charts import Marker, Series, bar_chart, column_chart, ladder_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_it_draws_one_column_per_value_with_its_label():
    svg = column_chart(
        categories=["Passive", "Peer"],
        series=[Series("Today", "#111", [3.82, 1.5]), Series("Desired", "#222", [2.0, 4.25])],
        scale=(1, 5),
        title="Models",
    )
    root = _parse(svg)
    texts = _texts(root)
    assert {"Passive", "Peer", "Today", "Desired", "3.8", "4.2"} <= set(texts)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") in ("#111", "#222") and float(r.get("height")) > 10]
    assert len(bars) == 4


def test_it_scales_bars_to_the_value():
    svg = bar_chart(
        categories=["A", "B"],
        series=[Series("S", "#123456", [5.0, 3.0])],
        scale=(1, 5),
        title="t",
        width=650,
        label_width=250,
    )
    root = _parse(svg)
    # The legend swatch is 10 x 10; the bars are the other rects of the series' colour.
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#123456" and r.get("height") != "10.0"]
    full, half = (float(r.get("width")) for r in bars)
    assert abs(half / full - 0.5) < 0.01


def test_it_marks_missing_values_instead_of_drawing_them():
    svg = bar_chart(categories=["Hidden"], series=[Series("Self", "#abc", [None])], scale=(1, 5), title="t")
    root = _parse(svg)
    assert "n/a" in _texts(root)


def test_it_escapes_text():
    svg = column_chart(
        categories=["<script>alert(1)</script> & co"], series=[Series('a"b', "#000", [2.0])], scale=(1, 5), title="x<y"
    )
    root = _parse(svg)
    assert "<script>" not in svg
    assert "<script>alert(1)</script> & co" in _texts(root)


def test_it_places_ladder_markers_in_their_level():
    svg = ladder_chart(steps=["One", "Two", "Three", "Four", "Five"], markers=[Marker("Everyone", 2.71, "#000")])
    root = _parse(svg)
    assert "Everyone 2.7" in _texts(root)
    circle = next(root.iter(f"{SVG}circle"))
    x = float(circle.get("cx"))
    # Level 3 spans the middle fifth of the plot.
    assert 8 + 2 * 624 / 5 < x < 8 + 3 * 624 / 5


def test_it_wraps_a_long_label_onto_two_lines_instead_of_cutting_it():
    label = "Mensen in de business: Eigenaarschap van organisatieverandering"
    svg = bar_chart(categories=[label], series=[Series("S", "#123", [3.0])], scale=(1, 5), title="t")
    texts = _texts(_parse(svg))
    assert "Mensen in de business: Eigenaarschap van" in texts
    assert "organisatieverandering" in texts
    assert not any("…" in text for text in texts)
