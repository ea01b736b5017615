"""axe-core on every page a respondent (or a user logging in) can see, plus a label check."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Campaign, Invitation
from assessments.selectors.instruments import campaign_pages
from assessments.services.invitations import invitation_create
from assessments.services.responses import response_answers_save, response_start, response_submit
from brmportal.lib.tokens import token_hash
from tests.browser.a11y import UNLABELLED, blocking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The claim cookie of the test's browser: only the browser that started a response sees its
# answers (issue #13).
CLAIM = "a" * 43


def answer_everything(invitation: Invitation, *, submit: bool = False, claim: str = CLAIM) -> None:
    response = response_start(invitation=invitation, claim_hash=token_hash(claim))
    for page in campaign_pages(campaign=invitation.campaign, side=invitation.side):
        response_answers_save(
            response=response, items={item.code: item for item in page.items}, answers=dict.fromkeys(page.fields, "4")
        )
    if submit:
        assert response_submit(response=response)


def page_number(invitation: Invitation, kind: str) -> int:
    return next(p.number for p in campaign_pages(campaign=invitation.campaign, side=invitation.side) if p.kind == kind)


def open_welcome(invitation: Invitation) -> tuple[str, str]:
    return f"/r/{invitation.token}/", "How well do business and IT work together?"


def open_relationship_page(invitation: Invitation) -> tuple[str, str]:
    return f"/r/{invitation.token}/page/{page_number(invitation, 'relationship')}/", "How business and IT work together"


def open_bisl_page(invitation: Invitation) -> tuple[str, str]:
    return (
        f"/r/{invitation.token}/page/{page_number(invitation, 'practice')}/",
        "How well the business manages information and IT",
    )


def open_words(invitation: Invitation) -> tuple[str, str]:
    answer_everything(invitation)
    return f"/r/{invitation.token}/words/", "In your own words"


def open_review(invitation: Invitation) -> tuple[str, str]:
    answer_everything(invitation)
    return f"/r/{invitation.token}/review/", "Review your answers"


def open_thanks(invitation: Invitation) -> tuple[str, str]:
    answer_everything(invitation, submit=True)
    return f"/r/{invitation.token}/thanks/", "Thank you!"


def open_elsewhere(invitation: Invitation) -> tuple[str, str]:
    answer_everything(invitation, claim="b" * 43)  # started in another browser
    return f"/r/{invitation.token}/", "This questionnaire was started on another device or browser"


def open_resume_confirm(invitation: Invitation) -> tuple[str, str]:
    answer_everything(invitation, claim="b" * 43)
    key = "k" * 43
    Invitation.objects.filter(pk=invitation.pk).update(
        resume_hash=token_hash(key), resume_expires_at=timezone.now() + timedelta(hours=1)
    )
    return f"/r/{invitation.token}/resume/{key}/", "Continue in this browser?"


def open_closed(invitation: Invitation) -> tuple[str, str]:
    now = timezone.now()
    Campaign.objects.filter(pk=invitation.campaign_id).update(
        status=Campaign.Status.CLOSED, opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1)
    )
    return f"/r/{invitation.token}/", "This assessment is closed"


def open_not_found(invitation: Invitation) -> tuple[str, str]:
    return "/r/this-link-does-not-lead-anywhere-at-all/", "Page not found"


def open_login(invitation: Invitation) -> tuple[str, str]:
    return "/accounts/login/", "Log in"


PAGES = {
    "welcome": open_welcome,
    "relationship": open_relationship_page,
    "bisl": open_bisl_page,
    "words": open_words,  # the optional open questions (issue #17)
    "review": open_review,
    "thanks": open_thanks,
    "elsewhere": open_elsewhere,
    "resume-confirm": open_resume_confirm,
    "not-found": open_not_found,
    "login": open_login,
    "closed": open_closed,  # last: it closes the campaign
}


def test_it_has_no_serious_accessibility_violations(live_server, page: Page, campaign, axe, screenshot):
    """Every page of PAGES in turn, in one browser; each page has a respondent of its own."""
    host = urlsplit(live_server.url).hostname
    for number, (name, open_page) in enumerate(PAGES.items()):
        invitation = invitation_create(campaign=campaign, side="business", email=f"r{number}@example.com")
        path, title = open_page(invitation)
        page.context.add_cookies(
            [{"name": "brm_claim", "value": CLAIM, "domain": host, "path": f"/r/{invitation.token}/"}]
        )
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)

        violations = axe(page)
        assert blocking(violations) == [], name
        assert page.evaluate(UNLABELLED) == [], name
        screenshot(page, name)
