"""The business-partner portfolio in print (issue #20): a pair's one-page PDF, read back with
pdftotext, and the campaign report's "Portfolio" section (the page's map and table), or one line
when no pair can be shown, and nothing when the campaign covers no unit. Two PDFs are rendered
here (PDFs are slow); the other tests read the report's HTML."""

from __future__ import annotations

import re
import subprocess
import time

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import translation

from assessments.selectors.partners import campaign_portfolio
from assessments.services.campaigns import campaign_close
from assessments.texts import instrument_texts
from reports.partner import partner_view
from reports.partner_pdf import partner_pdf_html, partner_pdf_render
from reports.pdf import render_report, render_report_html
from reports.presenter import report_context
from tests.partners import units
from tests.portfolio_scenarios import pair_response, portfolio

pytestmark = pytest.mark.django_db


def _text(content: bytes, *args: str) -> str:
    """The PDF's text (pdftotext), spaces collapsed."""
    found = subprocess.run(["pdftotext", *args, "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", found.stdout.decode())


def _pages(content: bytes) -> int:
    found = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    pages = re.search(r"^Pages:\s+(\d+)", found, re.M)
    assert pages is not None
    return int(pages.group(1))


def _report_html(campaign, department: str = "") -> str:
    with translation.override("en"):
        return render_report_html(report_context(campaign=campaign, department=department))


# --- A pair's one-pager ----------------------------------------------------------------------------


def test_it_downloads_a_pair_on_one_page(client, alice, campaign):
    pairs = portfolio(campaign)
    client.force_login(alice)
    url = reverse("campaigns:portfolio_partner_pdf", args=[campaign.pk, pairs["Finance"].pk])
    r = client.get(url)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="brm-partner-acme-round-1-finance-\d{4}-\d{2}-\d{2}\.pdf"', r["Content-Disposition"]
    )
    content = r.content
    assert content.startswith(b"%PDF")
    assert _pages(content) == 1
    text = _text(content)
    assert "Finance and IT" in text
    assert "Responses: business 3, IT 6 · a side with fewer than 3 responses is never shown" in text
    # Each side's model today and desired, trust both ways, self vs mirror, the priorities.
    assert "Business Passive (1.0) Partner (3.0)" in text and "IT Provider (2.0) Partner (3.0)" in text
    assert "The business's trust in IT: 25" in text and "How IT thinks the business sees it: 50" in text
    assert "Business people: self 3.0, mirror 3.0 (self − mirror +0.0, within the noise)" in text
    assert "Top priorities 1." in text
    # The download is recorded, as the campaign PDF's is.
    entry = LogEntry.objects.filter(additional_data__event="report_download").latest("timestamp")
    assert entry.additional_data["partner"] == pairs["Finance"].pk


def test_it_renders_the_one_pager_in_the_request_fast_enough(campaign):
    """One page of text and the model ladder: rendered while the person waits, well under a second
    (about 0.2 s here), so it needs neither the report's task nor a stored file."""
    pairs = portfolio(campaign)
    read = campaign_portfolio(campaign=campaign)
    sales = read.partner(pairs["Sales"].pk)
    assert sales is not None
    view = partner_view(
        partner=sales,
        instrument=campaign.instrument,
        texts=instrument_texts(campaign.instrument),
        threshold=read.threshold,
    )
    html = partner_pdf_html(campaign=campaign, partner=view)
    partner_pdf_render(html=html)  # WeasyPrint's fonts loaded once per process
    started = time.perf_counter()
    rendered = partner_pdf_render(html=html + "<!-- again -->")
    assert rendered.pages == 1
    assert time.perf_counter() - started < 1.0


# --- The campaign report's section -----------------------------------------------------------------


def test_the_report_prints_the_map_and_the_table(campaign):
    portfolio(campaign)
    rendered = render_report(campaign=campaign, language="en")
    text = _text(rendered.content)
    section = text[text.index("Portfolio of business partners") :]
    # The map drawn as SVG (its title and labels are text in the PDF), then the table in unit order.
    assert "Relationship today and desired" in section
    assert "Finance (n 3/6)" in section and "Sales (n 3/3)" in section
    assert "Finance 3/6 Passive 1.0 → Partner 3.0 Provider 2.0 → Partner 3.0 25 50" in section
    assert "Sales 3/3 Partner 3.0 → Peer 4.0 Provider 2.0 → Partner 3.0 75 50" in section
    assert (
        "Not shown on their own: HR: a side has no responses yet: a relationship needs both (business 0, IT 3)."
        in section
    )


def test_the_report_says_so_in_one_line_when_no_pair_is_shown(campaign):
    finance = units(campaign, "Finance")["Finance"]
    for side in ("business", "business", "it", "it"):
        pair_response(campaign, side, [finance], today="passive", desired="partner")
    campaign_close(campaign=campaign)
    html = _report_html(campaign)
    section = html[html.index('id="portfolio"') : html.index("</section>", html.index('id="portfolio"'))]
    assert "No business partner can be shown on its own yet" in section
    assert "chart-svg" not in section and "portfolio-table" not in section


def test_the_report_has_no_portfolio_without_units(campaign):
    for side in ("business", "business", "business", "it", "it", "it"):
        pair_response(campaign, side, [], today="passive", desired="partner")
    campaign_close(campaign=campaign)
    assert report_context(campaign=campaign)["portfolio"] is None
    assert 'id="portfolio"' not in _report_html(campaign)


def test_a_department_report_has_no_portfolio(campaign):
    # A pair is all of its unit's respondents: a department's report has none of its own.
    portfolio(campaign)
    assert report_context(campaign=campaign)["portfolio"] is not None
    assert report_context(campaign=campaign, department="Sales")["portfolio"] is None
