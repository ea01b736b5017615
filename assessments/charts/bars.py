"""Bars: with their intervals (horizontal), grouped columns, and diverging distributions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments.charts.core import (
    COLORS,
    FAINT,
    LINES,
    MEAN_PLACES,
    MUTED,
    TEXT,
    WIDTH,
    Spec,
    finish,
    nominal,
    quantitative,
    reading,
    with_n,
    wrapped,
)

# --- Bars with their 95 % interval ---------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: its category and series (words), its value and interval, n, and whether the
    comparison it belongs to is within the noise (drawn pale)."""

    category: str
    series: str
    value: float
    low: float | None
    high: float | None
    n: int
    faint: bool = False

    @property
    def lower(self) -> float:
        """The interval's low end; the value itself when it has no interval (one answer)."""
        return self.low if self.low is not None else self.value

    @property
    def upper(self) -> float:
        return self.high if self.high is not None else self.value


def interval_bars(
    *,
    bars: Sequence[Bar],
    series: Sequence[tuple[str, str]],
    domain: tuple[float, float],
    title: str,
    description: str,
    note: str = "",
    places: int = MEAN_PLACES,
    step: int = 12,
) -> Spec | None:
    """Horizontal bars, one row per category and one bar per series (`series`: label, colour),
    each with its 95 % interval as a line and its value and n printed past it; None without bars.
    `step` is a bar's height in pixels (long lists take thinner bars to stay on a PDF page)."""
    if not bars:
        return None
    low, high = domain
    rows = [
        {
            "category": wrapped(b.category),
            "series": b.series,
            "value": b.value,
            "low": b.lower,
            "high": b.upper,
            "label": with_n(b.value, b.n, places),
            "opacity": FAINT if b.faint else 1.0,
            "at": max(b.value, b.upper),
        }
        for b in bars
    ]
    categories = list(dict.fromkeys(wrapped(b.category) for b in bars))
    labels = [label for label, _colour in series]
    shared = {
        "y": nominal("category", sort=categories, title=None, axis={"labelExpr": LINES, "labelLimit": 260}),
        "yOffset": nominal("series", sort=labels),
    }
    x = quantitative(
        "value",
        scale={"domain": [low, high], "nice": False, "clamp": True},
        title=None,
        axis={"format": "d", "tickMinStep": 1 if high <= 10 else 10},
    )
    colour = nominal("series", sort=labels, title=None, scale={"domain": labels, "range": [c for _l, c in series]})
    chart = {
        "data": {"values": rows},
        "width": WIDTH - 300,
        "height": {"step": step, "for": "offset"},
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.85}},
                "encoding": {
                    **shared,
                    "x": x,
                    "x2": {"datum": low},
                    "color": colour,
                    "opacity": quantitative("opacity", scale=None, legend=None),
                },
            },
            {
                "mark": {"type": "rule", "color": TEXT, "strokeWidth": 1.2},
                "encoding": {**shared, "x": quantitative("low"), "x2": {"field": "high"}},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": min(9, step - 2)},
                "encoding": {**shared, "x": quantitative("at"), "text": nominal("label")},
            },
        ],
    }
    return finish(chart, title=title, description=description, note=note)


# --- Grouped columns -----------------------------------------------------------------------------


def columns(
    *,
    panels: Sequence[tuple[str, Sequence[Bar]]],
    series: Sequence[tuple[str, str]],
    categories: Sequence[str],
    domain: tuple[float, float],
    title: str,
    description: str,
) -> Spec | None:
    """Vertical grouped columns with intervals and values, one panel per (heading, columns)
    that has columns, side by side; None when none has."""
    filled = [(heading, cols) for heading, cols in panels if cols]
    if not filled:
        return None
    labels = [label for label, _c in series]
    colour = nominal("series", sort=labels, title=None, scale={"domain": labels, "range": [c for _l, c in series]})
    low, high = domain
    charts = []
    for heading, cols in filled:
        rows = [
            {
                "category": c.category,
                "series": c.series,
                "value": c.value,
                "low": c.lower,
                "high": c.upper,
                "label": reading(c.value),
            }
            for c in cols
        ]
        shared = {
            "x": nominal("category", sort=list(categories), title=None, axis={"labelAngle": 0}),
            "xOffset": nominal("series", sort=labels),
        }
        y = quantitative(
            "value",
            scale={"domain": [low, high], "nice": False, "clamp": True},
            title=None,
            axis={"format": "d", "tickMinStep": 1},
        )
        charts.append(
            {
                "data": {"values": rows},
                "width": (WIDTH - 60) // len(filled),
                "height": 170,
                "title": {"text": heading, "fontSize": 11},
                "layer": [
                    {
                        "mark": {"type": "bar", "width": {"band": 0.9}},
                        "encoding": {**shared, "y": y, "y2": {"datum": low}, "color": colour},
                    },
                    {
                        "mark": {"type": "rule", "color": TEXT},
                        "encoding": {**shared, "y": quantitative("low"), "y2": {"field": "high"}},
                    },
                    {
                        "mark": {"type": "text", "dy": -5, "fontSize": 8, "baseline": "bottom"},
                        "encoding": {**shared, "y": quantitative("high"), "text": nominal("label")},
                    },
                ],
            }
        )
    chart = charts[0] if len(charts) == 1 else {"hconcat": charts, "spacing": 16}
    return finish(chart, title=title, description=description)


# --- Diverging distributions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shares:
    """One row of a distribution: the shares (0-1) of low, middle and high answers, and n."""

    category: str
    low: float
    middle: float
    high: float
    n: int


def answer_words(scale_min: int, scale_max: int) -> tuple[str, str, str]:
    """The legend of a distribution: which answers count as low, middle and high ("1-2", "3", "4-5")."""
    mid = (scale_min + scale_max) / 2
    middle = str(int(mid)) if mid == int(mid) else "–"
    return (
        _("%(range)s (low)") % {"range": f"{scale_min}-{math.ceil(mid) - 1}"},
        _("%(range)s (middle)") % {"range": middle},
        _("%(range)s (high)") % {"range": f"{math.floor(mid) + 1}-{scale_max}"},
    )


def _percent(share: float) -> int:
    # Half up, as a reader rounds (the tables' whole percent).
    return int(100 * share + 0.5)


def diverging(
    *,
    panels: Sequence[tuple[str, Sequence[Shares]]],
    words: tuple[str, str, str],
    title: str,
    description: str,
) -> Spec | None:
    """Diverging stacked bars: low answers left of the middle, high ones right, the middle
    answers split across it; one panel per (heading, rows) with rows; None when all are empty.

    `words` name the low, middle and high answers in the legend ("1-2 rarely", ...)."""
    filled = [(heading, rows) for heading, rows in panels if rows]
    if not filled:
        return None
    colour = nominal(
        "part",
        sort=list(words),
        title=None,
        scale={"domain": list(words), "range": [COLORS["low"], COLORS["middle"], COLORS["high"]]},
    )
    charts = []
    for heading, rows in filled:
        segments = []
        for row in rows:
            category = wrapped(row.category, 44)
            half = row.middle / 2
            for part, start, end, share in (
                (words[0], -(half + row.low), -half, row.low),
                (words[1], -half, half, row.middle),
                (words[2], half, half + row.high, row.high),
            ):
                segments.append(
                    {
                        "category": category,
                        "part": part,
                        "start": 100 * start,
                        "end": 100 * end,
                        "mid": 50 * (start + end),
                        # Narrow segments keep their number to the table.
                        "label": f"{_percent(share)} %" if share >= 0.12 else "",
                        "n": _("n %(n)s") % {"n": row.n} if part == words[2] else "",
                    }
                )
        order = [str(s["category"]) for s in segments][::3]
        data = {"values": segments}
        y = nominal("category", sort=order, title=None, axis={"labelExpr": LINES, "labelLimit": 260})
        panel = {
            "width": WIDTH - 280,
            "height": {"step": 15},
            "title": {"text": heading, "fontSize": 11},
            "layer": [
                {
                    "data": data,
                    "mark": {"type": "bar", "height": {"band": 0.75}},
                    "encoding": {
                        "y": y,
                        "x": quantitative("start", scale={"domain": [-100, 100]}, title=None, axis=None),
                        "x2": {"field": "end"},
                        "color": colour,
                    },
                },
                {
                    "data": data,
                    "mark": {"type": "text", "fontSize": 8},
                    "encoding": {"y": y, "x": quantitative("mid"), "text": nominal("label")},
                },
                # Each row's n past the end of its bar (on the high side).
                {
                    "data": data,
                    "transform": [{"filter": "datum.n"}],
                    "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 8, "color": MUTED},
                    "encoding": {"y": y, "x": quantitative("end"), "text": nominal("n")},
                },
                {
                    "data": {"values": [{"zero": 0}]},
                    "mark": {"type": "rule", "color": MUTED},
                    "encoding": {"x": quantitative("zero")},
                },
            ],
        }
        charts.append(panel)
    chart = charts[0] if len(charts) == 1 else {"vconcat": charts, "spacing": 12}
    return finish(chart, title=title, description=description)
