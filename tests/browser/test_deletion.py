"""An organisation admin deletes a campaign in a real browser (issue #15, item 13): from the campaign's
settings to a page that says what goes and asks for the name; on a phone and a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Campaign, Invitation
from assessments.services.invitations import invitation_create
from tests.browser.a11y import UNLABELLED, blocking
from tests.browser.helpers import log_in_as
from tests.helpers import submit_columns

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_deletes_a_campaign_after_asking_for_its_name(live_server, page: Page, alice, campaign, axe, screenshot):
    for n in range(2):
        invitation_create(campaign=campaign, side="business", email=f"p{n}@example.org")
    submit_columns(campaign, "it", columns={}, default="4")
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/edit/")
    page.get_by_role("link", name="Delete campaign…").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Round 1”?")
    expect(page.get_by_text("2 respondents and their personal links (2 e-mail addresses)")).to_be_visible()
    assert blocking(axe(page)) == []
    assert page.evaluate(UNLABELLED) == []
    screenshot(page)  # also asserts that nothing scrolls sideways at 375 px

    page.get_by_label("The campaign's name").fill("Round one")
    page.get_by_role("button", name="Delete the campaign and its data").click()
    expect(page.get_by_text("That is not the name. Type “Round 1” exactly as shown, or cancel.")).to_be_visible()
    assert Campaign.objects.filter(pk=campaign.pk).exists()

    page.get_by_label("The campaign's name").fill("Round 1")
    page.get_by_role("button", name="Delete the campaign and its data").click()
    expect(page.get_by_role("alert")).to_have_text("“Round 1” is deleted, with all its answers and personal data.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaigns")
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert not Invitation.objects.exists()
    screenshot(page, "after")

    # The organisation's page asks the same way (looked at, not used).
    page.get_by_role("link", name="Delete organisation…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Acme Shipping” and all its data?")
    assert blocking(axe(page)) == []
    screenshot(page, "organisation")
