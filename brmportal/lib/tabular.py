"""Reading a spreadsheet (CSV or XLSX) into a header and rows of text, within limits.

`parse_file` refuses what cannot be read: an unsupported extension, a corrupt workbook, a CSV
that is not UTF-8, an empty file, or a file over its `Limits`: by default at most 20,000 data
rows, 500 columns, 2,500,000 non-empty cells and 20 MB per file (a larger file must be split).
Blank rows are skipped but still counted in row numbers, so the numbers match what a
spreadsheet shows. Formulas are read as their text (not their cached result), so whoever checks
the cells rejects them like any other text: a cached result may be stale or missing.

Hostile files are refused before they cost much (issue #15): a workbook is a zip, and a few
hundred KB can expand to gigabytes of XML, millions of cells or of shared strings (which
openpyxl reads whole, even in read-only mode). So, before openpyxl sees a workbook,
`brmportal.lib.file_limits` checks the zip directory (declared sizes and compression ratios,
which Python's zipfile enforces while reading) and streams each XML part counting cells, rows
and shared strings, stopping at the first cap passed; the caps are checked again row by row
while reading. A CSV's cells are counted (delimiters) before it is parsed. `check_file` runs
only these cheap checks, for a web request that hands the reading to a worker.

Used by the response import (assessments.services.imports) and the invitation upload
(workspace.forms.invitations); `quote` puts a cell into an error message safely.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.utils.translation import gettext

from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.file_limits import Limits, file_error, invalid_message, too_many_cells, too_many_rows, xlsx_check
from brmportal.lib.formats import grouped

MAX_ROWS = 20_000
MAX_COLUMNS = 500
# 20,000 rows x the ~105 answer columns of a full-form campaign, with room to spare.
MAX_CELLS = 2_500_000
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
# Unique texts of a workbook: 20,000 rows of a few free-text columns (addresses, names).
MAX_SHARED_STRINGS = 200_000
MAX_QUOTED = 40
# Short cell texts ("3", "business", "dk") are kept once, not once per cell.
_POOLED_LENGTH = 32
PROGRESS_EVERY = 1000


def default_limits(**changes: int) -> Limits:
    """The module's caps (read when called, so a test may lower one), with `changes` applied."""
    limits = Limits(
        rows=MAX_ROWS,
        columns=MAX_COLUMNS,
        cells=MAX_CELLS,
        file_bytes=MAX_FILE_BYTES,
        uncompressed_bytes=MAX_XLSX_UNCOMPRESSED_BYTES,
        shared_strings=MAX_SHARED_STRINGS,
    )
    return replace(limits, **changes)


class RawRow(NamedTuple):
    """One non-blank data row: its spreadsheet row number and its cells as stripped text."""

    number: int
    cells: list[str]


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


def _extension(filename: str) -> str:
    extension = Path(filename).suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise file_error(
            gettext("Unsupported file type %(type)s: use a .csv or .xlsx file.")
            % {"type": quote(extension or filename)}
        )
    return extension


def check_file(source: str | Path | IO[bytes], filename: str, *, limits: Limits | None = None) -> int:
    """The cheap checks of `parse_file` without reading a cell: type, size, encoding, and for a
    workbook its zip directory and its counts of cells, rows and shared strings.

    Returns an estimate of the number of rows (for a progress bar); raises ApplicationError
    like `parse_file`. Takes well under a second for the largest file the limits allow.
    """
    limits = limits or default_limits()
    extension = _extension(filename)
    data = _read_bytes(source, limits)
    if extension == ".csv":
        return _csv_check(_csv_text(data), limits)[1]
    return xlsx_check(data, limits)


def parse_file(
    source: str | Path | IO[bytes],
    filename: str,
    *,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[str], list[RawRow]]:
    """Read a CSV or XLSX file (by `filename`'s extension) into (header, rows).

    `source` is a path or a binary file-like object (an upload). Cells come back as stripped
    text; blank rows are left out. `progress(rows read, estimated rows)` is called every
    PROGRESS_EVERY rows. Raises ApplicationError when the file cannot be read or is over
    `limits` (default: `default_limits()`).
    """
    limits = limits or default_limits()
    extension = _extension(filename)
    data = _read_bytes(source, limits)
    if extension == ".csv":
        text = _csv_text(data)
        del data
        delimiter, estimate = _csv_check(text, limits)
        lines = _csv_lines(text, delimiter)
    else:
        estimate = xlsx_check(data, limits)
        lines = _xlsx_lines(data)

    header: list[str] | None = None
    rows: list[RawRow] = []
    cells_seen = 0
    pool: dict[str, str] = {}
    for number, cells in enumerate(lines, start=1):
        if number > limits.sheet_rows:
            raise too_many_rows(limits)
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, estimate)
        if len(cells) > limits.columns:
            # A workbook row may carry blank cells up to column XFD (16,384): only text counts.
            if any(cells[limits.columns :]):
                raise file_error(
                    gettext("Row %(row)s has more than %(max)s columns.")
                    % {"row": number, "max": grouped(limits.columns)}
                )
            del cells[limits.columns :]
        while cells and cells[-1] == "":
            cells.pop()
        cells_seen += sum(1 for cell in cells if cell)
        if cells_seen > limits.cells:
            raise too_many_cells(limits)
        cells = [pool.setdefault(cell, cell) if len(cell) <= _POOLED_LENGTH else cell for cell in cells]
        if header is None:
            header = cells
            continue
        if not cells:
            continue
        if len(rows) == limits.rows:
            raise file_error(
                gettext("The file has more than %(max)s data rows: split it into smaller files.")
                % {"max": grouped(limits.rows)}
            )
        rows.append(RawRow(number, cells))
    if not header and not rows:
        raise file_error(gettext("The file is empty."))
    if not header:
        raise file_error(gettext("Row 1 must be the header row (side, department, answer columns) but it is blank."))
    return header, rows


def _read_bytes(source: str | Path | IO[bytes], limits: Limits) -> bytes:
    if isinstance(source, str | Path):
        try:
            with open(source, "rb") as fh:
                data = fh.read(limits.file_bytes + 1)
        except OSError as exc:
            raise file_error(gettext("Cannot read the file: %(error)s.") % {"error": exc.strerror or exc}) from exc
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limits.file_bytes + 1)
    if not isinstance(data, bytes):
        raise TypeError("parse_file needs a file opened in binary mode")
    if len(data) > limits.file_bytes:
        raise file_error(size_message(limits.file_bytes))
    return data


def size_message(max_bytes: int) -> str:
    """ "The file is larger than 20 MB", shared with the upload forms."""
    return gettext("The file is larger than %(size)s MB: split it into smaller files.") % {
        "size": grouped(max_bytes // (1024 * 1024))
    }


def _csv_text(data: bytes) -> str:
    try:
        # utf-8-sig drops the BOM Excel writes with "CSV UTF-8".
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise file_error(
            gettext(
                'The CSV file is not UTF-8 encoded (invalid byte at position %(position)s): save it as "CSV UTF-8".'
            )
            % {"position": exc.start}
        ) from exc


def _csv_check(text: str, limits: Limits) -> tuple[str, int]:
    """(delimiter, estimated rows); refuses a file with more cells than allowed before the csv
    module builds a single row (one line of 20 MB of commas would be millions of strings)."""
    first_line = text.split("\n", 1)[0]
    # The header holds no commas or semicolons of its own, so the more frequent one separates.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    lines = text.count("\n") + 1
    if text.count(delimiter) + lines > limits.cells + limits.sheet_rows:
        raise too_many_cells(limits)
    return delimiter, lines


def _csv_lines(text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield [cell.strip() for cell in record]
    except csv.Error as exc:
        raise file_error(
            gettext("The CSV file is malformed near row %(row)s: %(error)s.") % {"row": reader.line_num, "error": exc}
        ) from exc


def _xlsx_lines(data: bytes) -> Iterator[list[str]]:
    import openpyxl  # only needed for workbooks

    workbook = None
    try:
        # data_only=False: a formula cell reads as its text and is rejected (see module docstring).
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        # The declared dimensions may be wrong or hostile (A1:XFD1048576); read the real cells.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except ApplicationError:
        raise
    except Exception as exc:  # openpyxl raises many different types for damaged workbooks
        raise file_error(invalid_message()) from exc
    finally:
        if workbook is not None:
            workbook.close()


def _cell_text(value: Any) -> str:
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
