"""Lines across rounds (issue #19 item 3): a figure per round and series, with its 95 % interval
as a band, one small panel per figure on its own scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.charts.core import WIDTH, Spec, finish, nominal, quantitative

# A band is pale enough that two overlapping series stay readable, in grey print too.
BAND = 0.18
# A round that did not show a figure breaks its line and band there instead of bridging it.
BREAK = "break-paths-show-domains"


@dataclass(frozen=True)
class Step:
    """One series' figure in one round (`value` None: not shown that round) and its interval."""

    round: str
    series: str
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Panel:
    """One figure across rounds: its heading, its scale's ends and its steps."""

    title: str
    domain: tuple[float, float]
    steps: Sequence[Step]


def trend_lines(
    *,
    panels: Sequence[Panel],
    series: Sequence[tuple[str, str]],
    rounds: Sequence[str],
    title: str,
    description: str,
    note: str = "",
) -> Spec | None:
    """A line per series (`series`: label, colour) across `rounds` (x, oldest first) in each
    panel that has a figure, its interval drawn as a band; two panels a row; None when no panel
    has one. A round that did not show a figure breaks its line there rather than bridging it."""
    filled = [p for p in panels if any(s.value is not None for s in p.steps)]
    if not filled:
        return None
    labels = [label for label, _colour in series]
    colour = nominal(
        "series",
        sort=labels,
        title=None,
        scale={"domain": labels, "range": [c for _l, c in series]},
        legend={"symbolOpacity": 1, "symbolType": "circle"},
    )
    # Every round on the axis, even one no panel's figure was shown in.
    x = nominal(
        "round",
        sort=list(rounds),
        scale={"domain": list(rounds)},
        title=None,
        axis={"labelAngle": 0, "labelLimit": 120},
    )
    columns = 1 if len(filled) == 1 else 2
    charts = []
    for panel in filled:
        low, high = panel.domain
        y = quantitative(
            "value",
            scale={"domain": [low, high], "nice": False, "clamp": True},
            title=None,
            axis={"format": "d", "tickMinStep": 1 if high <= 10 else 10},
        )
        rows = [
            {
                "round": s.round,
                "series": s.series,
                "value": s.value,
                "low": s.low if s.low is not None else s.value,
                "high": s.high if s.high is not None else s.value,
            }
            for s in panel.steps
        ]
        charts.append(
            {
                "data": {"values": rows},
                "width": (WIDTH - 120) // columns,
                "height": 120,
                "title": {"text": panel.title, "fontSize": 11},
                # The line first: the legend takes its symbol from the first layer.
                "layer": [
                    {"mark": {"type": "line", "invalid": BREAK}, "encoding": {"x": x, "y": y, "color": colour}},
                    {
                        "mark": {"type": "area", "opacity": BAND, "invalid": BREAK},
                        "encoding": {"x": x, "y": {**y, "field": "low"}, "y2": {"field": "high"}, "color": colour},
                    },
                    {
                        "transform": [{"filter": "isValid(datum.value)"}],
                        "mark": {"type": "point", "filled": True, "size": 40, "opacity": 1},
                        "encoding": {"x": x, "y": y, "color": colour},
                    },
                ],
            }
        )
    chart = charts[0] if len(charts) == 1 else {"concat": charts, "columns": columns, "spacing": 20}
    return finish(chart, title=title, description=description, note=note)
