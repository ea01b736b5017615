"""The BRM and consultant workspace in a real browser: axe-core, labels, phone width, copy link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Membership
from tests.browser.a11y import UNLABELLED, blocking
from tests.browser.helpers import log_in, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every field has a <label for> (the same check as test_accessibility.py).


# name -> (address, the page's heading); {slug} is the campaign's organisation, {campaign} its id.
PAGES = {
    "campaign-list": ("/o/{slug}/", "Campaigns"),
    "create": ("/o/{slug}/campaigns/new/", "New campaign"),
    "invitations": ("/campaigns/{campaign}/invitations/", "Respondents"),
    "preview": ("/campaigns/{campaign}/invitations/", "Check the respondents"),
    "answers-upload": ("/campaigns/{campaign}/responses/upload/", "Upload answers collected offline"),
    "instrument-upload": ("/o/{slug}/instruments/upload/", "Instrument versions"),
    "workspace": ("/o/", "All clients' campaigns"),
    "password-reset": ("/accounts/password_reset/", "Reset your password"),
}


def open_page(page: Page, base: str, campaign, name: str) -> str:
    """Go to the page `name` and return the heading it should show."""
    address, heading = PAGES[name]
    page.goto(base + address.format(slug=campaign.organisation.slug, campaign=campaign.pk))
    if name == "preview":
        # The preview is the respondents page after a list of addresses has been checked.
        page.get_by_label("E-mail addresses").fill("ann@example.com, not-an-address\npat@example.com")
        page.get_by_label("IT", exact=True).check()
        page.get_by_role("button", name="Check addresses").click()
    return heading


def test_it_has_no_serious_accessibility_violations(
    live_server, page: Page, alice, other_org, campaign, invitation, axe, screenshot
):
    """Every page of PAGES in turn, in one session (they only read, the preview included)."""
    # A consultant-like admin with two organisations, so the navbar shows the switcher.
    Membership.objects.create(user=alice, organisation=other_org, role="consultant")
    log_in_as(page, live_server.url, alice)
    for name in PAGES:
        title = open_page(page, live_server.url, campaign, name)
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)

        violations = axe(page)
        assert blocking(violations) == [], name
        assert page.evaluate(UNLABELLED) == [], name
        screenshot(page, name)  # also asserts that nothing scrolls sideways at 375 px


def test_it_copies_a_respondent_link(live_server, new_context, alice, campaign, invitation):
    context = new_context(viewport={"width": 375, "height": 812})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/invitations/")
    # The page holds no link: "Copy link" fetches it through the audited reveal endpoint (issue #13).
    assert invitation.token not in page.content()
    button = page.locator(f"[data-reveal-target='link-{invitation.pk}'] button")
    button.click()
    expect(button).to_have_text("Copied")
    link = page.locator(f"#link-{invitation.pk}").input_value()
    assert link.endswith(f"/r/{invitation.token}/")
    assert page.evaluate("navigator.clipboard.readText()") == link


def test_it_switches_organisation_from_the_navbar(live_server, page: Page, alice, org, other_org):
    Membership.objects.create(user=alice, organisation=other_org, role="consultant")
    # Through the form: a member of two organisations lands on every client's campaigns.
    log_in(page, live_server.url, "alice")
    expect(page.get_by_role("heading", level=1)).to_contain_text("All clients' campaigns")
    page.get_by_role("button", name="Switch organisation").click()
    page.locator(".nav-workspace").get_by_role("link", name=other_org.name).click()
    expect(page).to_have_url(f"{live_server.url}/o/{other_org.slug}/")
    expect(page.get_by_text("No campaigns yet")).to_be_visible()
