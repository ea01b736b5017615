"""The business-partner portfolio (issue #20) in a real browser: the map drawn from its spec, the
table sorted by its headings' links, a pair's page with the dashboard's cards; axe-core clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.a11y import blocking
from tests.browser.helpers import log_in_as
from tests.portfolio_scenarios import portfolio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_draws_the_map_sorts_the_table_and_opens_a_pair(live_server, page: Page, alice, campaign, axe, screenshot):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    portfolio(campaign)
    log_in_as(page, live_server.url, alice)

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Business partners: map and pairs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Business partners")
    # vega-embed draws the map's spec (static/js/campaign_dashboard.js): a mark and label per pair.
    expect(page.locator("#chart-portfolio svg")).to_have_count(1)
    expect(page.locator("#chart-portfolio svg")).to_contain_text("Finance (n 3/6)")
    expect(page.get_by_text("HR: a side has no responses yet")).to_be_visible()
    axe(page)
    assert blocking(page.evaluate("async () => (await axe.run('#main')).violations")) == []
    screenshot(page)

    # Sorting is a link: the business's trust, highest first on the second click.
    page.get_by_role("link", name="Business's trust in IT", exact=True).click()
    page.get_by_role("link", name="Business's trust in IT", exact=True).click()
    expect(page.locator("table.portfolio-table tbody th").first).to_have_text("Sales")
    page.get_by_role("link", name="the business's trust in IT").click()
    expect(page.locator("#chart-portfolio svg")).to_contain_text("trust in IT")

    page.get_by_role("link", name="Finance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finance and IT")
    expect(page.get_by_role("link", name="Download one-page PDF")).to_be_visible()
    expect(page.locator(".chart-box svg").first).to_be_visible()
    axe(page)
    assert blocking(page.evaluate("async () => (await axe.run('#main')).violations")) == []
    screenshot(page, "pair")
    assert errors == []
