"""Exports of scores per item and of anonymised answers: access, content, anonymity, escaping.

Row-level answers exist for closed campaigns only; test_privacy.py has the refusals.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.anonymity import COMPLEMENTARY, UNDER_THRESHOLD, Group
from assessments.models import Response
from assessments.selectors.instruments import instrument_items
from assessments.services.campaigns import campaign_close
from assessments.services.invitations import invitation_create
from brmportal.lib.scoring import Tally
from tests.helpers import submit_columns
from workspace.exports import (
    NO_DEPARTMENT,
    SCORES_HEADER,
    Table,
    answers_rows,
    campaign_export_items,
    inert,
    numbered,
    respondent_numbers,
    scores_rows,
    table_csv,
    table_xlsx,
)


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (BEH-IT-1, BEH-IT-7, seven trust statements): the archived
    version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


KINDS = ("scores_export", "answers_export")
FORMATS = ("csv", "xlsx")
TRUST = [f"TRU-{i}" for i in range(1, 8)]


def submit(campaign, side: str, count: int, columns: dict | None = None, department: str = "") -> list[Response]:
    return [submit_columns(campaign, side, columns=columns or {}, department=department) for _ in range(count)]


def export_url(campaign, kind: str = "scores_export", fmt: str = "csv", department: str | None = None) -> str:
    base = reverse(f"campaigns:{kind}", args=[campaign.pk, fmt])
    return f"{base}?department={department}" if department is not None else base


def read_csv(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def read_xlsx(response, sheet: str) -> list[dict]:
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook[sheet].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def closed(campaign):
    """Close the campaign (which publishes every submitted response): answers can then be exported."""
    return campaign_close(campaign=campaign)


@pytest.fixture
def scored(campaign):
    submit(campaign, "business", 3, {"REL-PAS-1.today": "5", "REL-PAS-1.desired": "dk"}, department="Sales")
    submit(campaign, "it", 3, {"REL-PAS-1.today": "1"})
    return closed(campaign)


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_it_checks_access(client, alice, bob, charlie, scored, kind, fmt):
    client.force_login(charlie)
    assert client.get(export_url(scored, kind, fmt)).status_code == 404
    client.force_login(bob)  # a viewer may read the dashboard but not take data away
    assert client.get(export_url(scored, kind, fmt)).status_code == 403
    client.force_login(alice)
    assert client.get(export_url(scored, kind, fmt)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_it_sends_anonymous_users_to_login(client, scored, kind):
    r = client.get(export_url(scored, kind))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_it_rejects_post(client, alice, scored, kind):
    client.force_login(alice)
    assert client.post(export_url(scored, kind)).status_code == 405


@pytest.mark.django_db
def test_it_returns_404_for_an_unknown_format_or_department(client, alice, scored):
    client.force_login(alice)
    assert client.get(f"/campaigns/{scored.pk}/export/scores.pdf").status_code == 404
    assert client.get(export_url(scored, department="Nowhere")).status_code == 404
    assert client.get(export_url(scored, "answers_export", department="Nowhere")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["scores", "answers"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_it_names_the_file(client, alice, scored, kind, fmt):
    client.force_login(alice)
    r = client.get(export_url(scored, f"{kind}_export", fmt))
    pattern = rf'attachment; filename="brm-acme-{scored.pk}-{kind}-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}"'
    assert re.fullmatch(pattern, r["Content-Disposition"])
    assert r["Cache-Control"] == "no-store"
    r = client.get(export_url(scored, f"{kind}_export", fmt, department="Sales"))
    assert f"-{kind}-sales-" in r["Content-Disposition"]


# --- Scores per item ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_exports_scores_per_item_and_side(client, alice, scored):
    client.force_login(alice)
    rows = read_csv(client.get(export_url(scored)))
    assert list(rows[0].keys()) == list(SCORES_HEADER)
    pas1 = {(r["aspect"], r["side"]): r for r in rows if r["code"] == "REL-PAS-1"}
    assert pas1[("today", "business")] | {} == {
        "code": "REL-PAS-1",
        "instrument": "relationship",
        "dimension": "passive",
        "aspect": "today",
        "side": "business",
        "department": "",
        "n": "3",
        "mean": "5.0",
        "dont_know": "0",
        "not_applicable": "0",
    }
    assert pas1[("today", "it")]["mean"] == "1.0"
    assert (pas1[("today", "all")]["n"], pas1[("today", "all")]["mean"]) == ("6", "3.0")
    # "Don't know" is counted apart and never enters the mean.
    assert (pas1[("desired", "business")]["n"], pas1[("desired", "business")]["dont_know"]) == ("0", "3")
    assert pas1[("desired", "business")]["mean"] == ""
    # Only the items this campaign asks (short BiSL form), each side only for items it answers.
    codes = {r["code"] for r in rows}
    assert codes == {item.code for item in campaign_export_items(campaign=scored)}
    assert {r["side"] for r in rows} == {"business", "it", "all"}


@pytest.mark.django_db
def test_it_exports_the_same_scores_as_xlsx(client, alice, scored):
    client.force_login(alice)
    as_csv = read_csv(client.get(export_url(scored)))
    r = client.get(export_url(scored, fmt="xlsx"))
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    as_xlsx = read_xlsx(r, "Scores")
    assert len(as_xlsx) == len(as_csv)
    first = as_xlsx[0]
    assert (first["code"], first["side"], first["n"], first["mean"]) == ("REL-PAS-1", "business", 3, 5.0)
    notes = [row[0] for row in load_workbook(io.BytesIO(r.content))["About"].iter_rows(values_only=True)]
    assert any("threshold" in note for note in notes)


@pytest.mark.django_db
def test_it_leaves_hidden_groups_out_of_the_scores(client, alice, campaign):
    submit(campaign, "business", 4)
    submit(campaign, "it", 2)  # under the threshold; business then hidden too (everyone - business = IT)
    client.force_login(alice)
    rows = read_csv(client.get(export_url(campaign)))
    assert rows
    assert {r["side"] for r in rows} == {"all"}


@pytest.mark.django_db
def test_it_filters_scores_by_department(client, alice, campaign):
    submit(campaign, "business", 3, {"REL-PAS-1.today": "5"}, department="Sales")
    submit(campaign, "business", 3, {"REL-PAS-1.today": "1"}, department="Finance")
    submit(campaign, "it", 3)
    client.force_login(alice)
    rows = read_csv(client.get(export_url(campaign, department="Sales")))
    assert {r["department"] for r in rows} == {"Sales"}
    assert {r["side"] for r in rows} == {"business", "all"}  # IT has nobody in Sales
    today = next(r for r in rows if r["code"] == "REL-PAS-1" and r["aspect"] == "today" and r["side"] == "business")
    assert (today["n"], today["mean"]) == ("3", "5.0")


@pytest.mark.django_db
def test_it_hides_a_department_under_the_threshold_in_the_scores(client, alice, campaign):
    submit(campaign, "business", 2, department="Finance")
    submit(campaign, "business", 3, department="Sales")
    submit(campaign, "it", 3)
    client.force_login(alice)
    assert read_csv(client.get(export_url(campaign, department="Finance"))) == []
    # Sales would give Finance away by subtraction from the business total: hidden too.
    assert read_csv(client.get(export_url(campaign, department="Sales"))) == []


# --- Anonymised answers ------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_exports_one_anonymous_row_per_submitted_response(client, alice, scored):
    invitation = invitation_create(campaign=scored, side="business", email="pat@example.com", department="Sales")
    client.force_login(alice)
    r = client.get(export_url(scored, "answers_export"))
    rows = read_csv(r)
    assert len(rows) == 6
    columns = [
        column
        for item in instrument_items(instrument=scored.instrument)
        if item in campaign_export_items(campaign=scored)
        for column in item.columns
    ]
    assert list(rows[0].keys()) == ["respondent", "side", "department", *columns]
    ids = {str(pk) for pk in Response.objects.filter(campaign=scored).values_list("pk", flat=True)}
    numbers = [row["respondent"] for row in rows]
    assert len(set(numbers)) == 6
    assert not ids & set(numbers)
    assert all(re.fullmatch(r"R\d{12}", n) for n in numbers)
    body = r.content.decode()
    assert "pat@example.com" not in body and invitation.token not in body
    business = [row for row in rows if row["side"] == "business"]
    assert {row["department"] for row in business} == {"Sales"}
    assert {row["REL-PAS-1.today"] for row in business} == {"5"}
    assert {row["REL-PAS-1.desired"] for row in business} == {"dk"}
    # New numbers on the next download: rows of two exports cannot be matched by number.
    again = read_csv(client.get(export_url(scored, "answers_export")))
    assert not {row["respondent"] for row in again} & set(numbers)
    assert sorted(tuple(row.values())[1:] for row in again) == sorted(tuple(row.values())[1:] for row in rows)


@pytest.mark.django_db
def test_it_exports_answers_as_xlsx_with_numbers(client, alice, scored):
    client.force_login(alice)
    rows = read_xlsx(client.get(export_url(scored, "answers_export", "xlsx")), "Answers")
    assert len(rows) == 6
    business = next(row for row in rows if row["side"] == "business")
    assert (business["REL-PAS-1.today"], business["REL-PAS-1.desired"], business["BEH-IT-7"]) == (5, "dk", 3)


@pytest.mark.django_db
def test_it_leaves_out_answers_of_hidden_sides(client, alice, campaign):
    submit(campaign, "business", 4)
    submit(campaign, "it", 2)
    closed(campaign)
    client.force_login(alice)
    # IT is under the threshold and business is hidden with it (everyone - business = IT).
    assert read_csv(client.get(export_url(campaign, "answers_export"))) == []


@pytest.mark.django_db
def test_it_leaves_out_rows_of_groups_that_are_not_reported(client, alice, campaign):
    submit(campaign, "business", 2, department="Finance")
    submit(campaign, "business", 3, department="Sales")
    submit(campaign, "business", 3, department="")
    submit(campaign, "it", 3)
    closed(campaign)
    client.force_login(alice)
    rows = read_csv(client.get(export_url(campaign, "answers_export")))
    business = [row for row in rows if row["side"] == "business"]
    # Finance (2) is under the threshold: its rows are left out, never kept with a blank
    # department. The 3 without a department are a group of their own in a row export: shown,
    # business total - shown rows would give Finance's answers away, so they go too.
    assert sorted(row["department"] for row in business) == ["Sales"] * 3
    assert len([row for row in rows if row["side"] == "it"]) == 3


@pytest.mark.django_db
def test_it_filters_answers_by_department(client, alice, campaign):
    submit(campaign, "business", 3, department="Sales")
    submit(campaign, "business", 3, department="Finance")
    submit(campaign, "it", 3)
    closed(campaign)
    client.force_login(alice)
    rows = read_csv(client.get(export_url(campaign, "answers_export", department="Finance")))
    assert len(rows) == 3
    assert {(row["side"], row["department"]) for row in rows} == {("business", "Finance")}


@pytest.mark.django_db
def test_it_leaves_out_answers_of_a_hidden_department(client, alice, campaign):
    submit(campaign, "business", 2, department="Finance")
    submit(campaign, "business", 3, department="Sales")
    submit(campaign, "it", 3)
    closed(campaign)
    client.force_login(alice)
    assert read_csv(client.get(export_url(campaign, "answers_export", department="Finance"))) == []


@pytest.mark.django_db
def test_it_escapes_formulas(client, alice, campaign):
    department = '=HYPERLINK("http://evil.example","x")'
    campaign.departments = [department, "+SUM(1)"]
    campaign.save(update_fields=["departments"])
    submit(campaign, "business", 3, department=department)
    submit(campaign, "it", 3, department="@cmd")
    closed(campaign)
    client.force_login(alice)
    answers = read_csv(client.get(export_url(campaign, "answers_export")))
    assert {row["department"] for row in answers} == {"'" + department, "'@cmd"}
    scores = read_csv(client.get(export_url(campaign, department=department)))
    assert {row["department"] for row in scores} == {"'" + department}
    workbook = load_workbook(io.BytesIO(client.get(export_url(campaign, "answers_export", "xlsx")).content))
    cells = [row[2] for row in workbook["Answers"].iter_rows(min_row=2)]
    assert {cell.value for cell in cells} == {"'" + department, "'@cmd"}
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_it_exports_in_a_fixed_number_of_queries(client, alice, campaign, kind):
    submit(campaign, "business", 3)
    submit(campaign, "it", 3)
    closed(campaign)
    client.force_login(alice)
    client.get(export_url(campaign, kind))  # warms the per-process instrument cache

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(export_url(campaign, kind)).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    submit(campaign, "business", 12)  # a closed campaign still takes imported answers
    assert queries() == few


# --- Pure builders -----------------------------------------------------------------------------


def test_it_makes_formula_starts_inert():
    assert [inert(v) for v in ["=1+1", "+1", "-1", "@x", "\t=1", "ok", 3, -1.5, None]] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@x",
        "'\t=1",
        "ok",
        3,
        -1.5,
        None,
    ]


def test_it_writes_csv_and_xlsx_from_one_table():
    table = Table(title="Scores", header=["a", "b"], rows=[["=x", None], ["y", 2.5]], notes=["note"])
    assert table_csv(table).decode() == "a,b\r\n'=x,\r\ny,2.5\r\n"
    workbook = load_workbook(io.BytesIO(table_xlsx(table)))
    assert [list(r) for r in workbook["Scores"].iter_rows(values_only=True)] == [["a", "b"], ["'=x", None], ["y", 2.5]]
    assert workbook.sheetnames == ["Scores", "About"]


def test_it_numbers_respondents_anew_in_every_export():
    numbers = respondent_numbers(500)
    assert len(set(numbers)) == 500
    assert all(re.fullmatch(r"R\d{12}", n) for n in numbers)
    assert not set(numbers) & set(respondent_numbers(500))
    rows = [[side, str(n)] for n in range(50) for side in ("business",)]
    first, second = numbered(rows), numbered(rows)
    assert sorted(row[1:] for row in first) == sorted(rows)
    assert [row[1:] for row in first] != [row[1:] for row in second]  # 1 in 50! to fail


class _Item:
    def __init__(self, code: str, sides: list[str], aspects: list[str]) -> None:
        self.code, self.kind, self.dimension, self.sides, self.aspects = code, "trust", code, sides, aspects


def test_it_builds_score_rows_only_for_reported_groups():
    items = [_Item("TRU-1", ["business", "it"], ["value"]), _Item("BEH-X", ["it"], ["value"])]
    tallies = {("TRU-1", "value"): Tally(2, 7, 1, 0), ("BEH-X", "value"): Tally(3, 9, 0, 0)}
    rows = scores_rows(items=items, groups={"business": tallies, "it": None, "overall": tallies})
    assert rows == [
        ["TRU-1", "trust", "TRU-1", "value", "business", "", 2, 3.5, 1, 0],
        ["TRU-1", "trust", "TRU-1", "value", "all", "", 2, 3.5, 1, 0],
        # BEH-X is not asked of the business; IT is hidden.
        ["BEH-X", "trust", "BEH-X", "value", "all", "", 3, 3.0, 0, 0],
    ]


def test_it_builds_answer_rows_with_the_anonymity_rules():
    responses = [
        {"id": 1, "side": "business", "department": "Sales"},
        {"id": 2, "side": "business", "department": "Finance"},
        {"id": 3, "side": "it", "department": "Apps"},
    ]
    answers = {1: {("TRU-1", "value"): "4"}, 2: {("TRU-1", "value"): "dk"}, 3: {}}
    columns = [("TRU-1", "TRU-1", "value")]
    hidden = {Group("business", "Finance"): UNDER_THRESHOLD, Group("it"): UNDER_THRESHOLD}
    rows = answers_rows(responses=responses, answers=answers, columns=columns, hidden=hidden)
    # Finance is left out, not blanked; IT is hidden.
    assert rows == [["business", "Sales", 4]]
    without = [{"id": 4, "side": "business", "department": ""}]
    assert answers_rows(responses=without, answers=answers, columns=columns, hidden=hidden) == [["business", "", None]]
    no_department = {Group("business", NO_DEPARTMENT): UNDER_THRESHOLD}
    assert answers_rows(responses=without, answers=answers, columns=columns, hidden=no_department) == []
    everyone_hidden = {Group(): UNDER_THRESHOLD, Group("business"): COMPLEMENTARY}
    assert answers_rows(responses=responses, answers=answers, columns=columns, hidden=everyone_hidden) == []


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_it_exports_answers_that_import_responses_reads_back(client, alice, scored, fmt):
    from assessments.services.imports.validation import validate_rows
    from brmportal.lib.tabular import parse_file

    client.force_login(alice)
    r = client.get(export_url(scored, "answers_export", fmt))
    header, rows = parse_file(io.BytesIO(r.content), f"answers.{fmt}")
    assert header[0] == "respondent"
    # Without the respondent column the file has the import layout: side, department, answers.
    stripped = [row._replace(cells=row.cells[1:]) for row in rows]
    valid, errors = validate_rows(campaign=scored, header=header[1:], rows=stripped)
    assert errors.as_list() == []
    assert len(valid) == 6
