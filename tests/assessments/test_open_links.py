"""The open link per side, /r/open/<token>/: one invitation per visitor, reused on reload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.services import open_link_set_active

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(campaign):
    return open_link_set_active(campaign=campaign, side="it", active=True)


def _open_url(link) -> str:
    return reverse("respondent:open_link", args=[link.token])


def test_it_gives_each_visitor_their_own_invitation(client, link, campaign):
    r = client.get(_open_url(link))
    first = Invitation.objects.get()
    assert r.status_code == 302
    assert r.url == reverse("respondent:welcome", args=[first.token])
    assert (first.side, first.campaign_id, first.email) == ("it", campaign.pk, "")
    assert "no-cache" in r["Cache-Control"]

    another_browser = client.__class__()
    r = another_browser.get(_open_url(link))
    second = Invitation.objects.exclude(pk=first.pk).get()
    assert r.url == reverse("respondent:welcome", args=[second.token])


def test_it_reuses_the_invitation_on_reload(client, link):
    first = client.get(_open_url(link))
    again = client.get(_open_url(link))
    assert Invitation.objects.count() == 1
    assert again.status_code == 302
    assert again.url == first.url
    assert client.get(again.url).status_code == 200  # the personal welcome page works


def test_it_ignores_a_forged_cookie(client, link, invitation):
    client.cookies["brm_open_link"] = invitation.token
    r = client.get(_open_url(link))
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
