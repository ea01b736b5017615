"""The PDF's method page cites each published work the method rests on, by author and title
(2027.1's `references`), never the file names or numbers of the project's seed articles (the
2026.2 report's words read from its HTML)."""

from __future__ import annotations

import re

import pytest

from tests.helpers import open_campaign, submit_columns
from tests.reports.reading import html_text, pypdf_text, report_html

pytestmark = pytest.mark.django_db


def method_page(text: str) -> str:
    """The text from the method page's "Sources" heading to the end, spaces normalised."""
    return text[text.rindex("Sources") :]


def test_it_cites_every_source_by_author_and_title(shared_scored):
    sources = method_page(pypdf_text(shared_scored.en.content))
    for work in (
        "BRM Institute, Business Relationship Management Body of Knowledge",
        "Vaughan Merlyn, the Business-Provider Maturity Model",
        "Jerry N. Luftman, “Assessing Business-IT Alignment Maturity”",
        "ASL BiSL Foundation, BiSL: Business Information Services Library (2005)",
        "Mark Smalley, “Behave yourself – the business-IT relationship”",
        "Mark Smalley, “IT Is Too Important to Leave to IT – Involve BRM”",
        "“The Vital Alliance: Business and IT”, The IT Philosopher",
        "“Aligning Business With IT and IT with Business – Part One”",
        "Ahmad Shuja, “How Do We Align Business-IT Strategies Where Trust Is Lacking?”",
    ):
        assert work in sources
    # Never a seed file's name or number, and BRM Institute once (the references name its model).
    assert not re.search(r"seed|\d{3}_[0-9a-f]{16}|\.txt", sources, re.IGNORECASE)
    assert sources.count("BRM Institute") == 1


def test_it_explains_reversed_statements_on_the_method_page(shared_scored):
    text = pypdf_text(shared_scored.en.content)
    assert "Each model has one reversed statement, which speaks against it" in text


def test_a_2026_2_report_keeps_the_sources_it_always_showed(org, instrument_2026):
    campaign = open_campaign(org, instrument_2026, name="Round 2026")
    for side in ("business", "business", "business", "it", "it", "it"):
        submit_columns(campaign, side, columns={}, default="4")
    text = html_text(report_html(campaign=campaign))
    sources = method_page(text)
    # Its own content's source lines, after the maturity ladder's reference; no reversed statements.
    assert "BRM Institute, Business Relationship Maturity Model (Ad Hoc, Order Taker" in sources
    assert "Ahmad Shuja, 'How do we align business-IT strategies where trust is lacking?'" in sources
    assert "reversed statement" not in text
