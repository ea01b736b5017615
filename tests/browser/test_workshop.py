"""The consensus workshop driven with the keyboard only (issue #19 items 1 and 7), in Chromium,
under the Content-Security-Policy: j/k and the arrows move, e enters the form, Enter saves."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessments.consensus import ConsensusValue
from assessments.selectors.consensus import consensus_agenda
from tests.browser.helpers import log_in_as, watch_csp
from tests.helpers import cache_clear, submit_columns

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_runs_the_workshop_with_the_keyboard_only(live_server, new_context, alice, campaign, screenshot):
    for side, value in (("business", "4"), ("it", "2")):
        for _ in range(3):
            submit_columns(campaign, side, columns={}, default=value)
    cache_clear()
    agenda = consensus_agenda(campaign=campaign)
    context = new_context(viewport={"width": 1280, "height": 900})
    blocked = watch_csp(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url
    log_in_as(page, base, alice)
    url = f"{base}/campaigns/{campaign.pk}/workshop/"
    page.goto(url)
    position = page.locator("#workshop-position")

    def at(number: int) -> None:
        """On agenda item `number`, its keys listening (a key pressed before that is lost)."""
        expect(position).to_have_text(f"Item {number} of {len(agenda)}")
        expect(page.locator("[data-workshop]")).to_have_attribute("data-keys", "ready")

    at(1)

    page.keyboard.press("j")
    at(2)
    page.keyboard.press("ArrowRight")
    at(3)
    page.keyboard.press("k")
    at(2)
    page.keyboard.press("ArrowLeft")
    at(1)
    page.keyboard.press("j")
    at(2)

    # e: into the form; type the agreed values, Tab between fields, Enter saves and moves on.
    page.keyboard.press("e")
    expect(page.locator("#id_current")).to_be_focused()
    page.keyboard.type("2.5")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.type("Both sides agree")
    page.keyboard.press("Enter")
    at(3)
    recorded = ConsensusValue.objects.get(campaign=campaign)
    assert recorded.code == agenda[1].item.code
    assert (recorded.current, recorded.target, recorded.rationale, recorded.recorded_by) == (
        Decimal("2.5"),
        Decimal("4"),
        "Both sides agree",
        alice,
    )
    # j is a letter like any other while typing: it does not move the agenda.
    page.keyboard.press("e")
    page.keyboard.type("j")
    at(3)
    page.keyboard.press("Escape")
    page.keyboard.press("k")
    at(2)
    expect(page.locator("#id_current")).to_have_value("2.50")
    assert blocked == [] and errors == []
    screenshot(page)  # also asserts that nothing scrolls sideways at phone width
