"""Reading a spreadsheet (CSV or XLSX) into a header and rows of text, within limits.

`parse_file` refuses what cannot be read: an unsupported extension, a corrupt workbook, a CSV
that is not UTF-8, an empty file, or a file over the limits below: at most `MAX_ROWS` (20,000)
data rows, `MAX_COLUMNS` (500) columns and `MAX_FILE_BYTES` (20 MB) per file; a larger file must
be split. Blank rows are skipped but still counted in row numbers, so the numbers match what a
spreadsheet shows. Formulas are read as their text (not their cached result), so whoever checks
the cells rejects them like any other text: a cached result may be stale or missing.

Used by the response import (assessments.services.imports) and the invitation upload
(workspace.forms.invitations); `quote` puts a cell into an error message safely.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, NamedTuple

from django.utils.translation import gettext

from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import grouped

MAX_ROWS = 20_000
MAX_COLUMNS = 500
MAX_FILE_BYTES = 20 * 1024 * 1024
# A workbook is a zip: its declared uncompressed size guards against zip bombs before parsing.
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_QUOTED = 40


class RawRow(NamedTuple):
    """One non-blank data row: its spreadsheet row number and its cells as stripped text."""

    number: int
    cells: list[str]


def _file_error(message: str) -> ApplicationError:
    return ApplicationError(message, {"errors": [message], "error_count": 1})


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
                gettext("Row %(row)s has more than %(max)s columns.") % {"row": number, "max": grouped(MAX_COLUMNS)}
            )
        if header is None:
            header = cells
            continue
        if not cells:
            continue
        if len(rows) == MAX_ROWS:
            raise _file_error(
                gettext("The file has more than %(max)s data rows: split it into smaller files.")
                % {"max": grouped(MAX_ROWS)}
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
