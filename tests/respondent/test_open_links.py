"""The open link per side, /r/open/<token>/: one invitation per visitor who presses Start,
reused on reload; starts are rate limited and capped per link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation, OpenLink, Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.open_links import open_link_set_active
from respondent.forms import field_name
from tests.helpers import cache_clear

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate limits count in the cache, which outlives each test's database. Only this test
    # process's keys: a plain cache.clear() is FLUSHDB on the Redis that the process beside this
    # one shares, and wiped its counters mid-test (found with `redis-cli monitor`).
    cache_clear()
    yield
    cache_clear()


@pytest.fixture
def link(campaign):
    return open_link_set_active(campaign=campaign, side="it", active=True)


def _open_url(link) -> str:
    return reverse("respondent:open_link", args=[link.token])


def test_it_gives_each_visitor_their_own_invitation(client, link, campaign):
    r = client.post(_open_url(link))
    first = Invitation.objects.get()
    assert r.status_code == 302
    assert r.url == reverse("respondent:welcome", args=[first.token])
    assert (first.side, first.campaign_id, first.email, first.open_link_id) == ("it", campaign.pk, "", link.pk)
    assert "no-cache" in r["Cache-Control"]

    another_browser = client.__class__()
    r = another_browser.post(_open_url(link))
    second = Invitation.objects.exclude(pk=first.pk).get()
    assert r.url == reverse("respondent:welcome", args=[second.token])


def test_it_reuses_the_invitation_on_reload(client, link):
    first = client.post(_open_url(link))
    again = client.get(_open_url(link))
    assert client.post(_open_url(link)).url == first.url
    assert Invitation.objects.count() == 1
    assert again.status_code == 302
    assert again.url == first.url
    assert client.get(again.url).status_code == 200  # the personal welcome page works


def test_it_ignores_a_forged_cookie(client, link, invitation):
    client.cookies["brm_open_link"] = invitation.token
    r = client.post(_open_url(link))
    assert r.url != reverse("respondent:welcome", args=[invitation.token])
    assert Invitation.objects.count() == 2


def test_it_does_not_start_a_questionnaire_for_link_previews(client, link):
    r = client.get(_open_url(link), HTTP_USER_AGENT="Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
    assert r.status_code == 200
    assert b"Start the questionnaire" in r.content
    assert not Invitation.objects.exists()
    r = client.post(_open_url(link))
    assert r.status_code == 302
    assert Invitation.objects.count() == 1


def test_it_creates_nothing_on_a_get(client, link):
    for _ in range(3):
        r = client.get(_open_url(link))
        assert r.status_code == 200
        body = r.content.decode()
        assert "Start the questionnaire" in body and 'method="post"' in body
    assert not Invitation.objects.exists()
    assert not Response.objects.exists()


def test_it_creates_the_response_as_an_open_link_one_on_the_first_save(client, link, campaign):
    welcome = client.post(_open_url(link)).url
    assert not Response.objects.exists()  # starting only makes the invitation
    invitation = Invitation.objects.get()
    assert client.get(welcome).status_code == 200
    assert not Response.objects.exists()
    page = campaign_pages(campaign=campaign, side="it")[0]
    data = {field_name(code, aspect): "3" for code, aspect in page.fields} | {"action": "next"}
    assert client.post(reverse("respondent:page", args=[invitation.token, 1]), data).status_code == 302
    response = Response.objects.get()
    assert (response.source, response.invitation_id, response.side) == (Response.Source.OPEN, invitation.pk, "it")


def test_it_limits_starts_per_address(client, link, settings):
    settings.OPEN_LINK_STARTS_PER_ADDRESS_PER_HOUR = 2
    for _ in range(2):
        assert Client().post(_open_url(link)).status_code == 302
    r = Client().post(_open_url(link))
    assert r.status_code == 429
    assert "Too many questionnaires started" in r.content.decode()
    assert r["Retry-After"] == "3600"
    assert Invitation.objects.count() == 2
    # Another address is not held back by this one.
    assert Client(REMOTE_ADDR="198.51.100.7").post(_open_url(link)).status_code == 302
    assert Invitation.objects.count() == 3


def test_it_limits_starts_per_link(link, settings):
    settings.OPEN_LINK_STARTS_PER_LINK_PER_HOUR = 3
    statuses = [Client(REMOTE_ADDR=f"198.51.100.{n}").post(_open_url(link)).status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Invitation.objects.count() == 3


def test_it_stops_starting_respondents_at_the_cap(link):
    OpenLink.objects.filter(pk=link.pk).update(cap=2)
    first = Client()
    first_welcome = first.post(_open_url(link)).url
    assert Client().post(_open_url(link)).status_code == 302

    for r in (Client().get(_open_url(link)), Client().post(_open_url(link))):
        assert r.status_code == 403
        assert "This link has reached the number of respondents it was set up for" in r.content.decode()
    assert Invitation.objects.count() == 2
    # A visitor who already started is still sent back to their own questionnaire.
    again = first.get(_open_url(link))
    assert again.status_code == 302 and again.url == first_welcome


def test_it_counts_the_cap_over_the_links_whole_life(client, link):
    """Submitted or not, every invitation started through the link counts: the cap is on starts."""
    OpenLink.objects.filter(pk=link.pk).update(cap=1)
    assert client.post(_open_url(link)).status_code == 302
    Invitation.objects.update(state=Invitation.State.SUBMITTED)
    assert Client().post(_open_url(link)).status_code == 403


def test_it_returns_404_for_a_switched_off_link(client, link, campaign):
    open_link_set_active(campaign=campaign, side="it", active=False)
    assert client.get(_open_url(link)).status_code == 404
    assert client.get("/r/open/" + "x" * 43 + "/").status_code == 404
    assert not Invitation.objects.exists()


def test_it_creates_nothing_while_the_campaign_is_not_open(client, link, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(status="draft")
    assert client.get(_open_url(link)).status_code == 403
    Campaign.objects.filter(pk=campaign.pk).update(status="open", closes_at=timezone.now() - timedelta(minutes=1))
    assert client.get(_open_url(link)).status_code == 410
    assert not Invitation.objects.exists()
