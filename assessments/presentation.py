"""What the dashboard and the PDF report both show, built once: the department heat map and the
comparison with the previous campaign.

Each medium words its own notes (a dashboard sentence, a report clause) and lays the result out
in its own template; the rows, columns, shades and the "no change" rule are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.anonymity import COMPLEMENTARY
from assessments.maturity import maturity_level, maturity_level_bounds, maturity_score_shown
from assessments.results import CampaignScores, MaturityScore
from assessments.slices import Figure, View, group_figures, slices
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import MEAN_PLACES, decimal, reading_places, signed
from brmportal.lib.labels import CHANGE_PLACES, GROUPS, NO_CHANGE, OVERALL, SIDE_LABELS, SIDES, heat_shade
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


# --- Groups with figures (issue #18 item 5) ------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """The groups a section shows (GROUPS order) and one line on those it leaves out ("" if none)."""

    groups: tuple[str, ...]
    line: str

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(g for g in self.groups if g in SIDES)


def _only_side_line(side: str, department: str | None) -> str:
    # One sentence per side and view, so each language words it whole.
    if side == "business":
        if department:
            return _(
                "Only business respondents answered for %(department)s: IT's columns are left out, and "
                "everyone's figures are the business's."
            ) % {"department": department}
        return _(
            "Only business respondents answered: IT's columns are left out, and everyone's figures are the business's."
        )
    if department:
        return _(
            "Only IT respondents answered for %(department)s: the business's columns are left out, and "
            "everyone's figures are IT's."
        ) % {"department": department}
    return _("Only IT respondents answered: the business's columns are left out, and everyone's figures are IT's.")


def _left_out_line(group: str, view: View) -> str:
    """Why `group` answered but has no figures here: hidden by the anonymity rules, or no scored answer."""
    scores = view.scores
    threshold = scores.anonymity.threshold if scores is not None else 0
    side = None if group == OVERALL else group
    reason = (
        scores.anonymity.reason(side, scores.department) or scores.anonymity.reason(side, None)
        if scores is not None
        else None
    )
    if reason == COMPLEMENTARY:
        why = ngettext(
            "with the groups shown, its figures would reveal a group of fewer than %(threshold)s response",
            "with the groups shown, its figures would reveal a group of fewer than %(threshold)s responses",
            threshold,
        ) % {"threshold": threshold}
    elif reason is not None:
        why = ngettext(
            "fewer than %(threshold)s response, too few to show on their own",
            "fewer than %(threshold)s responses, too few to show on their own",
            threshold,
        ) % {"threshold": threshold}
    elif note := view.notes.get(group, "").rstrip("."):
        # Hidden for a reason the scores do not record per department: the medium's own words.
        why = note[:1].lower() + note[1:]
    else:
        why = _("no scored answers here (only “don't know” or “not applicable”)")
    return _("%(group)s left out: %(why)s.") % {"group": SIDE_LABELS[group], "why": why}


def groups_shown(view: View, has: Callable[[str], bool] | None = None, groups: Sequence[str] = GROUPS) -> Shown:
    """The groups of `view` a section shows: those with figures (`has(group)`; by default those
    the anonymity rules report and that have responses), and one line on the others, so a table
    never carries a column or row of "no responses" or "not shown" (issue #18 item 5).

    When one side alone answered, everyone's figures are that side's: everyone is left out too
    and the line says so, instead of two identical columns. `groups`: those the section could
    show at all (trust never pools the sides: SIDES).
    """
    # A view without scores (a section rendered on its own) knows only its notes.
    responses = view.responses if view.scores is not None else {}

    def figures(group: str) -> bool:
        if has is not None:
            return has(group)
        return not view.notes.get(group) and (view.scores is None or bool(responses.get(group)))

    found = [g for g in groups if figures(g)]
    answered = [side for side in SIDES if responses.get(side)]
    if len(answered) == 1:
        found = [g for g in found if g != OVERALL]
        side = answered[0]
        lines = [_only_side_line(side, view.scores.department) if side in found else _left_out_line(side, view)]
    else:
        # Without scores (a section rendered on its own), a group with a note is one the view left out.
        lines = [
            _left_out_line(g, view)
            for g in groups
            if g not in found and (responses.get(g) or (view.scores is None and view.notes.get(g)))
        ]
    return Shown(groups=tuple(found), line=" ".join(lines))


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
    shown: list[dict[str, Any]] = [line for line in rows if line["reported"]]
    # A column no shown row has a figure for is left out, named in one line (issue #18 item 5).
    kept = [i for i in range(len(columns)) if any(line["cells"][i]["value"] is not None for line in shown)]
    empty = [str(c.label) for i, c in enumerate(columns) if i not in kept]
    for line in shown:
        line["cells"] = [line["cells"][i] for i in kept]
    return {
        "columns": [
            {"key": c.key, "label": str(c.label), "scale": c.scale} for i, c in enumerate(columns) if i in kept
        ],
        "rows": rows,
        "shown": shown,
        "hidden": [line for line in rows if not line["reported"]],
        "empty_columns": empty,
        "empty_line": _("No department has figures for %(columns)s: left out.") % {"columns": ", ".join(empty)}
        if empty and shown
        else "",
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


def figure_text(key: str, decimals: int, value: float | None) -> str:
    """A figure rounded for reading (its `decimals` are at most the JSON's 2; a mean has one),
    written here once so the dashboard, the PDF and the trend across rounds print the same digits."""
    if value is None:
        return "–"
    if key.startswith("maturity."):
        return maturity_text(value)[1]
    return decimal(value, min(decimals, MEAN_PLACES))


def comparison_rows(
    *, current: CampaignScores, previous: CampaignScores, texts: InstrumentTexts, previous_texts: InstrumentTexts
) -> list[dict[str, Any]]:
    """One row per figure either campaign has: before, now and the change in words."""
    before: Mapping[str, Figure] = {f.key: f for f in figures(previous, previous_texts)}

    def text(figure: Figure, value: float | None) -> str:
        return figure_text(figure.key, figure.decimals, value)

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
