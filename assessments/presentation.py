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

from assessments.maturity import maturity_level, maturity_level_bounds, maturity_score_shown
from assessments.results import CampaignScores, MaturityScore
from assessments.slices import Figure, group_figures, slices
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import MEAN_PLACES, decimal, reading_places, signed
from brmportal.lib.labels import CHANGE_PLACES, NO_CHANGE, SIDE_LABELS, heat_shade
from brmportal.lib.stats import Estimate, welch

# --- Overall maturity --------------------------------------------------------------------------

# The ladder's bands are written with two decimals ("2.50–3.49"); a score is read with one
# (MEAN_PLACES) unless one would carry it into the next band (maturity_places).
MATURITY_PLACES = 2


def maturity_range_text(level: int) -> str:
    """The scores of a ladder level as the reader sees them: "2.50–3.49" ("2,50–3,49"); "4.50–5.00" for the top."""
    low, high = maturity_level_bounds(level)
    last = high if level >= 5 else high - 10**-MATURITY_PLACES
    return f"{decimal(low, MATURITY_PLACES)}–{decimal(last, MATURITY_PLACES)}"


def maturity_places(score: float) -> int:
    """One decimal, as every mean is read, unless that would carry `score` into the next level:
    2.46 is level 2, and "2.5" would read as level 3's first figure (issue #15 item 11: the number
    and the level never seem to disagree), so it keeps two decimals ("2.46")."""
    return MEAN_PLACES if maturity_level(round(score, MEAN_PLACES)) == maturity_level(score) else MATURITY_PLACES


def maturity_text(score: float) -> tuple[float, str]:
    """A maturity score as the reader sees it, and the figure a chart marks: see maturity_places."""
    places = maturity_places(score)
    shown = maturity_score_shown(score, places)
    return shown, decimal(shown, places)


def maturity_shown(value: MaturityScore | None, texts: InstrumentTexts) -> dict[str, Any] | None:
    """A group's overall maturity as the dashboard and the report show it: the score rounded for
    reading without crossing into another level (maturity_text), the level, its name and the range
    of scores it covers, so the number and the level cannot seem to disagree."""
    if value is None:
        return None
    shown, text = maturity_text(value.score)
    return {
        **vars(value),
        "name": texts.level_name(value.level),
        "score_shown": shown,
        "score_text": text,
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
                        # Rounded for reading by one rule, so the dashboard and the PDF print the same digits.
                        "text": "–" if value is None else decimal(value, reading_places(column.high)),
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
    places: int = CHANGE_PLACES,
) -> Change:
    """Direction and wording of a change; the arrow always comes with words, never alone.

    With both campaigns' intervals (`now`, `before`), a change is called only when Welch's
    interval of the difference excludes zero; otherwise it is "within the noise", greyed, with no
    arrow. Without them (overall maturity, a count) the change is that of the scores as shown:
    written with CHANGE_PLACES decimals, so one that would read "up 0.0" is "no change"
    (NO_CHANGE, docs/scoring.md). A figure read with fewer decimals (a 0-100 index, whole)
    changes in its own: `places` (at most CHANGE_PLACES).
    """
    places = min(places, CHANGE_PLACES)
    # Half of the last decimal shown: NO_CHANGE at CHANGE_PLACES, 0.5 for a whole number.
    no_change = NO_CHANGE * 10 ** (CHANGE_PLACES - places)
    if current is None or previous is None:
        return Change(None, "none", "", _("not comparable"))
    delta = round(current - previous, 2)
    if abs(delta) < no_change:
        return Change(delta, "same", "=", _("no change"))
    if now is not None and before is not None:
        moved = welch(now, before)
        if moved is not None and not moved.clear:
            return Change(delta, "noise", "", _("within the noise (%(delta)s)") % {"delta": signed(delta, places)})
    if delta > 0:
        return Change(delta, "up", "▲", _("up %(delta)s") % {"delta": decimal(delta, places)})
    return Change(delta, "down", "▼", _("down %(delta)s") % {"delta": decimal(-delta, places)})


def comparison_rows(
    *, current: CampaignScores, previous: CampaignScores, texts: InstrumentTexts, previous_texts: InstrumentTexts
) -> list[dict[str, Any]]:
    """One row per figure either campaign has: before, now and the change in words."""
    before: Mapping[str, Figure] = {f.key: f for f in figures(previous, previous_texts)}

    def text(figure: Figure, value: float | None) -> str:
        # Rounded for reading (a figure's `decimals` are at most the JSON's 2; a mean has one),
        # written here once so the dashboard and the PDF print the same digits.
        if value is None:
            return "–"
        if figure.key.startswith("maturity."):
            return maturity_text(value)[1]
        return decimal(value, min(figure.decimals, MEAN_PLACES))

    rows = []
    for now in figures(current, texts):
        old = before.get(now.key)
        old_value = old.value if old else None
        old_words = old.words if old else ""
        if now.value is None and old_value is None and not (now.words or old_words):
            continue
        moved = change(now.value, old_value, now.estimate, old.estimate if old else None, places=now.decimals)
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
                "current_text": text(now, now.value),
                "previous_text": text(old or now, old_value),
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
