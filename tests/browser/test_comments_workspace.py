"""The BRM's Comments page in a browser (issue #17): readable, accessible, and a comment hidden
and tagged with the keyboard and mouse, on a desktop and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Comment, Response
from assessments.services.responses import response_create_submitted
from tests.browser.a11y import blocking
from tests.browser.helpers import log_in_as, watch_csp
from tests.helpers import all_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_hides_and_tags_a_comment(live_server, page: Page, alice, campaign, axe, screenshot):
    csp = watch_csp(page.context)
    for text in ("Visit us more often", "Kim in payroll never answers", "Fewer forms, please"):
        response_create_submitted(
            campaign=campaign,
            side="business",
            answers=dict.fromkeys(all_fields(campaign, "business"), "3"),
            source=Response.Source.LINK,
            comments={"OPEN-BUS-1": text},
        )
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/comments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments")
    expect(page.get_by_role("status")).to_contain_text("3 comments · 0 hidden · 3 without a theme")
    assert blocking(axe(page)) == []

    kim = Comment.objects.get(text__startswith="Kim")
    card = page.locator(f"#comment-{kim.pk}")
    card.get_by_role("button", name="Hide").click()
    expect(page.get_by_role("status")).to_contain_text("3 comments · 1 hidden")
    expect(page.locator(f"#comment-{kim.pk}")).to_contain_text("Hidden")

    other = Comment.objects.exclude(pk=kim.pk).order_by("id").first()
    card = page.locator(f"#comment-{other.pk}")
    card.get_by_label("TRU").check()
    card.get_by_role("button", name="Save themes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The comment's themes are saved.")).to_be_visible()
    other.refresh_from_db()
    assert other.themes == ["TRU"]
    screenshot(page, "comments")
    assert csp == []
