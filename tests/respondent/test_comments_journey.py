"""The last, optional page "In your own words" (issue #17): drafts kept with the response, moved
into comments that point at nobody at the submit, never required, over-long input refused with
the text kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Comment, CommentDraft, Invitation, Response
from assessments.selectors.comments import open_questions
from assessments.selectors.instruments import campaign_minutes, campaign_pages
from assessments.services.invitations import invitation_create
from respondent.forms import open_field_name
from tests.helpers import page_data, page_url

pytestmark = pytest.mark.django_db


def answer_all(client, invitation: Invitation) -> list:
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    for page in pages:
        r = client.post(page_url(invitation, page.number), page_data(page))
        assert r.status_code == 302, r.content.decode()[:500]
    return pages


def words_url(invitation: Invitation) -> str:
    return reverse("respondent:words", args=[invitation.token])


def test_it_asks_each_side_its_own_open_questions(campaign):
    business = [q.code for q in open_questions(campaign=campaign, side="business")]
    it = [q.code for q in open_questions(campaign=campaign, side="it")]
    assert business and it
    assert all(code.startswith("OPEN-BUS-") for code in business)
    assert all(code.startswith("OPEN-IT-") for code in it)
    assert 2 <= len(business) <= 3 and 2 <= len(it) <= 3


def test_it_goes_from_the_last_page_to_the_open_questions(client, invitation):
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    answer_all_but_last = pages[:-1]
    for page in answer_all_but_last:
        client.post(page_url(invitation, page.number), page_data(page))
    r = client.post(page_url(invitation, pages[-1].number), page_data(pages[-1]))
    assert r.status_code == 302 and r.url == words_url(invitation)
    r = client.get(words_url(invitation))
    text = r.content.decode()
    assert r.status_code == 200
    assert "In your own words" in text
    assert "One thing IT should start doing" in text
    assert "Optional, at most 500 characters." in text
    assert 'maxlength="500"' in text
    assert "One thing the business should start doing" not in text  # the IT side's question


def test_it_moves_the_drafts_into_comments_at_the_submit(client, invitation):
    answer_all(client, invitation)
    r = client.post(
        words_url(invitation),
        {open_field_name("OPEN-BUS-1"): "  Visit our floor once a week.\r\nReally.  ", "action": "next"},
    )
    assert r.status_code == 302 and r.url == reverse("respondent:review", args=[invitation.token])
    response = Response.objects.get(invitation=invitation)
    draft = CommentDraft.objects.get(response=response)
    assert draft.text == "Visit our floor once a week.\nReally."
    review = client.get(reverse("respondent:review", args=[invitation.token])).content.decode()
    assert "Visit our floor once a week." in review

    r = client.post(reverse("respondent:submit", args=[invitation.token]))
    assert r.status_code == 302 and r.url.endswith("/thanks/")
    # The draft is gone with the submit, and nothing ties the comment to the response.
    assert not CommentDraft.objects.exists()
    comment = Comment.objects.get()
    assert comment.text == "Visit our floor once a week.\nReally."
    assert comment.side == "business" and comment.question.code == "OPEN-BUS-1"
    assert not comment.published  # waits for its batch (one respondent of Sales so far)
    names = {f.name for f in Comment._meta.get_fields()}
    assert not names & {"response", "invitation", "created_at", "updated_at", "submitted_at", "source", "email"}
    # The response keeps no text of it anywhere.
    response.refresh_from_db()
    assert response.invitation_id is None
    assert not CommentDraft.objects.filter(response=response).exists()
    assert "Visit our floor" not in repr(Response.objects.filter(pk=response.pk).values().get())


def test_it_never_requires_the_open_questions(client, invitation):
    answer_all(client, invitation)
    r = client.post(words_url(invitation), {"action": "next"})
    assert r.status_code == 302
    r = client.post(reverse("respondent:submit", args=[invitation.token]))
    assert r.url.endswith("/thanks/")
    assert not Comment.objects.exists()


def test_it_refuses_an_over_long_answer_and_keeps_the_text(client, invitation):
    answer_all(client, invitation)
    long_text = "x" * 501
    r = client.post(
        words_url(invitation),
        {
            open_field_name("OPEN-BUS-1"): long_text,
            open_field_name("OPEN-BUS-2"): "Stop the ticket ping-pong.",
            "action": "next",
        },
    )
    assert r.status_code == 200
    text = r.content.decode()
    assert "This answer has 501 characters; at most 500 fit." in text
    assert long_text in text  # nothing lost
    # The other answer is kept; the over-long one is not stored cut short.
    assert list(CommentDraft.objects.values_list("text", flat=True)) == ["Stop the ticket ping-pong."]
    # Back does not lose it either: the page is shown again.
    r = client.post(words_url(invitation), {open_field_name("OPEN-BUS-1"): long_text, "action": "back"})
    assert r.status_code == 200 and long_text in r.content.decode()


@pytest.mark.parametrize(
    "hostile",
    ["y" * 100_000, "<script>alert('x')</script>", "a\x00b"],
    ids=["100k", "script", "nul"],
)
def test_it_survives_hostile_input(client, invitation, hostile):
    answer_all(client, invitation)
    r = client.post(words_url(invitation), {open_field_name("OPEN-BUS-1"): hostile, "action": "next"})
    assert r.status_code in (200, 302)
    if r.status_code == 200:
        assert "<script>alert" not in r.content.decode()
    review = client.get(reverse("respondent:review", args=[invitation.token]))
    assert review.status_code == 200
    assert "<script>alert" not in review.content.decode()  # escaped where it is shown
    for draft in CommentDraft.objects.all():
        assert len(draft.text) <= 500 and "\x00" not in draft.text


def test_it_says_what_the_open_questions_add_to_the_time_estimate(campaign):
    from assessments.selectors.instruments import (
        SECONDS_PER_OPEN_QUESTION,
        SECONDS_PER_RATING,
        open_question_minutes,
    )

    ratings = sum(len(p.fields) for p in campaign_pages(campaign=campaign, side="business"))
    asked = len(open_questions(campaign=campaign, side="business"))
    # The estimate is the rated part; the optional questions are said apart (3 x 40 s = 2 min).
    assert campaign_minutes(campaign=campaign, side="business") == round(ratings * SECONDS_PER_RATING / 60)
    assert (
        open_question_minutes(campaign=campaign, side="business") == round(asked * SECONDS_PER_OPEN_QUESTION / 60) == 2
    )


def test_it_keeps_the_drafts_to_the_browser_that_holds_the_claim(client, invitation):
    from django.test import Client

    answer_all(client, invitation)
    client.post(words_url(invitation), {open_field_name("OPEN-BUS-1"): "Mine only", "action": "save"})
    other = Client()
    r = other.get(words_url(invitation))
    assert "Mine only" not in r.content.decode()
    r = other.post(words_url(invitation), {open_field_name("OPEN-BUS-1"): "Overwritten", "action": "next"})
    assert CommentDraft.objects.get().text == "Mine only"


def test_it_forgets_the_drafts_when_a_chat_link_starts_again(client, campaign):
    from assessments.services.responses import response_restart

    invitation = invitation_create(campaign=campaign, side="it")
    answer_all(client, invitation)
    client.post(words_url(invitation), {open_field_name("OPEN-IT-1"): "Say what you need", "action": "save"})
    assert CommentDraft.objects.count() == 1
    response_restart(invitation=invitation)
    assert not CommentDraft.objects.exists()
