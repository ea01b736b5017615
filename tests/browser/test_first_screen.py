"""Look at it (issue #18 item 9): the dashboard's first screen as a BRM sees it, at 1280 px and on
a 375 px phone, saved to artifacts/screenshots/ for a person to look at; the executive page's
parts are on that first screen at 1280 px (models per side, response rate, themes, strengths,
priorities, next steps) and the phone never scrolls sideways."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from assessments.demo import _seed_responses
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREEN = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}
PARTS = ("executive-models", "executive-rates", "executive-themes", "executive-strengths", "executive-priorities")


def test_it_shows_the_executive_page_on_the_first_screen_and_saves_it(live_server, new_context, alice, campaign):
    _seed_responses(campaign=campaign, count=24, rng=random.Random(9))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in FIRST_SCREEN.items():
        context = new_context(viewport=viewport, **({"is_mobile": True, "has_touch": True} if name == "phone" else {}))
        page = context.new_page()
        log_in_as(page, live_server.url, alice)
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
        expect(page.locator("#executive")).to_be_visible()
        page.wait_for_load_state("networkidle")
        if name == "desktop":
            # Each part's heading starts within the first 800 px: read without scrolling.
            for part in PARTS:
                box = page.locator(f"#{part}").bounding_box()
                assert box is not None and box["y"] + box["height"] <= viewport["height"], (part, box)
            assert page.locator("#executive").get_by_text("workshop", exact=False).count() >= 1
        else:
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        path = SCREENSHOTS / f"dashboard-first-screen-{name}.png"
        page.screenshot(path=path)  # the viewport only: what is seen before any scrolling
        assert path.stat().st_size > 10_000
        context.close()
