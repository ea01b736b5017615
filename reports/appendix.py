"""The report's appendix of item statistics (issue #18 item 8; templates/pdf/appendix_items.html).

Typed scores in (`CampaignScores.items`, built from the published snapshot after the anonymity
rules), rows of worded and rounded values out: one row per item and aspect, a block of columns
per side the rules report (n, mean, sd, the shares of low, middle and high answers, and the
"don't know" share). Codes are allowed here: the appendix is where a reader matches the report
with the exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from assessments.item_stats import ItemFigures, ItemStats
from assessments.presentation import groups_shown
from assessments.results import CampaignScores
from assessments.slices import View, slices
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import INDEX_PLACES, MEAN_PLACES, decimal
from brmportal.lib.labels import ALL_ASPECT_LABELS, OVERALL, SIDE_LABELS, SIDES

# A statement is named by its first words: the full text is the questionnaire's, and a row per
# item keeps some 110 items on a few pages.
SHORT_WORDS = 10

# A side's five figures are one cell, each figure right-aligned in a slot of a fixed width, under
# five headings as wide (templates/pdf/report.css, `table.items col.*`, in `ch`: the width of a
# digit). A table cell costs WeasyPrint about half a millisecond whatever it holds: one cell
# instead of five per side (some 110 rows, two sides) takes about 0.6 s off the report at 5,000
# responses (bench/results.md, session 26). The slots are filled with figure spaces (a
# digit's width in DejaVu Sans, whose digits are all as wide) and punctuation spaces (the width
# of "." and ","); "/" counts as half a digit and "–" as one, a few hundredths of a millimetre off.
SLOTS = (("n", 7), ("mean", 6), ("sd", 5), ("shares", 11), ("dont_know", 7))
FIGURE_SPACE, PUNCTUATION_SPACE = "\u2007", "\u2008"


def _slot(text: str, width: int) -> str:
    """`text` right-aligned in `width` digits' width."""
    halves = sum(1 if char in ".,/" else 2 for char in text)
    pad = max(2 * width - halves, 0)
    return FIGURE_SPACE * (pad // 2) + PUNCTUATION_SPACE * (pad % 2) + text


def _percent(share: float) -> str:
    return decimal(share * 100, INDEX_PLACES)


def _cell(found: ItemFigures | None) -> dict[str, str] | None:
    """One group's figures as the reader sees them: means and sd with one decimal, shares in whole
    percent (brmportal.lib.formats); "–" where there is nothing to compute (sd of one answer);
    `slots` all five in a line, aligned under the table's headings."""
    if found is None:
        return None
    estimate, spread = found.estimate, found.distribution
    dont_know = found.dont_know_share
    figures = {
        "n": str(estimate.n if estimate is not None else 0),
        "mean": decimal(estimate.mean, MEAN_PLACES) if estimate is not None else "–",
        "sd": decimal(estimate.sd, MEAN_PLACES) if estimate is not None and estimate.sd is not None else "–",
        "shares": "/".join(_percent(s) for s in (spread.low, spread.middle, spread.high)) if spread else "–",
        "dont_know": _percent(dont_know) if dont_know is not None else "–",
    }
    # Right-aligned in its cell, the line needs no padding before the first figure (the cell's
    # own padding would push a full first slot out of the cell).
    first, *rest = SLOTS
    return {**figures, "slots": figures[first[0]] + "".join(_slot(figures[key], width) for key, width in rest)}


def _row(stat: ItemStats, texts: InstrumentTexts, columns: tuple[str, ...]) -> dict[str, Any]:
    title = Truncator(texts.item_title(stat.kind, stat.code)).words(SHORT_WORDS, truncate="…")
    return {
        "code": stat.code,
        "text": title,
        "reversed": stat.reversed,
        "aspect": "" if stat.aspect == "value" else str(ALL_ASPECT_LABELS.get(stat.aspect, stat.aspect)),
        "cells": [_cell(stat.figures(group)) for group in columns],
    }


def _columns(scores: CampaignScores, texts: InstrumentTexts, notes: Mapping[str, str]) -> tuple[tuple[str, ...], str]:
    """The groups with columns and one line on the others (assessments.presentation.groups_shown,
    the rule of every section): the sides the anonymity rules report and that answered. Everyone
    stands in only when neither side may be shown apart but everyone may."""

    def has(group: str) -> bool:
        return any(stat.answered_by(group) for stat in scores.items)

    shown = groups_shown(View(scores=scores, result=None, texts=texts, notes=notes), has, groups=SIDES)
    if not shown.sides and has(OVERALL):
        return (OVERALL,), shown.line
    return shown.sides, shown.line


def appendix_items(*, scores: CampaignScores, texts: InstrumentTexts, notes: Mapping[str, str]) -> dict[str, Any]:
    """The item statistics' context: `groups` (key and label of each block of columns), `line`
    (why a side has no columns, "" when both have), `instruments` (each its label and rows)."""
    columns, line = _columns(scores, texts, notes)
    instruments: list[dict[str, Any]] = []
    if columns:
        for instrument in slices():
            rows = [_row(stat, texts, columns) for stat in scores.items if stat.kind == instrument.kind]
            if rows:
                instruments.append({"label": str(instrument.label), "rows": rows})
    return {
        "groups": [{"key": group, "label": str(SIDE_LABELS[group])} for group in columns],
        "line": line,
        "instruments": instruments,
        "empty": _("No item has answers that may be shown on their own yet.") if not instruments else "",
        # Only versions with reverse-keyed statements explain them (2027.1 on).
        "reversed": any(row["reversed"] for instrument in instruments for row in instrument["rows"]),
    }
