"""Hostile spreadsheets and content files, built in the test that uses them (never stored).

A workbook here is the smallest zip openpyxl opens: content types, the package and workbook
relations, the workbook and its sheets, and optionally shared strings. Big parts are streamed
into the zip chunk by chunk, so building a 100 MB "zip bomb" needs no 100 MB string.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>"
)
SHEET_START = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_END = "</sheetData></worksheet>"


def _chunks(parts: Iterable[str], size: int = 1 << 20) -> Iterator[bytes]:
    buffer: list[str] = []
    length = 0
    for part in parts:
        buffer.append(part)
        length += len(part)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


def workbook(sheet_rows: Iterable[str], shared: Iterable[str] = (), *, level: int = 9, zip64: bool = True) -> bytes:
    """An .xlsx whose first sheet's XML is `sheet_rows` (`<row>` elements, joined) and whose
    shared strings' XML is `shared` (`<si>` elements, joined); streamed, so the parts may be
    hundreds of MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        sst = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for name, parts in (
            ("xl/worksheets/sheet1.xml", [[SHEET_START], sheet_rows, [SHEET_END]]),
            ("xl/sharedStrings.xml", [[sst], shared, ["</sst>"]]),
        ):
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=zip64) as stream:
                for chunk in _chunks(part for group in parts for part in group):
                    stream.write(chunk)
    return out.getvalue()


def rows_of(count: int, cells: int, *, value: str = "1", start: int = 1) -> Iterator[str]:
    """`count` rows of `cells` number cells each (cells without `r`: openpyxl numbers them)."""
    row_cells = f"<c><v>{value}</v></c>" * cells
    for number in range(start, start + count):
        yield f'<row r="{number}">{row_cells}</row>'


def strings_of(count: int, text: str = "x") -> Iterator[str]:
    """`count` shared strings, in batches of 100,000 (one Python string per batch)."""
    batch = f"<si><t>{text}</t></si>" * 100_000
    for start in range(0, count, 100_000):
        yield batch if count - start >= 100_000 else batch[: (count - start) * len(batch) // 100_000]


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """`data` (a zip written without zip64) with the directory entry of `name` declaring that it
    unzips to `size` bytes."""
    patched = bytearray(data)
    position = patched.find(b"PK\x01\x02")
    while position != -1:
        length = int.from_bytes(patched[position + 28 : position + 30], "little")
        if patched[position + 46 : position + 46 + length] == name.encode():
            patched[position + 24 : position + 28] = size.to_bytes(4, "little")
            return bytes(patched)
        position = patched.find(b"PK\x01\x02", position + 4)
    raise LookupError(name)


def varied_rows(count: int, cells: int) -> Iterator[str]:
    """`count` rows of `cells` different numbers: XML that compresses like a real sheet (about 10
    times), so only the counts can refuse it."""
    for number in range(1, count + 1):
        values = "".join(f"<c><v>{(number * 7919 + column * 104729) % 1000003}</v></c>" for column in range(cells))
        yield f'<row r="{number}">{values}</row>'


def varied_strings(count: int) -> Iterator[str]:
    """`count` different shared strings (addresses), compressing like a real workbook's."""
    for number in range(count):
        yield f"<si><t>person{number * 7919 % 10000019}@example.com</t></si>"


def cells_bomb() -> bytes:
    """About 400 KB that unzips to 4 million cells (60 MB of sheet XML)."""
    return workbook(rows_of(20_000, 200), level=1)


def shared_strings_bomb() -> bytes:
    """About 400 KB that unzips to 4 million shared strings (a one-cell sheet uses the first)."""
    return workbook(['<row r="1"><c t="s"><v>0</v></c></row>'], strings_of(4_000_000), level=1)


def measure_in_subprocess(code: str, files: dict[str, bytes], tmp_path: Path) -> dict:
    """Run `code` in a fresh Python (Django set up) with `files` written to tmp_path, and return
    the JSON it prints, plus `rss_growth_mb`: how far the process's peak memory rose above what it
    held before `code` ran (resource.getrusage: C allocations too, which tracemalloc misses)."""
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    script = (
        "import json, resource, sys, time, django\n"
        "django.setup()\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"tmp = {str(tmp_path)!r}\n"
        "result = {}\n" + code + "\n"
        "result['rss_growth_mb'] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024\n"
        "print(json.dumps(result))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[1]
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
