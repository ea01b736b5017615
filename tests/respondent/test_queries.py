"""What a questionnaire page costs the database (issue #8): a small constant number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Invitation
from assessments.selectors.instruments import campaign_pages
from assessments.selectors.invitations import invitation_get_by_token
from respondent.forms import field_name

pytestmark = pytest.mark.django_db


def page_url(invitation: Invitation, number: int) -> str:
    return reverse("respondent:page", args=[invitation.token, number])


def page_data(page, action: str = "next") -> dict[str, str]:
    return {field_name(code, aspect): "3" for code, aspect in page.fields} | {"action": action}


def test_it_shows_a_page_in_two_queries_whatever_its_size(client, invitation, django_assert_num_queries):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    # The first save creates the response and fills the per-process instrument caches.
    assert client.post(page_url(invitation, 1), page_data(pages[0])).status_code == 302
    practice = next(p for p in pages if p.kind == "practice")
    for page in (pages[1], practice):
        client.post(page_url(invitation, page.number), page_data(page, action="save"))
        # 1. the invitation with campaign, organisation, instrument and response; 2. its answers.
        # The claim check (issue #13) compares the cookie with the response read in 1: no query.
        with django_assert_num_queries(2):
            r = client.get(page_url(invitation, page.number))
        assert r.status_code == 200
        body = r.content.decode()
        assert body.count(" checked>") == len(page.fields)
    assert "Strongly agree" in client.get(page_url(invitation, 1)).content.decode()  # cached scale labels


def test_it_saves_a_page_in_three_queries(client, invitation, django_assert_num_queries):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    # The first save creates and claims the response; the ones after it are the common case.
    client.post(page_url(invitation, 1), page_data(pages[0], action="save"))
    # The invitation; the UPDATE that checks "not submitted", locks the response and records the
    # page; the upsert of the answers. SAVEPOINT and RELEASE are the service's transaction, nested
    # in the test's.
    with django_assert_num_queries(5) as captured:
        r = client.post(page_url(invitation, 1), page_data(pages[0]))
    assert r.status_code == 302
    statements = [q["sql"].split()[0] for q in captured.captured_queries]
    assert statements == ["SELECT", "SAVEPOINT", "UPDATE", "INSERT", "RELEASE"]


def test_it_reads_the_invitation_without_the_instrument_content(invitation):
    loaded = invitation_get_by_token(token=invitation.token)
    assert "content" in loaded.campaign.instrument.get_deferred_fields()
    # Code that needs it still gets it.
    assert loaded.campaign.instrument.content["instruments"]["relationship"]["scale"]["labels"]
