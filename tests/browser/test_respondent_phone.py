"""Respondent pages on a phone and a desktop (issue #15, item 4): a real Start button, pages of
at most 12 ratings, missing answers counted, linked and focused, the contact named, a favicon."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from assessments.models import Campaign, Invitation, Response
from assessments.selectors.instruments import MAX_RATINGS_PER_PAGE, campaign_pages
from assessments.services.responses import response_answers_save
from respondent.forms import field_name
from tests.browser.a11y import blocking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTACT = {"contact_name": "Kari Nordmann", "contact_email": "kari@acme.example"}


def scale_label(page: Page, name: str, value: str) -> Locator:
    """The button-like label of one answer; the radio itself is visually hidden (.btn-check)."""
    return page.locator(f'input[name="{name}"][value="{value}"] + label')


def focused_name(page: Page) -> str:
    return page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()")


def test_it_guides_a_phone_respondent_to_each_missing_answer(
    live_server, new_phone_page, invitation: Invitation, screenshot
):
    Campaign.objects.filter(pk=invitation.campaign_id).update(**CONTACT)
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    total = len(pages)
    phone = new_phone_page()

    # 1. The welcome page: a favicon, and Start is a real button.
    phone.goto(f"{live_server.url}/r/{invitation.token}/")
    icon = phone.request.get(live_server.url + "/favicon.ico")
    assert icon.ok and icon.headers["content-type"].startswith("image/")
    assert phone.request.get(live_server.url + phone.locator('link[rel="icon"]').first.get_attribute("href")).ok
    expect(phone.get_by_role("link", name="Start")).to_have_count(0)
    screenshot(phone, "welcome")
    phone.get_by_role("button", name="Start").tap()

    # 2. Page 1 of the real count, at most 12 ratings; two left out: counted, linked, focused.
    expect(phone.get_by_text(f"Page 1 of {total}")).to_be_visible()
    assert phone.locator("fieldset.scale").count() == len(pages[0].fields) <= MAX_RATINGS_PER_PAGE
    names = [field_name(code, aspect) for code, aspect in pages[0].fields]
    skipped = [names[1], names[5]]  # the first statement's "Desired", and one further down
    for name in names:
        if name not in skipped:
            scale_label(phone, name, "4").tap()
    phone.get_by_role("button", name="Next").tap()
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("2 answers are missing on this page.")
    assert focused_name(phone) == skipped[0]
    expect(scale_label(phone, skipped[0], "1")).to_be_in_viewport()
    expect(phone.locator(f"#id_{skipped[0]}_error")).to_have_text(
        "Please choose an answer for “Desired” (or “Don't know”)."
    )
    screenshot(phone, "missing")
    # The summary's link leads back to it from anywhere on the page.
    phone.get_by_role("heading", level=1).click()
    summary.get_by_role("link").tap()
    assert focused_name(phone) == skipped[0]
    for name in skipped:
        scale_label(phone, name, "2").tap()
    phone.get_by_role("button", name="Next").tap()
    expect(phone.get_by_text(f"Page 2 of {total}")).to_be_visible()

    # 3. Everything else answered but one rating on page 3: the review counts it, its link is
    # focused and opens page 3 with that rating marked and focused.
    response = Response.objects.get(invitation=invitation)
    gap = pages[2].fields[1]
    for page in pages[1:]:
        answers = {f: "3" for f in page.fields if f != gap}
        response_answers_save(response=response, items={i.code: i for i in page.items}, answers=answers)
    phone.goto(f"{live_server.url}/r/{invitation.token}/review/")
    expect(phone.get_by_role("alert")).to_contain_text("1 answer still missing")
    assert focused_name(phone) == "Go to the first missing answer"
    screenshot(phone, "review")
    phone.get_by_role("link", name="Go to the first missing answer").tap()
    expect(phone.get_by_text(f"Page 3 of {total}")).to_be_visible()
    expect(phone.get_by_role("alert")).to_contain_text("1 answer is missing on this page.")
    assert focused_name(phone) == field_name(*gap)
    expect(phone.locator(f"#id_{field_name(*gap)}_error")).to_contain_text("“Desired”")
    scale_label(phone, field_name(*gap), "5").tap()
    phone.get_by_role("button", name="Next").tap()
    expect(phone.get_by_text(f"Page 4 of {total}")).to_be_visible()

    # 4. Submitted: the thank-you page names the contact, with a mailto link.
    phone.goto(f"{live_server.url}/r/{invitation.token}/review/")
    expect(phone.get_by_text("Everything is answered.")).to_be_visible()
    phone.get_by_role("button", name="Submit my answers").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you!")
    expect(phone.get_by_text("Questions about this assessment? Ask Kari Nordmann")).to_be_visible()
    expect(phone.get_by_role("link", name="kari@acme.example")).to_have_attribute("href", "mailto:kari@acme.example")
    screenshot(phone, "thanks")

    # 5. Closed: another link of the campaign names the contact too.
    Campaign.objects.filter(pk=invitation.campaign_id).update(status=Campaign.Status.CLOSED)
    other = Invitation.objects.create(organisation=invitation.organisation, campaign=invitation.campaign, side="it")
    phone.goto(f"{live_server.url}/r/{other.token}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("This assessment is closed")
    expect(phone.get_by_text("If you still want to take part, ask Kari Nordmann")).to_be_visible()
    screenshot(phone, "closed")


def test_it_starts_with_the_keyboard_and_focuses_the_first_missing_answer(
    live_server, page: Page, invitation: Invitation, axe
):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    page.goto(f"{live_server.url}/r/{invitation.token}/")
    # Skip link, then the Start button: Space presses a button (a link would scroll the page).
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused_name(page) == "Start"
    page.keyboard.press("Space")
    expect(page.get_by_text(f"Page 1 of {len(pages)}")).to_be_visible()
    # Next with nothing answered: every rating of the page is counted, the first one focused.
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{len(pages[0].fields)} answers are missing on this page.")
    first = field_name(*pages[0].fields[0])
    assert focused_name(page) == first
    expect(page).to_have_title(f"Error: {pages[0].section.title['en']} · {invitation.campaign.name}")
    # Arrow keys answer the focused rating at once.
    page.keyboard.press("ArrowRight")
    expect(page.locator(f'input[name="{first}"]:checked')).to_have_count(1)
    assert blocking(axe(page)) == []
