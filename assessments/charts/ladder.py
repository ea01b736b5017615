"""A ladder of steps with a marker per group: overall maturity, the relationship index."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from assessments.charts.core import COLORS, LADDER_COLORS, WIDTH, Spec, finish, nominal, quantitative

# --- A ladder with markers -----------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """A group's place on a ladder: its label (the words printed beside the marker), its value
    on the ladder's scale, and its colour."""

    label: str
    value: float
    color: str


def ladder(*, steps: Sequence[str], markers: Sequence[Marker], title: str, description: str) -> Spec | None:
    """The steps as segments of one bar (step k spans the values that round to k, so a marker
    sits in the step its label names), a marker per group on its own row; None without markers."""
    if not markers:
        return None
    count = len(steps)
    segments = [
        {
            "start": k + 0.5,
            "end": k + 1.5,
            "mid": k + 1.0,
            "bottom": 0.0,
            "top": 0.6,
            "under": -0.15,
            "step": f"{k + 1} {name}",
            "colour": LADDER_COLORS[k % len(LADDER_COLORS)],
        }
        for k, name in enumerate(steps)
    ]
    placed = sorted(markers, key=lambda m: m.value)
    points = [
        {
            "value": min(max(m.value, 0.5), count + 0.5),
            "bottom": 0.0,
            "row": len(placed) - r,
            "label": m.label,
            "colour": m.color,
            # Labels past two thirds of the bar run leftwards, so they stay inside the chart.
            "right": m.value > 0.5 + count * 2 / 3,
        }
        for r, m in enumerate(placed)
    ]
    x_scale = {"domain": [0.5, count + 0.5], "nice": False}
    y_scale = {"domain": [-1, len(placed) + 0.5], "nice": False}

    def y(field: str) -> dict[str, Any]:
        return quantitative(field, scale=y_scale, axis=None)

    bars, dots = {"values": segments}, {"values": points}
    dot = {"x": quantitative("value", scale=x_scale, axis=None), "color": nominal("colour", scale=None, legend=None)}
    chart = {
        "width": WIDTH,
        "height": 16 * len(placed) + 46,
        "layer": [
            {
                "data": bars,
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
                "encoding": {
                    "x": quantitative("start", scale=x_scale, axis=None),
                    "x2": {"field": "end"},
                    "y": y("bottom"),
                    "y2": {"field": "top"},
                    "fill": nominal("colour", scale=None, legend=None),
                },
            },
            {
                "data": bars,
                "mark": {"type": "text", "baseline": "top", "fontSize": 10},
                "encoding": {
                    "x": quantitative("mid", scale=x_scale, axis=None),
                    "y": y("under"),
                    "text": nominal("step"),
                },
            },
            {
                "data": dots,
                "mark": {"type": "rule", "strokeWidth": 1.5},
                "encoding": {**dot, "y": y("bottom"), "y2": {"field": "row"}},
            },
            {
                "data": dots,
                "mark": {"type": "point", "filled": True, "size": 40, "opacity": 1},
                "encoding": {**dot, "y": y("row")},
            },
            # Labels past two thirds of the bar run leftwards, so they stay inside the chart.
            {
                "data": dots,
                "transform": [{"filter": "!datum.right"}],
                "mark": {"type": "text", "align": "left", "dx": 7, "fontWeight": "bold", "fontSize": 10},
                "encoding": {**dot, "y": y("row"), "text": nominal("label")},
            },
            {
                "data": dots,
                "transform": [{"filter": "datum.right"}],
                "mark": {"type": "text", "align": "right", "dx": -7, "fontWeight": "bold", "fontSize": 10},
                "encoding": {**dot, "y": y("row"), "text": nominal("label")},
            },
        ],
    }
    return finish(chart, title=title, description=description)


# --- The maturity ladder -------------------------------------------------------------------------

GROUP_COLORS = {"business": COLORS["business"], "it": COLORS["it"], "overall": COLORS["overall"]}


def maturity_chart(*, steps: Sequence[str], groups: Sequence[tuple[str, str, Mapping[str, Any] | None]]) -> Spec | None:
    """Overall BRM maturity on the five-level ladder: `groups` are (code, label, the figure as
    `assessments.presentation.maturity_shown` gives it); each marker sits at the score the page
    prints, so its label never reads as the next level's. None when no group has a score."""
    markers = [
        Marker(label=f"{label} {shown['score_text']}", value=shown["score_shown"], color=GROUP_COLORS[code])
        for code, label, shown in groups
        if shown
    ]
    return ladder(
        steps=steps,
        markers=markers,
        title=_("Overall BRM maturity on the five-level ladder"),
        description=_(
            "The five-level maturity ladder with a marker at each group's overall maturity score (1-5). "
            "The numbers are in the text beside it."
        ),
    )
