"""The PDF's appendix of item statistics (issue #18 item 8) and the last "no data" cells (item 5),
read back with pdftotext as a consultant reads them: every item with its n, mean, sd, shares of
low, middle and high answers and "don't know" share per side shown, worked out by hand for a
small campaign; never a hidden side's figures; the reader's decimal mark; and a department one
side answered for without "no responses", "not shown" or "n/a" anywhere in the report. What the
figures are in another language or a department's report is read from its HTML."""

from __future__ import annotations

import re

import pytest

from assessments.scoring import campaign_scores
from reports.appendix import SLOTS
from reports.pdf import render_report
from tests.helpers import submit_columns
from tests.reports.reading import html_text, pdftotext, report_html

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"^\s*Appendix: item statistics\s*$", re.MULTILINE)
METHOD = re.compile(r"^\s*Method\s*$", re.MULTILINE)
CODE = r"(?:REL|BEH|BISL|TRU)-[A-Z0-9-]+"


def pdf_text(content: bytes) -> str:
    return pdftotext(content, "-layout")


def appendix(text: str) -> str:
    """The item statistics: from their heading to the method page's."""
    start = HEADING.search(text)
    assert start, "the report has no appendix of item statistics"
    end = METHOD.search(text, start.end())
    assert end, "the method page does not follow the appendix"
    return text[start.end() : end.start()]


def row(text: str, code: str) -> list[str]:
    """The figures of `code`'s first row of item statistics (the statement's words wrap onto
    lines of their own; the other appendices name the code without shares)."""
    line = next(
        line
        for line in text.splitlines()
        if re.search(rf"\b{re.escape(code)}\b", line) and re.search(r"\d+/\d+/\d+", line)
    )
    return re.findall(r"(?<!\S)(?:\d+(?:[.,]\d)?|\d+/\d+/\d+|–)(?!\S)", line.split(code, 1)[1])


def html_appendix(html: str) -> str:
    """The item statistics' section of a report's HTML."""
    start = html.index('<section class="page" id="appendix-items">')
    return html[start : html.index("</section>", start)]


def html_rows(html: str) -> list[list[str]]:
    """The figures of each row of the item statistics (the cells a side's figures share)."""
    rows = re.findall(r"<tr>(.*?)</tr>", html_appendix(html), re.DOTALL)
    cells = [re.findall(r'<td class="figures"[^>]*>(.*?)</td>', row, re.DOTALL) for row in rows]
    return [" ".join(found).split() for found in cells if found]


def html_row(html: str, code: str) -> list[str]:
    """`code`'s first row of figures, as `row` reads the PDF's."""
    rows = re.findall(r"<tr>(.*?)</tr>", html_appendix(html), re.DOTALL)
    found = next(row for row in rows if f'<span class="code">{code}</span>' in row)
    return " ".join(re.findall(r'<td class="figures"[^>]*>(.*?)</td>', found, re.DOTALL)).split()


@pytest.fixture
def small(campaign):
    """Business: 4 (TRU-1 answered 1, 4, 5 and don't know; everything else 3). IT: 3 (TRU-1
    answered 2, 2, 5; everything else 4)."""
    for answer in ("1", "4", "5", "dk"):
        submit_columns(campaign, "business", columns={"TRU-1": answer}, default="3", publish=False)
    for i, answer in enumerate(("2", "2", "5")):
        submit_columns(campaign, "it", columns={"TRU-1": answer}, default="4", publish=i == 2)
    return campaign


def test_it_lists_every_item_with_figures_computed_by_hand(small):
    text = appendix(pdf_text(render_report(campaign=small).content))
    # Business: n 3, mean 10/3, sd sqrt(13/3) = 2.08, 1 low 0 middle 2 high, 1 don't know of 4.
    # IT: n 3, mean 3, sd sqrt(3) = 1.73, 2 low 0 middle 1 high, no don't know.
    assert row(text, "TRU-1") == ["3", "3.3", "2.1", "33/0/67", "25", "3", "3.0", "1.7", "67/0/33", "0"]
    # An item everyone answered at the middle (business) or above it (IT).
    assert row(text, "TRU-2") == ["4", "3.0", "0.0", "0/100/0", "0", "3", "4.0", "0.0", "0/0/100", "0"]
    # Every item of every instrument the campaign asked, once per aspect.
    scores = campaign_scores(campaign=small)
    codes = re.findall(rf"\b{CODE}\b", text)
    assert len(scores.items) > 60
    assert codes == [stat.code for stat in scores.items]
    for aspect in ("Today", "Desired", "Current", "Target"):
        assert aspect in text


def test_it_writes_the_readers_decimal_mark(small):
    assert html_row(report_html(campaign=small, language="nb"), "TRU-1")[:5] == ["3", "3,3", "2,1", "33/0/67", "25"]


def test_it_aligns_each_figure_under_its_heading():
    """A side's five figures share a cell, each in a slot as wide as its heading's column
    (reports.appendix.SLOTS, templates/pdf/report.css): the two must name the same widths."""
    from django.conf import settings

    css = (settings.BASE_DIR / "templates" / "pdf" / "report.css").read_text()
    columns = dict(re.findall(r"table\.items col\.(\w+) \{ width: (\d+)ch; \}", css))
    assert [int(columns[name]) for name in ("n", "mean", "sd", "shares", "dk")] == [width for _, width in SLOTS]


def test_it_never_shows_a_hidden_sides_items(campaign):
    """Sales: business 3 and IT 2 (under the threshold of 3); Finance: 3 each. The Sales report
    shows Sales' business only."""
    for side in ("business", "it"):
        for _ in range(3):
            submit_columns(campaign, side, columns={}, default="4", department="Finance", publish=False)
    for _ in range(3):
        submit_columns(campaign, "business", columns={"TRU-1": "2"}, default="3", department="Sales", publish=False)
    for i in range(2):
        submit_columns(campaign, "it", columns={"TRU-1": "5"}, default="5", department="Sales", publish=i == 1)
    html = report_html(campaign=campaign, department="Sales")
    text = html_text(html_appendix(html))
    assert "IT left out: fewer than 3 responses, too few to show on their own." in text
    assert html_row(html, "TRU-1") == ["3", "2.0", "0.0", "100/0/0", "0"]
    # One block of columns (the business's) on every row: IT's answers (all 5), and Finance's
    # (all 4), appear nowhere.
    assert not re.search(r"\b[45]\.0\b|0/0/100", text)
    rows = [figures for figures in html_rows(html) if any(re.fullmatch(r"\d+/\d+/\d+", f) for f in figures)]
    assert len(rows) > 60
    assert all(len([f for f in figures if re.fullmatch(r"\d+/\d+/\d+", f)]) == 1 for figures in rows)


def test_it_leaves_no_empty_cells_in_a_department_one_side_answered_for(shared_departments):
    """Finance: business only (4); Sales: business and IT (3 each) (scenarios.departments). The
    Finance report, read whole."""
    text = pdf_text(shared_departments.finance.content)
    flat = " ".join(text.split())
    # No cell of any table (a column apart from its row's label, pdftotext -layout) says there is
    # nothing; lines that say why something is left out may name the reason.
    cells = re.compile(r"\S\s{2,}(?:n/a|not shown|no responses|no data|hidden)\b")
    assert [line for line in text.splitlines() if cells.search(line)] == []
    assert "n/a" not in text
    # The maturity needs both sides: one line, no table of empty rows.
    assert "Not enough answers: overall maturity needs both sides." in flat
    assert not re.search(r"^\s*(?:Business|IT|Everyone)\s{2,}Not enough answers", text, re.MULTILINE)
    # The respondents table: business and everyone, and one line for IT.
    assert re.search(r"^\s*Business\s{2,}4\s{2,}yes\s*$", text, re.MULTILINE)
    assert not re.search(r"^\s*IT\s{2,}0\b", text, re.MULTILINE)
    # Reliability: a column of alphas for the business alone (no IT, no "everyone" that is the business).
    assert "α Business" in text and "α IT" not in text and "α Everyone" not in text
    assert "IT: nobody answered for Finance." in flat
    # The item statistics: the business's columns only, and the line that says why.
    items = appendix(text)
    assert "Only business respondents answered for Finance" in " ".join(items.split())
    # Answers 2, 3, 4, 2: mean 2.75, sd sqrt(11/12) = 0.96; 2 low, 1 middle, 1 high.
    assert row(items, "TRU-1") == ["4", "2.8", "1.0", "50/25/25", "0"]
