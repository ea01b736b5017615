"""XLSX exports a person can read (issue #15): a sheet that explains every column in the reader's
language (statement and scale), column widths, a frozen bold header and an autofilter. The CSV
files stay plain tables for tools."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings as django_settings
from openpyxl import load_workbook

from tests.workspace.test_exports import export_url, read_csv, scored  # noqa: F401 - scored is a fixture

pytestmark = pytest.mark.django_db

BUDGET_EN = "We in the business decide on our own how our IT budget is spent."
BUDGET_NB = "Vi på forretningssiden bestemmer selv hvordan IT-budsjettet vårt brukes."


def workbook_of(client, campaign, kind: str):
    response = client.get(export_url(campaign, kind, "xlsx"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def assert_readable(sheet, columns: int, rows: int) -> None:
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    last = sheet.cell(row=1, column=columns).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{rows + 1}"
    widths = [sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width for c in range(1, columns + 1)]
    assert all(8 <= width <= 60 for width in widths)
    assert len(set(widths)) > 1  # sized to their content, not all alike


def test_it_explains_every_column_of_the_scores(client, alice, scored):  # noqa: F811
    client.force_login(alice)
    workbook = workbook_of(client, scored, "scores_export")
    assert workbook.sheetnames == ["Scores", "Columns", "Items", "About"]
    scores = workbook["Scores"]
    header = [cell.value for cell in scores[1]]
    assert_readable(scores, len(header), scores.max_row - 1)
    columns = {row[0]: row[1] for row in workbook["Columns"].iter_rows(min_row=2, values_only=True)}
    assert list(columns) == header and all(columns.values())
    items = {row[0]: row for row in workbook["Items"].iter_rows(min_row=2, values_only=True)}
    assert items["REL-PAS-1"][1] == BUDGET_EN and items["REL-PAS-1"][3] == "Today, Desired"
    assert items["BEH-IT-3"][4].startswith("1 = Never, 2 = Rarely, 3 = Sometimes, 4 = Often, 5 = Always; dk")
    assert {row[0] for row in scores.iter_rows(min_row=2, values_only=True)} <= set(items)


def test_it_explains_the_answers_in_the_readers_language(client, alice, scored):  # noqa: F811
    client.force_login(alice)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nb"
    workbook = workbook_of(client, scored, "answers_export")
    assert workbook.sheetnames == ["Answers", "Columns", "About"]
    answers = workbook["Answers"]
    header = [cell.value for cell in answers[1]]
    assert_readable(answers, len(header), answers.max_row - 1)
    legend = {row[0]: row for row in workbook["Columns"].iter_rows(min_row=2, values_only=True)}
    assert list(legend) == header
    assert legend["REL-PAS-1.today"][1] == BUDGET_NB
    assert legend["REL-PAS-1.today"][3] == "I dag"
    assert legend["REL-PAS-1.today"][4].startswith("1 = Helt uenig")
    assert legend["respondent"][1]  # the non-answer columns say what they hold
    assert workbook["Columns"].freeze_panes == "A2"


def test_it_keeps_the_csv_a_plain_table(client, alice, scored):  # noqa: F811
    client.force_login(alice)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.get(export_url(scored))
    assert not response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == [
        "code",
        "instrument",
        "dimension",
        "aspect",
        "side",
        "department",
        "n",
        "mean",
        "dont_know",
        "not_applicable",
    ]
    assert all(len(line) == 10 for line in lines)  # no notes, no statements: one table
    assert read_csv(client.get(export_url(scored, "answers_export")))[0].keys() >= {"respondent", "side"}
