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


def _axis(axis: Axis, title_padding: int = 4) -> dict[str, Any]:
    if not axis.steps:
        return {"title": axis.title, "format": "d", "tickMinStep": 10, "gridColor": GRID}
    # Each whole number is a model's name ("1 Passive"); JSON strings are valid expression strings.
    names = " : ".join(f"datum.value == {i} ? {json.dumps(f'{i} {name}')}" for i, name in enumerate(axis.steps, 1))
    return {
        "title": axis.title,
        "values": list(range(1, len(axis.steps) + 1)),
        "labelExpr": f"{names} : ''",
        "labelLimit": 120,
        "titlePadding": title_padding,
        "gridColor": GRID,
    }


# Where a label may sit beside its mark, in the order tried.
PLACES = ("above-right", "below-right", "above-left", "below-left")
HEIGHT = 280
CHAR_PX, LINE_PX = 5.6, 12  # a 10 px label's width per character and its height
# The page draws the map as wide as its card (down to about this on a phone), the PDF at WIDTH:
# labels are placed for the narrowest, where they crowd most.
NARROWEST = 260


def label_places(marks: Sequence[PairMark], x_domain: tuple[float, float], y_domain: tuple[float, float]) -> list[str]:
    """For each mark, the first place (PLACES) where its label overlaps neither another mark nor
    a label already placed and stays inside the chart; the first place that stays inside when none
    is free. Marks are placed from the top down, so crowded corners fill from the top."""

    def px(m: PairMark) -> tuple[float, float]:
        (x0, x1), (y0, y1) = x_domain, y_domain
        return (m.x - x0) / ((x1 - x0) or 1) * NARROWEST, (1 - (m.y - y0) / ((y1 - y0) or 1)) * HEIGHT

    def box(m: PairMark, place: str) -> tuple[float, float, float, float]:
        cx, cy = px(m)
        width = len(m.label) * CHAR_PX
        left = cx - 9 - width if place.endswith("left") else cx + 9
        top = cy - 8 - LINE_PX if place.startswith("above") else cy + 12 - LINE_PX
        return left, top, left + width, top + LINE_PX

    def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    dots = [(cx - 8, cy - 8, cx + 8, cy + 8) for cx, cy in map(px, marks)]
    taken: list[tuple[float, float, float, float]] = []
    places = [""] * len(marks)
    for i in sorted(range(len(marks)), key=lambda i: (-marks[i].y, marks[i].x)):
        inside = [p for p in PLACES if box(marks[i], p)[0] >= -40 and box(marks[i], p)[2] <= NARROWEST + 10]
        free = [
            p
            for p in inside or PLACES
            if not any(overlaps(box(marks[i], p), other) for other in taken)
            and not any(overlaps(box(marks[i], p), dot) for j, dot in enumerate(dots) if j != i)
        ]
        places[i] = (free or inside or list(PLACES))[0]
        taken.append(box(marks[i], places[i]))
    return places


def portfolio_map(
    *, marks: Sequence[PairMark], x: Axis, y: Axis, diagonal: bool, title: str, description: str
) -> Spec | None:
    """The pairs as labelled points on `x` and `y`; `diagonal` draws the line where both are
    equal (desired = today: no change wanted). None without marks: a map of nothing says nothing,
    and the page lists why each pair has none."""
    if not marks:
        return None
    places = label_places(marks, x.domain, y.domain)
    rows = [
        {"label": m.label, "x": m.x, "y": m.y, "n": m.n, "place": place} for m, place in zip(marks, places, strict=True)
    ]
    x_scale = {"domain": list(x.domain), "nice": False, "zero": False}
    y_scale = {"domain": list(y.domain), "nice": False, "zero": False}
    at: dict[str, Any] = {
        # Ending where the axis ends: centred, a phone's narrow card cut the title's end off.
        "x": quantitative("x", scale=x_scale, axis={**_axis(x), "titleAnchor": "end"}),
        # Room beside the longest model name: a PDF's renderer measures text wider than a browser.
        "y": quantitative("y", scale=y_scale, axis=_axis(y, title_padding=14)),
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
                "transform": [{"filter": f"datum.place == '{place}'"}],
                "mark": {
                    "type": "text",
                    "align": "right" if place.endswith("left") else "left",
                    "dx": -9 if place.endswith("left") else 9,
                    "dy": -8 if place.startswith("above") else 12,
                    "fontSize": 10,
                },
                "encoding": label,
            }
            for place in PLACES
        ),
    ]
    chart = {"width": WIDTH, "height": HEIGHT, "layer": layers}
    return finish(chart, title=title, description=description)
