"""`import_responses`: submitted responses from CSV/XLSX files, validated whole, stored all or nothing."""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from assessments.content import read_content
from assessments.models import Answer, Campaign, Response
from assessments.selectors.instruments import campaign_pages, instrument_items
from assessments.services import imports
from assessments.services.campaigns import campaign_create
from assessments.services.imports import responses_import
from assessments.services.imports import validation as import_validation
from assessments.services.imports.validation import validate_rows
from assessments.services.instruments import instrument_load
from brmportal.lib import tabular
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tabular import parse_file


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (BEH-IT-1, BEH-IT-7, seven trust statements): the archived
    version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Builders


def answer_columns(campaign: Campaign) -> list[str]:
    """The answer columns of every item either side is asked in `campaign`, in instrument order."""
    asked = {
        f for side in ("business", "it") for page in campaign_pages(campaign=campaign, side=side) for f in page.fields
    }
    return [
        item.column(aspect)
        for item in instrument_items(instrument=campaign.instrument)
        for aspect in item.aspects
        if (item.code, aspect) in asked
    ]


def side_columns(campaign: Campaign, side: str) -> set[str]:
    return {
        code if aspect == "value" else f"{code}.{aspect}"
        for page in campaign_pages(campaign=campaign, side=side)
        for code, aspect in page.fields
    }


def header_for(campaign: Campaign) -> list[str]:
    return ["side", "department", *answer_columns(campaign)]


def row_for(campaign: Campaign, side: str, department: str = "", default: str = "3", **values: str) -> dict[str, str]:
    """A full row for `side`: every asked column gets `default`; `values` override by column
    (keyword names use "__" for "." and "_" for "-": BEH_IT_3, REL_PAS_1__today)."""
    mine = side_columns(campaign, side.strip().lower())
    row = {"side": side, "department": department}
    row.update({column: default if column in mine else "" for column in answer_columns(campaign)})
    for key, value in values.items():
        row[key.replace("__", ".").replace("_", "-")] = value
    return row


def write_csv(
    path: Path, header: list[str], rows: list[dict[str, str]], *, delimiter: str = ",", bom: bool = False
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(campaign_id: int, path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_responses", str(campaign_id), str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_errors(campaign: Campaign, path: Path) -> list[str]:
    """The error lines of a failed import; asserts that nothing was stored."""
    with pytest.raises(ApplicationError) as info:
        responses_import(campaign=campaign, file=path, filename=path.name)
    assert Response.objects.filter(campaign=campaign).count() == 0
    return info.value.extra["errors"]


@pytest.fixture
def split_campaign(org) -> Campaign:
    """A full-form BiSL campaign on an instrument where TRU-7 is for business only, TRU-6 is
    optional, and departments are free text."""
    content = copy.deepcopy(read_content())
    for item in content["instruments"]["trust"]["sections"][0]["items"]:
        if item["code"] == "TRU-7":
            item["sides"] = ["business"]
        if item["code"] == "TRU-6":
            item["required"] = False
    content["version"] = f"{content['version']}-import-test"
    content["hash"] = "import-test-" + content["hash"][:40]
    instrument = instrument_load(content=content)
    return campaign_create(
        organisation=org, instrument=instrument, name="Workshop", status="closed", practice_form="full"
    )


# ---------------------------------------------------------------------------------------------
# Good files


def test_it_imports_a_good_csv(campaign, tmp_path):
    header = header_for(campaign)
    rows = [
        row_for(campaign, "business", "Sales", BEH_IT_3="5", REL_PAS_1__today="dk", BISL_USE__current="na"),
        row_for(campaign, "Business", "finance", default=" 2 ", BEH_IT_3="3.0", TRU_1="DK"),
        row_for(campaign, "IT", default="4", BISL_USE__target="NA"),
    ]
    out = run(campaign.pk, write_csv(tmp_path / "workshop.csv", header, rows))

    assert out.strip() == "Imported 3 responses (business: 2, it: 1)"
    responses = list(Response.objects.filter(campaign=campaign).order_by("pk"))
    assert [(r.side, r.department, r.source, r.invitation_id) for r in responses] == [
        ("business", "Sales", "import", None),
        ("business", "Finance", "import", None),
        ("it", "", "import", None),
    ]
    assert all(r.submitted_at is not None for r in responses)
    first, second, third = responses
    assert first.answers.count() == len(side_columns(campaign, "business"))
    assert third.answers.count() == len(side_columns(campaign, "it"))

    def answer(response: Response, code: str, aspect: str = "value") -> tuple[int | None, str]:
        row = Answer.objects.get(response=response, item__code=code, aspect=aspect)
        return row.value, row.special

    assert answer(first, "BEH-IT-3") == (5, "")
    assert answer(first, "REL-PAS-1", "today") == (None, "dk")
    assert answer(first, "BISL-USE", "current") == (None, "na")
    assert answer(second, "BEH-IT-3") == (3, "")
    assert answer(second, "BEH-ENT-1") == (2, "")
    assert answer(second, "TRU-1") == (None, "dk")
    assert answer(third, "BISL-USE", "target") == (None, "na")
    assert answer(third, "TRU-2") == (4, "")


def test_it_reads_a_semicolon_csv_with_bom(campaign, tmp_path):
    rows = [row_for(campaign, "business", "Sales"), row_for(campaign, "it")]
    path = write_csv(tmp_path / "excel.csv", header_for(campaign), rows, delimiter=";", bom=True)

    assert run(campaign.pk, path).strip() == "Imported 2 responses (business: 1, it: 1)"
    assert Response.objects.filter(campaign=campaign, source="import").count() == 2


def test_it_imports_an_xlsx_workbook(campaign, tmp_path):
    header = header_for(campaign)

    def cells(row: dict[str, str], **typed: object) -> list[object]:
        return [typed.get(column, row[column]) for column in header]

    rows = [
        cells(row_for(campaign, "business", "Sales"), **{"BEH-IT-3": 5, "BEH-IT-2": 4.0, "TRU-1": "dk"}),
        cells(row_for(campaign, "it"), **{"REL-PAS-1.today": 1}),
    ]
    out = run(campaign.pk, write_xlsx(tmp_path / "paper.xlsx", header, rows))

    assert out.strip() == "Imported 2 responses (business: 1, it: 1)"
    business = Response.objects.get(campaign=campaign, side="business")
    values = {a.item.code: (a.value, a.special) for a in business.answers.select_related("item").filter(aspect="value")}
    assert values["BEH-IT-3"] == (5, "")
    assert values["BEH-IT-2"] == (4, "")
    assert values["TRU-1"] == (None, "dk")


def test_it_takes_a_file_like_object(campaign, tmp_path):
    path = write_csv(tmp_path / "upload.csv", header_for(campaign), [row_for(campaign, "it")])

    result = responses_import(campaign=campaign, file=io.BytesIO(path.read_bytes()), filename="upload.csv")

    assert (result.total, result.by_side, result.dry_run) == (1, {"it": 1}, False)
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_it_imports_into_a_closed_campaign(split_campaign, tmp_path):
    # Workshops happen after the online round: the status does not matter.
    rows = [row_for(split_campaign, "business", "Board room"), row_for(split_campaign, "it")]
    path = write_csv(tmp_path / "after.csv", header_for(split_campaign), rows)

    assert run(split_campaign.pk, path).strip() == "Imported 2 responses (business: 1, it: 1)"
    assert Response.objects.get(campaign=split_campaign, side="business").department == "Board room"


def test_it_skips_blank_rows_but_counts_them_in_row_numbers(campaign, tmp_path):
    header = header_for(campaign)
    good = row_for(campaign, "it")
    bad = row_for(campaign, "it", BEH_IT_3="9")
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerow([good[c] for c in header])
    text.write("\n" + ",,,\n")
    writer.writerow([bad[c] for c in header])
    path = tmp_path / "gaps.csv"
    path.write_text(text.getvalue(), encoding="utf-8")

    assert import_errors(campaign, path) == ["row 5, column BEH-IT-3: 9 is outside 1-5"]


def test_it_allows_the_header_in_any_case_and_optional_columns_left_out(split_campaign, tmp_path):
    columns = [c for c in answer_columns(split_campaign) if c != "TRU-6"]
    row = row_for(split_campaign, "it", "Ops")
    header = ["SIDE", "Department", *(c.lower() for c in columns)]
    cased = {"SIDE": "it", "Department": "Ops", **{c.lower(): row[c] for c in columns}}
    path = write_csv(tmp_path / "case.csv", header, [cased])

    assert run(split_campaign.pk, path).strip() == "Imported 1 response (business: 0, it: 1)"
    assert not Answer.objects.filter(item__code="TRU-6").exists()


# ---------------------------------------------------------------------------------------------
# All or nothing, and the rules


def test_it_stores_nothing_when_one_row_is_bad(campaign, tmp_path):
    rows = [row_for(campaign, "business")] * 5 + [row_for(campaign, "it", BEH_IT_3="9")] + [row_for(campaign, "it")]
    path = write_csv(tmp_path / "one-bad.csv", header_for(campaign), rows)

    with pytest.raises(CommandError) as info:
        run(campaign.pk, path)

    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    lines = str(info.value).splitlines()
    assert lines == ['Nothing was imported: 1 error in "one-bad.csv".', "row 7, column BEH-IT-3: 9 is outside 1-5"]


def test_it_rolls_back_every_row_when_storing_fails_midway(campaign, tmp_path, monkeypatch):
    stored = []

    def flaky(rows):
        if len(stored) == 2:
            raise RuntimeError("database went away")
        insert(rows)
        stored.append(rows)

    insert = imports._answers_insert
    monkeypatch.setattr(imports, "STORE_BATCH", 1)
    monkeypatch.setattr(imports, "_answers_insert", flaky)
    path = write_csv(tmp_path / "three.csv", header_for(campaign), [row_for(campaign, "it")] * 3)

    with pytest.raises(RuntimeError):
        responses_import(campaign=campaign, file=path, filename=path.name)

    assert len(stored) == 2
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_it_collects_every_error_not_only_the_first(campaign, tmp_path):
    rows = [
        row_for(campaign, "business", BEH_IT_3="0"),
        row_for(campaign, "manager"),
        row_for(campaign, "it", TRU_1="6", TRU_2="x"),
    ]
    errors = import_errors(campaign, write_csv(tmp_path / "many.csv", header_for(campaign), rows))

    assert errors == [
        "row 2, column BEH-IT-3: 0 is outside 1-5",
        'row 3, column side: "manager" is not a side (expected business or it)',
        "row 4, column TRU-1: 6 is outside 1-5",
        'row 4, column TRU-2: "x" is not a valid answer (expected a whole number 1-5 or dk)',
    ]


def test_it_rejects_out_of_range_values(campaign, tmp_path):
    rows = [row_for(campaign, "it", BEH_IT_3="9", BEH_IT_4="-1", REL_PAS_1__today="0", BISL_USE__target="99999999999")]
    errors = import_errors(campaign, write_csv(tmp_path / "range.csv", header_for(campaign), rows))

    assert errors == [
        "row 2, column REL-PAS-1.today: 0 is outside 1-5",
        "row 2, column BEH-IT-3: 9 is outside 1-5",
        "row 2, column BEH-IT-4: -1 is outside 1-5",
        "row 2, column BISL-USE.target: 99999999999 is outside 1-5",
    ]


def test_it_rejects_values_that_are_not_whole_numbers(campaign, tmp_path):
    rows = [row_for(campaign, "it", BEH_IT_1="3.5", BEH_IT_2="three", BEH_IT_3="na", BEH_IT_4="3 4", TRU_1="٣")]
    errors = import_errors(campaign, write_csv(tmp_path / "float.csv", header_for(campaign), rows))

    assert errors == [
        'row 2, column BEH-IT-1: "3.5" is not a valid answer (expected a whole number 1-5 or dk)',
        'row 2, column BEH-IT-2: "three" is not a valid answer (expected a whole number 1-5 or dk)',
        'row 2, column BEH-IT-3: "na" is not allowed for this item (expected a whole number 1-5 or dk)',
        'row 2, column BEH-IT-4: "3 4" is not a valid answer (expected a whole number 1-5 or dk)',
        'row 2, column TRU-1: "٣" is not a valid answer (expected a whole number 1-5 or dk)',
    ]


def test_it_rejects_an_unknown_side(campaign, tmp_path):
    rows = [row_for(campaign, "both"), {**row_for(campaign, "it"), "side": ""}]
    errors = import_errors(campaign, write_csv(tmp_path / "side.csv", header_for(campaign), rows))

    assert errors == [
        'row 2, column side: "both" is not a side (expected business or it)',
        "row 3, column side: empty is not a side (expected business or it)",
    ]


def test_it_rejects_unknown_columns(campaign, tmp_path):
    header = [*header_for(campaign), "BEH-IT-99", "email"]
    errors = import_errors(campaign, write_csv(tmp_path / "unknown.csv", header, [row_for(campaign, "it")]))

    assert errors == [
        'row 1, column "BEH-IT-99": unknown column (not an answer column of this campaign\'s instrument)',
        'row 1, column "email": unknown column (not an answer column of this campaign\'s instrument)',
    ]


def test_it_rejects_missing_columns(campaign, tmp_path):
    header = [c for c in header_for(campaign) if c not in ("side", "BEH-IT-3", "REL-PAS-1.desired")]
    errors = import_errors(campaign, write_csv(tmp_path / "missing.csv", header, [row_for(campaign, "it")]))

    assert errors == [
        "row 1, column side: required column is missing",
        "row 1, column REL-PAS-1.desired: required column is missing",
        "row 1, column BEH-IT-3: required column is missing",
    ]


def test_it_rejects_duplicate_columns(campaign, tmp_path):
    header = [*header_for(campaign), "beh-it-3"]
    position = header.index("BEH-IT-3")
    errors = import_errors(campaign, write_csv(tmp_path / "dup.csv", header, [row_for(campaign, "it")]))

    letters = f"{import_validation._column_label(position)}, {import_validation._column_label(len(header) - 1)}"
    assert errors == [f"row 1, column BEH-IT-3: appears more than once (columns {letters})"]


def test_it_rejects_values_in_columns_the_side_is_not_asked(split_campaign, campaign, tmp_path):
    # TRU-7 is for business only in split_campaign.
    header = header_for(split_campaign)
    rows = [row_for(split_campaign, "business"), row_for(split_campaign, "it", TRU_7="4")]
    errors = import_errors(split_campaign, write_csv(tmp_path / "side-only.csv", header, rows))
    assert errors == ["row 3, column TRU-7: must be empty: this item is not asked when side is it"]

    # A full-form BiSL column in a short-form campaign: known to the instrument, but not asked.
    header = [*header_for(campaign), "BISL-DEM.current"]
    rows = [{**row_for(campaign, "business"), "BISL-DEM.current": "3"}]
    errors = import_errors(campaign, write_csv(tmp_path / "form.csv", header, rows))
    assert errors == [
        "row 2, column BISL-DEM.current: must be empty: this column is a question of the full BiSL form "
        "(one per process), and this campaign uses the short form (one per cluster)"
    ]


def test_it_requires_the_columns_of_side_only_items_only_when_that_side_is_in_the_file(split_campaign, tmp_path):
    header = [c for c in header_for(split_campaign) if c != "TRU-7"]

    errors = import_errors(split_campaign, write_csv(tmp_path / "b.csv", header, [row_for(split_campaign, "business")]))
    assert errors == ["row 1, column TRU-7: required column is missing"]

    path = write_csv(tmp_path / "it.csv", header, [row_for(split_campaign, "it")])
    assert run(split_campaign.pk, path).strip() == "Imported 1 response (business: 0, it: 1)"


def test_it_rejects_empty_required_answers_and_accepts_empty_optional_ones(split_campaign, tmp_path):
    rows = [row_for(split_campaign, "it", TRU_6="", TRU_5="", BISL_DEM__target="")]
    errors = import_errors(split_campaign, write_csv(tmp_path / "empty.csv", header_for(split_campaign), rows))

    assert errors == [
        "row 2, column BISL-DEM.target: answer is missing (required)",
        "row 2, column TRU-5: answer is missing (required)",
    ]


def test_it_checks_departments_against_the_campaign(campaign, split_campaign, tmp_path):
    rows = [row_for(campaign, "business", "Marketing"), row_for(campaign, "it", "SALES")]
    errors = import_errors(campaign, write_csv(tmp_path / "dept.csv", header_for(campaign), rows))
    assert errors == [
        'row 2, column department: "Marketing" is not one of the campaign\'s departments (Sales, Finance)'
    ]

    # Free text when the campaign lists none, within limits.
    rows = [
        row_for(split_campaign, "it", "x" * 101),
        row_for(split_campaign, "it", "=HYPERLINK(1)"),
        row_for(split_campaign, "it", "R&D <b>"),
        row_for(split_campaign, "it", "Café & Co"),
    ]
    errors = import_errors(split_campaign, write_csv(tmp_path / "free.csv", header_for(split_campaign), rows))
    assert errors == [
        f'row 2, column department: "{"x" * 40}…" is longer than 100 characters',
        'row 3, column department: "=HYPERLINK(1)" must not start with =, +, - or @',
        'row 4, column department: "R&D <b>" contains characters not allowed in a department name',
    ]


def test_it_rejects_values_in_columns_without_a_name(campaign, tmp_path):
    header = header_for(campaign)
    row = row_for(campaign, "it")
    # An unnamed column in the middle, and a cell past the last header column.
    text = ",".join(["side", "", *header[1:]]) + "\n"
    text += ",".join(["it", "", *(row[c] for c in header[1:])]) + ",\n"
    text += ",".join(["it", "oops", *(row[c] for c in header[1:]), "extra"]) + "\n"
    path = tmp_path / "unnamed.csv"
    path.write_text(text, encoding="utf-8")

    errors = import_errors(campaign, path)

    last = import_validation._column_label(len(header) + 1)
    assert errors == [
        'row 3, column B: "oops" is in a column without a name',
        f'row 3, column {last}: "extra" is in a column without a name',
    ]


# ---------------------------------------------------------------------------------------------
# Files that are not what they should be


def test_it_rejects_an_empty_file(campaign, tmp_path):
    for name, content in [("empty.csv", b""), ("blank.csv", b"\r\n\r\n"), ("bom.csv", b"\xef\xbb\xbf")]:
        path = tmp_path / name
        path.write_bytes(content)
        assert import_errors(campaign, path) == ["The file is empty."]


def test_it_rejects_a_file_with_only_a_header(campaign, tmp_path):
    path = write_csv(tmp_path / "header.csv", header_for(campaign), [])
    assert import_errors(campaign, path) == ["The file has a header row but no data rows."]

    xlsx = write_xlsx(tmp_path / "header.xlsx", header_for(campaign), [])
    with pytest.raises(CommandError, match="no data rows"):
        run(campaign.pk, xlsx)


def test_it_rejects_a_corrupt_or_foreign_file(campaign, tmp_path):
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a zip")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(write_xlsx(tmp_path / "ok.xlsx", header_for(campaign), []).read_bytes()[:500])
    not_a_workbook = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("side,department\nbusiness,Comptabilité\n".encode("latin-1"))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7")

    for path in (corrupt, truncated, not_a_workbook):
        assert import_errors(campaign, path) == [
            "The file is not a valid .xlsx workbook (it may be corrupt or in another format)."
        ]
    position = len("side,department\nbusiness,Comptabilit")
    assert import_errors(campaign, latin1) == [
        f'The CSV file is not UTF-8 encoded (invalid byte at position {position}): save it as "CSV UTF-8".'
    ]
    assert import_errors(campaign, pdf) == ['Unsupported file type ".pdf": use a .csv or .xlsx file.']


def test_it_rejects_formulas_in_a_workbook(campaign, tmp_path):
    header = header_for(campaign)
    row = row_for(campaign, "it")
    cells: list[object] = [row[c] for c in header]
    cells[header.index("BEH-IT-3")] = "=1+2"
    errors = import_errors(campaign, write_xlsx(tmp_path / "formula.xlsx", header, [cells]))

    assert errors == ['row 2, column BEH-IT-3: "=1+2" is not a valid answer (expected a whole number 1-5 or dk)']


def test_it_survives_hostile_strings(campaign, tmp_path):
    header = header_for(campaign)
    hostile = {
        "BEH-IT-1": "<script>alert(1)</script>",
        "BEH-IT-2": "1; DROP TABLE assessments_response; --",
        "BEH-IT-3": "9" * 10_000,
        "BEH-IT-4": "=cmd|' /C calc'!A0",
        "BEH-IT-5": "\x1b[31mred\x00\u202e",
        "BEH-IT-6": "🙂" * 50,
        "TRU-1": "x" * 10_000,
    }
    rows = [
        {**row_for(campaign, "it"), **hostile},
        {**row_for(campaign, "it"), "side": "<img src=x onerror=alert(1)>", "department": "' OR 1=1 --"},
    ]
    path = write_csv(tmp_path / "hostile.csv", [*header, "<b>" + "y" * 5000], rows)

    errors = import_errors(campaign, path)

    assert (
        errors[0]
        == f'row 1, column "<b>{"y" * 37}…": unknown column (not an answer column of this campaign\'s instrument)'
    )
    by_column = {e.split(": ", 1)[0]: e for e in errors[1:]}
    assert by_column["row 2, column BEH-IT-1"].endswith(
        '"<script>alert(1)</script>" is not a valid answer (expected a whole number 1-5 or dk)'
    )
    assert '"1; DROP TABLE assessments_response; --"' in by_column["row 2, column BEH-IT-2"]
    assert f'"{"9" * 40}…" is not a valid answer' in by_column["row 2, column BEH-IT-3"]
    assert '"\\u001b[31mred\\u0000\\u202e"' in by_column["row 2, column BEH-IT-5"]
    assert f'"{"🙂" * 40}…"' in by_column["row 2, column BEH-IT-6"]
    assert f'"{"x" * 40}…"' in by_column["row 2, column TRU-1"]
    assert (
        by_column["row 3, column side"]
        == 'row 3, column side: "<img src=x onerror=alert(1)>" is not a side (expected business or it)'
    )
    assert "not one of the campaign's departments" in by_column["row 3, column department"]
    assert all(len(e) < 250 for e in errors)


def test_it_rejects_more_rows_than_the_limit(campaign, tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    path = write_csv(tmp_path / "big.csv", header_for(campaign), [row_for(campaign, "it")] * 4)

    assert import_errors(campaign, path) == ["The file has more than 3 data rows: split it into smaller files."]


def test_it_cuts_a_long_error_list(campaign, tmp_path, monkeypatch):
    monkeypatch.setattr(import_validation, "MAX_ERRORS", 5)
    path = write_csv(tmp_path / "bad.csv", header_for(campaign), [row_for(campaign, "it", default="x")] * 2)

    with pytest.raises(ApplicationError) as info:
        responses_import(campaign=campaign, file=path, filename=path.name)

    count = 2 * len(side_columns(campaign, "it"))
    assert info.value.extra["error_count"] == count
    assert len(info.value.extra["errors"]) == 6
    assert info.value.extra["errors"][-1] == f"... and {count - 5:,} more errors"
    assert info.value.message == f'Nothing was imported: {count:,} errors in "bad.csv".'


def test_it_parses_and_validates_without_storing(campaign, tmp_path):
    path = write_csv(tmp_path / "plain.csv", header_for(campaign), [row_for(campaign, "business", "Sales")])

    header, rows = parse_file(path, path.name)
    valid, errors = validate_rows(campaign=campaign, header=header, rows=rows)

    assert errors.as_list() == []
    assert [(r.number, r.side, r.department) for r in valid] == [(2, "business", "Sales")]
    assert valid[0].answers[("BEH-IT-3", "value")] == "3"
    assert Response.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# The command


def test_it_stores_nothing_on_a_dry_run(campaign, tmp_path):
    path = write_csv(
        tmp_path / "dry.csv", header_for(campaign), [row_for(campaign, "business"), row_for(campaign, "it")]
    )

    out = run(campaign.pk, path, "--dry-run")

    assert out.strip() == "Dry run: 2 valid responses (business: 1, it: 1); nothing was stored."
    assert Response.objects.count() == 0


def test_it_reports_errors_on_a_dry_run(campaign, tmp_path):
    path = write_csv(tmp_path / "dry-bad.csv", header_for(campaign), [row_for(campaign, "it", TRU_3="7")])

    with pytest.raises(CommandError, match="row 2, column TRU-3: 7 is outside 1-5"):
        run(campaign.pk, path, "--dry-run")


def test_it_rejects_an_unknown_campaign(campaign, tmp_path):
    path = write_csv(tmp_path / "any.csv", header_for(campaign), [row_for(campaign, "it")])

    with pytest.raises(CommandError, match="^No campaign 987654321$"):
        run(987654321, path)


def test_it_rejects_a_missing_file(campaign, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(campaign.pk, tmp_path / "nowhere.csv")
