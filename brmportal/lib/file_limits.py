"""What an uploaded spreadsheet may hold, and the cheap checks that refuse a hostile workbook
before a parser spends time or memory on it (used by brmportal.lib.tabular).

An XLSX file is a zip of XML parts. A few hundred KB can unzip to gigabytes (a "zip bomb"), or
to millions of cells or shared strings that openpyxl would build one Python object at a time
(its read-only mode still reads every shared string up front). `xlsx_check`:

1. reads the zip directory: the number of parts, their declared sizes in total, and how much
   each large part is compressed. Python's zipfile never returns more than a part's declared
   size (a part that holds more fails its CRC), so the declared sizes are a real bound;
2. streams every XML part through zlib in 1 MB chunks, counting cell, row and shared-string
   elements (a raw "<" only ever starts markup in XML, so counting "<c" counts elements), and
   stops at the first cap passed.

Both take well under a second for the largest workbook the limits let through; the rows and
cells are counted again while the sheet is read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext

from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import grouped

MAX_PARTS = 1000
# Spreadsheet programs compress sheet XML 10-25 times (measured: openpyxl 11-22, uniform data
# the highest); zip bombs 1,000 times. Parts under 1 MB are too small to matter.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
CHUNK_BYTES = 1024 * 1024
# <c r="A1">, <x:c r="A1"> (also counts <cols> and <cfRule>: a handful per sheet).
CELL_MARKS = (b"<c", b":c")
ROW_MARKS = (b"<row", b":row")
STRING_MARKS = (b"<si", b":si")


@dataclass(frozen=True)
class Limits:
    """What one file may hold (`brmportal.lib.tabular.default_limits()` gives the defaults)."""

    rows: int  # data rows; blank rows are not counted
    columns: int
    cells: int  # cells, filled or not (a CSV's fields, a workbook's cell elements)
    file_bytes: int
    uncompressed_bytes: int  # a workbook's parts once unzipped
    shared_strings: int

    @property
    def sheet_rows(self) -> int:
        """Rows a sheet may reach, blank ones included: past that it is padding or an attack."""
        return 2 * self.rows + 1000


def file_error(message: str) -> ApplicationError:
    return ApplicationError(message, {"errors": [message], "error_count": 1})


def invalid_message() -> str:
    return gettext("The file is not a valid .xlsx workbook (it may be corrupt or in another format).")


def too_many_cells(limits: Limits) -> ApplicationError:
    return file_error(
        gettext("The file has more than %(max)s cells: split it into smaller files.") % {"max": grouped(limits.cells)}
    )


def too_many_rows(limits: Limits) -> ApplicationError:
    return file_error(
        gettext("The file goes on past row %(max)s (blank rows count too): delete the empty rows below the data.")
        % {"max": grouped(limits.sheet_rows)}
    )


def xlsx_check(data: bytes, limits: Limits) -> int:
    """Refuse a workbook over `limits` from its zip directory and a count of its XML elements.

    Returns the number of rows the workbook declares (all sheets), for a progress estimate.
    Raises ApplicationError with a message fit for the person who uploaded it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise file_error(invalid_message()) from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise file_error(
                gettext("The workbook has more than %(max)s parts: it is not a spreadsheet this portal reads.")
                % {"max": grouped(MAX_PARTS)}
            )
        if sum(part.file_size for part in parts) > limits.uncompressed_bytes:
            raise file_error(gettext("The workbook is too large once uncompressed: split it into smaller files."))
        for part in parts:
            if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                raise file_error(
                    gettext(
                        "The workbook unzips to more than %(ratio)s times its size, which no spreadsheet program "
                        "writes: it was refused."
                    )
                    % {"ratio": MAX_RATIO}
                )
        counts = _Counts(limits)
        for part in parts:
            if part.file_size and part.filename.lower().endswith((".xml", ".rels")):
                _scan(archive, part, counts)
    return counts.rows


class _Counts:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cells = self.rows = self.strings = 0

    def add(self, window: bytes, tail: bytes) -> None:
        # Marks wholly inside `tail` were counted with the chunk before; none overlaps itself.
        def count(marks: tuple[bytes, ...]) -> int:
            return sum(window.count(mark) - tail.count(mark) for mark in marks)

        self.cells += count(CELL_MARKS)
        self.rows += count(ROW_MARKS)
        self.strings += count(STRING_MARKS)
        if self.cells > self.limits.cells:
            raise too_many_cells(self.limits)
        if self.rows > self.limits.sheet_rows:
            raise too_many_rows(self.limits)
        if self.strings > self.limits.shared_strings:
            raise file_error(
                gettext("The workbook holds more than %(max)s different texts: split it into smaller files.")
                % {"max": grouped(self.limits.shared_strings)}
            )


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, counts: _Counts) -> None:
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                window = tail + chunk
                counts.add(window, tail)
                tail = window[-4:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        # A CRC or size that does not match, an unknown compression, an encrypted part.
        raise file_error(invalid_message()) from exc
