"""The PDF shows the method of issue #16: the ranked main list and its appendix, strengths, flagged
respondents, the scales' reliability, a missing maturity in words, the method page's reading notes.

The scores are the campaign's own, carrying the core's records built by hand
(tests/reports/method_records.py); the report is rendered by WeasyPrint once for the module and
read back as text; its variants (no strength, the flags' three cases) are read from their HTML.
"""

from __future__ import annotations

import re

import pytest

from assessments.scoring import campaign_scores
from reports.pdf import local_only_url_fetcher, pdf_template_dir, render_report_html
from reports.presenter import report_build
from tests.reports import method_records as records
from tests.reports import scenarios
from tests.reports.reading import html_text, pypdf_text, shared

pytestmark = pytest.mark.django_db


def pdf_text(html: str) -> str:
    from weasyprint import HTML

    content = HTML(string=html, base_url=pdf_template_dir().as_uri() + "/", url_fetcher=local_only_url_fetcher())
    return pypdf_text(content.write_pdf())


def context_of(campaign, **changes):
    scores = records.with_records(campaign_scores(campaign=campaign), **changes)
    return report_build(
        campaign=campaign,
        scores=scores,
        campaign_wide=scores,
        recommendations=records.worded(scores.recommendations),
        appendix=records.worded(scores.recommendations_appendix),
        strengths=records.strengths_worded(scores.strengths),
    )


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    """The scored campaign's report with the records: its context, HTML and PDF's text, made once
    for the module (tests/reports/reading.py `shared`)."""
    with shared(django_db_blocker):
        context = context_of(scenarios.scored(scenarios.acme_campaign()))
        html = render_report_html(context)
        return context, html, pdf_text(html)


def test_it_lists_the_main_list_in_rank_order_and_the_rest_in_an_appendix(report):
    context, html, text = report
    recs = context["recommendations"]
    assert [r["rank"] for r in recs["main"]] == list(range(1, 11))
    assert [r["code"] for r in recs["appendix"]] == ["BEH-IT-11", "BEH-IT-12"]
    # The rank order, not quick wins first: BEH-IT-2 (the highest priority) waits for BEH-IT-1.
    priorities = text.index("Priorities")
    appendix = text.index("Appendix: more recommendations")
    assert priorities < text.index("Title BEH-IT-1 ") < text.index("Title BEH-IT-2 ") < text.index("Title BEH-IT-10")
    assert text.index("Title BEH-IT-10") < appendix < text.index("Title BEH-IT-11") < text.index("Title BEH-IT-12")
    assert "Appendix: 2 more recommendations, at the end of this report." in text
    # Each with its Why: sentence, its stage, what it waits for, its gap with the interval.
    assert "Why: the business rates BEH-IT-1 low" in text
    assert "Stage: Know what you do" in text
    assert "Stage: Stop the bleeding" in text
    assert "Waits for: 1. Title BEH-IT-1" in text
    assert "+1.2 (0.8–1.6)" in text
    # One quick win: BEH-IT-1 (low effort, waits for nothing); BEH-IT-2 is low effort but waits.
    assert [r["code"] for r in recs["main"] if r["quick_win"]] == ["BEH-IT-1"]
    assert text.count("Quick win") == 1
    assert html.count('class="tag tag-quick"') == 1


def test_it_describes_the_new_recommendation_model(report):
    _context, _html, text = report
    assert "only from a clear finding" in text
    assert "never before what they wait for" in text
    assert "The first 10 are listed here" in text
    assert "near end of the gap's 95 % interval" in text
    assert "gap of at least" not in text and "gap × weight" not in text  # the old method's words


def test_it_shows_what_works(report):
    _context, _html, text = report
    section = text[text.index("What works") :]
    # Strength: the mean 4.2 with its interval 3.8-4.6; hidden strength: +0.9 (0.3-1.5).
    assert "Strength TRU-1 4.2 (3.8–4.6). Sentence about TRU-1" in section
    assert "Hidden strengths" in section
    assert "Strength BEH-BUS-2 +0.9 (0.3–1.5). Sentence about BEH-BUS-2" in section


def test_it_says_why_there_is_no_strength_yet(scored_campaign):
    # scored_campaign: 4 business and 3 IT responses.
    text = html_text(render_report_html(context_of(scored_campaign, strengths=())))
    assert "No strength is clear yet: with 4 business and 3 IT respondents, intervals are wide." in text


def test_it_counts_flagged_respondents_and_says_why_they_are_kept(report):
    _context, _html, text = report
    method = text[text.index("Response style") :]
    assert "straight-lining (the same answer to every question)" in method
    assert (
        "Flagged respondents are kept: the campaign asks to leave them out, but that would show the answers of fewer than 3 people."
        in method
    )
    # Business: 4 respondents, 3 flagged: 2 straight-lining, 1 acquiescence; IT: 3, none.
    assert re.search(r"Business 4 3 2 straight-lining .*; 1 acquiescence", method)
    assert re.search(r"IT 3 0 –", method)


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        ({"refused": "open"}, "which is done only once the campaign is closed"),
        ({"excluded": True, "refused": None}, "Flagged respondents are left out of these figures"),
        ({"requested": False, "refused": None}, "Flagged respondents are kept and counted in these figures."),
    ],
)
def test_it_says_whether_flagged_respondents_are_left_out(scored_campaign, flags, words):
    text = html_text(render_report_html(context_of(scored_campaign, flags=records.flags(**flags))))
    assert words in text


def test_it_shows_the_reliability_of_each_scale_and_flags_the_low_ones(report):
    context, _html, text = report
    method = text[text.index("Reliability of the scales") :]
    assert "A scale under 0.6 is flagged: its items do not hang together, read its mean with care." in method
    # Trust, all statements: business 0.45 < 0.6 flagged; IT 0.81; everyone 0.66; 4 / 3 / 7 respondents.
    assert re.search(r"Trust: all items read with care\s+0\.45 0\.81 0\.66 4 / 3 / 7", method)
    assert re.search(r"Relationship model: Passive today 0\.72 0\.80 0\.77", method)
    assert context["reliability"]["low"] == ["Trust: all items"]


def test_it_says_not_enough_answers_for_a_missing_maturity(report):
    _context, _html, text = report
    assert "Not enough answers: overall maturity needs both sides." in text
    assert "Overall maturity: ." not in text
    assert (
        "Indicative: it combines four instruments on different scales with set weights; "
        "read the instruments themselves for decisions." in text
    )
    # The line says so once; no table of rows that each say it again (issue #18 item 5).
    assert "Group Maturity Level" not in text


def test_it_explains_how_to_read_the_figures(report):
    _context, html, text = report
    method = text[text.index("How to read these figures") :]
    assert "3.2 (2.9–3.5, n 24)" in method
    assert "excludes zero; otherwise it is within the noise and printed in grey" in method
    assert "weigh both sides equally" in method
    assert '<span class="noise">within the noise</span>' in html
