"""The campaign dashboard in a real browser: charts drawn, no script errors, axe-core clean."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page, expect

from assessments.demo import _seed_responses
from tests.browser.a11y import blocking
from tests.browser.helpers import log_in_as
from tests.helpers import open_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dashboard_campaign(org, instrument, campaign):
    _seed_responses(campaign=campaign, count=20, rng=random.Random(3))  # the previous round
    current = open_campaign(org, instrument, "Round 2", departments=["Sales", "Finance", "Operations"])
    _seed_responses(campaign=current, count=40, rng=random.Random(4))
    return current


def test_it_draws_the_charts_passes_axe_and_filters_by_department(
    live_server, page: Page, alice, dashboard_campaign, axe, screenshot
):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Failed loads are checked by URL below (the browser asks for /favicon.ico on its own).
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" and "load resource" not in msg.text else None,
    )
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/campaigns/{dashboard_campaign.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Round 2")
    # Two rounds: the trend across rounds compares them (the comparison card would say it twice).
    expect(page.get_by_role("heading", name="Across rounds")).to_be_visible()

    for box in ("chart-behaviours", "chart-practices"):
        # vega-embed draws each chart box's spec as an SVG (static/js/campaign_dashboard.js).
        expect(page.locator(f"#{box} svg")).to_have_count(1)
    assert errors == []

    axe(page)  # loads axe-core into the page
    # Scoped to the page's own content: the shared navigation bar is checked with its own pages.
    violations = page.evaluate("async () => (await axe.run('#main')).violations")
    assert blocking(violations) == []
    screenshot(page)

    # The department filter, from the select (on the same 60 seeded responses: seeding them
    # costs more than the rest of this test).
    page.select_option("#department-filter", "Sales")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Showing the department")).to_contain_text("Sales")
    assert "department=Sales" in page.url
    href = page.get_by_role("link", name="CSV").first.get_attribute("href")
    assert href.endswith("?department=Sales")
