"""The trend across rounds (issue #19 item 3), worded for the dashboard's card and the PDF's
"Across rounds" section (templates/reports/trend.html): one presenter for both.

Numbers come from `assessments.selectors.trends` (each round's published figures, anonymity
applied in that round), rounded by the one rule (`assessments.presentation.figure_text`); a
movement is worded by `assessments.presentation.change` (Welch: clear, or within the noise), as
the comparison with the previous campaign words it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.charts import COLORS, Panel, Spec, Step, trend_lines
from assessments.presentation import change, figure_text
from assessments.selectors.trends import TrendRead
from assessments.texts import InstrumentTexts
from assessments.trends import SPLIT, Line, Movement, RoundRef, Trend
from brmportal.lib.labels import ALL_ASPECT_LABELS, SIDE_LABELS, SIDES

SHORT_WORDS = 10
# The headline figures the chart draws per side: (figure key with {side}, the scale's ends).
HEADLINES = (
    ("relationship.{side}.today", (1.0, 4.0)),
    ("trust.{side}", (0.0, 100.0)),
    ("behaviours.mean.{side}", (1.0, 5.0)),
    ("maturity.{side}", (1.0, 5.0)),
)


PDF_STATEMENTS = 10


def _distinct(rounds: Sequence[RoundRef], *namings: Callable[[RoundRef], str]) -> list[str]:
    """The rounds named by the first of `namings` that tells them all apart, else by the last,
    numbered."""
    labels: list[str] = []
    for naming in namings:
        labels = [naming(r) for r in rounds]
        if len(set(labels)) == len(labels):
            return labels
    return [f"{i}. {label}" for i, label in enumerate(labels, start=1)]


def round_labels(rounds: Sequence[RoundRef]) -> list[str]:
    """Each round's name, with its date where two rounds share a name, and its place if even that repeats."""
    return _distinct(rounds, lambda r: r.name, lambda r: f"{r.name} ({r.created_at:%Y-%m-%d})")


def axis_labels(rounds: Sequence[RoundRef]) -> list[str]:
    """Each round as a chart's axis names it: when it started ("Nov 2024", in the reader's
    language), the day added where two rounds started in the same month. Campaign names are long
    and alike ("..., round 2"): on a narrow axis they ran into each other."""
    return _distinct(rounds, lambda r: date_format(r.created_at, "M Y"), lambda r: date_format(r.created_at, "j M Y"))


def _movement(line: Line, movement: Movement | None, labels: Sequence[str], since: bool) -> dict[str, str]:
    """A movement in words (`change`), "" for a figure that is a name; `since`: name the round it
    starts from when that is not the first (a figure hidden then, or an item asked only since)."""
    if line.words:
        return {"text": "", "direction": "none", "symbol": ""}
    if movement is None:
        moved = change(None, None)
    else:
        after, before = movement.after, movement.before
        moved = change(after.value, before.value, after.estimate, before.estimate, places=line.decimals)
    text = moved.text
    if since and movement is not None and movement.start > 0:
        text = _("%(change)s (since %(round)s)") % {"change": text, "round": labels[movement.start]}
    return {"text": text, "direction": moved.direction, "symbol": moved.symbol}


def _cells(line: Line) -> list[dict[str, Any]]:
    return [
        {
            "shown": point.shown,
            "text": point.words or figure_text(line.key, line.decimals, point.value),
            "n": point.estimate.n if point.estimate is not None and not point.words else None,
        }
        for point in line.points
    ]


def _row(line: Line, labels: Sequence[str], heading: str, label: str, note: str = "") -> dict[str, Any]:
    since_first, since_previous = line.since_first, line.since_previous
    return {
        "key": line.key,
        "heading": heading,
        "label": label,
        "note": note,
        "group": line.group,
        "cells": _cells(line),
        "since_first": _movement(line, since_first, labels, since=True),
        "since_previous": _movement(line, since_previous, labels, since=False),
        "clear": any(m is not None and m.clear for m in (since_first, since_previous)),
    }


def _item_row(line: Line, texts: InstrumentTexts, labels: Sequence[str]) -> dict[str, Any]:
    title = Truncator(texts.item_title(line.kind, line.code)).words(SHORT_WORDS, truncate="…")
    aspect = "" if line.aspect == "value" else str(ALL_ASPECT_LABELS.get(line.aspect, line.aspect))
    before = next((p.code for p in line.points if p.shown and p.code != line.code), "")
    note = plain_note = ""
    if line.continues:
        note = (_("split from %(code)s") if line.continues == SPLIT else _("reworded from %(code)s")) % {"code": before}
        # The PDF names no internal code before its appendix (issue #18).
        plain_note = _("split from an earlier statement") if line.continues == SPLIT else _("reworded")
    label = " · ".join(part for part in (f"{line.code} {title}", aspect) if part)
    row = _row(line, labels, heading=str(SIDE_LABELS[line.group]), label=label, note=note)
    moved = [m.delta for m in (line.since_first, line.since_previous) if m is not None and m.clear]
    return {
        **row,
        "label_plain": " · ".join(part for part in (title, aspect) if part),
        "note_plain": plain_note,
        "moved": max((abs(d) for d in moved), default=0.0),
    }


def trend_chart(trend: Trend, labels: Sequence[str]) -> Spec | None:
    """The headline figures per side across rounds (relationship index today, trust, behaviours,
    maturity) with their 95 % intervals; None when no round shows any of them."""
    lines = {line.key: line for line in trend.figures}
    panels, said = [], []
    for pattern, domain in HEADLINES:
        found = {side: lines.get(pattern.format(side=side)) for side in SIDES}
        named = next((line for line in found.values() if line is not None), None)
        if named is None:
            continue
        title = (
            _("Relationship index, today (1 Passive – 4 Peer)") if pattern.startswith("relationship") else named.heading
        )
        steps = []
        for side, line in found.items():
            if line is None:
                continue
            series = str(SIDE_LABELS[side])
            for label, point in zip(labels, line.points, strict=True):
                estimate = point.estimate
                steps.append(
                    Step(
                        label,
                        series,
                        point.value,
                        estimate.low if estimate else None,
                        estimate.high if estimate else None,
                    )
                )
            values = ", ".join(figure_text(line.key, line.decimals, p.value) for p in line.points)
            said.append(f"{title}, {series}: {values}")
        panels.append(Panel(title, domain, steps))
    return trend_lines(
        panels=panels,
        series=[(str(SIDE_LABELS[side]), COLORS[side]) for side in SIDES],
        rounds=labels,
        title=_("Headline figures across rounds"),
        description=_(
            "Line chart of the headline figures per side in each round (%(rounds)s), with 95 %% intervals: %(figures)s."
        )
        % {"rounds": ", ".join(labels), "figures": "; ".join(said)},
        # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
        note=_("Bands: 95 % intervals. A gap: the round did not show the figure."),
    )


def _no_trend_line(read: TrendRead) -> str:
    """Why a department view has no trend while the organisation has several rounds ("" otherwise)."""
    if read.trend is not None or read.department is None or read.rounds < 2:
        return ""
    return ngettext(
        "No trend across rounds for %(department)s: only %(count)s round has published responses from it.",
        "No trend across rounds for %(department)s: only %(count)s rounds have published responses from it.",
        read.department_rounds,
    ) % {"department": read.department, "count": read.department_rounds}


def trend_view(*, read: TrendRead, texts: InstrumentTexts) -> dict[str, Any] | None:
    """The trend as the dashboard and the PDF show it, or None with fewer than two rounds; a
    department view without one gets `line` alone, saying why. `texts`: the campaign's (items
    are named by the last round's words)."""
    trend = read.trend
    if trend is None:
        line = _no_trend_line(read)
        return {"line": line, "rounds": []} if line else None
    labels = round_labels(trend.rounds)
    rows = [_row(line, labels, heading=line.heading, label=line.label) for line in trend.figures]
    # A side's statements together, under its heading (the lines come statement by statement).
    items = [_item_row(line, texts, labels) for line in sorted(trend.items, key=lambda line: SIDES.index(line.group))]
    # The PDF: the statements that moved clearly, largest first, at most PDF_STATEMENTS (a short
    # list a reader takes in; every line is on the dashboard and in the JSON), grouped by side.
    largest = sorted((row for row in items if row["clear"]), key=lambda row: -row["moved"])[:PDF_STATEMENTS]
    clear = sorted(largest, key=lambda row: SIDES.index(row["group"]))
    versions = list(dict.fromkeys(r.version for r in trend.rounds))
    return {
        "line": "",
        "department": trend.department,
        "rounds": [
            {
                "label": label,
                "short": short,
                "name": r.name,
                "created_at": r.created_at,
                "responses": sum(r.responses.values()),
            }
            for label, short, r in zip(labels, axis_labels(trend.rounds), trend.rounds, strict=True)
        ],
        # With two rounds, "over all rounds" and "since the previous round" are the same change.
        "both_changes": len(trend.rounds) > 2,
        "columns": len(trend.rounds) + (3 if len(trend.rounds) > 2 else 2),
        "rows": rows,
        "items": items,
        "items_clear": clear,
        "items_more": sum(1 for row in items if row["clear"]) - len(clear),
        "versions_line": _(
            "The rounds used different questionnaire versions (%(versions)s): a statement kept its code; a reworded "
            "statement, and each part of a split one, continues its predecessor's line and is marked so."
        )
        % {"versions": ", ".join(versions)}
        if len(versions) > 1
        else "",
        "chart": trend_chart(trend, axis_labels(trend.rounds)),
    }
