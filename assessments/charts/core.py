"""What every chart shares: colours, the theme, the number words, the SVG renderer."""

from __future__ import annotations

import base64
import json
import textwrap
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from brmportal.lib.formats import MEAN_PLACES, decimal

Spec = dict[str, Any]

# The generic family: vl-convert measures text with it at once, where a named font costs it about
# 3 ms a label (bench/results.md); the PDF's SVG then names the PDF's font (`PDF_FONT`), which
# fontconfig also gives for sans-serif here, and a browser uses its own sans-serif.
FONT = "sans-serif"
PDF_FONT = "DejaVu Sans, sans-serif"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
WIDTH = 560

# One colour per series wherever it appears; the paired series of a comparison contrast in
# lightness too, so a grey print still tells them apart.
COLORS: Mapping[str, str] = {
    "business": "#1f5fa8",
    "it": "#b8501a",
    "overall": "#495057",
    "business_light": "#8fb3dc",
    "it_light": "#e8a77f",
    "overall_light": "#adb5bd",
    "self": "#1f5fa8",
    "mirror": "#b8501a",
    "current": "#6c757d",
    "target": "#2b6f62",
    "low": "#c0561b",
    "middle": "#ced4da",
    "high": "#1f6fa8",
}
LADDER_COLORS = ("#f8d7da", "#fde5c8", "#fff3cd", "#d1e7dd", "#a3cfbb")
# Bars whose comparison is within the noise are drawn pale (issue #18 item 2).
FAINT = 0.35


def _config() -> dict[str, Any]:
    return {
        "font": FONT,
        # Room for text drawn wider than measured: vl-convert measures the generic sans-serif with
        # a narrower font than the PDF's DejaVu Sans, and right-aligned labels grow leftwards.
        "padding": {"left": 40, "right": 24, "top": 4, "bottom": 4},
        "background": "white",
        "view": {"stroke": None},
        "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": GRID, "domainColor": MUTED, "tickColor": MUTED},
        "legend": {"labelColor": TEXT, "titleColor": TEXT, "orient": "top", "direction": "vertical", "labelLimit": 320},
        # From the chart's left edge (its labels included), not the plot's: a title longer than a
        # narrow plot otherwise ran past the drawing's right edge once drawn in the PDF's wider font.
        "title": {"color": TEXT, "fontSize": 12, "anchor": "start", "subtitleColor": MUTED, "frame": "bounds"},
        "text": {"color": TEXT, "fontSize": 10},
    }


SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"


def quantitative(field: str, **options: Any) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", **options}


def nominal(field: str, **options: Any) -> dict[str, Any]:
    return {"field": field, "type": "nominal", **options}


def finish(chart: Spec, *, title: str, description: str, note: str = "") -> Spec:
    """The Vega-Lite spec of `chart` (a view, layer or concatenation, as a dict) with its title,
    its text alternative (the root's aria-label in both renderers) and the theme; `note` is a
    line under the title (what pale bars mean).

    Written as plain Vega-Lite rather than through altair's objects: building the dashboard's
    eight charts with altair took a third of a second (it copies every chart deeply at every
    step and validates the result), where the same dicts take well under a millisecond;
    tests/assessments/test_charts.py checks every builder's spec against Vega-Lite's JSON
    schema (the one altair ships) instead."""
    head: Spec = {"$schema": SCHEMA, "description": description, "title": {"text": title}}
    if note:
        head["title"]["subtitle"] = note
    return {**chart, **head, "config": _config()}


def svg(spec: Spec) -> str:
    """The spec drawn as SVG for the PDF (vl-convert, Vega's own renderer run on the server).

    Cached per process by the spec's text: a spec holds only what its chart shows, so the same
    text is the same picture whoever asks; every text in it is escaped by the renderer.
    """
    return _svg(json.dumps(spec, sort_keys=True, ensure_ascii=False))


def inline(spec: Spec | None) -> SafeString:
    """The spec as an image of its SVG to place in the PDF's HTML, "" for no chart.

    An <img> of a data: URI rather than the <svg> element inline: WeasyPrint reads the SVG with
    its own parser, so the chart's thousands of elements never go through the HTML parser and
    the report's CSS cascade (bench/results.md); the chart stays vectors and text in the PDF."""
    if spec is None:
        return mark_safe("")
    drawn = base64.b64encode(svg(spec).encode()).decode()
    alt = escape(str(spec.get("description", "")))
    return mark_safe(f'<img class="chart-svg" src="data:image/svg+xml;base64,{drawn}" alt="{alt}">')  # noqa: S308 - escaped


@lru_cache(maxsize=256)
def _svg(text: str) -> str:
    import vl_convert

    drawn: str = vl_convert.vegalite_to_svg(text, vl_version="6.4")
    return drawn.replace(f'font-family="{FONT}"', f'font-family="{PDF_FONT}"')


def wrapped(label: str, width: int = 38) -> str:
    """A long category name on lines of at most `width` characters (the axis splits at "\\n")."""
    return "\n".join(textwrap.wrap(label, width)) or label


# The axis label of a category is its text split at newlines (`wrapped`).
LINES = "split(datum.label, '\\n')"


def reading(value: float, places: int = MEAN_PLACES) -> str:
    return decimal(value, places)


def with_n(value: float, n: int, places: int = MEAN_PLACES) -> str:
    """A bar's label: the figure as the tables round it, and its n."""
    return _("%(mean)s (n %(n)s)") % {"mean": decimal(value, places), "n": n}
