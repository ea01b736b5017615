"""A phone respondent writes in their own words and submits (issue #17): the optional last page
fits 375 px, is reached and left with the keyboard, passes axe, and the comment arrives cut off
from the response."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Comment, CommentDraft, Invitation, Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.responses import response_answers_save
from respondent.forms import field_name
from tests.browser.a11y import blocking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _claim_and_fill(phone: Page, base: str, invitation: Invitation) -> list:
    """Page 1 answered by tapping (the first save claims the response for this browser), the
    rest saved directly, then the phone is on the last page."""
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    phone.goto(f"{base}/r/{invitation.token}/page/1/")
    for code, aspect in pages[0].fields:
        phone.locator(f'input[name="{field_name(code, aspect)}"][value="4"] + label').click()
    phone.get_by_role("button", name="Next").click()
    expect(phone.get_by_text(f"Page 2 of {len(pages)}")).to_be_visible()
    response = Response.objects.get(invitation=invitation)
    for page in pages[1:]:
        response_answers_save(
            response=response, items={i.code: i for i in page.items}, answers=dict.fromkeys(page.fields, "3")
        )
    phone.goto(f"{base}/r/{invitation.token}/page/{len(pages)}/")
    return pages


def test_it_lets_a_phone_respondent_write_a_comment_and_submit(
    live_server, new_phone_page, invitation: Invitation, screenshot, axe
):
    phone = new_phone_page()
    _claim_and_fill(phone, live_server.url, invitation)
    phone.get_by_role("button", name="Next").tap()

    expect(phone.get_by_role("heading", level=1)).to_have_text("In your own words")
    expect(phone.get_by_text("Last page, optional")).to_be_visible()
    box = phone.get_by_label("One thing IT should start doing")
    expect(box).to_have_attribute("maxlength", "500")
    expect(phone.get_by_text("Optional, at most 500 characters.").first).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert blocking(axe(phone)) == []
    box.tap()
    box.fill("Come to our Monday meeting once a month.")
    screenshot(phone, "words")
    phone.get_by_role("button", name="Review").tap()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Review your answers")
    expect(phone.get_by_text("Come to our Monday meeting once a month.")).to_be_visible()
    phone.get_by_role("button", name="Submit my answers").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you!")

    comment = Comment.objects.get()
    assert comment.text == "Come to our Monday meeting once a month."
    assert comment.question.code == "OPEN-BUS-1" and not comment.published
    assert not CommentDraft.objects.exists()


def test_it_goes_through_the_open_questions_with_the_keyboard(live_server, page: Page, invitation: Invitation, axe):
    _claim_and_fill(page, live_server.url, invitation)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("In your own words")
    first = page.get_by_label("One thing IT should start doing")
    first.focus()
    page.keyboard.type("Answer the phone.")
    page.keyboard.press("Tab")  # the hints are text, not stops: straight to the next question
    expect(page.get_by_label("One thing IT should stop doing")).to_be_focused()
    page.keyboard.type("Stop the ping-pong.")
    # Enter in a text area is a new line; the form goes on with its Review button.
    page.get_by_role("button", name="Review").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your answers")
    assert sorted(CommentDraft.objects.values_list("text", flat=True)) == ["Answer the phone.", "Stop the ping-pong."]
    assert blocking(axe(page)) == []
