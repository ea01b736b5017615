"""What the dashboard and the PDF report both show, built once: the department heat map and the
comparison with the previous campaign.

Each medium words its own notes (a dashboard sentence, a report clause) and lays the result out
in its own template; the rows, columns, shades and the "no change" rule are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from assessments.maturity import maturity_level_bounds, maturity_score_shown
from assessments.results import CampaignScores, MaturityScore
from assessments.slices import Figure, group_figures, slices
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import decimal, signed
from brmportal.lib.labels import CHANGE_PLACES, NO_CHANGE, SIDE_LABELS, heat_shade
from brmportal.lib.stats import Estimate, welch

# --- Overall maturity --------------------------------------------------------------------------

MATURITY_PLACES = 2


def maturity_range_text(level: int) -> str:
    """The scores of a ladder level as the reader sees them: "2.50–3.49" ("2,50–3,49"); "4.50–5.00" for the top."""
    low, high = maturity_level_bounds(level)
    last = high if level >= 5 else high - 10**-MATURITY_PLACES
    return f"{decimal(low, MATURITY_PLACES)}–{decimal(last, MATURITY_PLACES)}"


def maturity_shown(value: MaturityScore | None, texts: InstrumentTexts) -> dict[str, Any] | None:
    """A group's overall maturity as the dashboard and the report show it: the score with two
    decimals that never cross into another level ("2.49", not "2.50" for level 2), the level, its
    name and the range of scores it covers, so the number and the level cannot seem to disagree."""
    if value is None:
        return None
    shown = maturity_score_shown(value.score, MATURITY_PLACES)
    return {
        **vars(value),
        "name": texts.level_name(value.level),
        "score_shown": shown,
        "score_text": decimal(shown, MATURITY_PLACES),
        "range_text": maturity_range_text(value.level),
    }


# --- Heat map ----------------------------------------------------------------------------------


def heatmap_build(
    *, scores: CampaignScores, reason_text: Callable[[str | None], str], department: str | None = None
) -> dict[str, Any]:
    """Per side x department (of the whole campaign's `scores`; only `department` when given):
    the slices' heat columns, each cell shaded on its own scale; hidden rows carry
    `reason_text(reason)` instead of cells.
    """
    columns = [column for instrument in slices() for column in instrument.heat_columns]
    keys = {id(column): instrument.key for instrument in slices() for column in instrument.heat_columns}
    rows = []
    for row in scores.departments or ():
        if department is not None and row.department != department:
            continue
        cells = []
        if row.summaries is not None:
            for column in columns:
                value = column.value(row.summaries.get(keys[id(column)]))
                shade = heat_shade(value, column.low, column.high)
                cells.append(
                    {
                        "key": column.key,
                        "value": value,
                        "shade": shade,
                        # The report's classes count from 1 (report.css).
                        "css": "heat-none" if shade is None else f"heat-{shade + 1}",
                    }
                )
        rows.append(
            {
                "side": row.side,
                "side_label": str(SIDE_LABELS[row.side]),
                "department": row.department,
                "responses": row.responses,
                "reported": row.reported,
                "reason": None if row.reported else reason_text(row.reason),
                "cells": cells,
            }
        )
    return {
        "columns": [{"key": c.key, "label": str(c.label), "scale": c.scale} for c in columns],
        "rows": rows,
        "shown": [row for row in rows if row["reported"]],
        "hidden": [row for row in rows if not row["reported"]],
    }


# --- Comparison with the previous campaign -----------------------------------------------------


def maturity_figures(scores: CampaignScores) -> list[Figure]:
    return group_figures(
        "maturity", _("BRM maturity (1-5)"), lambda g: m.score if (m := scores.maturity.get(g)) else None
    )


def figures(scores: CampaignScores, texts: InstrumentTexts) -> list[Figure]:
    """Every headline figure of the scores, in report order: the slices', then overall maturity."""
    found = [f for instrument in slices() for f in instrument.figures(scores.results[instrument.key], texts)]
    return found + maturity_figures(scores)


@dataclass(frozen=True)
class Change:
    delta: float | None
    direction: str  # up, down, same, none
    symbol: str
    text: str


def change(
    current: float | None,
    previous: float | None,
    now: Estimate | None = None,
    before: Estimate | None = None,
) -> Change:
    """Direction and wording of a change; the arrow always comes with words, never alone.

    With both campaigns' intervals (`now`, `before`), a change is called only when Welch's
    interval of the difference excludes zero; otherwise it is "within the noise", greyed, with no
    arrow. Without them (overall maturity, a count) the change is that of the scores as shown:
    written with CHANGE_PLACES decimals, so one that would read "up 0.0" is "no change"
    (NO_CHANGE, docs/scoring.md).
    """
    if current is None or previous is None:
        return Change(None, "none", "", _("not comparable"))
    delta = round(current - previous, 2)
    if abs(delta) < NO_CHANGE:
        return Change(delta, "same", "=", _("no change"))
    if now is not None and before is not None:
        moved = welch(now, before)
        if moved is not None and not moved.clear:
            return Change(
                delta, "noise", "", _("within the noise (%(delta)s)") % {"delta": signed(delta, CHANGE_PLACES)}
            )
    if delta > 0:
        return Change(delta, "up", "▲", _("up %(delta)s") % {"delta": decimal(delta, CHANGE_PLACES)})
    return Change(delta, "down", "▼", _("down %(delta)s") % {"delta": decimal(-delta, CHANGE_PLACES)})


def comparison_rows(
    *, current: CampaignScores, previous: CampaignScores, texts: InstrumentTexts, previous_texts: InstrumentTexts
) -> list[dict[str, Any]]:
    """One row per figure either campaign has: before, now and the change in words."""
    before: Mapping[str, Figure] = {f.key: f for f in figures(previous, previous_texts)}
    rows = []
    for now in figures(current, texts):
        old = before.get(now.key)
        old_value = old.value if old else None
        old_words = old.words if old else ""
        if now.value is None and old_value is None and not (now.words or old_words):
            continue
        moved = change(now.value, old_value, now.estimate, old.estimate if old else None)
        rows.append(
            {
                "key": now.key,
                "heading": now.heading,
                "label": now.label,
                "group": now.group,
                "group_label": str(SIDE_LABELS.get(now.group, now.group)),
                "decimals": now.decimals,
                "current": now.value,
                "previous": old_value,
                # A figure that is a name (today's model) compares in words.
                "words": bool(now.words or old_words),
                "current_words": now.words or _("not shown"),
                "previous_words": old_words or _("not shown"),
                "delta": moved.delta,
                "direction": moved.direction,
                "symbol": moved.symbol,
                "text": moved.text,
            }
        )
    return rows
