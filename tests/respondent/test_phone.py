"""Respondent pages on a phone (issue #15, item 4): pages of at most about 12 ratings, missing
answers counted, linked and focused, the campaign's contact, a real Start button, one time
estimate for the welcome page and the e-mails, a favicon."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Campaign, Response
from assessments.selectors.comments import open_questions
from assessments.selectors.instruments import (
    MAX_RATINGS_PER_PAGE,
    campaign_minutes,
    campaign_pages,
    open_question_minutes,
)
from assessments.services.mail import invitation_email_build
from assessments.services.open_links import open_link_set_active
from respondent.forms import field_name
from tests.helpers import page_data, page_url

pytestmark = pytest.mark.django_db


def welcome_url(invitation) -> str:
    return reverse("respondent:welcome", args=[invitation.token])


# --- pages of about 12 ratings ---------------------------------------------------------------


@pytest.mark.parametrize("form", ["short", "full"])
@pytest.mark.parametrize("side", ["business", "it"])
def test_it_splits_long_sections_into_pages_of_at_most_12_ratings(campaign, instrument, form, side):
    Campaign.objects.filter(pk=campaign.pk).update(practice_form=form)
    campaign.refresh_from_db()
    pages = campaign_pages(campaign=campaign, side=side)
    assert max(len(p.fields) for p in pages) <= MAX_RATINGS_PER_PAGE
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    # Every question once, in the instrument's order, an item's aspects on one page.
    items = [item for p in pages for item in p.items]
    orders = [(item.section.order, item.order) for item in items]
    assert orders == sorted(orders) and len({item.code for item in items}) == len(items)
    for p in pages:
        assert p.fields == tuple((item.code, aspect) for item in p.items for aspect in item.aspects)
    # A split section's parts are numbered and even (20 ratings: 10 + 10, never 12 + 8).
    by_section: dict[str, list] = {}
    for p in pages:
        by_section.setdefault(p.section.code, []).append(p)
    for parts in by_section.values():
        assert [(p.part, p.parts) for p in parts] == [(n, len(parts)) for n in range(1, len(parts) + 1)]
        sizes = [len(p.fields) for p in parts]
        assert max(sizes) - min(sizes) <= 2
    assert [len(p.fields) for p in by_section["REL-1"]] == [10, 10]
    assert len(pages) == (12 if form == "short" else 15)


def test_it_counts_the_real_pages_in_the_progress_and_on_the_welcome_page(client, invitation):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    total = len(pages)
    assert f"{total} short pages" in client.get(welcome_url(invitation)).content.decode()
    body = client.get(page_url(invitation, total)).content.decode()
    assert f"Page {total} of {total}" in body
    assert "Next" in body  # the last page leads to the optional open questions, then the review
    # Part 2 of a split section says it continues; part 1 does not.
    assert pages[1].part == 2
    assert "Continued from the previous page." in client.get(page_url(invitation, 2)).content.decode()
    assert "Continued from the previous page." not in client.get(page_url(invitation, 1)).content.decode()


def test_it_keeps_the_answers_of_a_page_posted_from_before_the_split(client, invitation):
    """A page opened before a deploy changed the split posts questions that are now on two
    pages: every valid answer is kept, none is cleared, and the page is shown again."""
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    old_page = page_data(pages[0], "4") | page_data(pages[1], "5")  # REL-1 when it was one page
    r = client.post(page_url(invitation, 1), old_page)
    assert r.status_code == 302 and r["Location"] == page_url(invitation, 1)
    stored = Answer.objects.filter(response__invitation=invitation)
    assert stored.count() == len(pages[0].fields) + len(pages[1].fields)
    assert set(stored.filter(item__code=pages[1].items[0].code).values_list("value", flat=True)) == {5}
    assert "rearranged" in client.get(r["Location"]).content.decode()
    # A later stale post that leaves a question out does not clear its saved answer.
    partial = page_data(pages[0], "2")
    partial[field_name(*pages[1].fields[0])] = "1"
    client.post(page_url(invitation, 1), partial)
    assert stored.count() == len(pages[0].fields) + len(pages[1].fields)


# --- missing answers: how many, which part, a link to the first, focused ---------------------


def test_it_counts_the_missing_answers_links_to_the_first_and_focuses_it(client, invitation):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    (code, _today), (_code, desired) = page.fields[0], page.fields[1]
    later = page.fields[5]
    data = page_data(page, "3")
    del data[field_name(code, desired)], data[field_name(*later)]
    r = client.post(page_url(invitation, 1), data)
    assert r.status_code == 200
    body = r.content.decode()
    assert "2 answers are missing on this page." in body
    first = f"id_{field_name(code, desired)}_0"
    assert f'href="#{first}"' in body
    # Focused: the first missing answer's first button, and nothing else.
    assert body.count(" autofocus") == 1
    assert re.search(rf'id="{first}"[^>]*autofocus', body)
    # Each message names the part of the statement that is missing.
    assert "Please choose an answer for “Desired”" in body
    assert body.count("Please choose an answer for “Today”") == (1 if later[1] == "today" else 0)
    assert "<title>Error:" in body
    # The 10 answers given are kept.
    assert Answer.objects.filter(response__invitation=invitation).count() == len(page.fields) - 2


def test_it_says_when_an_answer_is_not_valid_rather_than_missing(client, invitation):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    r = client.post(page_url(invitation, 1), page_data(page, "3", **{field_name(*page.fields[0]): "9"}))
    body = r.content.decode()
    assert "1 answer on this page needs your attention." in body
    assert "For “Today”, choose a value from 1 to 5" in body


def test_it_links_the_review_to_the_first_missing_answer_marked_and_focused(client, invitation):
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    for page in pages:
        data = page_data(page, "3")
        if page.number == 3:
            del data[field_name(*page.fields[1])]
        client.post(page_url(invitation, page.number), data)
    review = client.get(reverse("respondent:review", args=[invitation.token])).content.decode()
    assert "1 answer still missing" in review
    link = page_url(invitation, 3) + "?check=1"
    assert re.search(rf'href="{re.escape(link)}" autofocus', review)
    # The link opens page 3 with what is missing marked, counted and focused; the rest checked.
    body = client.get(link).content.decode()
    assert "1 answer is missing on this page." in body
    assert f'id="id_{field_name(*pages[2].fields[1])}_0"' in body and " autofocus" in body
    assert body.count(" checked") == len(pages[2].fields) - 1
    # Without ?check the page is as it was: no marks.
    assert "missing on this page" not in client.get(page_url(invitation, 3)).content.decode()


# --- the campaign's contact -------------------------------------------------------------------


def test_a_brm_sets_the_contact_on_the_campaign_form(client, alice, campaign, instrument):
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    data = {
        "name": campaign.name,
        "instrument": instrument.pk,
        "anonymity_threshold": "3",
        "practice_form": "short",
        "show_summary": "on",
        "contact_name": "Kari Nordmann",
        "contact_email": "not an address",
    }
    r = client.post(url, data)
    assert r.status_code == 200 and "Enter a valid email address." in r.content.decode()
    r = client.post(url, data | {"contact_email": "kari@acme.example"})
    assert r.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.contact_name, campaign.contact_email) == ("Kari Nordmann", "kari@acme.example")
    assert client.get(url).context["form"].initial["contact_email"] == "kari@acme.example"
    # Optional: cleared again.
    assert client.post(url, data | {"contact_name": "", "contact_email": ""}).status_code == 302
    campaign.refresh_from_db()
    assert (campaign.contact_name, campaign.contact_email) == ("", "")


def _submit(client, invitation) -> None:
    for page in campaign_pages(campaign=invitation.campaign, side=invitation.side):
        client.post(page_url(invitation, page.number), page_data(page))
    client.post(reverse("respondent:submit", args=[invitation.token]))


def test_the_thank_you_and_closed_pages_name_the_contact(client, invitation, it_invitation):
    Campaign.objects.filter(pk=invitation.campaign_id).update(
        contact_name="Kari <b>Nordmann</b>", contact_email="kari@acme.example"
    )
    _submit(client, invitation)
    thanks = client.get(reverse("respondent:thanks", args=[invitation.token])).content.decode()
    contact = 'Kari &lt;b&gt;Nordmann&lt;/b&gt; (<a href="mailto:kari@acme.example">kari@acme.example</a>)'
    assert f"Questions about this assessment? Ask {contact}." in thanks
    # Another browser with the link: the "already submitted" page names them too.
    other = Client()
    assert f"If you think this is a mistake, contact {contact}." in other.get(welcome_url(invitation)).content.decode()

    # Not open yet: the link holder learns whom to ask.
    Campaign.objects.filter(pk=invitation.campaign_id).update(status="draft")
    not_open = other.get(welcome_url(it_invitation))
    assert (
        not_open.status_code == 403 and f"Questions about this assessment? Ask {contact}." in not_open.content.decode()
    )

    Campaign.objects.filter(pk=invitation.campaign_id).update(status="closed", contact_name="")
    closed = other.get(page_url(it_invitation, 1))
    assert closed.status_code == 410
    assert (
        'If you still want to take part, ask <a href="mailto:kari@acme.example">kari@acme.example</a>.'
        in closed.content.decode()
    )


def test_the_pages_fall_back_to_the_brm_when_no_contact_is_set(client, invitation, it_invitation):
    _submit(client, invitation)
    thanks = client.get(reverse("respondent:thanks", args=[invitation.token])).content.decode()
    assert "Thank you!" in thanks and "Questions about this assessment?" not in thanks
    assert "mailto:" not in thanks
    Campaign.objects.filter(pk=invitation.campaign_id).update(closes_at=timezone.now() - timedelta(minutes=1))
    closed = client.get(welcome_url(it_invitation)).content.decode()
    assert "ask the business relationship manager who sent you the link" in closed
    # Only a name: named without a link.
    Campaign.objects.filter(pk=invitation.campaign_id).update(contact_name="Kari Nordmann")
    closed = client.get(welcome_url(it_invitation)).content.decode()
    assert "If you still want to take part, ask Kari Nordmann." in closed


def test_a_duplicated_round_keeps_the_contact(client, alice, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(contact_name="Kari", contact_email="kari@acme.example")
    client.force_login(alice)
    client.post(reverse("manage:campaign_duplicate", args=[campaign.pk]))
    new = Campaign.objects.get(name="Round 1 (round 2)")
    assert (new.contact_name, new.contact_email) == ("Kari", "kari@acme.example")


# --- the welcome page: a real Start button, one time estimate ---------------------------------


def test_the_welcome_page_starts_with_a_real_button_that_claims_nothing(client, invitation):
    body = client.get(welcome_url(invitation)).content.decode()
    start = re.search(
        r'<form method="get" action="([^"]+)">\s*<button class="[^"]*" type="submit">Start</button>', body
    )
    assert start and start[1] == page_url(invitation, 1)
    # The button's GET opens page 1 and, like any GET, creates no response.
    assert client.get(start[1]).status_code == 200
    assert not Response.objects.filter(invitation=invitation).exists()


@pytest.mark.parametrize("form", ["short", "full"])
def test_the_email_and_the_welcome_page_give_the_same_time(client, invitation, form):
    Campaign.objects.filter(pk=invitation.campaign_id).update(practice_form=form)
    invitation.campaign.refresh_from_db()
    ratings = sum(len(p.fields) for p in campaign_pages(campaign=invitation.campaign, side="business"))
    minutes = campaign_minutes(campaign=invitation.campaign, side="business")
    # Issue #17: 104 ratings on the short form (2027.1) at 7 s: 12.1 minutes; the optional open
    # questions (40 s each, SECONDS_PER_OPEN_QUESTION) are said apart: 3 x 40 s = 2 minutes more.
    assert minutes == round(ratings * 7 / 60) == (12 if form == "short" else 16)
    asked = len(open_questions(campaign=invitation.campaign, side="business"))
    assert open_question_minutes(campaign=invitation.campaign, side="business") == round(asked * 40 / 60) == 2
    # The message a worker sends (assessments.services.mail), invitation and reminder.
    for kind, text in (
        ("invitation", "It takes about {} minutes. Start here:"),
        ("reminder", "It takes about {} minutes:"),
    ):
        message = invitation_email_build(invitation=invitation, kind=kind, language="en")
        assert text.format(minutes) in message.body
        assert f"It takes about {minutes} minutes." in message.alternatives[0][0]
        assert "ten minutes" not in message.body
    welcome = " ".join(client.get(welcome_url(invitation)).content.decode().split())
    assert f"about {minutes} minutes" in welcome
    assert "The questions in your own words at the end are optional and add up to 2 minutes." in welcome
    # The open link's page says the same for its side.
    link = open_link_set_active(campaign=invitation.campaign, side="business", active=True)
    body = client.get(reverse("respondent:open_link", args=[link.token])).content.decode()
    assert f"It takes about {minutes} minutes" in body


def test_the_estimate_costs_no_query_once_known(invitation, django_assert_num_queries):
    """A batch of e-mails asks once per process, not once per message (each invitation's
    campaign is its own copy, without the instrument loaded)."""
    campaign_minutes(campaign=invitation.campaign, side="it")
    copy = Campaign.objects.get(pk=invitation.campaign_id)
    with django_assert_num_queries(0):
        assert campaign_minutes(campaign=copy, side="it") > 0


# --- favicon ----------------------------------------------------------------------------------


def test_it_serves_a_favicon(client, invitation):
    r = client.get("/favicon.ico")
    assert r.status_code == 302 and r["Location"].endswith("img/favicon.ico")
    assert finders.find("img/favicon.ico") and finders.find("img/favicon.svg")
    body = client.get(welcome_url(invitation)).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in body
