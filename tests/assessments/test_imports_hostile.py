"""Hostile spreadsheets are refused fast and cheaply, wherever a file is read (issue #15).

The files are built here (tests/hostile_files.py): workbooks of a few hundred KB that unzip to
millions of cells or shared strings, a workbook whose directory lies about its sizes, rows far
down the sheet, a row out to column XFD, a CSV line of commas. Time and memory are measured in a
fresh process (resource.getrusage: C allocations count too) at the default limits; the checks
that count while reading are shown with lowered limits on honest files (no zip bomb ratio).
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from functools import cache

import pytest

from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.file_limits import MAX_RATIO
from brmportal.lib.tabular import check_file, default_limits, parse_file
from tests import hostile_files as hostile

SECONDS = 2.0
MEGABYTES = 200


@cache
def cells_bomb() -> bytes:
    return hostile.cells_bomb()


@cache
def strings_bomb() -> bytes:
    return hostile.shared_strings_bomb()


def lying_bomb() -> bytes:
    """8 MB of sheet XML whose directory entry claims 1 KB: zipfile stops after 1 KB and the
    CRC fails, so the lie costs nothing."""
    data = hostile.workbook(hostile.rows_of(10_000, 50), level=1, zip64=False)
    return hostile.lie_about_size(data, "xl/worksheets/sheet1.xml", 1024)


def refused(data: bytes, name: str = "answers.xlsx", **limits: int) -> str:
    with pytest.raises(ApplicationError) as info:
        parse_file(io.BytesIO(data), name, limits=default_limits(**limits) if limits else None)
    return info.value.message


def test_it_refuses_zip_bombs_in_under_2_seconds_and_200_mb(tmp_path):
    files = {"cells.xlsx": cells_bomb(), "strings.xlsx": strings_bomb()}
    for data in files.values():
        assert len(data) < 600_000  # "about 500 KB"
        expanded = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        assert expanded > 50_000_000  # millions of cells or of shared strings
    code = (
        "from brmportal.lib.exceptions import ApplicationError\n"
        "from brmportal.lib.tabular import check_file, parse_file\n"
        "for name in ('cells.xlsx', 'strings.xlsx'):\n"
        "    for read in (parse_file, check_file):\n"
        "        start = time.monotonic()\n"
        "        try:\n"
        "            read(f'{tmp}/{name}', name)\n"
        "            message = None\n"
        "        except ApplicationError as exc:\n"
        "            message = exc.message\n"
        "        result[f'{name} {read.__name__}'] = [time.monotonic() - start, message]\n"
    )
    result = hostile.measure_in_subprocess(code, files, tmp_path)

    assert result.pop("rss_growth_mb") < MEGABYTES
    for case, (seconds, message) in result.items():
        assert message and f"more than {MAX_RATIO} times its size" in message, case
        assert seconds < SECONDS, case


def test_it_refuses_a_workbook_whose_directory_lies():
    data = lying_bomb()
    tracemalloc.start()
    start = time.monotonic()
    try:
        message = refused(data)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert message == "The file is not a valid .xlsx workbook (it may be corrupt or in another format)."
    assert time.monotonic() - start < SECONDS
    assert peak < MEGABYTES * 1024 * 1024


@pytest.mark.parametrize(
    ("build", "limits", "expected"),
    [
        # Honest workbooks (compressed as a spreadsheet program would) over each cap: refused while
        # their XML streams through zlib, before openpyxl reads a cell.
        (lambda: hostile.workbook(hostile.varied_rows(300, 100)), {"cells": 20_000}, "more than 20,000 cells"),
        (
            lambda: hostile.workbook(['<row r="1"><c t="s"><v>0</v></c></row>'], hostile.varied_strings(6_000)),
            {"shared_strings": 5_000},
            "more than 5,000 different texts",
        ),
        (lambda: hostile.workbook(hostile.varied_rows(5_000, 1)), {"rows": 1_000}, "goes on past row 3,000"),
        (
            lambda: hostile.workbook(hostile.varied_rows(200, 100)),
            {"uncompressed_bytes": 100_000},
            "too large once uncompressed",
        ),
    ],
)
def test_it_counts_cells_rows_and_strings_before_parsing(build, limits, expected):
    data = build()
    start = time.monotonic()
    assert expected in refused(data, **limits)
    assert (
        expected
        in pytest.raises(
            ApplicationError, check_file, io.BytesIO(data), "a.xlsx", limits=default_limits(**limits)
        ).value.message
    )
    assert time.monotonic() - start < SECONDS


def test_it_caps_rows_and_columns_while_reading_the_sheet():
    # One row at 1,048,576: openpyxl would hand out a million blank rows before it.
    far_down = hostile.workbook(
        [
            '<row r="1"><c r="A1" t="inlineStr"><is><t>side</t></is></c></row>',
            '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
        ]
    )
    start = time.monotonic()
    assert "goes on past row 41,000" in refused(far_down)
    # A cell at column XFD: text past column 500 is refused; blank cells out there are dropped.
    wide = hostile.workbook(
        ['<row r="1"><c r="A1" t="inlineStr"><is><t>side</t></is></c><c r="XFD1"><v>1</v></c></row>']
    )
    assert refused(wide) == "Row 1 has more than 500 columns."
    assert time.monotonic() - start < SECONDS
    styled = hostile.workbook(
        [
            '<row r="1"><c r="A1" t="inlineStr"><is><t>side</t></is></c><c r="XFD1" s="0"/></row>',
            '<row r="2"><c r="A2" t="inlineStr"><is><t>it</t></is></c></row>',
        ]
    )
    header, rows = parse_file(io.BytesIO(styled), "a.xlsx")
    assert header == ["side"] and [r.cells for r in rows] == [["it"]]


def test_it_refuses_a_csv_of_millions_of_cells_before_splitting_it():
    line = b"," * 3_000_000
    start = time.monotonic()
    tracemalloc.start()
    try:
        message = refused(b"side,department\n" + line + b"\n", "answers.csv")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert message == "The file has more than 2,500,000 cells: split it into smaller files."
    assert time.monotonic() - start < SECONDS
    assert peak < 50 * 1024 * 1024


def test_it_still_reads_a_workbook_within_the_limits():
    data = hostile.workbook(hostile.rows_of(50, 10, value="3"))
    header, rows = parse_file(io.BytesIO(data), "a.xlsx")
    assert header == ["3"] * 10 and len(rows) == 49 and rows[-1].number == 50
    assert check_file(io.BytesIO(data), "a.xlsx") == 50
