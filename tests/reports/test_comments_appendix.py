"""The PDF's appendix "In their own words" (issue #17): the published, not hidden comments by
question, only for the whole campaign and the sides at or above the threshold. Read back from
the rendered PDF; the department's and the other language's from the report's HTML."""

from __future__ import annotations

import pytest

from assessments.models import Comment, Response
from assessments.services.responses import response_create_submitted
from reports.pdf import render_report
from tests.helpers import all_fields
from tests.reports.reading import html_text, report_html
from tests.reports.reading import pypdf_text as pdf_text

pytestmark = pytest.mark.django_db


def _say(campaign, side: str, code: str, text: str, department: str = "") -> None:
    response_create_submitted(
        campaign=campaign,
        side=side,
        answers=dict.fromkeys(all_fields(campaign, side), "3"),
        department=department,
        source=Response.Source.LINK,
        comments={code: text},
    )


@pytest.fixture
def said(campaign):
    _say(campaign, "business", "OPEN-BUS-1", "Visit the warehouse floor every Monday", "Sales")
    _say(campaign, "business", "OPEN-BUS-2", "Stop sending release notes nobody reads", "Sales")
    _say(campaign, "business", "OPEN-BUS-1", "Name a buddy for each team", "Sales")
    _say(campaign, "it", "OPEN-IT-1", "Lone engineer wants a roadmap")
    Comment.objects.filter(text__startswith="Name a buddy").update(hidden=True)
    return campaign


def test_it_quotes_the_shown_comments_by_question(said):
    text = pdf_text(render_report(campaign=said).content)
    assert "In their own words" in text
    assert "One thing IT should start doing" in text
    assert "Visit the warehouse floor every Monday" in text
    assert "Stop sending release notes nobody reads" in text
    assert "Name a buddy" not in text  # hidden: counted, never quoted
    assert "1 comment was hidden" in text
    assert "Lone engineer" not in text  # one IT respondent: under the threshold


def test_it_quotes_nothing_in_a_department_report(said):
    text = html_text(report_html(campaign=said, department="Sales"))
    assert "Visit the warehouse floor" not in text
    assert "Comments are quoted in the report of the whole campaign only" in text


def test_it_writes_the_appendix_in_the_readers_language(said):
    text = html_text(report_html(campaign=said, language="nb"))
    assert "Én ting IT bør begynne med" in text
    assert "Visit the warehouse floor every Monday" in text  # their own words, as written
