"""Bars: with their intervals (horizontal), grouped columns, and diverging distributions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
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
            "low": b.low if b.low is not None else b.value,
            "high": b.high if b.high is not None else b.value,
            "label": with_n(b.value, b.n, places),
            "opacity": FAINT if b.faint else 1.0,
            "at": max(b.value, b.high if b.high is not None else b.value),
        }
        for b in bars
    ]
    categories = list(dict.fromkeys(wrapped(b.category) for b in bars))
    labels = [label for label, _colour in series]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("category:N", sort=categories, title=None, axis=alt.Axis(labelExpr=LINES, labelLimit=260)),
        yOffset=alt.YOffset("series:N", sort=labels),
    )
    x = alt.X(
        "value:Q",
        scale=alt.Scale(domain=[low, high], nice=False, clamp=True),
        title=None,
        axis=alt.Axis(format="d", tickMinStep=1 if high <= 10 else 10),
    )
    colour = alt.Color(
        "series:N", sort=labels, title=None, scale=alt.Scale(domain=labels, range=[c for _label, c in series])
    )
    chart = alt.layer(
        base.mark_bar(height={"band": 0.85}).encode(
            x=x, x2=alt.datum(low), color=colour, opacity=alt.Opacity("opacity:Q", scale=None, legend=None)
        ),
        base.mark_rule(color=TEXT, strokeWidth=1.2).encode(x="low:Q", x2="high:Q"),
        base.mark_text(align="left", dx=4, fontSize=min(9, step - 2)).encode(x="at:Q", text="label:N"),
    ).properties(width=WIDTH - 300, height=alt.Step(step, **{"for": "offset"}))
    return finish(chart, title=title, description=description, note=note)


# --- Grouped columns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a grouped column chart (see `Bar`); `series` names its colour key too."""

    category: str
    series: str
    value: float
    low: float | None
    high: float | None
    n: int


def columns(
    *,
    panels: Sequence[tuple[str, Sequence[Column]]],
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
    colour = alt.Color(
        "series:N", sort=labels, title=None, scale=alt.Scale(domain=labels, range=[c for _l, c in series])
    )
    low, high = domain
    charts = []
    for heading, cols in filled:
        rows = [
            {
                "category": c.category,
                "series": c.series,
                "value": c.value,
                "low": c.low if c.low is not None else c.value,
                "high": c.high if c.high is not None else c.value,
                "label": reading(c.value),
            }
            for c in cols
        ]
        base = alt.Chart(alt.Data(values=rows)).encode(
            x=alt.X("category:N", sort=list(categories), title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=labels),
        )
        y = alt.Y(
            "value:Q",
            scale=alt.Scale(domain=[low, high], nice=False, clamp=True),
            title=None,
            axis=alt.Axis(format="d", tickMinStep=1),
        )
        charts.append(
            alt.layer(
                base.mark_bar(width={"band": 0.9}).encode(y=y, y2=alt.datum(low), color=colour),
                base.mark_rule(color=TEXT).encode(y="low:Q", y2="high:Q"),
                base.mark_text(dy=-5, fontSize=8, baseline="bottom").encode(y="high:Q", text="label:N"),
            ).properties(width=(WIDTH - 60) // len(filled), height=170, title=alt.Title(heading, fontSize=11))
        )
    chart = charts[0] if len(charts) == 1 else alt.hconcat(*charts, spacing=16)
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
    colour = alt.Color(
        "part:N",
        sort=list(words),
        title=None,
        scale=alt.Scale(domain=list(words), range=[COLORS["low"], COLORS["middle"], COLORS["high"]]),
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
        base = alt.Chart(alt.Data(values=segments)).encode(
            y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelExpr=LINES, labelLimit=260))
        )
        x = alt.X("start:Q", scale=alt.Scale(domain=[-100, 100]), title=None, axis=None)
        panel = alt.layer(
            base.mark_bar(height={"band": 0.75}).encode(x=x, x2="end:Q", color=colour),
            base.mark_text(fontSize=8).encode(x="mid:Q", text="label:N"),
            # Each row's n past the end of its bar (on the high side).
            base.transform_filter("datum.n")
            .mark_text(align="left", dx=4, fontSize=8, color=MUTED)
            .encode(x="end:Q", text="n:N"),
            alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color=MUTED).encode(x="zero:Q"),
        ).properties(width=WIDTH - 280, height=alt.Step(15), title=alt.Title(heading, fontSize=11))
        charts.append(panel)
    chart = charts[0] if len(charts) == 1 else alt.vconcat(*charts, spacing=12)
    return finish(chart, title=title, description=description)
