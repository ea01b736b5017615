"""The respondent's journey in a real browser: phone, mistakes, keyboard only, wrong link."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Locator, Page, expect

from assessments.models import Answer, Invitation, Response
from assessments.selectors.instruments import campaign_pages
from respondent.forms import field_name
from tests.browser.conftest import PHONE
from tests.browser.helpers import sized, watch_csp
from tests.outbox import deliver_queued_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scale_label(page: Page, name: str, value: str) -> Locator:
    """The button-like label of one answer; the radio itself is visually hidden (.btn-check)."""
    return page.locator(f'input[name="{name}"][value="{value}"] + label')


def radio(page: Page, name: str, value: str) -> Locator:
    return page.locator(f'input[name="{name}"][value="{value}"]')


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def value_for(index: int) -> str:
    """A different answer per field (1-5, round robin), so a kept answer is told from a default."""
    return str(index % 5 + 1)


def answer_page(page: Page, fields, *, tap: bool = False, skip: int | None = None) -> dict[str, str]:
    chosen = {}
    for index, (code, aspect) in enumerate(fields):
        if index == skip:
            continue
        name, value = field_name(code, aspect), value_for(index)
        label = scale_label(page, name, value)
        if tap:
            label.tap()
        else:
            label.click()
        chosen[name] = value
    return chosen


def answer_the_rest(page: Page, fields) -> None:
    """The first rating tapped, every other one of the page checked by script (a tap is a tenth
    of a second: tapping each one of every page is tested once, on page 1)."""
    code, aspect = fields[0]
    scale_label(page, field_name(code, aspect), value_for(0)).tap()
    page.evaluate(ANSWER_THE_REST)


# Every radio group of the page not answered yet gets a 3 (every scale has one).
ANSWER_THE_REST = """() => {
  for (const name of new Set([...document.querySelectorAll('input[type=radio]')].map(r => r.name))) {
    if (!document.querySelector(`input[name="${name}"]:checked`)) {
      document.querySelector(`input[name="${name}"][value="3"]`).checked = true;
    }
  }
}"""


def test_it_completes_on_a_phone_resumes_in_a_new_browser_and_submits_once(
    live_server, new_context, invitation: Invitation, mailoutbox, screenshot
):
    """Also the Content-Security-Policy on the respondent's pages (as test_csp.py does for the
    workspace): nothing is blocked on any page of the journey, in either browser."""
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    total = len(pages)
    link = f"{live_server.url}/r/{invitation.token}/"
    found: list[list[str]] = []  # the CSP violations of each browser

    def new_phone_page() -> Page:
        """A page in a new phone-sized touch context (a new browser, no cookies), watched."""
        context = new_context(**PHONE)
        found.append(watch_csp(context))
        return context.new_page()

    # 1. First visit: welcome, page 1 answered by tapping the scale buttons, Next.
    phone = new_phone_page()
    phone.goto(link)
    expect(heading(phone)).to_have_text("How well do business and IT work together?")
    expect(phone.get_by_text("How long:")).to_be_visible()
    screenshot(phone, "welcome")
    phone.get_by_role("button", name="Start").tap()
    expect(phone.get_by_text(f"Page 1 of {total}")).to_be_visible()
    expect(heading(phone)).to_have_text(pages[0].section.title["en"])
    # A page sent with nothing answered comes back with its errors (and nothing blocked); the
    # progress bar is sized by script, from a data attribute.
    phone.get_by_role("button", name="Next").tap()
    expect(phone.locator(".invalid-feedback").first).to_be_visible()
    widths = sized(phone, ".progress-bar", "width")
    assert widths and widths[0].endswith("%")
    chosen = answer_page(phone, pages[0].fields, tap=True)
    for name, value in chosen.items():
        expect(radio(phone, name, value)).to_be_checked()
    phone.get_by_role("button", name="Next").tap()
    expect(phone.get_by_text(f"Page 2 of {total}")).to_be_visible()
    assert Answer.objects.filter(response__invitation=invitation).count() == len(pages[0].fields)
    phone.context.close()

    # 2. The same link in a new browser (no cookies) shows no answers: the respondent has a
    # one-time link e-mailed to their address, and continues on page 2 with page 1 kept.
    phone = new_phone_page()
    phone.goto(link)
    expect(heading(phone)).to_have_text("This questionnaire was started on another device or browser")
    expect(phone.locator("input[type=radio]")).to_have_count(0)
    screenshot(phone, "elsewhere")
    phone.get_by_role("button", name="E-mail me a link to continue here").tap()
    expect(phone.get_by_text("We have e-mailed a link")).to_be_visible()
    assert deliver_queued_mail() == 1  # what a worker does (tests/outbox.py)
    assert [m.to for m in mailoutbox] == [[invitation.email]]
    resume_path = re.search(r"/r/[\w-]+/resume/[\w-]+/", mailoutbox[0].body)[0]
    phone.goto(live_server.url + resume_path)
    phone.get_by_role("button", name="Continue here").tap()
    expect(phone.get_by_text("You can continue here.")).to_be_visible()
    resume = phone.get_by_role("link", name=f"Continue where you left off (page 2 of {total})")
    expect(resume).to_be_visible()
    screenshot(phone, "resume")
    resume.tap()
    expect(phone.get_by_text(f"Page 2 of {total}")).to_be_visible()
    phone.get_by_role("button", name="Back").tap()
    expect(phone.get_by_text(f"Page 1 of {total}")).to_be_visible()
    for name, value in chosen.items():
        expect(radio(phone, name, value)).to_be_checked()
    expect(phone.locator("input[type=radio]:checked")).to_have_count(len(chosen))

    # 3. Every page, then the review.
    phone.get_by_role("button", name="Next").tap()
    for page in pages[1:]:
        expect(phone.get_by_text(f"Page {page.number} of {total}")).to_be_visible()
        answer_the_rest(phone, page.fields)
        phone.get_by_role("button", name="Next").tap()
    # The optional open questions (issue #17): left empty, they never hold up the review.
    expect(heading(phone)).to_have_text("In your own words")
    phone.get_by_role("button", name="Review").tap()
    expect(heading(phone)).to_have_text("Review your answers")
    expect(phone.get_by_text("Everything is answered.")).to_be_visible()
    screenshot(phone, "review")
    # A second tab left open on the review page, to submit from again later.
    stale_tab = phone.context.new_page()
    stale_tab.goto(phone.url)

    # 4. Submit once: thank-you page with the summary.
    phone.get_by_role("button", name="Submit my answers").tap()
    expect(heading(phone)).to_have_text("Thank you!")
    expect(phone.get_by_role("heading", name="Your answers at a glance")).to_be_visible()
    screenshot(phone, "thanks")
    response = Response.objects.get(campaign=invitation.campaign)
    assert response.invitation_id is None
    submitted_at = response.submitted_at
    answers = response.answers.count()
    assert submitted_at is not None
    assert answers == sum(len(p.fields) for p in pages)

    # 5. Back, and a submit from the stale tab, change nothing.
    phone.go_back()
    expect(heading(phone)).to_have_text("Already submitted")
    expect(phone.get_by_role("button", name="Submit my answers")).to_have_count(0)
    stale_tab.get_by_role("button", name="Submit my answers").tap()
    expect(heading(stale_tab)).to_have_text("Already submitted")
    expect(stale_tab.get_by_text("Nothing was changed.")).to_be_visible()
    screenshot(stale_tab, "already-submitted")
    assert Response.objects.filter(campaign=invitation.campaign).count() == 1
    response.refresh_from_db()
    assert response.submitted_at == submitted_at
    assert response.answers.count() == answers
    assert found == [[], []]  # no CSP violation in either browser


def test_it_marks_a_missing_answer_beside_its_item_and_keeps_the_others(
    live_server, page: Page, invitation: Invitation, screenshot
):
    first = campaign_pages(campaign=invitation.campaign, side="business")[0]
    code, aspect = first.fields[0]
    missing = field_name(code, aspect)
    page.goto(f"{live_server.url}/r/{invitation.token}/page/1/")
    chosen = answer_page(page, first.fields, skip=0)
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("1 answer is missing on this page.")).to_be_visible()
    expect(page.get_by_text("Page 1 of")).to_be_visible()
    item = page.locator(f"#item-{code}")
    error = item.locator(f"#id_{missing}_error")
    expect(error).to_have_text("Please choose an answer for “Today” (or “Don't know”).")
    expect(item.locator("fieldset").first).to_have_attribute("aria-describedby", f"id_{missing}_error")
    # Beside its item: inside the item's card, and the only message on the page.
    expect(page.locator(".invalid-feedback")).to_have_count(1)
    for name, value in chosen.items():
        expect(radio(page, name, value)).to_be_checked()
    screenshot(page, "error")

    scale_label(page, missing, "2").click()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Page 2 of")).to_be_visible()
    assert Answer.objects.filter(response__invitation=invitation).count() == len(first.fields)


def tab_into(page: Page, name: str) -> None:
    page.keyboard.press("Tab")
    focused = page.evaluate("({name: document.activeElement.name, type: document.activeElement.type})")
    assert focused == {"name": name, "type": "radio"}


def answer_with_keys(page: Page, fields) -> dict[str, str]:
    """Tab into each radio group, Space picks 1, each ArrowRight the next value."""
    chosen = {}
    for index, (code, aspect) in enumerate(fields):
        name, value = field_name(code, aspect), value_for(index)
        tab_into(page, name)
        page.keyboard.press("Space")
        for _ in range(int(value) - 1):
            page.keyboard.press("ArrowRight")
        expect(radio(page, name, value)).to_be_checked()
        expect(radio(page, name, value)).to_be_focused()
        chosen[name] = value
    return chosen


def focused_text(page: Page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_it_can_be_answered_with_the_keyboard_alone(live_server, page: Page, invitation: Invitation, screenshot):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    page.goto(f"{live_server.url}/r/{invitation.token}/page/1/")

    page.keyboard.press("Tab")
    assert focused_text(page) == "Skip to content"
    expect(page.get_by_role("link", name="Skip to content")).to_be_visible()
    chosen = answer_with_keys(page, pages[0].fields)
    # The focus ring of the focused answer is visible on its button-like label.
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement.nextElementSibling);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] == "solid" and outline[1] >= 2
    screenshot(page, "focus")
    page.keyboard.press("Tab")
    assert focused_text(page) == "Back"
    page.keyboard.press("Tab")
    assert focused_text(page) == "Save, finish later"
    page.keyboard.press("Tab")
    assert focused_text(page) == "Next"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Page 2 of")).to_be_visible()

    # Enter inside a radio group submits like "Next" (the form's default button), not "Back".
    page.keyboard.press("Tab")  # skip link
    chosen |= answer_with_keys(page, pages[1].fields)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Page 3 of")).to_be_visible()

    page.keyboard.press("Tab")
    chosen |= answer_with_keys(page, pages[2].fields)
    for _ in range(3):
        page.keyboard.press("Tab")
    assert focused_text(page) == "Next"
    page.keyboard.press("Space")
    expect(page.get_by_text("Page 4 of")).to_be_visible()

    stored = {
        field_name(code, aspect): str(value)
        for code, aspect, value in Answer.objects.filter(response__invitation=invitation).values_list(
            "item__code", "aspect", "value"
        )
    }
    assert stored == chosen


def test_it_shows_the_not_found_page_for_a_wrong_link(live_server, page: Page, screenshot):
    wrong = secrets.token_urlsafe(32)
    response = page.goto(f"{live_server.url}/r/{wrong}/")
    assert response is not None and response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_text("check that it was copied whole")).to_be_visible()
    screenshot(page)
