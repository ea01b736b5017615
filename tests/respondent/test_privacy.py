"""Issue #13: the personal link alone does not show or change a respondent's answers.

The attack: the BRM copied the respondent's link from the workspace (or the respondent forwarded
it) and opens it in another browser. Client `a` is the respondent's browser, client `b` the
other one; both go through the real pages.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Campaign, Invitation, Response
from assessments.selectors.instruments import campaign_pages
from assessments.selectors.invitations import invitation_get_by_token
from assessments.services.invitations import invitation_create
from assessments.services.responses import response_answers_save, response_restart, response_start, response_submit
from brmportal.lib.exceptions import ApplicationError
from respondent.forms import field_name
from tests.helpers import cache_clear
from tests.outbox import deliver_queued_mail

pytestmark = pytest.mark.django_db

COOKIE = "brm_claim"
ELSEWHERE = "This questionnaire was started on another device or browser"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The resume e-mail limit counts in the (per-process) cache, which outlives the database.
    cache_clear()
    yield
    cache_clear()


@pytest.fixture
def a() -> Client:
    return Client()


@pytest.fixture
def b() -> Client:
    return Client()


@pytest.fixture
def chat_invitation(campaign) -> Invitation:
    """A link handed out by chat: no e-mail address."""
    return invitation_create(campaign=campaign, side="business")


def url(name: str, invitation: Invitation, *args) -> str:
    return reverse(f"respondent:{name}", args=[invitation.token, *args])


def page_data(page, value: str = "4", action: str = "next") -> dict[str, str]:
    return {field_name(code, aspect): value for code, aspect in page.fields} | {"action": action}


def answer_pages(client: Client, invitation: Invitation, count: int | None = None, value: str = "4") -> list:
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    for page in pages[:count]:
        r = client.post(url("page", invitation, page.number), page_data(page, value))
        assert r.status_code == 302, r.content.decode()[:300]
    return pages


def test_it_keeps_the_answers_from_another_browser_holding_the_link(a, b, invitation):
    pages = answer_pages(a, invitation, count=2)
    response = Response.objects.get(invitation=invitation)
    answers = response.answers.count()
    statement = pages[0].items[0].text_for("business")

    welcome = b.get(url("welcome", invitation))
    assert welcome.status_code == 200
    body = welcome.content.decode()
    assert ELSEWHERE in body
    assert "Continue where you left off" not in body and "Review my answers" not in body
    assert "page 3" not in body.lower()
    for reader in (b.get(url("page", invitation, 1)), b.get(url("review", invitation))):
        assert reader.status_code == 403
        body = reader.content.decode()
        assert ELSEWHERE in body
        assert "checked" not in body and statement not in body

    # Nor can the other browser change, submit or re-language the answers.
    assert b.post(url("page", invitation, 1), page_data(pages[0], "1")).status_code == 403
    assert b.post(url("submit", invitation)).status_code == 403
    assert b.post(url("language", invitation), {"language": "en"}).status_code == 403
    response.refresh_from_db()
    assert response.submitted_at is None
    assert response.answers.count() == answers
    assert not response.answers.filter(value=1).exists()
    assert COOKIE not in b.cookies

    # The respondent's own browser goes on as before.
    assert a.get(url("page", invitation, 1)).content.decode().count("checked") == len(pages[0].fields)


def test_it_creates_no_response_when_pages_are_only_opened(a, invitation):
    for path in (url("welcome", invitation), url("page", invitation, 1), url("page", invitation, 3)):
        assert a.get(path).status_code == 200
    assert a.get(url("review", invitation)).status_code == 200
    assert a.post(url("submit", invitation)).status_code == 302
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.NEW
    assert COOKIE not in a.cookies


def test_it_claims_the_response_with_a_cookie_of_which_only_the_hash_is_stored(a, invitation):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    r = a.post(url("page", invitation, 1), page_data(page))
    cookie = r.cookies[COOKIE]
    secret = cookie.value
    assert len(secret) == 43  # secrets.token_urlsafe(32)
    assert cookie["path"] == f"/r/{invitation.token}/"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 180 * 24 * 3600
    response = Response.objects.get(invitation=invitation)
    assert response.claim_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert response.source == Response.Source.LINK
    assert not Response.objects.filter(claim_hash=secret).exists()
    # Later saves keep the claim; they set no new cookie.
    assert COOKIE not in a.post(url("page", invitation, 1), page_data(page, "2")).cookies


def test_it_claims_the_response_on_a_language_choice(a, b, org, instrument):
    from tests.helpers import open_campaign

    campaign = open_campaign(org, instrument, "Mixed", language="en", languages=["nl"])
    invitation = invitation_create(campaign=campaign, side="it", email="kim@example.com")
    r = a.post(url("language", invitation), {"language": "nl"})
    assert r.status_code == 302 and COOKIE in r.cookies
    assert Response.objects.get(invitation=invitation).language == "nl"
    assert ELSEWHERE in b.get(url("welcome", invitation)).content.decode()


@pytest.mark.parametrize("forged", ["", "x" * 43, "x" * 5000, "ü" * 40, '"; Path=/'])
def test_it_treats_a_tampered_claim_cookie_as_no_claim(a, b, invitation, forged):
    answer_pages(a, invitation, count=1)
    b.cookies[COOKIE] = forged
    assert ELSEWHERE in b.get(url("welcome", invitation)).content.decode()
    assert b.get(url("page", invitation, 1)).status_code == 403
    assert b.post(url("submit", invitation)).status_code == 403
    thanks = b.get(url("thanks", invitation))
    assert thanks.status_code == 302  # not submitted: back to the welcome page


def test_it_moves_the_claim_through_a_link_emailed_to_the_invitations_address(a, b, invitation):
    pages = answer_pages(a, invitation, count=2)
    body = b.get(url("welcome", invitation)).content.decode()
    assert "E-mail me a link to continue here" in body
    assert "Start again here" not in body

    r = b.post(url("resume_request", invitation))
    assert r.status_code == 302 and r.url == url("welcome", invitation)
    assert "We have e-mailed a link" in b.get(r.url).content.decode()
    assert deliver_queued_mail() == 1  # a worker sends it (assessments.services.mail)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.com"]
    assert "continue" in message.subject.lower()
    path = re.search(rf"/r/{invitation.token}/resume/[A-Za-z0-9_-]{{43}}/", message.body)[0]
    assert path in message.alternatives[0][0]
    key = path.rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert invitation.resume_hash == hashlib.sha256(key.encode()).hexdigest()
    assert timedelta(minutes=59) < invitation.resume_expires_at - timezone.now() <= timedelta(minutes=60)

    # Opening the link (a mail scanner, say) only asks to confirm: nothing moves yet.
    confirm = b.get(path)
    assert confirm.status_code == 200 and "Continue here" in confirm.content.decode()
    assert a.get(url("page", invitation, 3)).status_code == 200

    r = b.post(path)
    assert r.status_code == 302 and r.url == url("welcome", invitation)
    assert COOKIE in r.cookies
    welcome = b.get(r.url).content.decode()
    assert "You can continue here" in welcome
    assert f"Continue where you left off (page 3 of {len(pages)})" in welcome
    assert b.get(url("page", invitation, 1)).content.decode().count("checked") == len(pages[0].fields)
    # The first browser is locked out, and the link is spent.
    assert a.get(url("page", invitation, 1)).status_code == 403
    assert ELSEWHERE in a.get(url("welcome", invitation)).content.decode()
    invitation.refresh_from_db()
    assert (invitation.resume_hash, invitation.resume_expires_at) == ("", None)
    assert b.get(path).status_code == 404
    assert Client().post(path).status_code == 404


def test_it_sends_at_most_one_resume_email_every_few_minutes(a, b, invitation):
    answer_pages(a, invitation, count=1)
    assert b.post(url("resume_request", invitation)).status_code == 302
    again = b.post(url("resume_request", invitation))
    assert again.status_code == 429
    assert "A link was e-mailed a few minutes ago" in again.content.decode()
    assert Client().post(url("resume_request", invitation)).status_code == 429
    assert deliver_queued_mail() == 1
    assert len(mail.outbox) == 1


def test_it_refuses_an_expired_resume_link(a, b, invitation):
    answer_pages(a, invitation, count=1)
    b.post(url("resume_request", invitation))
    deliver_queued_mail()
    path = re.search(r"/r/\S+/resume/\S+/", mail.outbox[0].body)[0]
    Invitation.objects.filter(pk=invitation.pk).update(resume_expires_at=timezone.now() - timedelta(seconds=1))
    for r in (b.get(path), b.post(path)):
        assert r.status_code == 410
        assert "This link no longer works" in r.content.decode()
    assert b.get(url("page", invitation, 1)).status_code == 403
    assert a.get(url("page", invitation, 1)).status_code == 200


@pytest.mark.parametrize("key", ["k" * 43, "short-but-valid-shape", "A" * 64])
def test_it_refuses_a_wrong_resume_link(a, b, invitation, key):
    answer_pages(a, invitation, count=1)
    path = url("resume", invitation, key)
    assert b.get(path).status_code == 404  # no link was asked for
    b.post(url("resume_request", invitation))
    for r in (b.get(path), b.post(path)):
        assert r.status_code == 404
        assert "This link no longer works" in r.content.decode()
    assert a.get(url("page", invitation, 1)).status_code == 200


def test_it_sends_the_resume_link_in_the_respondents_language(a, b, org, instrument):
    from tests.helpers import open_campaign

    campaign = open_campaign(org, instrument, "Mixed", language="en", languages=["nb"])
    invitation = invitation_create(campaign=campaign, side="business", email="kari@example.com")
    a.post(url("language", invitation), {"language": "nb"})
    # The other browser reads the campaign's language; the e-mail goes in the respondent's.
    assert b.get(url("welcome", invitation)).headers["Content-Language"] == "en"
    b.post(url("resume_request", invitation))
    deliver_queued_mail()
    assert mail.outbox[0].extra_headers["Content-Language"] == "nb"


def test_it_starts_again_in_a_new_browser_for_a_link_without_an_address(a, b, chat_invitation):
    invitation = chat_invitation
    answer_pages(a, invitation, count=2)
    response = Response.objects.get(invitation=invitation)
    body = b.get(url("welcome", invitation)).content.decode()
    assert "Start again here" in body and "E-mail me a link" not in body
    assert b.post(url("resume_request", invitation)).status_code == 302
    assert not mail.outbox

    r = b.post(url("restart", invitation))
    assert r.status_code == 302 and COOKIE in r.cookies
    response.refresh_from_db()
    assert not response.answers.exists()
    assert response.current_page == 1
    welcome = b.get(url("welcome", invitation)).content.decode()
    assert "Start" in welcome and "Continue where you left off" not in welcome
    assert "checked" not in b.get(url("page", invitation, 1)).content.decode()
    # The first browser is locked out; the new one answers.
    assert a.get(url("review", invitation)).status_code == 403
    answer_pages(b, invitation, count=1, value="2")
    assert set(response.answers.values_list("value", flat=True)) == {2}
    assert Response.objects.filter(campaign=invitation.campaign).count() == 1


def test_it_never_starts_again_a_response_with_an_address_or_the_holders_own(a, b, invitation, chat_invitation):
    answer_pages(a, invitation, count=1)
    answers = Answer.objects.count()
    assert b.post(url("restart", invitation)).status_code == 302
    answer_pages(a, chat_invitation, count=1)  # the test client shares one cookie jar across links
    assert a.post(url("restart", chat_invitation)).status_code == 302
    assert Answer.objects.count() == 2 * answers
    with pytest.raises(ApplicationError):
        response_restart(invitation=invitation)


def test_it_never_starts_again_a_submitted_response(a, b, chat_invitation):
    invitation = chat_invitation
    answer_pages(a, invitation)
    assert a.post(url("submit", invitation)).status_code == 302
    answers = Answer.objects.count()
    r = b.post(url("restart", invitation))
    assert r.status_code == 200 and "Already submitted" in r.content.decode()
    assert Answer.objects.count() == answers
    assert Response.objects.get().submitted_at is not None


def test_it_shows_the_summary_only_to_the_browser_that_submitted(a, b, invitation):
    answer_pages(a, invitation)
    r = a.post(url("submit", invitation))
    assert r.status_code == 302 and r.url == url("thanks", invitation)

    # Nothing ties the submitted answers to the invitation (or its address) any more.
    response = Response.objects.get(campaign=invitation.campaign)
    assert response.submitted_at is not None and response.invitation_id is None
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.SUBMITTED
    assert not Response.objects.filter(invitation=invitation).exists()
    assert getattr(invitation_get_by_token(token=invitation.token), "response", None) is None

    mine = a.get(url("thanks", invitation)).content.decode()
    assert "Your answers at a glance" in mine and "out of 100" in mine
    for other in (b, Client()):
        theirs = other.get(url("thanks", invitation))
        assert theirs.status_code == 200
        body = theirs.content.decode()
        assert "Already submitted" in body
        assert "Your answers at a glance" not in body and "out of 100" not in body and "index" not in body
        assert other.get(url("welcome", invitation)).content.decode().count("Already submitted") == 1


def test_it_refuses_a_second_response_after_the_submit(a, b, invitation):
    pages = answer_pages(a, invitation)
    a.post(url("submit", invitation))
    for client in (a, b):
        r = client.post(url("page", invitation, 1), page_data(pages[0], "1"))
        assert "Already submitted" in r.content.decode()
        assert client.post(url("language", invitation), {"language": "en"}).status_code == 200
    assert Response.objects.count() == 1
    # The service refuses too, whatever copy of the invitation it is handed.
    stale = Invitation.objects.get(pk=invitation.pk)
    with pytest.raises(ApplicationError):
        response_start(invitation=stale, claim_hash="0" * 64)
    assert Response.objects.count() == 1


def test_it_keeps_the_first_browsers_claim_when_two_start_at_once(invitation):
    # Both requests read the invitation before either created the response.
    first, second = (invitation_get_by_token(token=invitation.token) for _ in range(2))
    created = response_start(invitation=first, claim_hash="a" * 64)
    raced = response_start(invitation=second, claim_hash="b" * 64)
    assert raced.pk == created.pk and raced.claim_hash == "a" * 64


def test_it_stores_nothing_from_the_old_browser_once_the_claim_moved(chat_invitation):
    invitation = chat_invitation
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    old = response_start(invitation=invitation, claim_hash="a" * 64)
    response_restart(invitation=invitation_get_by_token(token=invitation.token))
    items = {item.code: item for item in page.items}
    # A save or submit of the old browser that was already under way changes nothing.
    with pytest.raises(ApplicationError):
        response_answers_save(response=old, items=items, answers=dict.fromkeys(page.fields, "3"))
    assert response_submit(response=old) is False
    assert not Answer.objects.exists()


def test_it_records_when_the_link_is_first_opened(a, b, invitation):
    assert invitation.opened_at is None and invitation.link_visible
    a.get(url("welcome", invitation), HTTP_USER_AGENT="Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
    a.get(url("welcome", invitation), HTTP_USER_AGENT="Mozilla/5.0 (compatible; Microsoft Teams)")
    invitation.refresh_from_db()
    assert invitation.opened_at is None

    a.get(url("welcome", invitation), HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
    invitation.refresh_from_db()
    opened = invitation.opened_at
    assert opened is not None and not invitation.link_visible
    b.get(url("welcome", invitation))
    invitation.refresh_from_db()
    assert invitation.opened_at == opened  # only the first time


def test_it_explains_a_closed_campaign_before_anything_else(a, b, invitation):
    answer_pages(a, invitation, count=1)
    Campaign.objects.filter(pk=invitation.campaign_id).update(status="closed")
    for path in (url("welcome", invitation), url("page", invitation, 1), url("resume", invitation, "k" * 43)):
        r = b.get(path)
        assert r.status_code == 410 and "This assessment is closed" in r.content.decode()
    assert b.post(url("resume_request", invitation)).status_code == 410
    assert not mail.outbox
