"""Actions that cannot be undone ask first, in a real browser on a 375 px phone and a desktop:
"Send reminders" says who will get one (the list on request) before anything is queued, and
"Close" says how many are part-way before the campaign closes; the closed date is then shown."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from assessments.models import Campaign, Invitation
from assessments.outbox import OutgoingEmail
from assessments.services.campaigns import campaign_create
from assessments.services.invitations import invitation_create
from tests.browser.a11y import blocking
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_it_asks_before_reminding_and_before_closing(live_server, new_context, alice, campaign, axe, screenshot, width):
    now = timezone.now()
    for name in ("pat", "kim", "lee"):
        invitation_create(campaign=campaign, side="business", email=f"{name}@example.com", department="Sales")
    Invitation.objects.filter(email__in=["pat@example.com", "kim@example.com"]).update(emailed_at=now)
    Invitation.objects.filter(email="kim@example.com").update(state=Invitation.State.STARTED)
    page: Page = new_context(**(PHONE if width == "phone" else DESKTOP)).new_page()
    log_in_as(page, live_server.url, alice)

    # 1. Reminders: the button asks first, naming how many and (on request) who.
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/invitations/")
    page.get_by_role("link", name="Send reminders (2 not submitted)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send reminders?")
    expect(page.locator("#recipient-count")).to_have_text("2 people will get a reminder e-mail.")
    recipients = page.locator(".recipient-list")
    expect(recipients).to_be_hidden()
    page.get_by_text("Show who").click()
    expect(recipients).to_be_visible()
    expect(recipients.locator("li")).to_have_text(["pat@example.com", "kim@example.com"])
    assert blocking(axe(page)) == []
    screenshot(page, "remind")
    assert not OutgoingEmail.objects.exists()  # nothing before the confirmation
    page.get_by_role("button", name="Send 2 reminders").click()
    expect(page.get_by_text("2 reminders are on their way")).to_be_visible()
    expect(page.get_by_text("Reminder queued: it goes out in the next minutes.")).to_have_count(2)
    assert sorted(OutgoingEmail.objects.values_list("invitation__email", "kind")) == [
        ("kim@example.com", "reminder"),
        ("pat@example.com", "reminder"),
    ]
    screenshot(page, "respondents")

    # 2. A draft: the "e-mail now" box is off (and says why), and the preview promises no e-mail.
    draft = campaign_create(organisation=campaign.organisation, instrument=campaign.instrument, name="Next round")
    page.goto(f"{live_server.url}/campaigns/{draft.pk}/invitations/")
    box = page.locator("#id_paste-send_now")
    expect(box).not_to_be_checked()
    expect(box).to_be_disabled()
    page.get_by_label("E-mail addresses").fill("ann@example.com")
    page.get_by_label("Business", exact=True).check()
    page.get_by_role("button", name="Check addresses").click()
    expect(page.get_by_text("Nothing is e-mailed while the campaign is a draft")).to_be_visible()
    screenshot(page, "draft-preview")

    # 3. Close: asks first, saying who is part-way; Cancel changes nothing.
    page.goto(f"{live_server.url}/o/{campaign.organisation.slug}/")
    page.get_by_role("link", name="Close…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Close “{campaign.name}”?")
    expect(page.locator("#close-summary")).to_contain_text("1 respondent has started and not submitted.")
    expect(page.locator("#close-summary")).to_contain_text("2 e-mails still waiting to be sent will not go out.")
    assert blocking(axe(page)) == []
    screenshot(page, "close")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaigns")
    assert Campaign.objects.get(pk=campaign.pk).status == "open"

    page.get_by_role("link", name="Close…").click()
    page.get_by_role("button", name="Close the campaign").click()
    expect(page.get_by_text(f"“{campaign.name}” is closed")).to_be_visible()
    closed = Campaign.objects.get(pk=campaign.pk)
    day = date_format(timezone.localtime(closed.closed_at), "SHORT_DATE_FORMAT")
    expect(page.get_by_text(f"Closed on {day}")).to_be_visible()
    screenshot(page, "closed")
