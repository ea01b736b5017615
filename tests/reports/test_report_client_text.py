"""Client-facing text (issue #18 items 2 and 9): no internal code before the PDF's appendix nor on
the dashboard, codes after it, and every figure rounded for reading by one rule, so the PDF and the
dashboard print the same digits. The demo campaign's PDF and dashboard are made once
(`shared_demo`); the comparison of two rounds reads the report's HTML."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.demo import demo_seed
from assessments.maturity import maturity_level
from assessments.scoring import campaign_scores
from tests.reports.reading import html_text, pdftotext, report_html

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b(?:REL|BEH|BISL|TRU|OPEN)-[A-Z0-9-]+\b")
# The appendix's first heading, on a line of its own (the priorities page's sentence "Appendix: 39
# more recommendations, at the end of this report." is not a heading).
APPENDIX = re.compile(r"^\s*Appendix: (?:more recommendations|codes)\s*$", re.MULTILINE)


def _pdf_text(content: bytes) -> str:
    # pdftotext (poppler) reads the text a person sees, in reading order, one line per line.
    return pdftotext(content, "-layout")


def _visible_text(page: str) -> str:
    """What a reader of the dashboard sees: no tags, scripts, styles or chart data."""
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def demo(client):
    """seed_demo's campaign (60 responses, two sides, departments, comments) and the BRM logged in."""
    seeded = demo_seed(responses=60, seed=7)
    client.force_login(get_user_model().objects.get(username="brm"))
    return seeded.campaign


def _dashboard(client, campaign) -> str:
    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    assert response.status_code == 200
    return _visible_text(response.content.decode())


def test_it_shows_no_internal_code_before_the_appendix(shared_demo):
    text = _pdf_text(shared_demo.en.content)
    heading = APPENDIX.search(text)
    assert heading, "the report has no appendix heading"
    before, after = text[: heading.start()], text[heading.start() :]
    assert CODE.findall(before) == []
    # Codes stay where a reader matches the report with the exports: the appendix.
    scores = shared_demo.scores
    assert scores.recommendations, "the demo campaign has priorities"
    for rec in scores.recommendations:
        assert rec.code in after, rec.code
    assert len(CODE.findall(after)) >= len(scores.recommendations)
    # The sources name the published works, never the project's own files.
    assert not re.search(r"\b[\w-]+\.(?:ya?ml|md|txt|pdf|docx?)\b", _flat(text)), "a file name in the report"

    dashboard = _visible_text(shared_demo.dashboard)
    assert CODE.findall(dashboard) == []


def test_it_rounds_for_reading_the_same_on_the_dashboard_and_in_the_pdf(shared_demo):
    scores = shared_demo.scores
    pdf = _flat(_pdf_text(shared_demo.en.content))
    dashboard = _visible_text(shared_demo.dashboard)

    # A 0-100 index: a whole number, with its interval and n, where business and IT are compared.
    trust = scores.results["trust"].groups.get("business").index_stats
    low, high = trust.low, trust.high
    shown = f"{trust.mean:.0f} ({low:.0f}–{high:.0f}, n {trust.n})"
    assert shown in pdf and shown in dashboard
    assert f"{trust.mean:.2f}" not in pdf and f"{trust.mean:.2f}" not in dashboard

    # A mean: one decimal, with its interval and n (the relationship index, today vs desired).
    for aspect in ("today", "desired"):
        index = scores.results["relationship"].fit("business", aspect).index_stats
        low, high = index.low, index.high
        shown = f"{index.mean:.1f} ({low:.1f}–{high:.1f}, n {index.n})"
        assert shown in pdf and shown in dashboard, aspect

    # Overall maturity: one decimal, the same in both, unless one decimal would carry it into the
    # next level (issue #15 item 11): the demo's 2.457 is level 2, and "2.5" would read as level 3.
    maturity = scores.maturity.get("overall")
    assert maturity is not None
    places = 1 if maturity_level(round(maturity.score, 1)) == maturity.level else 2
    shown = f"{maturity.score:.{places}f} of 5"
    assert shown in pdf and shown in dashboard
    assert maturity_level(float(shown.split()[0])) == maturity.level


def test_it_compares_with_the_previous_campaign_in_the_same_digits(client, demo):
    # The issue's own example: the trust index read "39.17" in the PDF's comparison and "39" on the
    # dashboard's. A second round of the demo compares with the first.
    later = demo_seed(responses=30, seed=8).campaign
    client.force_login(get_user_model().objects.get(username="brm"))  # seeding set the password anew
    before = campaign_scores(campaign=demo).results["trust"].groups.get("business").index
    now = campaign_scores(campaign=later).results["trust"].groups.get("business").index
    pdf = html_text(report_html(campaign=later))
    dashboard = _dashboard(client, later)
    # Two rounds: the comparison is the trend across rounds' (each figure with its n).
    comparison = pdf[pdf.index("Across rounds") :]
    row = re.compile(rf"Trust index \(0-100\).*?{before:.0f} n \d+\s+{now:.0f} n \d+", re.S)
    assert row.search(comparison), "the PDF's comparison has no whole-number trust row"
    assert row.search(dashboard[dashboard.index("Across rounds") :])
    for text in (pdf, dashboard):
        assert f"{before:.2f}" not in text and f"{now:.2f}" not in text
        assert f"{before:.1f}" not in text and f"{now:.1f}" not in text
