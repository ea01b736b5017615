"""Checking imported rows against a campaign: every error, each naming its row and column.

`validate_rows` collects *all* the errors (up to `MAX_ERRORS`, then counts the rest), each
naming the spreadsheet row (header = row 1) and the column; `department_parse` is the
department rule it applies, shared with the invitation upload.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext

from assessments.models import Campaign, Item, OpenQuestion, Section, Side, Special
from assessments.selectors.instruments import campaign_pages, instrument_items
from assessments.selectors.partners_admin import campaign_unit_names
from brmportal.lib.formats import grouped
from brmportal.lib.tabular import RawRow, quote

# Beyond this many errors the list is cut: a wholly wrong file would otherwise list every cell.
MAX_ERRORS = 1000
DEPARTMENT_MAX_LENGTH = 100
SIDE_COLUMN = "side"
DEPARTMENT_COLUMN = "department"
# The business unit a row's answers are about (issue #20): required when the campaign covers units.
PARTNER_COLUMN = "partner"
SPECIALS = {Special.DONT_KNOW.value, Special.NOT_APPLICABLE.value}
# A whole number, optionally written as a decimal with a zero fraction ("3.0", "3,0").
_INTEGER_RE = re.compile(r"[+-]?[0-9]+(?:[.,]0+)?")
# Characters that turn a cell into a formula when a department is later exported to a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@")
# The downloaded template's second row holds each column's statement, and "# ..." in its side
# column (workspace.answer_template): a row to read, never to import.
TEMPLATE_ROW_MARK = "#"


@dataclass(frozen=True)
class ImportRow:
    """A validated row, ready to store: `values[i]` answers `keys[i]` ("" when not answered).

    `keys` is one tuple shared by every row of a file, so 20,000 rows cost a tuple of values
    each rather than a dict each.
    """

    number: int
    side: str
    department: str
    keys: tuple[tuple[str, str], ...]
    values: tuple[str, ...]
    # Answers to open questions (issue #17): (question code, text), the non-empty ones only.
    comments: tuple[tuple[str, str], ...] = ()
    # The business unit (id) the answers are about; None when the campaign covers none.
    partner: int | None = None

    @property
    def answers(self) -> dict[tuple[str, str], str]:
        """{(item code, aspect): "1".."5" | "dk" | "na"} of the answered items."""
        return {key: value for key, value in zip(self.keys, self.values, strict=True) if value}


@dataclass
class ImportErrors:
    """Collects error messages, keeping the first MAX_ERRORS and counting the rest."""

    messages: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(
                gettext("row %(row)s, column %(column)s: %(message)s")
                % {"row": row, "column": column, "message": message}
            )

    def add_file(self, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(message)

    def as_list(self) -> list[str]:
        hidden = self.count - len(self.messages)
        if hidden:
            more = ngettext("... and %(count)s more error", "... and %(count)s more errors", hidden)
            return [*self.messages, more % {"count": grouped(hidden)}]
        return list(self.messages)


def _column_label(index: int) -> str:
    """Spreadsheet letters for a 0-based column index (0 -> A, 26 -> AA)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def validate_rows(
    *, campaign: Campaign, header: list[str], rows: Iterable[RawRow]
) -> tuple[list[ImportRow], ImportErrors]:
    """Check the header and every row against `campaign`: (valid rows, every error).

    The valid rows are only meant to be stored when there is no error (`errors.count == 0`).

    0. Row 2 is left out when its side cell starts with "#": the statements row of the template.
    1. Header: no unknown, duplicate or unnamed columns; `side` (and `partner` when the campaign
       covers business units) and the columns of the required items asked of the sides present
       in the file are there.
    2. Each row: a known side, a department the campaign accepts, one unit the campaign covers,
       every answer within its item's scale (or dk/na where the item allows them), required
       answers present, and nothing in the columns of items the row's side is not asked.
    """
    rows = list(rows)
    errors = ImportErrors()
    items = instrument_items(instrument=campaign.instrument)
    known: dict[str, tuple[Item, str]] = {}
    for item in items:
        for aspect in item.aspects:
            known[_normalise(item.column(aspect))] = (item, aspect)
    asked = {
        side: {f for page in campaign_pages(campaign=campaign, side=side) for f in page.fields} for side in Side.values
    }
    other_form = _other_form_items(campaign, items)
    questions = {_normalise(q.code): q for q in OpenQuestion.objects.filter(instrument_id=campaign.instrument_id)}
    units = campaign_unit_names(campaign=campaign)

    # 1. The header.
    side_index: int | None = None
    department_index: int | None = None
    partner_index: int | None = None
    answer_columns: dict[int, tuple[Item, str]] = {}
    text_columns: dict[int, OpenQuestion] = {}
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        positions.setdefault(_normalise(name.lstrip("\ufeff")), []).append(index)
    for key, indexes in positions.items():
        first = indexes[0]
        name = header[first]
        if key == "":
            continue  # unnamed columns are checked cell by cell below
        if len(indexes) > 1:
            letters = ", ".join(_column_label(i) for i in indexes)
            message = gettext("appears more than once (columns %(letters)s)") % {"letters": letters}
            errors.add(1, _column_name(name, known.get(key)), message)
            continue
        if key == SIDE_COLUMN:
            side_index = first
        elif key == DEPARTMENT_COLUMN:
            department_index = first
        elif key == PARTNER_COLUMN:
            partner_index = first
        elif key in known:
            answer_columns[first] = known[key]
        elif key in questions:
            text_columns[first] = questions[key]
        else:
            errors.add(1, quote(name), gettext("unknown column (not an answer column of this campaign's instrument)"))
    if side_index is None and SIDE_COLUMN not in positions:
        errors.add(1, SIDE_COLUMN, gettext("required column is missing"))
    if units.covered and PARTNER_COLUMN not in positions:
        errors.add(1, PARTNER_COLUMN, gettext("required column is missing"))
    unnamed = positions.get("", [])
    if side_index is not None and rows and rows[0].number == 2:
        statements = rows[0].cells
        if side_index < len(statements) and statements[side_index].startswith(TEMPLATE_ROW_MARK):
            rows = rows[1:]

    # Only the sides present in the file need their columns (a business-only workshop file need
    # not carry IT-only items); without a usable side column, both sides do.
    sides_in_file: set[str] = set()
    if side_index is not None:
        for row in rows:
            row_side = _parse_side(row.cells[side_index]) if side_index < len(row.cells) else None
            if row_side:
                sides_in_file.add(row_side)
    needed_sides = sides_in_file or set(Side.values)
    present_keys = {(item.code, aspect) for item, aspect in answer_columns.values()}
    duplicated = {key for key, indexes in positions.items() if len(indexes) > 1}
    for item in items:
        if not item.required:
            continue
        for aspect in item.aspects:
            answer_key = (item.code, aspect)
            if answer_key in present_keys or _normalise(item.column(aspect)) in duplicated:
                continue
            if any(answer_key in asked[side] for side in needed_sides):
                errors.add(1, item.column(aspect), gettext("required column is missing"))

    if not rows:
        errors.add_file(gettext("The file has a header row but no data rows."))

    # 2. The rows.
    departments = {_normalise(d): d for d in campaign.departments or []}
    valid: list[ImportRow] = []
    keys = tuple((item.code, aspect) for item, aspect in answer_columns.values())
    # Department names are kept once, not once per row.
    pool: dict[str, str] = {}
    for row in rows:
        before = errors.count
        cells = row.cells
        for index in [*unnamed, *range(len(header), len(cells))]:
            if index < len(cells) and cells[index]:
                message = gettext("%(value)s is in a column without a name") % {"value": quote(cells[index])}
                errors.add(row.number, _column_label(index), message)

        side = None
        if side_index is not None:
            raw_side = cells[side_index] if side_index < len(cells) else ""
            side = _parse_side(raw_side)
            if side is None:
                found = quote(raw_side) if raw_side else pgettext("spreadsheet cell", "empty")
                message = gettext("%(value)s is not a side (expected business or it)") % {"value": found}
                errors.add(row.number, SIDE_COLUMN, message)

        department = ""
        if department_index is not None and department_index < len(cells):
            department, message = _parse_department(cells[department_index], departments)
            if message:
                errors.add(row.number, DEPARTMENT_COLUMN, message)

        partner: int | None = None
        if partner_index is not None:
            partner, message = units.parse_one(cells[partner_index] if partner_index < len(cells) else "")
            if message:
                errors.add(row.number, PARTNER_COLUMN, message)

        values = [""] * len(keys)
        for position, (index, (item, aspect)) in enumerate(answer_columns.items()):
            raw = cells[index] if index < len(cells) else ""
            column = item.column(aspect)
            if item.code in other_form:
                if raw:
                    errors.add(row.number, column, other_form[item.code])
                continue
            if side is not None and (item.code, aspect) not in asked[side]:
                if raw:
                    message = gettext("must be empty: this item is not asked when side is %(side)s") % {"side": side}
                    errors.add(row.number, column, message)
                continue
            if raw == "":
                if side is not None and item.required:
                    errors.add(row.number, column, gettext("answer is missing (required)"))
                continue
            value, message = _parse_answer(raw, item)
            if message:
                errors.add(row.number, column, message)
            else:
                values[position] = value
        comments = _row_comments(row, side, text_columns, errors)
        if errors.count == before and side is not None:
            department = pool.setdefault(department, department)
            valid.append(ImportRow(row.number, side, department, keys, tuple(values), comments, partner))
    return valid, errors


def _row_comments(
    row: RawRow, side: str | None, columns: dict[int, OpenQuestion], errors: ImportErrors
) -> tuple[tuple[str, str], ...]:
    """The row's answers to open questions: optional text, at most the question's max_length,
    empty for a question the row's side is not asked."""
    found = []
    for index, question in columns.items():
        raw = row.cells[index].replace("\r\n", "\n").strip() if index < len(row.cells) else ""
        if not raw:
            continue
        if side is not None and side not in question.sides:
            message = gettext("must be empty: this question is not asked when side is %(side)s") % {"side": side}
            errors.add(row.number, question.code, message)
        elif len(raw) > question.max_length:
            message = gettext("the text has %(length)s characters; at most %(max)s are allowed") % {
                "length": grouped(len(raw)),
                "max": question.max_length,
            }
            errors.add(row.number, question.code, message)
        elif "\x00" in raw:
            errors.add(row.number, question.code, gettext("the text contains a character that is not allowed"))
        else:
            found.append((question.code, raw))
    return tuple(found)


def _other_form_items(campaign: Campaign, items: list[Item]) -> dict[str, str]:
    """{item code: why its cells must be empty} for the BiSL items of the form this campaign
    does not use (a file made for a full-form campaign, imported into a short-form one)."""
    forms = dict(
        Section.objects.filter(instrument_id=campaign.instrument_id).exclude(form="").values_list("pk", "form")
    )
    if campaign.practice_form == Campaign.PracticeForm.SHORT:
        message = gettext(
            "must be empty: this column is a question of the full BiSL form (one per process), "
            "and this campaign uses the short form (one per cluster)"
        )
    else:
        message = gettext(
            "must be empty: this column is a question of the short BiSL form (one per cluster), "
            "and this campaign uses the full form (one per process)"
        )
    return {item.code: message for item in items if forms.get(item.section_id) not in (None, campaign.practice_form)}


def _column_name(name: str, known: tuple[Item, str] | None) -> str:
    if known:
        item, aspect = known
        return item.column(aspect)
    return name if _normalise(name) in (SIDE_COLUMN, DEPARTMENT_COLUMN, PARTNER_COLUMN) else quote(name)


def _parse_side(raw: str) -> str | None:
    side = raw.strip().casefold()
    return side if side in Side.values else None


def _parse_department(raw: str, departments: dict[str, str]) -> tuple[str, str]:
    """(department, error message or "")."""
    raw = unicodedata.normalize("NFC", raw.strip())
    if not raw:
        return "", ""
    if departments:
        if _normalise(raw) in departments:
            return departments[_normalise(raw)], ""
        listed = ", ".join(departments.values())
        return "", gettext("%(value)s is not one of the campaign's departments (%(departments)s)") % {
            "value": quote(raw),
            "departments": listed,
        }
    if len(raw) > DEPARTMENT_MAX_LENGTH:
        return "", gettext("%(value)s is longer than %(max)s characters") % {
            "value": quote(raw),
            "max": DEPARTMENT_MAX_LENGTH,
        }
    # Free text ends up in dashboards, exports and PDFs: refuse what only an attack would need.
    if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in raw) or "<" in raw or ">" in raw:
        return "", gettext("%(value)s contains characters not allowed in a department name") % {"value": quote(raw)}
    if raw.startswith(_FORMULA_STARTS):
        return "", gettext("%(value)s must not start with =, +, - or @") % {"value": quote(raw)}
    return raw, ""


def _parse_answer(raw: str, item: Item) -> tuple[str, str]:
    """(normalised answer "1".."5" | "dk" | "na", error message or "")."""
    lowered = raw.casefold()
    if lowered in SPECIALS:
        # The enum's own strings: one object for every "dk" of the file.
        if lowered == Special.DONT_KNOW and item.allow_dont_know:
            return Special.DONT_KNOW.value, ""
        if lowered == Special.NOT_APPLICABLE and item.allow_not_applicable:
            return Special.NOT_APPLICABLE.value, ""
        return "", gettext("%(value)s is not allowed for this item (expected %(expected)s)") % {
            "value": quote(raw),
            "expected": _expected(item),
        }
    # The length cap keeps int() away from absurd digit strings.
    if len(raw) <= 20 and _INTEGER_RE.fullmatch(raw):
        number = int(re.split(r"[.,]", raw)[0])
        if item.scale_min <= number <= item.scale_max:
            return str(number), ""
        return "", gettext("%(value)s is outside %(min)s-%(max)s") % {
            "value": number,
            "min": item.scale_min,
            "max": item.scale_max,
        }
    return "", gettext("%(value)s is not a valid answer (expected %(expected)s)") % {
        "value": quote(raw),
        "expected": _expected(item),
    }


def _expected(item: Item) -> str:
    # "dk" and "na" are what the cell holds, so they stay as they are in every language.
    options = [gettext("a whole number %(min)s-%(max)s") % {"min": item.scale_min, "max": item.scale_max}]
    if item.allow_dont_know:
        options.append("dk")
    if item.allow_not_applicable:
        options.append("na")
    if not item.required:
        options.append(pgettext("spreadsheet cell", "empty"))
    return get_text_list(options)


def department_parse(raw: str, departments: Iterable[str]) -> tuple[str, str]:
    """(department, error message or "") for a department typed by a person, as the import checks it.

    One of `departments` (any case) when the campaign lists some, else safe free text. Shared
    with the invitation upload so both accept the same departments.
    """
    return _parse_department(raw, {_normalise(d): d for d in departments})
