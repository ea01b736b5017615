"""The Content-Security-Policy in a real browser (issue #15): the main pages run with nothing
blocked. Chromium reports every blocked script, style or resource as a `securitypolicyviolation`
event and a console error; both are collected for the whole browser context, across navigations,
and any one fails the test (tests/browser/helpers.py, `watch_csp`). The respondent's journey on
a phone runs with the same watch in test_respondent.py.

Along the way: bars and markers sized from data attributes (no style="" attributes), the report
page saying when no worker took the report, the API tokens page, and the dashboard's numbers
(text and charts) in the reader's decimal notation.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.demo import _seed_responses
from reports.models import Report
from tests.browser.a11y import blocking
from tests.browser.helpers import log_in, sized, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scored_campaign(campaign):
    _seed_responses(campaign=campaign, count=14, rng=random.Random(5))
    return campaign


def test_it_runs_the_workspace_with_nothing_blocked(live_server, new_context, alice, scored_campaign, screenshot, axe):
    context = new_context(viewport={"width": 1280, "height": 900})
    found = watch_csp(context)
    page = context.new_page()
    base = live_server.url

    page.goto(base + "/accounts/password_reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    log_in(page, base, "alice")
    expect(page.get_by_role("heading", name="Campaigns")).to_be_visible()

    # The dashboard: bars get their sizes from data attributes, charts are drawn.
    page.goto(f"{base}/campaigns/{scored_campaign.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(scored_campaign.name)
    widths = sized(page, ".rate-bar .progress, .trust-bar .progress-bar", "width")
    assert widths and all(w.endswith("%") for w in widths), widths
    page.wait_for_function("() => !!document.querySelector('#chart-behaviours svg')")
    screenshot(page, "dashboard")

    page.goto(f"{base}/campaigns/{scored_campaign.pk}/invitations/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # A report handed to the broker two minutes ago that no worker has taken: the page says so.
    report = Report.objects.create(
        organisation=scored_campaign.organisation,
        campaign=scored_campaign,
        requested_by=alice,
        enqueued_at=timezone.now() - timedelta(minutes=2),
    )
    page.goto(f"{base}/reports/{report.pk}/")
    expect(page.get_by_text("No background worker has picked the report up")).to_be_visible()
    assert sized(page, '[data-role="bar"]', "width") == ["0%"]
    # Once a worker takes it, the polling script hides the warning and moves the bar.
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RENDERING, progress=40)
    expect(page.get_by_text("No background worker has picked the report up")).to_be_hidden()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    assert sized(page, '[data-role="bar"]', "width") == ["40%"]

    # API tokens: create one, see the key once, revoke it.
    page.goto(f"{base}/o/acme/")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("What is the token for?").fill("Power BI")
    page.get_by_role("button", name="Create the token").click()
    key = page.get_by_label("The new key").input_value()
    assert re.fullmatch(r"brm_[\w-]{40,}", key)
    screenshot(page, "api-token")
    assert blocking(axe(page)) == []
    page.get_by_text("Revoke…").click()
    page.get_by_role("button", name="Revoke Power BI").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    expect(page.get_by_label("The new key")).to_have_count(0)

    page.goto(f"{base}/o/acme/audit/")
    expect(page.get_by_role("cell", name="Revoked an API token")).to_be_visible()
    page.goto(f"{base}/api/docs/")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("BRM Portal API")
    page.goto(f"{base}/nowhere/")

    # In Norwegian, the dashboard's numbers have a decimal comma, in the text and in the charts.
    context.add_cookies([{"name": "django_language", "value": "nb", "url": base}])
    page.goto(f"{base}/campaigns/{scored_campaign.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    score = page.locator(".maturity-score strong").inner_text()
    # One decimal, two where one would round across a level's boundary (brmportal/lib/formats.py).
    assert re.fullmatch(r"[1-5],\d\d?", score), score
    expect(page.locator(".maturity-ladder .ladder-range").first).to_have_text("1,00–1,49")
    # The values printed at the end of the bars, as vega-embed drew them (the server's text).
    page.wait_for_function("() => !!document.querySelector('#chart-behaviours svg')")
    drawn = page.eval_on_selector_all("#chart-behaviours svg text", "els => els.map(el => el.textContent)")
    values = [text for text in drawn if re.fullmatch(r"\d[.,]\d \(n \d+\)", text)]
    assert values and all("," in value for value in values), drawn
    assert found == []
