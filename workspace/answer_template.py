"""The answers template of a campaign (issue #15): an empty file to collect answers offline.

The header holds `side`, `department`, `partner` when the campaign covers business units (the
unit a row's answers are about, issue #20), and the answer columns of this campaign's
questionnaire (its BiSL form, the items of the chosen side, or of both), named as the import
expects them. Row
2 holds each column's statement in the reader's language, its aspect and the answers it takes;
its side cell starts with "#", so the import skips it (assessments.services.imports). The XLSX
file also explains every column on a second sheet (workspace.spreadsheets).

CSV files are written for the spreadsheet program of the reader's language: with a byte order
mark (so Excel reads UTF-8), and separated by ";" where the decimal mark is a comma (Norwegian,
Dutch), as Excel expects there. The import reads either.
"""

from __future__ import annotations

import csv
import io

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext

from assessments.content import localized
from assessments.models import Campaign, Item, OpenQuestion
from assessments.selectors.comments import open_questions
from assessments.selectors.instruments import campaign_pages, instrument_items
from assessments.selectors.partners_admin import campaign_units
from brmportal.lib.scoring import SIDES
from workspace.spreadsheets import Sheet, Words, column_legend, inert, legend_sheet, template_statement, workbook_bytes

TEMPLATE_SIDES = (*SIDES, "")  # "" = both sides in one file


def template_columns(*, campaign: Campaign, side: str) -> list[tuple[str, Item, str]]:
    """(column, item, aspect) of the answers `side` gives in this campaign ("": either side), in
    questionnaire order. No queries once the instrument is cached."""
    asked = {
        field
        for page_side in ([side] if side else SIDES)
        for page in campaign_pages(campaign=campaign, side=page_side)
        for field in page.fields
    }
    return [
        (item.column(aspect), item, aspect)
        for item in instrument_items(instrument=campaign.instrument)
        for aspect in item.aspects
        if (item.code, aspect) in asked
    ]


def _statements_row(campaign: Campaign, columns: list[tuple[str, Item, str]], side: str, units: list[str]) -> list[str]:
    words = Words(campaign)
    departments = ", ".join(campaign.departments or [])
    return [
        "# " + gettext("This row is not imported. Side: business or it"),
        gettext("Department (optional): %(departments)s") % {"departments": departments}
        if departments
        else gettext("Department (optional)"),
        *(
            [gettext("Business unit the answers are about (one): %(units)s") % {"units": ", ".join(units)}]
            if units
            else []
        ),
        *(template_statement(words, item, aspect, side or None) for _name, item, aspect in columns),
    ]


def _open_text_limit(question: OpenQuestion) -> str:
    return gettext("optional text, at most %(max)s characters") % {"max": question.max_length}


def answer_template(*, campaign: Campaign, side: str, fmt: str) -> bytes:
    """The template as CSV or XLSX bytes, in the active language; the open questions' columns
    (issue #17) come after the rated items."""
    columns = template_columns(campaign=campaign, side=side)
    questions = [q for q in open_questions(campaign=campaign) if not side or side in q.sides]
    units = [unit.name for unit in campaign_units(campaign=campaign)]
    fixed = ["side", "department", *(["partner"] if units else [])]
    header = [*fixed, *(name for name, _item, _aspect in columns), *(q.code for q in questions)]
    statements = _statements_row(campaign, columns, side, units) + [
        f"{localized(q.text)} ({_open_text_limit(q)})" for q in questions
    ]
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        delimiter = ";" if formats.get_format("DECIMAL_SEPARATOR") == "," else ","
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(header)
        writer.writerow([inert(cell) for cell in statements])
        return buffer.getvalue().encode("utf-8-sig")
    legend = column_legend(
        campaign=campaign,
        columns=[*((name, None, "") for name in fixed), *columns],
    ) + [[q.code, localized(q.text), "", "", _open_text_limit(q)] for q in questions]
    return workbook_bytes(
        [
            Sheet("Answers", header, [], notes=[statements], autofilter=False),
            legend_sheet("Columns", legend),
        ]
    )


def template_filename(*, campaign: Campaign, side: str, fmt: str) -> str:
    """brm-<org-slug>-<campaign-id>-answers-template[-<side>].<fmt>"""
    parts = ["brm", campaign.organisation.slug, str(campaign.pk), "answers-template"]
    if side:
        parts.append(slugify(side))
    return f"{'-'.join(parts)}.{fmt}"
