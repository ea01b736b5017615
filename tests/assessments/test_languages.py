"""Campaign languages: respondents read the campaign's language or the one they choose, e-mails
follow it, and the scores do not depend on the language the answers came in (issue #9)."""

from __future__ import annotations

import copy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from assessments.content import read_content
from assessments.models import Campaign, Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.campaigns import campaign_duplicate
from assessments.services.instruments import instrument_load
from assessments.services.invitations import invitation_create, invitations_remind, invitations_send
from assessments.services.open_links import open_link_set_active
from assessments.services.responses import response_language_set, response_start
from respondent.forms import field_name
from tests.helpers import open_campaign, scores_of
from tests.outbox import deliver_queued_mail

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "nb", "nl"]


def _campaign(org, instrument, name: str, language: str = "en", languages: list[str] | None = None) -> Campaign:
    return open_campaign(org, instrument, name, language=language, languages=languages)


def _statement(page, side: str, language: str) -> str:
    return escape(page.items[0].text_for(side, language))


def test_the_campaign_keeps_its_language_first_and_each_language_once(org, instrument):
    campaign = _campaign(org, instrument, "Nordic round", language="nb", languages=["nl", "en", "nb", "nl"])
    assert campaign.language == "nb"
    assert campaign.offered_languages == ["nb", "en", "nl"]
    copy_ = campaign_duplicate(campaign=campaign)
    assert (copy_.language, copy_.offered_languages) == ("nb", ["nb", "en", "nl"])


def test_respondent_pages_follow_the_campaign_language(client, org, instrument):
    campaign = _campaign(org, instrument, "Dutch round", language="nl")
    invitation = invitation_create(campaign=campaign, side="business")
    welcome = client.get(reverse("respondent:welcome", args=[invitation.token]))
    assert welcome.status_code == 200
    assert welcome.headers["Content-Language"] == "nl"
    assert '<html lang="nl">' in welcome.content.decode()
    # One language only: no chooser.
    assert 'name="language"' not in welcome.content.decode()

    page = campaign_pages(campaign=campaign, side="business")[0]
    url = reverse("respondent:page", args=[invitation.token, 1])
    body = client.get(url).content.decode()
    assert _statement(page, "business", "nl") in body
    assert _statement(page, "business", "en") not in body
    # The first save creates the response, in the campaign's language.
    client.post(url, {"action": "save"})
    assert Response.objects.get(invitation=invitation).language == "nl"


def test_the_respondent_chooses_another_offered_language_on_the_welcome_page(client, org, instrument):
    campaign = _campaign(org, instrument, "Mixed round", language="en", languages=["nb", "nl"])
    invitation = invitation_create(campaign=campaign, side="it")
    url = reverse("respondent:welcome", args=[invitation.token])
    welcome = client.get(url).content.decode()
    for code, name in (("en", "English"), ("nb", "Norsk (bokmål)"), ("nl", "Nederlands")):
        assert f'value="{code}" lang="{code}"' in welcome
        assert name in welcome

    r = client.post(reverse("respondent:language", args=[invitation.token]), {"language": "nb"})
    assert r.status_code == 302 and r.url == url
    assert Response.objects.get(invitation=invitation).language == "nb"
    welcome = client.get(url)
    assert welcome.headers["Content-Language"] == "nb"
    assert 'value="nb" lang="nb" class="btn btn-primary" aria-pressed="true"' in welcome.content.decode()

    page = campaign_pages(campaign=campaign, side="it")[0]
    body = client.get(reverse("respondent:page", args=[invitation.token, 1])).content.decode()
    assert _statement(page, "it", "nb") in body
    # The review page keeps the choice (it lives on the response, so a device the respondent
    # continues on reads it too) ...
    assert client.get(reverse("respondent:review", args=[invitation.token])).headers["Content-Language"] == "nb"
    # ... but another browser holding the link is not told it: it reads the campaign's language.
    stranger = client.__class__().get(url)
    assert stranger.headers["Content-Language"] == "en"
    assert "started on another device" in stranger.content.decode()


def test_a_language_the_campaign_does_not_offer_is_ignored(client, org, instrument):
    campaign = _campaign(org, instrument, "English only")
    invitation = invitation_create(campaign=campaign, side="business")
    r = client.post(reverse("respondent:language", args=[invitation.token]), {"language": "nl"})
    assert r.status_code == 302
    assert not Response.objects.filter(invitation=invitation, language="nl").exists()
    assert client.get(r.url).headers["Content-Language"] == "en"
    # GET is not a way to change anything.
    assert client.get(reverse("respondent:language", args=[invitation.token])).status_code == 405


def test_the_browser_language_does_not_override_the_campaign_language(client, org, instrument):
    campaign = _campaign(org, instrument, "Dutch round", language="nl")
    invitation = invitation_create(campaign=campaign, side="business")
    r = client.get(reverse("respondent:welcome", args=[invitation.token]), HTTP_ACCEPT_LANGUAGE="nb,en;q=0.5")
    assert r.headers["Content-Language"] == "nl"


def test_invitations_and_reminders_are_written_in_the_respondents_language(org, instrument):
    campaign = _campaign(org, instrument, "Nordic round", language="nb", languages=["en"])
    first = invitation_create(campaign=campaign, side="business", email="kari@example.com")
    second = invitation_create(campaign=campaign, side="it", email="jan@example.com")
    with translation.override("en"):  # the BRM works in English
        assert invitations_send(campaign=campaign, invitations=[first, second]) == 2
    # A worker writes and sends them (assessments.services.mail), whatever language it runs in.
    with translation.override("nl"):
        assert deliver_queued_mail() == 2
    assert [m.extra_headers["Content-Language"] for m in mail.outbox] == ["nb", "nb"]

    # The second respondent switched to English; the reminder follows that choice.
    response_language_set(response=response_start(invitation=second), language="en")
    mail.outbox.clear()
    assert invitations_remind(campaign=campaign) == 2
    assert deliver_queued_mail() == 2
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert languages == {"kari@example.com": "nb", "jan@example.com": "en"}


def test_the_campaign_form_offers_languages_and_refuses_an_incomplete_translation(client, alice, org, instrument):
    client.force_login(alice)
    url = reverse("manage:campaign_create", args=[org.slug])
    form = client.get(url).content.decode()
    assert 'name="language"' in form and 'name="languages"' in form

    data = {
        "name": "Nordic round",
        "instrument": instrument.pk,
        "anonymity_threshold": 3,
        "practice_form": "short",
        "language": "nb",
        "languages": ["en", "nl"],
    }
    assert client.post(url, data).status_code == 302
    campaign = Campaign.objects.get(name="Nordic round")
    assert (campaign.language, campaign.offered_languages) == ("nb", ["nb", "en", "nl"])

    # A version of the instrument that lacks one Dutch text cannot be offered in Dutch.
    content = copy.deepcopy(read_content())
    content["overview"]["version"] = "2026.2-incomplete"
    for instrument_content in content["instruments"].values():
        instrument_content["version"] = "2026.2-incomplete"
    item = content["instruments"]["trust"]["sections"][0]["items"][0]
    del item["text"]["business"]["nl"]
    incomplete = instrument_load(content=_prepared(content))
    r = client.post(url, data | {"name": "Dutch round", "instrument": incomplete.pk})
    assert r.status_code == 200
    body = r.content.decode()
    assert "not fully translated" in body and "Nederlands" in body and item["code"] in body
    assert not Campaign.objects.filter(name="Dutch round").exists()
    # Offering only the complete languages works with the same version.
    r = client.post(url, data | {"name": "Dutch round", "instrument": incomplete.pk, "languages": ["en"]})
    assert r.status_code == 302


def _prepared(content: dict) -> dict:
    from assessments.content import content_prepare

    return content_prepare(instruments=content["instruments"], overview=content["overview"])


def _answer(value_index: int, field_index: int) -> str:
    """A varied but reproducible answer: scores 1-5, with a "don't know" now and then."""
    n = (value_index * 7 + field_index * 3) % 11
    return "dk" if n == 10 else str(1 + n % 5)


def _fill(client, invitation, respondent: int, language: str | None) -> None:
    if language:
        client.post(reverse("respondent:language", args=[invitation.token]), {"language": language})
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    field = 0
    for page in pages:
        url = reverse("respondent:page", args=[invitation.token, page.number])
        body = client.get(url).content.decode()
        assert _statement(page, invitation.side, language or invitation.campaign.language) in body
        data = {"action": "next"}
        for code, aspect in page.fields:
            data[field_name(code, aspect)] = _answer(respondent, field)
            field += 1
        assert client.post(url, data).status_code == 302
    r = client.post(reverse("respondent:submit", args=[invitation.token]))
    assert r.status_code == 302 and r.url.endswith("/thanks/")


def test_scores_are_the_same_whatever_language_the_answers_came_in(client, org, instrument):
    mixed = _campaign(org, instrument, "Mixed", language="nl", languages=["en", "nb"])
    english = _campaign(org, instrument, "English", language="en")
    for respondent in range(6):
        for side in ("business", "it"):
            language = LANGUAGES[(respondent + (side == "it")) % 3]
            _fill(client, invitation_create(campaign=mixed, side=side), respondent, language)
            _fill(client, invitation_create(campaign=english, side=side), respondent, None)

    assert set(Response.objects.filter(campaign=mixed).values_list("language", flat=True)) == set(LANGUAGES)
    assert set(Response.objects.filter(campaign=english).values_list("language", flat=True)) == {"en"}
    mixed_scores, english_scores = scores_of(campaign=mixed), scores_of(campaign=english)
    # Everything but the campaign's own id and name is the same.
    assert mixed_scores.pop("campaign") | {"id": 0, "name": ""} == english_scores.pop("campaign") | {
        "id": 0,
        "name": "",
    }
    assert mixed_scores == english_scores
    # Not trivially equal: real scores on both sides.
    assert mixed_scores["responses"]["business"] == 6


def test_the_open_link_pages_speak_the_campaign_language(client, org, instrument):
    campaign = _campaign(org, instrument, "Dutch round", language="nl")
    link = open_link_set_active(campaign=campaign, side="business", active=True)
    preview = client.get(reverse("respondent:open_link", args=[link.token]), HTTP_USER_AGENT="Slackbot 1.0")
    assert preview.headers["Content-Language"] == "nl"
    campaign.status = "closed"
    campaign.save()
    closed = client.get(reverse("respondent:open_link", args=[link.token]))
    assert closed.status_code == 410 and closed.headers["Content-Language"] == "nl"
