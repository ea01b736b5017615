"""An IT respondent on a phone chooses the business units they serve (issue #20): real labels,
the keyboard, axe-core, the pages of the further unit, the submit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Invitation, Response
from assessments.partners import BusinessUnit, PartnerAnswer
from assessments.selectors.response_partners import Unit, response_pages
from assessments.services.responses import response_answers_save
from respondent.forms import field_name
from tests.browser.a11y import UNLABELLED, blocking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_an_it_respondent_choose_two_units_on_a_phone(
    live_server, new_phone_page, it_invitation: Invitation, screenshot, axe, monkeypatch
):
    # The first of several units is drawn at random (tests/respondent/test_partners.py checks the
    # draw); here it is the first ticked, so the pages can be named in order.
    monkeypatch.setattr("assessments.services.partners_respondent.secrets.randbelow", lambda n: 0)
    invitation = it_invitation
    units = {
        name: BusinessUnit.objects.create(organisation=invitation.organisation, name=name)
        for name in ("Finance", "Ops", "Sales")
    }
    for unit in units.values():
        unit.campaigns.add(invitation.campaign)
    phone: Page = new_phone_page()

    # 1. The choice: a group with a legend, real labels, no blocking axe violation.
    phone.goto(f"{live_server.url}/r/{invitation.token}/")
    expect(phone.get_by_role("group", name="Which business units do you serve?")).to_be_visible()
    assert phone.evaluate(UNLABELLED) == []
    assert blocking(axe(phone)) == []
    screenshot(phone, "choice")
    # Finance with the keyboard (Space ticks the focused box), Sales by tapping its label.
    phone.get_by_label("Finance").focus()
    phone.keyboard.press("Space")
    phone.locator("label", has_text="Sales").tap()
    expect(phone.get_by_label("Finance")).to_be_checked()
    expect(phone.get_by_label("Sales")).to_be_checked()
    phone.get_by_role("button", name="Start").tap()

    pages = response_pages(
        campaign=invitation.campaign, side="it", units=[Unit(units[n].pk, n) for n in ("Finance", "Sales")]
    )
    expect(phone.get_by_text(f"Page 1 of {len(pages)}")).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("— Finance")

    # 2. Everything but the first page about Sales saved behind the scenes; that one on the phone.
    response = Response.objects.get(invitation=invitation)
    sales = next(p for p in pages if p.further)
    for page in pages:
        if page is not sales:
            response_answers_save(
                response=response,
                items={i.code: i for i in page.items},
                answers=dict.fromkeys(page.fields, "3"),
                partner_id=page.partner_id if page.further else None,
            )
    phone.goto(f"{live_server.url}/r/{invitation.token}/page/{sales.number}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("— Sales")
    expect(phone.get_by_text("Answer about the relationship between IT and Sales.")).to_be_visible()
    screenshot(phone, "further-unit")
    for code, aspect in sales.fields:
        phone.locator(f'input[name="{field_name(code, aspect)}"][value="4"] + label').tap()
    phone.get_by_role("button", name="Next").tap()
    expect(phone.get_by_text(f"Page {sales.number + 1} of {len(pages)}")).to_be_visible()
    assert PartnerAnswer.objects.filter(response=response, partner=units["Sales"], value=4).count() == len(sales.fields)

    # 3. The review lists the Sales pages; submitted; the summary says which unit it is about.
    phone.goto(f"{live_server.url}/r/{invitation.token}/review/")
    expect(phone.get_by_text("Everything is answered.")).to_be_visible()
    expect(phone.locator("h2", has_text="— Sales")).to_have_count(sum(1 for p in pages if p.further))
    phone.get_by_role("button", name="Submit my answers").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you!")
    expect(phone.get_by_text("About Finance, the first unit you answered for")).to_be_visible()
    screenshot(phone, "thanks")
