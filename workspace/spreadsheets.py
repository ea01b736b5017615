"""Workbooks a person reads (issue #15): a bold, frozen header, an autofilter and column widths
that fit on the data sheet, and a sheet that explains every column in the reader's language.

Used by the exports (workspace.exports) and the answers template (workspace.answer_template).
CSV files stay plain tables for tools; only the XLSX files carry these.

`column_legend` explains the columns: each answer column with its statement (as each side reads
it, when the sides read it differently), its aspect and the answers it takes; the other columns
from `COLUMN_MEANINGS`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from assessments.content import localized
from assessments.models import Campaign, Item
from assessments.selectors.instruments import instrument_scale_labels
from assessments.texts import instrument_texts
from brmportal.lib.labels import ALL_ASPECT_LABELS, SIDE_LABELS

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection);
# tab and carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 8, 60
# Widths are measured on the first rows only: an export may have 20,000.
WIDTH_SAMPLE = 200
BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")

# The columns that are not answers, by name (exports and template).
COLUMN_MEANINGS: dict[str, Promise] = {
    "respondent": gettext_lazy("A random number, new in every export: it cannot be matched between two exports."),
    "side": gettext_lazy("The respondent's side: business or it."),
    "department": gettext_lazy("The respondent's department (empty when none was given)."),
    "partner": gettext_lazy("The business unit the row's answers are about: one of the units the campaign covers."),
    "code": gettext_lazy("The question's code (its statement is on the Items sheet)."),
    "instrument": gettext_lazy("relationship, behaviour, practice or trust."),
    "dimension": gettext_lazy("What the question measures: a relationship model, a behaviour, a practice."),
    "aspect": gettext_lazy("today or desired (relationship), current or target (practice), value (the others)."),
    "n": gettext_lazy("How many answered with a score (don't know and not applicable left out)."),
    "mean": gettext_lazy("The mean of those scores, on the question's scale (see the Items sheet)."),
    "dont_know": gettext_lazy("How many answered don't know."),
    "not_applicable": gettext_lazy("How many answered not applicable."),
}


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row, then rows; `notes` rows (wrapped text) come right under the
    header and stay frozen with it (the template's statements row)."""

    title: str
    header: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[Sequence[Any]] = field(default=())
    autofilter: bool = True
    wrap: bool = False  # long texts wrap in their column (the explaining sheets; small)


def inert(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        # openpyxl refuses control characters and would store "=..." as a formula.
        return inert(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _widths(sheet: Sheet) -> list[int]:
    widths = [len(str(value)) for value in sheet.header]

    def widen(row: Sequence[Any], divisor: int) -> None:
        for index, value in enumerate(row):
            length = len(str(value)) // divisor if value is not None else 0
            if index < len(widths):
                widths[index] = max(widths[index], length)
            else:
                widths.append(length)

    for note in sheet.notes:
        widen(note, 3)  # a wrapped note needs a third of its length: it wraps onto more lines
    for row in sheet.rows[:WIDTH_SAMPLE]:
        widen(row, 1)
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def _styled(sheet: WriteOnlyWorksheet, values: Iterable[Any], *, font: Font | None, wrap: bool) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=_cell(value))
        if font is not None:
            cell.font = font
        if wrap:
            cell.alignment = WRAPPED
        cells.append(cell)
    return cells


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an XLSX workbook, each with its header bold and frozen, its columns sized to
    their content and an autofilter over header and rows."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        # Write-only sheets take their layout before their first row.
        if spec.header:
            sheet.freeze_panes = f"A{2 + len(spec.notes)}"
        for index, width in enumerate(_widths(spec), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if spec.header:
            sheet.append(_styled(sheet, spec.header, font=BOLD, wrap=False))
        for note in spec.notes:
            sheet.append(_styled(sheet, note, font=Font(italic=True), wrap=True))
        for row in spec.rows:
            sheet.append(_styled(sheet, row, font=None, wrap=True) if spec.wrap else [_cell(value) for value in row])
        if spec.autofilter and spec.header:
            last = get_column_letter(len(spec.header))
            sheet.auto_filter.ref = f"A1:{last}{1 + len(spec.notes) + len(spec.rows)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- What the columns mean ------------------------------------------------------------------------


def aspect_label(aspect: str) -> str:
    """Today, Desired, Current, Target in the reader's language; "" for a single-answer item."""
    return "" if aspect == "value" else str(ALL_ASPECT_LABELS.get(aspect, aspect))


def answers_text(item: Item, scale_labels: dict[str, Any]) -> str:
    """What an answer cell may hold: "1 = Never, 2 = Rarely, …, 5 = Always; dk = don't know; empty =
    not answered"."""
    values = range(item.scale_min, item.scale_max + 1)
    if all(str(value) in scale_labels for value in values):
        parts = [", ".join(f"{value} = {localized(scale_labels[str(value)])}" for value in values)]
    else:
        parts = [gettext("a whole number %(min)s-%(max)s") % {"min": item.scale_min, "max": item.scale_max}]
    if item.allow_dont_know:
        parts.append(gettext("dk = don't know"))
    if item.allow_not_applicable:
        parts.append(gettext("na = not applicable"))
    parts.append(gettext("empty = not answered"))
    return "; ".join(parts)


def short_answers_text(item: Item) -> str:
    """The same, short, for the template's statements row: "1-5, dk"."""
    options = [f"{item.scale_min}-{item.scale_max}"]
    if item.allow_dont_know:
        options.append("dk")
    if item.allow_not_applicable:
        options.append("na")
    return ", ".join(options)


def legend_sheet(title: str, rows: Sequence[Sequence[Any]]) -> Sheet:
    """A sheet that explains columns or items (rows of `column_legend` or `item_legend`)."""
    return Sheet(title, legend_header(), rows, wrap=True)


def legend_header() -> list[str]:
    return [
        gettext("Column"),
        gettext("Question or meaning"),
        gettext("The question as IT reads it (when it differs)"),
        gettext("Aspect"),
        gettext("Answers"),
    ]


class Words:
    """The instrument's statements and scales in the reader's language, read once per legend."""

    def __init__(self, campaign: Campaign) -> None:
        self.texts = instrument_texts(campaign.instrument)
        self.scales = instrument_scale_labels(instrument=campaign.instrument)

    def statements(self, item: Item) -> dict[str, str]:
        """{side: the statement as that side reads it} for the sides the item is asked of."""
        return {side: self.texts.item_title(item.kind, item.code, side) for side in item.sides}

    def row(self, name: str, item: Item, aspects: str) -> list[str]:
        said = self.statements(item)
        if item.data.get("keyed") == "reversed":
            # Its figures are the answers as given, while its model counts it reversed (docs/scoring.md).
            marker = gettext("(reversed)")
            said = {side: f"{text} {marker}" for side, text in said.items()}
        first = said.get("business") or next(iter(said.values()), "")
        it = said.get("it", "")
        scale = answers_text(item, self.scales.get(item.kind, {}))
        return [name, first, it if it and it != first else "", aspects, scale]


def column_legend(*, campaign: Campaign, columns: Sequence[tuple[str, Item | None, str]]) -> list[list[str]]:
    """One row per column: its name, its statement (the business wording, and the IT wording
    beside it when different) or meaning, its aspect and what it holds, in the reader's language.

    `columns` are (name, item or None, aspect). No queries once the instrument is cached.
    """
    words = Words(campaign)
    return [
        words.row(name, item, aspect_label(aspect))
        if item is not None
        else [name, str(COLUMN_MEANINGS.get(name, "")), "", "", ""]
        for name, item, aspect in columns
    ]


def item_legend(*, campaign: Campaign, items: Sequence[Item]) -> list[list[str]]:
    """One row per item, for an export whose rows are items (the scores): its code, statements,
    aspects and answers, in the reader's language."""
    words = Words(campaign)
    return [
        words.row(item.code, item, ", ".join(label for label in map(aspect_label, item.aspects) if label))
        for item in items
    ]


def template_statement(words: Words, item: Item, aspect: str, side: str | None) -> str:
    """A template's statements-row cell: the statement as `side` reads it (both wordings when the
    template is for both sides and they differ), the aspect and the answers it takes."""
    said = words.statements(item)
    if side is not None:
        text = said.get(side, "")
    elif len(set(said.values())) > 1:
        text = " | ".join(f"{SIDE_LABELS[s]}: {said[s]}" for s in said)
    else:
        text = next(iter(said.values()), "")
    label = aspect_label(aspect)
    return f"{text} — {label} ({short_answers_text(item)})" if label else f"{text} ({short_answers_text(item)})"
