"""The dashboard's charts in a real browser (issue #18 item 6): every chart box is drawn by
vega-embed from the spec the server built (the one the PDF renders), under the strict
Content-Security-Policy (no 'unsafe-eval': vega-interpreter), with no script error, and the
numbers it prints are the server's, in the reader's decimal notation."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import expect

from assessments.demo import _seed_responses
from tests.browser.helpers import log_in, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = {
    "chart-maturity",
    "chart-relationship-index",
    "chart-relationship-profile",
    "chart-behaviours",
    "chart-behaviours-distribution",
    "chart-practices",
    "chart-trust",
    "chart-trust-distribution",
}
# Each chart box: whether vega-embed put an SVG in it, how many marks it drew, its texts.
DRAWN = """() => [...document.querySelectorAll('#main .chart-box')].map(box => ({
  id: box.id,
  svg: !!box.querySelector('svg'),
  marks: box.querySelectorAll('svg .mark-rect path, svg .mark-rule line, svg .mark-symbol path').length,
  texts: [...box.querySelectorAll('svg text')].map(t => t.textContent),
  label: box.getAttribute('aria-label') || '',
  error: box.dataset.error || '',
}))"""
ALL_DRAWN = "() => [...document.querySelectorAll('#main .chart-box')].every(box => box.querySelector('svg'))"


@pytest.fixture
def scored_campaign(campaign):
    _seed_responses(campaign=campaign, count=14, rng=random.Random(5))
    return campaign


def test_it_draws_every_chart_from_its_spec_with_nothing_blocked(
    live_server, new_context, alice, scored_campaign, screenshot
):
    context = new_context(viewport={"width": 1280, "height": 900})
    found = watch_csp(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url
    log_in(page, base, "alice")
    expect(page.get_by_role("heading", name="Campaigns")).to_be_visible()

    page.goto(f"{base}/campaigns/{scored_campaign.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(scored_campaign.name)
    page.wait_for_function(ALL_DRAWN)
    charts = {chart["id"]: chart for chart in page.evaluate(DRAWN)}
    assert set(charts) == CHARTS
    for chart in charts.values():
        assert chart["svg"] and chart["marks"] > 0 and not chart["error"], chart
        assert chart["label"], chart  # the spec's description, the text alternative
    # The printed values are the server's text: one decimal and n ("3.4 (n 7)").
    assert any(re.fullmatch(r"\d\.\d \(n \d+\)", text) for text in charts["chart-behaviours"]["texts"])
    assert "Passive" in charts["chart-relationship-profile"]["texts"]
    assert errors == []
    screenshot(page, "charts")

    # In Norwegian the same charts print a decimal comma, the tables' notation.
    context.add_cookies([{"name": "django_language", "value": "nb", "url": base}])
    page.goto(f"{base}/campaigns/{scored_campaign.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.wait_for_function(ALL_DRAWN)
    charts = {chart["id"]: chart for chart in page.evaluate(DRAWN)}
    values = [t for t in charts["chart-behaviours"]["texts"] if re.fullmatch(r"\d[.,]\d \(n \d+\)", t)]
    assert values and all("," in value for value in values), values
    assert errors == []
    assert found == []
