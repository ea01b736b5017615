"""The answers template of a campaign (issue #15): the right columns for its BiSL form, each
column's statement in the reader's language on row 2 (and a Columns sheet in the XLSX), and a
filled template imports as it is."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from openpyxl import load_workbook

from assessments.import_jobs import ImportJob
from assessments.models import Response
from assessments.selectors.comments import open_questions
from assessments.services.campaigns import campaign_create
from assessments.tasks.imports import import_job_run
from tests.helpers import all_fields, responses_upload_url

pytestmark = pytest.mark.django_db

BUDGET_EN = "We in the business decide on our own how our IT budget is spent."
BUDGET_IT_EN = "The business decides on its own how its IT budget is spent."
BUDGET_NB = "Vi på forretningssiden bestemmer selv hvordan IT-budsjettet vårt brukes."


def template(client, campaign, fmt: str, side: str | None = "business"):
    url = reverse("manage:responses_template", args=[campaign.pk, fmt])
    return client.get(url, {"side": side} if side is not None else {})


def columns_of(campaign, side: str) -> list[str]:
    """The answer columns of `side`, then its open questions' (issue #17)."""
    rated = [code if aspect == "value" else f"{code}.{aspect}" for code, aspect in all_fields(campaign, side)]
    return rated + [q.code for q in open_questions(campaign=campaign, side=side)]


def test_it_gives_an_xlsx_template_with_the_statements_in_row_2(client, alice, campaign):
    client.force_login(alice)
    r = template(client, campaign, "xlsx")
    assert r["Content-Disposition"] == f'attachment; filename="brm-acme-{campaign.pk}-answers-template-business.xlsx"'
    workbook = load_workbook(io.BytesIO(r.content))
    assert workbook.sheetnames == ["Answers", "Columns"]
    sheet = workbook["Answers"]
    header, statements = (list(row) for row in sheet.iter_rows(values_only=True))
    assert header == ["side", "department", *columns_of(campaign, "business")]
    assert "BISL-USE.current" in header and "BISL-DEM.current" not in header  # the short form's columns
    row = dict(zip(header, statements, strict=True))
    assert row["side"].startswith("# ")
    assert row["department"] == "Department (optional): Sales, Finance"
    assert row["REL-PAS-1.today"] == f"{BUDGET_EN} — Today (1-5, dk)"
    assert row["BISL-USE.target"].endswith("— Target (1-5, dk, na)")
    assert sheet.freeze_panes == "A3"
    assert sheet["C2"].alignment.wrap_text
    legend = {row[0]: row for row in workbook["Columns"].iter_rows(min_row=2, values_only=True)}
    assert legend["REL-PAS-1.today"][1:4] == (BUDGET_EN, BUDGET_IT_EN, "Today")
    assert legend["REL-PAS-1.today"][4] == (
        "1 = Strongly disagree, 2 = Disagree, 3 = Neither agree nor disagree, 4 = Agree, 5 = Strongly agree; "
        "dk = don't know; empty = not answered"
    )
    assert legend["side"][1] == "The respondent's side: business or it."


def test_it_gives_a_csv_template_for_the_readers_spreadsheet_program(client, alice, campaign):
    client.force_login(alice)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nb"
    r = template(client, campaign, "csv", side="it")
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    header, statements = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert header == ["side", "department", *columns_of(campaign, "it")]
    row = dict(zip(header, statements, strict=True))
    assert row["REL-PAS-1.today"].startswith("Forretningssiden bestemmer selv hvordan IT-budsjettet brukes.")
    assert "I dag" in row["REL-PAS-1.today"]


def test_it_follows_the_campaigns_practice_form(client, alice, org, instrument):
    full = campaign_create(organisation=org, instrument=instrument, name="Full", practice_form="full")
    client.force_login(alice)
    header = next(csv.reader(io.StringIO(template(client, full, "csv", side="").content.decode("utf-8-sig"))))
    assert "BISL-DEM.current" in header and "BISL-USE.current" not in header
    both = set(columns_of(full, "business")) | set(columns_of(full, "it"))
    assert set(header[2:]) == both
    assert template(client, full, "csv", side="marketing").status_code == 404


def _fill_xlsx(content: bytes, rows: list[list[object]]) -> io.BytesIO:
    workbook = load_workbook(io.BytesIO(content))
    for row in rows:
        workbook["Answers"].append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "filled.xlsx"
    return out


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_imports_a_filled_template_as_it_is(client, alice, campaign, settings, tmp_path, fmt):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(alice)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nl"
    content = template(client, campaign, fmt, side="").content

    def answers(header: list[str], side: str, value: object) -> list[object]:
        # What only the other side is asked stays empty.
        mine = set(columns_of(campaign, side))
        return [side, "Sales", *(value if column in mine else None for column in header[2:])]

    if fmt == "xlsx":
        header = [cell.value for cell in next(load_workbook(io.BytesIO(content))["Answers"].iter_rows())]
        filled = _fill_xlsx(content, [answers(header, side, 3) for side in ("business", "it")])
    else:
        text = content.decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text), delimiter=";"))  # Dutch: ";" as Excel there expects
        lines = [text.rstrip("\r\n")]
        for side in ("business", "it"):
            lines.append(";".join("" if cell is None else str(cell) for cell in answers(header, side, "4")))
        filled = io.BytesIO(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
        filled.name = "filled.csv"
    r = client.post(responses_upload_url(campaign), {"file": filled})
    job = ImportJob.objects.get()
    assert r.status_code == 302, r.context["form"].errors if r.context else r

    import_job_run(job.pk)

    job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    assert job.counts == {"business": 1, "it": 1}
    assert Response.objects.filter(campaign=campaign, source="import").count() == 2
