"""The portfolio map (issue #20): one mark per business-IT pair, today's relationship index
across, the desired index (or the business's trust in IT) up, each mark labelled with its unit
and n per side, its size growing with the pair's respondents."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assessments.charts.core import COLORS, GRID, MUTED, WIDTH, Spec, finish, quantitative

# A mark's area in px² from the smallest to the largest pair of the map.
SIZES = (60, 420)


@dataclass(frozen=True)
class PairMark:
    """One reported pair: `label` is printed beside its mark (the unit and n per side), `x` and
    `y` are the figures the table prints (rounded as read: the mark sits where the number says)."""

    label: str
    x: float
    y: float
    n: int


@dataclass(frozen=True)
class Axis:
    """An axis: its title, its scale's ends and, for a ladder of models, the step names at 1, 2..."""

    title: str
    domain: tuple[float, float]
    steps: Sequence[str] = ()


def _axis(axis: Axis) -> dict[str, Any]:
    if not axis.steps:
        return {"title": axis.title, "format": "d", "tickMinStep": 10, "gridColor": GRID}
    # Each whole number is a model's name ("1 Passive"); JSON strings are valid expression strings.
    names = " : ".join(f"datum.value == {i} ? {json.dumps(f'{i} {name}')}" for i, name in enumerate(axis.steps, 1))
    return {
        "title": axis.title,
        "values": list(range(1, len(axis.steps) + 1)),
        "labelExpr": f"{names} : ''",
        "labelLimit": 120,
        "gridColor": GRID,
    }


def portfolio_map(
    *, marks: Sequence[PairMark], x: Axis, y: Axis, diagonal: bool, title: str, description: str
) -> Spec | None:
    """The pairs as labelled points on `x` and `y`; `diagonal` draws the line where both are
    equal (desired = today: no change wanted). None without marks: a map of nothing says nothing,
    and the page lists why each pair has none."""
    if not marks:
        return None
    low, high = x.domain
    # Labels past two thirds of the width run leftwards, so they stay inside the chart.
    rows = [{"label": m.label, "x": m.x, "y": m.y, "n": m.n, "left": m.x > low + (high - low) * 2 / 3} for m in marks]
    x_scale = {"domain": list(x.domain), "nice": False, "zero": False}
    y_scale = {"domain": list(y.domain), "nice": False, "zero": False}
    at: dict[str, Any] = {
        "x": quantitative("x", scale=x_scale, axis=_axis(x)),
        "y": quantitative("y", scale=y_scale, axis=_axis(y)),
    }
    label: dict[str, Any] = {**at, "text": {"field": "label", "type": "nominal"}}
    layers: list[dict[str, Any]] = []
    if diagonal:
        start, end = max(x.domain[0], y.domain[0]), min(x.domain[1], y.domain[1])
        layers.append(
            {
                "data": {"values": [{"x": start, "y": start}, {"x": end, "y": end}]},
                "mark": {"type": "line", "color": MUTED, "strokeDash": [4, 4], "strokeWidth": 1},
                "encoding": at,
            }
        )
    largest = max(m.n for m in marks)
    layers += [
        {
            "data": {"values": rows},
            "mark": {"type": "point", "filled": True, "opacity": 0.85, "color": COLORS["business"]},
            "encoding": {
                **at,
                "size": quantitative("n", scale={"domain": [0, max(largest, 1)], "range": list(SIZES)}, legend=None),
            },
        },
        *(
            {
                "data": {"values": rows},
                "transform": [{"filter": "datum.left" if left else "!datum.left"}],
                "mark": {
                    "type": "text",
                    "align": "right" if left else "left",
                    "dx": -9 if left else 9,
                    "dy": -8,
                    "fontSize": 10,
                },
                "encoding": label,
            }
            for left in (False, True)
        ),
    ]
    chart = {"width": WIDTH, "height": 280, "layer": layers}
    return finish(chart, title=title, description=description)
