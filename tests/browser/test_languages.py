"""Languages in a real browser: a respondent switches language on the welcome page and answers in
it; a BRM switches the workspace to Dutch from the top bar (issue #9)."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from assessments.models import Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.invitations import invitation_create
from tests.browser.a11y import blocking
from tests.helpers import open_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def translated(language: str, english: str, context: str | None = None, *, same_word: bool = False) -> str:
    with translation.override(language):
        text = translation.pgettext(context, english) if context else translation.gettext(english)
    assert same_word or text != english, f"{english!r} has no {language} translation"
    return text


def test_a_respondent_switches_to_norwegian_and_answers_in_it(
    live_server, new_phone_page, org, instrument, axe, screenshot
):
    campaign = open_campaign(org, instrument, "Runde 1", language="nl", languages=["nb", "en"])
    invitation = invitation_create(campaign=campaign, side="business")
    first = campaign_pages(campaign=campaign, side="business")[0]

    phone = new_phone_page()
    phone.goto(f"{live_server.url}/r/{invitation.token}/")
    heading = "How well do business and IT work together?"
    # The campaign's language first (Dutch), whatever the browser prefers.
    expect(phone.get_by_role("heading", level=1)).to_have_text(translated("nl", heading))
    expect(phone.locator("html")).to_have_attribute("lang", "nl")
    # Each language is offered in its own name.
    phone.get_by_role("button", name="Norsk (bokmål)").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(translated("nb", heading))
    expect(phone.locator("html")).to_have_attribute("lang", "nb")
    expect(phone.get_by_role("button", name="Norsk (bokmål)")).to_have_attribute("aria-pressed", "true")
    assert blocking(axe(phone)) == []
    screenshot(phone, "welcome-nb")

    phone.get_by_role(
        "button", name=translated("nb", "Start", "button: begin the questionnaire", same_word=True)
    ).click()
    expect(phone.locator(f"#stmt-{first.items[0].code}")).to_have_text(first.items[0].text_for("business", "nb"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(first.section.title["nb"])
    assert blocking(axe(phone)) == []
    screenshot(phone, "page-nb")
    assert Response.objects.get(invitation=invitation).language == "nb"


def test_a_brm_switches_the_workspace_to_dutch(live_server, page: Page, alice, campaign, axe):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="NL – Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_label(translated("nl", "Username")).fill("alice")
    page.get_by_label(translated("nl", "Password")).fill("password")
    page.get_by_role("button", name=translated("nl", "Log in")).click()
    expect(page.get_by_role("button", name=translated("nl", "Log out"))).to_be_visible()
    # The choice holds on the next pages (a cookie), and the current language is marked.
    page.goto(f"{live_server.url}/o/{campaign.organisation.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="NL – Nederlands")).to_have_attribute("aria-pressed", "true")
    assert blocking(axe(page)) == []
