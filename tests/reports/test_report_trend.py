"""The PDF's "Across rounds" section (issue #19 item 3): the dashboard's trend, its chart drawn to
SVG and inlined, its table read back with pdftotext; none with one round; a department without
enough rounds gets a line saying why. One PDF is rendered here (PDFs are slow): the other tests
read the report's HTML."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.utils import translation
from django.utils.formats import date_format

from reports.pdf import render_report, render_report_html
from reports.presenter import report_context
from tests.assessments.test_trends import round_1, round_2, round_3
from tests.helpers import report_charts, submit_columns

pytestmark = pytest.mark.django_db


def _html(campaign, department: str = "") -> tuple[dict, str]:
    with translation.override("en"):
        context = report_context(campaign=campaign, department=department)
        return context, render_report_html(context)


def _layout_text(content: bytes) -> str:
    """The PDF's text as laid out (pdftotext -layout: a table row on its line), spaces collapsed."""
    found = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"[ \t]+", " ", found.stdout.decode())


def test_it_prints_the_trend_across_three_rounds(org, instrument, instrument_2026):
    rounds = [round_1(org, instrument_2026), round_2(org, instrument), round_3(org, instrument)]
    rendered = render_report(campaign=rounds[2], language="en")
    assert rendered.content.startswith(b"%PDF")
    text = _layout_text(rendered.content)
    section = text[text.index("Across rounds") :]
    # The chart's title and panels, drawn as text in the PDF.
    assert "Headline figures across rounds" in section and "Trust index (0-100)" in section
    # The table: every round a column, then the change over all rounds and since the previous one.
    # Columns named by when each round started (these three began the same day: numbered), each
    # round named once above the table.
    heads = " ".join(f"{i}. {date_format(c.created_at, 'j M Y')}" for i, c in enumerate(rounds, start=1))
    assert f" Measure {heads} " in section
    assert f"Rounds: 1. {date_format(rounds[0].created_at, 'j M Y')}, Round 1 (" in section
    # Trust 50 -> (hidden in round 2) -> 75, each with n, and the change in words.
    assert " Business: its trust in IT 50 n 4 – 75 n 4 ▲ up 25 not comparable\n" in section
    # The statements that moved clearly; a split one marked with its predecessor.
    moved = section[section.index("Statements that moved clearly") : section.index("Appendix")]
    # No internal code before the appendix (issue #18): the statement's words, "split" or "reworded".
    # (The statement's words wrap in their column: the row's figures stand on its first line.)
    assert re.search(r" IT people are easy to(?: reach\.)? 3\.0 n 4 – 4\.8 n 4 ▲ up 1\.8 not comparable", moved)
    assert "BEH-IT-1A" not in moved and "REL-PRO-4" not in moved
    assert "(split from an earlier\n statement)" in moved and "\n (reworded)\n" in moved
    assert "different questionnaire versions (2026.2, 2027.1)" in section


def test_the_chart_is_the_dashboards_spec_drawn_as_svg(org, instrument, instrument_2026):
    rounds = [round_1(org, instrument_2026), round_3(org, instrument)]
    context, html = _html(rounds[1])
    assert context["trend"]["chart"]["title"]["text"] == "Headline figures across rounds"
    drawn = report_charts(html)
    assert "Headline figures across rounds" in drawn
    assert context["trend"]["chart"]["description"] in html  # the image's text alternative
    # Two rounds: one column of change, not two equal ones.
    assert "Since the previous round" not in html and "Over all rounds" not in html


def test_one_round_has_no_section(org, instrument):
    campaign = round_3(org, instrument)
    context, html = _html(campaign)
    assert context["trend"] is None
    assert 'id="trend"' not in html and "Across rounds" not in html


def test_a_department_without_two_rounds_says_why(org, instrument, instrument_2026):
    rounds = [round_1(org, instrument_2026), round_3(org, instrument)]
    for side in ("business",) * 3 + ("it",) * 3:
        submit_columns(rounds[1], side, columns={}, department="Sales")
    context, html = _html(rounds[1], department="Sales")
    line = "No trend across rounds for Sales: only 1 round has published responses from it."
    assert context["trend"]["line"] == line
    assert line in html


def test_the_pdf_lists_only_the_statements_that_moved_most(org, instrument, instrument_2026, monkeypatch):
    # A short list a reader takes in: the largest clear movements, the rest counted (every line
    # stays on the dashboard and in the JSON).
    import reports.trend

    rounds = [round_1(org, instrument_2026), round_2(org, instrument), round_3(org, instrument)]
    context, _html_text = _html(rounds[2])
    clear = [row for row in context["trend"]["items"] if row["clear"]]
    assert len(clear) >= 2 and context["trend"]["items_more"] == 0
    monkeypatch.setattr(reports.trend, "PDF_STATEMENTS", 1)
    context, html = _html(rounds[2])
    [shown] = context["trend"]["items_clear"]
    assert shown["moved"] == max(row["moved"] for row in clear)
    assert context["trend"]["items_more"] == len(clear) - 1
    assert f"{len(clear) - 1} more moved clearly" in html
