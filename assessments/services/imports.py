"""Importing submitted responses from a CSV or XLSX file (workshops, paper forms).

The file holds one row per respondent: a header row (row 1) with `side`, an optional
`department`, then answer columns named as `instrument_items` lists them (`REL-PAS-1.today`,
`BEH-IT-3`, `BISL-DEM.current`, ...). Header names are matched case-insensitively.

Three steps, each usable on its own (the management command and a later web upload share them):

1. `parse_file` reads the file into a header and raw text rows. It refuses what cannot be read:
   an unsupported extension, a corrupt workbook, a CSV that is not UTF-8, an empty file, or a
   file over the limits below.
2. `validate_rows` checks every row against the campaign and collects *all* the errors, each
   naming the spreadsheet row (header = row 1) and the column.
3. `responses_import` stores the rows as submitted responses in one transaction, and only if
   there was no error at all.

Limits: at most `MAX_ROWS` (20,000) data rows, `MAX_COLUMNS` (500) columns and `MAX_FILE_BYTES`
(20 MB) per file; a larger file must be split. Blank rows are skipped but still counted in row
numbers, so the numbers match what a spreadsheet shows.

Decisions:
- Import is allowed whatever the campaign's status (draft, open or closed): workshops and paper
  forms are often typed in after the online round has closed.
- A column of any item of the campaign's instrument may appear in the header. Cells of items a
  row's side is not asked in this campaign (other side, other BiSL form) must be empty.
- Columns of required items answered by the sides present in the file must be in the header;
  columns of optional items may be left out.
- Formulas are read as their text (not their cached result) and so are rejected like any other
  text: a cached result may be stale or missing.
- Importing the same file twice stores the responses twice: rows carry no respondent identity.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, NamedTuple

from django.db import transaction
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext

from assessments.models import Campaign, Item, Side, Special
from assessments.selectors.instruments import campaign_pages, instrument_items
from assessments.services.responses import response_create_submitted
from assessments.services.snapshots import snapshot_publish
from brmportal.lib.exceptions import ApplicationError

MAX_ROWS = 20_000
MAX_COLUMNS = 500
MAX_FILE_BYTES = 20 * 1024 * 1024
# A workbook is a zip: its declared uncompressed size guards against zip bombs before parsing.
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Beyond this many errors the list is cut: a wholly wrong file would otherwise list every cell.
MAX_ERRORS = 1000
MAX_QUOTED = 40
DEPARTMENT_MAX_LENGTH = 100

SIDE_COLUMN = "side"
DEPARTMENT_COLUMN = "department"
SPECIALS = {Special.DONT_KNOW.value, Special.NOT_APPLICABLE.value}
# A whole number, optionally written as a decimal with a zero fraction ("3.0", "3,0").
_INTEGER_RE = re.compile(r"[+-]?[0-9]+(?:[.,]0+)?")
# Characters that turn a cell into a formula when a department is later exported to a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@")


class RawRow(NamedTuple):
    """One non-blank data row: its spreadsheet row number and its cells as stripped text."""

    number: int
    cells: list[str]


@dataclass(frozen=True)
class ImportRow:
    """A validated row, ready for `response_create_submitted`."""

    number: int
    side: str
    department: str
    answers: dict[tuple[str, str], str]


@dataclass(frozen=True)
class ImportResult:
    """What an import stored (or, on a dry run, would store): responses in total and per side."""

    total: int
    by_side: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary(self) -> str:
        sides = ", ".join(f"{side}: {self.by_side.get(side, 0)}" for side in Side.values)
        values = {"count": self.total, "sides": sides}
        if self.dry_run:
            return (
                ngettext(
                    "Dry run: %(count)s valid response (%(sides)s); nothing was stored.",
                    "Dry run: %(count)s valid responses (%(sides)s); nothing was stored.",
                    self.total,
                )
                % values
            )
        return (
            ngettext("Imported %(count)s response (%(sides)s)", "Imported %(count)s responses (%(sides)s)", self.total)
            % values
        )


def _file_error(message: str) -> ApplicationError:
    return ApplicationError(message, {"errors": [message], "error_count": 1})


def _number(value: int) -> str:
    """A count in the active language's notation (20,000 in English, 20 000 in Norwegian)."""
    return number_format(value, force_grouping=True)


def quote(value: str) -> str:
    """A cell value fit for an error message: cut to 40 characters, invisible characters escaped.

    Escaping control, format and separator characters keeps a hostile cell from rewriting the
    terminal (ANSI escapes) or reordering the message (bidi overrides).
    """
    text = value if len(value) <= MAX_QUOTED else value[:MAX_QUOTED] + "…"
    out = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# ---------------------------------------------------------------------------------------------
# 1. Parsing


def parse_file(source: str | Path | IO[bytes], filename: str) -> tuple[list[str], list[RawRow]]:
    """Read a CSV or XLSX file (by `filename`'s extension) into (header, rows).

    `source` is a path or a binary file-like object (an upload). Cells come back as stripped
    text; blank rows are left out. Raises ApplicationError when the file cannot be read or is
    over the limits.
    """
    extension = Path(filename).suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise _file_error(
            gettext("Unsupported file type %(type)s: use a .csv or .xlsx file.")
            % {"type": quote(extension or filename)}
        )
    data = _read_bytes(source)
    lines = _csv_lines(data) if extension == ".csv" else _xlsx_lines(data)

    header: list[str] | None = None
    rows: list[RawRow] = []
    for number, cells in enumerate(lines, start=1):
        while cells and cells[-1] == "":
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise _file_error(
                gettext("Row %(row)s has more than %(max)s columns.") % {"row": number, "max": _number(MAX_COLUMNS)}
            )
        if header is None:
            header = cells
            continue
        if not cells:
            continue
        if len(rows) == MAX_ROWS:
            raise _file_error(
                gettext("The file has more than %(max)s data rows: split it into smaller files.")
                % {"max": _number(MAX_ROWS)}
            )
        rows.append(RawRow(number, cells))
    if not header and not rows:
        raise _file_error(gettext("The file is empty."))
    if not header:
        raise _file_error(gettext("Row 1 must be the header row (side, department, answer columns) but it is blank."))
    return header, rows


def _read_bytes(source: str | Path | IO[bytes]) -> bytes:
    if isinstance(source, str | Path):
        try:
            with open(source, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise _file_error(gettext("Cannot read the file: %(error)s.") % {"error": exc.strerror or exc}) from exc
    else:
        data = source.read(MAX_FILE_BYTES + 1)
    if not isinstance(data, bytes):
        raise TypeError("parse_file needs a file opened in binary mode")
    if len(data) > MAX_FILE_BYTES:
        raise _file_error(
            gettext("The file is larger than %(size)s MB: split it into smaller files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    return data


def _csv_lines(data: bytes) -> Iterator[list[str]]:
    try:
        # utf-8-sig drops the BOM Excel writes with "CSV UTF-8".
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(
            gettext(
                'The CSV file is not UTF-8 encoded (invalid byte at position %(position)s): save it as "CSV UTF-8".'
            )
            % {"position": exc.start}
        ) from exc
    first_line = text.split("\n", 1)[0]
    # The header holds no commas or semicolons of its own, so the more frequent one separates.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield [cell.strip() for cell in record]
    except csv.Error as exc:
        raise _file_error(
            gettext("The CSV file is malformed near row %(row)s: %(error)s.") % {"row": reader.line_num, "error": exc}
        ) from exc


def _xlsx_lines(data: bytes) -> Iterator[list[str]]:
    import openpyxl  # only needed for workbooks

    stream = io.BytesIO(data)
    try:
        with zipfile.ZipFile(stream) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED_BYTES:
                raise _file_error(gettext("The workbook is too large once uncompressed: split it into smaller files."))
    except zipfile.BadZipFile as exc:
        raise _file_error(
            gettext("The file is not a valid .xlsx workbook (it may be corrupt or in another format).")
        ) from exc
    stream.seek(0)
    workbook = None
    try:
        # data_only=False: a formula cell reads as its text and is rejected (see module docstring).
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        # The declared dimensions may be wrong or hostile (A1:XFD1048576); read the real cells.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except ApplicationError:
        raise
    except Exception as exc:  # openpyxl raises many different types for damaged workbooks
        raise _file_error(
            gettext("The file is not a valid .xlsx workbook (it may be corrupt or in another format).")
        ) from exc
    finally:
        if workbook is not None:
            workbook.close()


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold: 3.0 becomes "3", a date its ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------------------------------------
# 2. Validation


@dataclass
class _Errors:
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
            return [*self.messages, more % {"count": _number(hidden)}]
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
) -> tuple[list[ImportRow], list[str]]:
    """Check the header and every row against `campaign`; return (valid rows, all errors).

    See `_validate` for the rules. The valid rows are only meant to be stored when the error
    list is empty.
    """
    valid, errors = _validate(campaign=campaign, header=header, rows=rows)
    return valid, errors.as_list()


def _validate(*, campaign: Campaign, header: list[str], rows: Iterable[RawRow]) -> tuple[list[ImportRow], _Errors]:
    """The checks behind `validate_rows`, keeping the full error count.

    1. Header: no unknown, duplicate or unnamed columns; `side` and the columns of the required
       items asked of the sides present in the file are there.
    2. Each row: a known side, a department the campaign accepts, every answer within its item's
       scale (or dk/na where the item allows them), required answers present, and nothing in
       the columns of items the row's side is not asked.
    """
    rows = list(rows)
    errors = _Errors()
    items = instrument_items(instrument=campaign.instrument)
    known: dict[str, tuple[Item, str]] = {}
    for item in items:
        for aspect in item.aspects:
            known[_normalise(item.column(aspect))] = (item, aspect)
    asked = {
        side: {f for page in campaign_pages(campaign=campaign, side=side) for f in page.fields} for side in Side.values
    }

    # 1. The header.
    side_index: int | None = None
    department_index: int | None = None
    answer_columns: dict[int, tuple[Item, str]] = {}
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
        elif key in known:
            answer_columns[first] = known[key]
        else:
            errors.add(1, quote(name), gettext("unknown column (not an answer column of this campaign's instrument)"))
    if side_index is None and SIDE_COLUMN not in positions:
        errors.add(1, SIDE_COLUMN, gettext("required column is missing"))
    unnamed = positions.get("", [])

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
            key = (item.code, aspect)
            if key in present_keys or _normalise(item.column(aspect)) in duplicated:
                continue
            if any(key in asked[side] for side in needed_sides):
                errors.add(1, item.column(aspect), gettext("required column is missing"))

    if not rows:
        errors.add_file(gettext("The file has a header row but no data rows."))

    # 2. The rows.
    departments = {_normalise(d): d for d in campaign.departments or []}
    valid: list[ImportRow] = []
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

        answers: dict[tuple[str, str], str] = {}
        for index, (item, aspect) in answer_columns.items():
            raw = cells[index] if index < len(cells) else ""
            column = item.column(aspect)
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
                answers[(item.code, aspect)] = value
        if errors.count == before and side is not None:
            valid.append(ImportRow(number=row.number, side=side, department=department, answers=answers))
    return valid, errors


def _column_name(name: str, known: tuple[Item, str] | None) -> str:
    if known:
        item, aspect = known
        return item.column(aspect)
    return name if _normalise(name) in (SIDE_COLUMN, DEPARTMENT_COLUMN) else quote(name)


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
        if lowered == Special.DONT_KNOW and item.allow_dont_know:
            return lowered, ""
        if lowered == Special.NOT_APPLICABLE and item.allow_not_applicable:
            return lowered, ""
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


# ---------------------------------------------------------------------------------------------
# 3. The service


def responses_import(
    *, campaign: Campaign, file: str | Path | IO[bytes], filename: str, dry_run: bool = False
) -> ImportResult:
    """Import a CSV/XLSX file as submitted responses of `campaign`, all or nothing.

    1. Parse the file (`parse_file`) and validate every row (`validate_rows`).
    2. If anything is wrong, raise ApplicationError with every error in `extra["errors"]`
       (and the full count in `extra["error_count"]`); nothing is stored.
    3. Otherwise create one submitted response per row (source "import", no invitation) in a
       single transaction, unless `dry_run`.
    """
    header, rows = parse_file(file, filename)
    valid, errors = _validate(campaign=campaign, header=header, rows=rows)
    if errors.count:
        message = ngettext(
            "Nothing was imported: %(count)s error in %(file)s.",
            "Nothing was imported: %(count)s errors in %(file)s.",
            errors.count,
        ) % {"count": _number(errors.count), "file": quote(filename)}
        raise ApplicationError(message, {"errors": errors.as_list(), "error_count": errors.count})
    by_side = dict(Counter(row.side for row in valid))
    if not dry_run:
        items = {item.code: item for item in instrument_items(instrument=campaign.instrument)}
        with transaction.atomic():
            for row in valid:
                response_create_submitted(
                    campaign=campaign,
                    side=row.side,
                    department=row.department,
                    answers=row.answers,
                    items=items,
                    publish=False,
                )
            # Once for the whole file: the imported rows join the results now, or with the next
            # batch of online respondents of their group (assessments.services.snapshots).
            snapshot_publish(campaign=campaign)
    return ImportResult(total=len(valid), by_side=by_side, dry_run=dry_run)


def department_parse(raw: str, departments: Iterable[str]) -> tuple[str, str]:
    """(department, error message or "") for a department typed by a person, as the import checks it.

    One of `departments` (any case) when the campaign lists some, else safe free text. Shared
    with the invitation upload so both accept the same departments.
    """
    return _parse_department(raw, {_normalise(d): d for d in departments})
