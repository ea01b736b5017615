"""The respondent's journey at /r/<token>/ through Django's test client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Campaign, Invitation, Response
from assessments.selectors.instruments import campaign_pages
from brmportal.lib.exceptions import ApplicationError
from respondent.forms import field_name
from tests.helpers import page_data, page_url

pytestmark = pytest.mark.django_db


def answer_all(client, invitation: Invitation) -> list:
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    for page in pages:
        r = client.post(page_url(invitation, page.number), page_data(page))
        assert r.status_code == 302, r.content.decode()[:500]
    return pages


def test_it_shows_the_welcome_page(client, invitation):
    r = client.get(reverse("respondent:welcome", args=[invitation.token]))
    assert r.status_code == 200
    text = r.content.decode()
    assert "Acme Shipping" in text  # who runs it
    assert "minutes" in text  # how long
    assert "fewer than 3 respondents" in text  # how answers are used
    assert "Start" in text


@pytest.mark.parametrize("token", ["nope", "x" * 43, "../../etc/passwd", "%00", "a" * 500])
def test_it_returns_404_for_a_wrong_or_malformed_token(client, db, token):
    r = client.get(f"/r/{token}/")
    assert r.status_code == 404
    assert "Page not found" in r.content.decode()


def test_it_makes_unguessable_tokens(campaign):
    from assessments.services.invitations import invitation_create

    tokens = {invitation_create(campaign=campaign, side="business").token for _ in range(50)}
    assert len(tokens) == 50
    # 32 random bytes in URL-safe base64: 43 characters, 256 bits.
    assert all(len(t) == 43 for t in tokens)


def test_it_renders_every_page_for_both_sides(client, invitation, it_invitation):
    for inv in (invitation, it_invitation):
        pages = campaign_pages(campaign=inv.campaign, side=inv.side)
        # 2027.1: 2 relationship sections of 20 and 22 ratings on 2 pages each, 4 behaviour sections
        # (BEH-IT's 15 ratings on 2 pages), the BiSL short form (14 ratings) on 2 pages, 1 trust:
        # 12 pages, no page asks more than 12 ratings.
        assert len(pages) == 12
        assert max(len(p.fields) for p in pages) <= 12
        for page in pages:
            r = client.get(page_url(inv, page.number))
            assert r.status_code == 200
            body = r.content.decode()
            assert f"Page {page.number} of {len(pages)}" in body
            for code, aspect in page.fields:
                assert f'name="{field_name(code, aspect)}"' in body


def test_it_words_items_for_the_side(client, invitation, it_invitation):
    page = next(p for p in campaign_pages(campaign=invitation.campaign, side="business") if p.section.code == "BEH-IT")
    item = page.items[0]
    business_text = item.text_for("business")
    it_text = item.text_for("it")
    assert business_text != it_text
    assert business_text in client.get(page_url(invitation, page.number)).content.decode()
    assert it_text in client.get(page_url(it_invitation, page.number)).content.decode()


def test_it_offers_dont_know_and_not_applicable_only_where_allowed(client, invitation):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    practice = next(p for p in pages if p.kind == "practice")
    relationship = pages[0]
    body = client.get(page_url(invitation, practice.number)).content.decode()
    assert "Not applicable" in body and "Don&#x27;t know" in body
    body = client.get(page_url(invitation, relationship.number)).content.decode()
    assert "Not applicable" not in body and "Don&#x27;t know" in body


def test_it_saves_each_page_and_resumes_where_the_respondent_left(client, invitation):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    first = pages[0]
    r = client.post(page_url(invitation, 1), page_data(first, "4"))
    assert r.status_code == 302 and r["Location"] == page_url(invitation, 2)
    response = Response.objects.get(invitation=invitation)
    assert response.answers.count() == len(first.fields)
    assert response.current_page == 2
    invitation.refresh_from_db()
    assert invitation.state == "started"

    # The same browser opens the link later: it offers to continue on page 2 ... (another
    # browser cannot: tests/respondent/test_privacy.py)
    welcome = client.get(reverse("respondent:welcome", args=[invitation.token])).content.decode()
    assert "Continue where you left off (page 2 of" in welcome
    # ... and page 1 shows the saved answers checked.
    body = client.get(page_url(invitation, 1)).content.decode()
    code, aspect = first.fields[0]
    assert f'name="{field_name(code, aspect)}" value="4"' in body
    assert body.count("checked") == len(first.fields)


def test_it_reshows_the_page_with_messages_and_keeps_the_other_answers(client, invitation):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    (missing_code, missing_aspect), (bad_code, bad_aspect) = page.fields[0], page.fields[1]
    data = page_data(page, "2")
    del data[field_name(missing_code, missing_aspect)]
    data[field_name(bad_code, bad_aspect)] = "9"
    r = client.post(page_url(invitation, 1), data)
    assert r.status_code == 200
    body = r.content.decode()
    # Each message says which of the statement's two scales it is about.
    assert "Please choose an answer for “Today” (or “Don&#x27;t know”)." in body
    assert "For “Desired”, choose a value from 1 to 5 or “Don&#x27;t know”." in body
    # The message sits next to its field.
    assert f'id="id_{field_name(missing_code, missing_aspect)}_error"' in body
    # The valid answers are kept on the page and in the database.
    kept = Answer.objects.filter(response__invitation=invitation)
    assert kept.count() == len(page.fields) - 2
    assert body.count("checked") == len(page.fields) - 2


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "1; DROP TABLE answers", "ü" * 5000, "-1", "3.5", ""])
def test_it_rejects_hostile_values_with_a_message(client, invitation, hostile):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    code, aspect = page.fields[0]
    r = client.post(page_url(invitation, 1), page_data(page, "3", **{field_name(code, aspect): hostile}))
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.content.decode()
    assert not Answer.objects.filter(response__invitation=invitation, item__code=code, aspect=aspect).exists()


def test_it_goes_back_without_requiring_the_page(client, invitation):
    r = client.post(page_url(invitation, 2), {"action": "back"})
    assert r.status_code == 302 and r["Location"] == page_url(invitation, 1)


def test_it_completes_reviews_and_submits_once(client, invitation):
    answer_all(client, invitation)
    review = client.get(reverse("respondent:review", args=[invitation.token]))
    assert review.status_code == 200
    assert "Everything is answered" in review.content.decode()

    submit_url = reverse("respondent:submit", args=[invitation.token])
    r = client.post(submit_url)
    assert r.status_code == 302 and r["Location"] == reverse("respondent:thanks", args=[invitation.token])
    assert "Thank you" in client.get(r["Location"]).content.decode()
    # Submitted answers point at no invitation any more.
    response = Response.objects.get(campaign=invitation.campaign)
    assert response.invitation_id is None
    submitted_at = response.submitted_at
    answers = response.answers.count()
    invitation.refresh_from_db()
    assert invitation.state == "submitted"

    # A second submit (double click, back button) changes nothing.
    again = client.post(submit_url)
    assert again.status_code == 200
    assert "Already submitted" in again.content.decode()
    response.refresh_from_db()
    assert response.submitted_at == submitted_at
    assert Response.objects.filter(campaign=invitation.campaign).count() == 1

    # The link now only says so, and pages can no longer be changed.
    assert "Already submitted" in client.get(reverse("respondent:welcome", args=[invitation.token])).content.decode()
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    r = client.post(page_url(invitation, 1), page_data(page, "1"))
    assert "Already submitted" in r.content.decode()
    assert response.answers.count() == answers
    assert not response.answers.filter(value=1).exists()


def test_it_refuses_to_submit_an_incomplete_questionnaire(client, invitation):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    client.post(page_url(invitation, 1), page_data(page))
    r = client.post(reverse("respondent:submit", args=[invitation.token]), follow=True)
    assert "required answers are missing" in r.content.decode()
    assert Response.objects.get(invitation=invitation).submitted_at is None


def test_it_enforces_one_response_per_invitation_in_the_database(invitation):
    from django.db import IntegrityError, transaction

    from assessments.services.responses import response_start

    response_start(invitation=invitation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            organisation=invitation.organisation, campaign=invitation.campaign, invitation=invitation, side="business"
        )


def test_it_submits_only_once_at_the_database_level(invitation):
    from assessments.services.responses import response_answers_save, response_start, response_submit

    response = response_start(invitation=invitation)
    for page in campaign_pages(campaign=invitation.campaign, side=invitation.side):
        response_answers_save(
            response=response, items={item.code: item for item in page.items}, answers=dict.fromkeys(page.fields, "3")
        )
    stale = Response.objects.get(pk=response.pk)
    assert response_submit(response=response) is True
    # A second request holding a stale copy of the row cannot submit again.
    assert response_submit(response=stale) is False


def test_it_works_out_what_is_missing_itself(invitation):
    from assessments.services.responses import response_start, response_submit

    response = response_start(invitation=invitation)
    with pytest.raises(ApplicationError) as error:
        response_submit(response=response)
    first = campaign_pages(campaign=invitation.campaign, side="business")[0]
    code, aspect = first.fields[0]
    assert error.value.extra["missing"][0] == (code if aspect == "value" else f"{code}.{aspect}")
    assert Response.objects.get(pk=response.pk).submitted_at is None


def test_it_keeps_one_answer_row_when_two_tabs_save_the_same_page(client, invitation):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    client.post(page_url(invitation, 1), page_data(page, "2"))
    client.post(page_url(invitation, 1), page_data(page, "5"))
    answers = Answer.objects.filter(response__invitation=invitation)
    assert answers.count() == len(page.fields)
    assert set(answers.values_list("value", flat=True)) == {5}


@pytest.mark.parametrize(
    ("status", "opens", "closes", "code", "message"),
    [
        ("closed", -10, -1, 410, "This assessment is closed"),
        ("open", -10, -1, 410, "This assessment is closed"),
        ("draft", None, None, 403, "not open yet"),
        ("open", 2, 10, 403, "not open yet"),
    ],
)
def test_it_explains_a_campaign_that_is_not_open(client, invitation, status, opens, closes, code, message):
    now = timezone.now()
    Campaign.objects.filter(pk=invitation.campaign_id).update(
        status=status,
        opens_at=now + timedelta(days=opens) if opens is not None else None,
        closes_at=now + timedelta(days=closes) if closes is not None else None,
    )
    for url in (
        reverse("respondent:welcome", args=[invitation.token]),
        page_url(invitation, 1),
        reverse("respondent:review", args=[invitation.token]),
    ):
        r = client.get(url)
        assert r.status_code == code
        assert message in r.content.decode()
    r = client.post(reverse("respondent:submit", args=[invitation.token]))
    assert r.status_code == code
    assert not Response.objects.filter(invitation=invitation).exists()


def test_it_returns_404_for_a_page_out_of_range(client, invitation):
    assert client.get(page_url(invitation, 99)).status_code == 404
    assert client.get(page_url(invitation, 0)).status_code == 404


def test_it_uses_csrf_on_respondent_forms(invitation):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    r = strict.post(page_url(invitation, 1), {"action": "next"})
    assert r.status_code == 403


def test_it_shows_the_full_bisl_form_when_the_campaign_asks_for_it(client, invitation):
    Campaign.objects.filter(pk=invitation.campaign_id).update(practice_form="full")
    invitation.refresh_from_db()
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    practice_items = [item.code for p in pages if p.kind == "practice" for item in p.items]
    assert len(practice_items) == 23
    assert "BISL-DEM" in practice_items and "BISL-MAN" not in practice_items


def test_it_shows_the_respondent_a_summary_of_their_own_answers(client, invitation):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    for page in pages:
        data = page_data(page, "3")
        for code, aspect in page.fields:
            item = next(i for i in page.items if i.code == code)
            if item.kind == "relationship":
                # Agree with passive today, with partner as desired; everything else 2.
                agree = (item.dimension == "passive" and aspect == "today") or (
                    item.dimension == "partner" and aspect == "desired"
                )
                data[field_name(code, aspect)] = "5" if agree else "2"
        client.post(page_url(invitation, page.number), data)
    client.post(reverse("respondent:submit", args=[invitation.token]))
    body = client.get(reverse("respondent:thanks", args=[invitation.token])).content.decode()
    assert "Your answers at a glance" in body
    assert "<strong>Today:</strong> Passive" in body
    assert "<strong>Desired:</strong> Partner" in body
    # Trust: every answer 3 -> (3 - 1) / 4 x 100 = 50
    assert "<strong>50</strong> out of 100" in body


def test_it_hides_the_summary_when_the_campaign_does_not_allow_it(client, invitation):
    Campaign.objects.filter(pk=invitation.campaign_id).update(show_summary=False)
    answer_all(client, invitation)
    client.post(reverse("respondent:submit", args=[invitation.token]))
    body = client.get(reverse("respondent:thanks", args=[invitation.token])).content.decode()
    assert "Thank you" in body and "Your answers at a glance" not in body
