"""Issue #18 items 3, 4 and 5 read back as a person reads them: the relationship section (shares
of respondents, the leadership sentence, n and interval per model), the heat map of every
instrument, and a department one side answered for, which shows only that side and says so in
one line, never columns of "n/a", "not shown" or "no responses" (PDF read with pdftotext; the
campaign's reports are rendered once, `shared_departments`, the Norwegian one's words from its HTML)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from assessments.slices import slices
from reports.pdf import render_report
from tests.helpers import submit_columns
from tests.reports import scenarios
from tests.reports.reading import html_text, pdftotext

pytestmark = pytest.mark.django_db

LEADERSHIP = "Which model to aim for is a decision for leadership, not an average of these answers"
ONLY_BUSINESS = "Only business respondents answered for Finance: IT's columns are left out"
# The instrument pages: from the relationship page's heading to the method page's.
PAGES = re.compile(r"^\s*Relationship model\s*$(.*)^\s*Method\s*$", re.MULTILINE | re.DOTALL)


@pytest.fixture
def departments(campaign):
    """Finance: business only (4); Sales: business (3) and IT (3) (scenarios.departments)."""
    return scenarios.departments(campaign)


def pdf_text(content: bytes) -> str:
    # pdftotext (poppler) reads the text a person sees, one line per line.
    return pdftotext(content, "-layout")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(text: str) -> str:
    found = PAGES.search(text)
    assert found, "the report has no relationship page"
    return _flat(found.group(1))


def test_it_shows_one_side_of_a_department_and_says_so(shared_departments):
    text = pdf_text(shared_departments.finance.content)
    found = PAGES.search(text)
    assert found, "the report has no relationship page"
    pages = found.group(1)
    assert ONLY_BUSINESS in _flat(pages)
    # No cell of a table (a column apart from its row's label, pdftotext -layout) says there is nothing.
    cells = re.compile(r"\S\s{2,}(?:n/a|not shown|no responses|hidden|–)\s*$")
    assert [line for line in pages.splitlines() if cells.search(line)] == []
    assert "n/a" not in pages
    assert LEADERSHIP in _flat(pages)
    # The relationship tables list the business and nobody else.
    assert not re.search(r"^\s*IT\s{2,}", pages, re.MULTILINE)


def test_it_shows_one_side_of_a_department_on_the_dashboard(client, alice, departments):
    client.force_login(alice)
    page = client.get(reverse("campaigns:dashboard", args=[departments.pk]), {"department": "Finance"})
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    body = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", body)
    text = _flat(re.sub(r"(?s)<[^>]+>", " ", body))
    assert ONLY_BUSINESS in text
    assert LEADERSHIP in text and "Respondents by their own level" in text
    for empty in (" hidden ", "not shown ", "no responses", "n/a"):
        # The page's only such words are the response counts at its top, never a table cell.
        assert f'<td class="text-end">{empty.strip()}' not in body, empty
    assert ">hidden<" not in body and ">not shown<" not in body


def test_it_gives_each_model_its_n_and_interval_in_every_language(shared_departments):
    text = _pages(pdf_text(shared_departments.en.content))
    # "3.0 (2.5–3.5, n 7)" per model, side and aspect (issue #18 item 2).
    assert len(re.findall(r"\d\.\d \(\d\.\d–\d\.\d, n \d+\)", text)) >= 12
    assert "Respondents by their own level" in text
    # The instrument pages of the Norwegian report: from the relationship page to the method page.
    html = shared_departments.nb_html
    nb = html_text(html[html.index('id="relationship"') : html.index('id="method"')])
    assert len(re.findall(r"\d,\d \(\d,\d–\d,\d, n \d+\)", nb)) >= 12


def test_it_maps_every_instrument_per_department(shared_departments):
    text = _flat(pdf_text(shared_departments.en.content))
    departments_page = text[text.index("Department Side n") :]
    for instrument in slices():
        assert instrument.heat_columns, instrument.key
        for column in instrument.heat_columns:
            # Headings may be hyphenated at a line end in the PDF: compare the first word.
            assert str(column.label).split()[0] in departments_page, column.key
    # The appendices that follow may name codes (issue #18 item 8): the departments page may not.
    assert not re.search(r"\b(?:REL|BEH|BISL|TRU)-", departments_page.split("Appendix: ")[0][:2000])


def test_it_leaves_out_a_side_under_the_threshold_with_one_line(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="4", publish=False)
    for i in range(2):
        submit_columns(campaign, "it", columns={}, default="2", publish=i == 1)
    found = PAGES.search(pdf_text(render_report(campaign=campaign).content))
    assert found, "the report has no relationship page"
    pages = found.group(1)
    assert "IT left out: fewer than 3 responses, too few to show on their own." in _flat(pages)
    cells = re.compile(r"\S\s{2,}(?:n/a|not shown|no responses|hidden|–)\s*$")
    assert [line for line in pages.splitlines() if cells.search(line)] == []
    assert "n/a" not in pages
