"""Actions that cannot be undone ask first: "Send invitations", "Send reminders" (who, how many,
the list on request) and "Close" (how many are part-way); the closed pages give the real date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import Campaign, Invitation
from assessments.outbox import OutgoingEmail
from assessments.services.campaigns import campaign_close, campaign_create, campaign_open
from assessments.services.invitations import invitation_create, invitations_send
from tests.outbox import deliver_queued_mail
from workspace.views import invitation_emails

pytestmark = pytest.mark.django_db


def _url(name: str, campaign: Campaign) -> str:
    return reverse(f"manage:{name}", args=[campaign.pk])


@pytest.fixture
def invited(campaign):
    """pat and kim e-mailed (kim has started), sam submitted, lee never e-mailed, one link only."""
    now = timezone.now()
    people = {
        name: invitation_create(campaign=campaign, side="business", email=f"{name}@example.com")
        for name in ("pat", "kim", "sam", "lee")
    }
    Invitation.objects.filter(email__in=["pat@example.com", "kim@example.com", "sam@example.com"]).update(
        emailed_at=now
    )
    Invitation.objects.filter(pk=people["kim"].pk).update(state=Invitation.State.STARTED)
    Invitation.objects.filter(pk=people["sam"].pk).update(state=Invitation.State.SUBMITTED)
    invitation_create(campaign=campaign, side="it")
    return people


def test_it_asks_before_reminding_and_names_who(client, alice, campaign, invited):
    client.force_login(alice)
    r = client.get(_url("invitation_remind", campaign))
    assert r.status_code == 200
    html = " ".join(r.content.decode().split())
    assert "<strong>2</strong> people will get a reminder e-mail." in html
    # Only who was e-mailed an invitation and has not submitted, listed on request.
    assert r.context["shown"] == ["pat@example.com", "kim@example.com"]
    assert "<summary>Show who</summary>" in html
    assert "lee@example.com" not in html and "sam@example.com" not in html
    assert 'name="expected" value="2"' in html
    assert not OutgoingEmail.objects.exists()

    r = client.post(_url("invitation_remind", campaign), {"expected": "2"}, follow=True)
    assert "2 reminders are on their way" in r.content.decode()
    assert deliver_queued_mail() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@example.com", "pat@example.com"]
    assert all(m.subject.startswith("Reminder:") for m in mail.outbox)


def test_it_asks_before_inviting_everyone_not_e_mailed_yet(client, alice, campaign, invited):
    client.force_login(alice)
    r = client.get(_url("invitations_invite", campaign))
    html = " ".join(r.content.decode().split())
    assert "<strong>1</strong> person will get the invitation e-mail." in html
    assert r.context["shown"] == ["lee@example.com"]
    client.post(_url("invitations_invite", campaign), {"expected": "1"})
    assert deliver_queued_mail() == 1
    assert [m.to for m in mail.outbox] == [["lee@example.com"]]
    # Asked again, nobody is left to invite.
    again = client.get(_url("invitations_invite", campaign)).content.decode()
    assert "Nobody to invite" in again and 'name="expected"' not in again


def test_it_asks_again_when_more_people_would_get_it_than_were_shown(client, alice, campaign, invited):
    client.force_login(alice)
    Invitation.objects.filter(pk=invited["lee"].pk).update(emailed_at=timezone.now())  # a third to remind
    r = client.post(_url("invitation_remind", campaign), {"expected": "2"})
    assert r.status_code == 409
    assert "More people would get this e-mail now than when you looked" in r.content.decode()
    assert 'name="expected" value="3"' in r.content.decode()
    # A POST that saw no count at all (an old form, a script) is only a question too.
    assert client.post(_url("invitation_remind", campaign)).status_code == 409
    assert not OutgoingEmail.objects.exists()


def test_it_lists_the_first_addresses_and_links_to_the_rest(client, alice, campaign, invited, monkeypatch):
    monkeypatch.setattr(invitation_emails, "RECIPIENTS_SHOWN", 1)
    client.force_login(alice)
    html = client.get(_url("invitation_remind", campaign)).content.decode()
    assert "and 1 more" in html
    assert f'href="{_url("invitation_list", campaign)}?mail=to_remind"' in html


def test_it_says_why_a_draft_cannot_be_e_mailed(client, alice, org, instrument):
    draft = campaign_create(organisation=org, instrument=instrument, name="Draft")
    invitation_create(campaign=draft, side="it", email="x@example.com")
    client.force_login(alice)
    r = client.get(_url("invitations_invite", draft))
    assert "before sending e-mails" in r.content.decode()
    assert 'name="expected"' not in r.content.decode()
    client.post(_url("invitations_invite", draft), {"expected": "1"})
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("name", ["invitation_remind", "invitations_invite", "campaign_close_confirm"])
def test_it_checks_access_to_the_questions(client, bob, charlie, campaign, name):
    client.force_login(charlie)
    assert client.get(_url(name, campaign)).status_code == 404
    client.force_login(bob)
    assert client.get(_url(name, campaign)).status_code == 403


# --- close ---------------------------------------------------------------------------------


def test_it_asks_before_closing_and_says_how_many_are_part_way(client, alice, campaign, invited):
    invitations_send(campaign=campaign, invitations=[invited["lee"]])  # an e-mail still waiting
    client.force_login(alice)
    cards = client.get(reverse("manage:campaign_list", args=[campaign.organisation.slug])).content.decode()
    assert f'href="{_url("campaign_close_confirm", campaign)}"' in cards
    assert f'action="{_url("campaign_close", campaign)}"' not in cards  # no one-click close

    html = " ".join(client.get(_url("campaign_close_confirm", campaign)).content.decode().split())
    assert "1 respondent has started and not submitted." in html
    assert "they cannot finish, and their unfinished answers are not counted" in html
    assert "1 e-mail still waiting to be sent will not go out." in html
    assert f'action="{_url("campaign_close", campaign)}"' in html

    client.post(_url("campaign_close", campaign))
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assert timezone.now() - campaign.closed_at < timedelta(minutes=1)


def test_it_shows_the_date_a_campaign_actually_closed(client, alice, campaign, invitation):
    closes = campaign.closes_at
    closed = campaign_close(campaign=campaign)
    when = closed.closed_at
    assert when < closes
    client.force_login(alice)
    expected = date_format(timezone.localtime(when), "DATE_FORMAT")
    respondent = client.get(reverse("respondent:welcome", args=[invitation.token])).content.decode()
    assert f"closed on {expected}" in respondent
    assert date_format(timezone.localtime(closes), "DATE_FORMAT") not in respondent
    short = date_format(timezone.localtime(when), "SHORT_DATE_FORMAT")
    cards = client.get(reverse("manage:campaign_list", args=[campaign.organisation.slug])).content.decode()
    assert f"Closed on {short}" in cards
    dashboard = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert f"closed on {expected}" in dashboard

    # Reopened, it is no longer closed on any date.
    campaign_open(campaign=closed)
    closed.refresh_from_db()
    assert closed.closed_at is None


def test_it_closes_on_the_close_date_when_that_came_first(campaign):
    past = timezone.now() - timedelta(hours=2)
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=past)
    campaign.refresh_from_db()
    assert campaign_close(campaign=campaign).closed_at == past
