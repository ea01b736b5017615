"""The consultant's view across clients (/clients/, issue #20 item 4): one row per organisation
the user is a member of, published figures only, a constant number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from assessments.actions import Action
from assessments.selectors.clients import client_overview
from assessments.services.responses import response_create_submitted
from tests.benchmarking import client_organisation, closed_round
from tests.helpers import cache_clear, open_campaign

pytestmark = pytest.mark.django_db
URL = "/clients/"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def consultant(django_user_model):
    return django_user_model.objects.create_user(username="carol", password="password")


def _client_of(user, number: int, instrument, rounds: int = 2):
    organisation = client_organisation(number)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.CONSULTANT)
    for n in range(rounds):
        closed_round(organisation, instrument, name=f"Round {n + 1}", lag=0.5 - 0.5 * n)
    return organisation


def test_it_checks_access(client, charlie, org, campaign, django_user_model):
    assert client.get(URL).status_code == 302  # anonymous: the login page
    stranger = django_user_model.objects.create_user(username="dave", password="password")
    client.force_login(stranger)
    response = client.get(URL)
    assert response.status_code == 200 and "not linked to an organisation" in _text(response)
    client.force_login(charlie)
    text = _text(client.get(URL))
    assert "Globex Utilities" in text and "Acme Shipping" not in text


def test_it_rejects_post(client, charlie):
    client.force_login(charlie)
    assert client.post(URL).status_code == 405


def test_it_shows_each_organisations_last_round_level_index_trend_and_open_actions(client, consultant, instrument):
    first = _client_of(consultant, 1, instrument)
    rounds = list(first.campaigns.order_by("created_at"))
    Action.objects.create(
        organisation=first,
        campaign=rounds[-1],
        title="Monthly rounds",
        owner_name="Kari",
        owner_email="kari@example.com",
        due_on=date(2027, 3, 1),
    )
    Action.objects.create(
        organisation=first,
        campaign=rounds[-1],
        title="Done already",
        owner_name="Kari",
        owner_email="kari@example.com",
        due_on=date(2027, 3, 1),
        status="done",
        done_on=date(2027, 2, 1),
    )
    empty = client_organisation(2)
    Membership.objects.create(user=consultant, organisation=empty, role=Membership.Role.VIEWER)
    client.force_login(consultant)
    response = client.get(URL)
    assert response.status_code == 200
    rows = {row["organisation"].slug: row for row in response.context["rows"]}
    row = rows[first.slug]
    assert row["last"]["name"] == "Round 2" and row["last"]["closed"] and row["last"]["responses"] == 8
    assert row["previous"]["name"] == "Round 1"
    assert row["open_actions"] == 1
    assert row["level"].startswith("level ")
    assert all(re.fullmatch(r"\d\.\d → \d\.\d", side["text"]) for side in row["sides"])
    assert row["trend"]["direction"] in {"up", "down", "noise", "same"}
    assert rows[empty.slug]["last"] is None
    text = _text(response)
    assert "Client 01" in text and "Round 2" in text and "No round with published results yet." in text


def test_it_says_not_shown_for_a_side_under_the_threshold(client, consultant, instrument):
    organisation = client_organisation(1)
    Membership.objects.create(user=consultant, organisation=organisation, role=Membership.Role.BRM)
    # 5 responses: 3 business, 2 IT, under the threshold of 3; everyone is shown (5), so the
    # business side is hidden too (everyone - business = IT: docs/scoring.md, Anonymity).
    campaign = closed_round(organisation, instrument, responses=5)
    client.force_login(consultant)
    row = client.get(URL).context["rows"][0]
    assert [side["text"] for side in row["sides"]] == ["not shown", "not shown"]
    assert row["level"] == "not shown"  # overall maturity needs both sides
    assert row["trend"]["text"] == "first round"
    assert row["last"]["campaign"] == campaign and row["last"]["responses"] == 5


def test_it_says_no_responses_for_a_side_nobody_answered(client, consultant, instrument):
    organisation = client_organisation(1)
    Membership.objects.create(user=consultant, organisation=organisation, role=Membership.Role.BRM)
    campaign = open_campaign(organisation, instrument)
    for _ in range(3):
        response_create_submitted(campaign=campaign, side="business", answers={}, source="import")
    client.force_login(consultant)
    row = client.get(URL).context["rows"][0]
    assert row["sides"][1]["text"] == "no responses"
    assert row["sides"][0]["text"] == "– → –"  # shown, but nothing scored


def test_an_open_round_with_published_results_is_the_last_round(client, consultant, instrument):
    organisation = _client_of(consultant, 1, instrument, rounds=1)
    current = open_campaign(organisation, instrument, "Round 2")
    for side in ("business", "business", "business", "it", "it", "it"):
        response_create_submitted(campaign=current, side=side, answers={}, source="import")
    client.force_login(consultant)
    row = client.get(URL).context["rows"][0]
    assert row["last"]["name"] == "Round 2" and not row["last"]["closed"]
    assert row["previous"]["name"] == "Round 1"


def test_a_new_batch_shows_at_once_though_the_rows_figures_are_cached(client, consultant, instrument):
    organisation = client_organisation(1)
    Membership.objects.create(user=consultant, organisation=organisation, role=Membership.Role.BRM)
    current = open_campaign(organisation, instrument)
    for side in ("business", "business", "business", "it", "it", "it"):
        response_create_submitted(campaign=current, side=side, answers={}, source="import")
    client.force_login(consultant)
    assert client.get(URL).context["rows"][0]["last"]["responses"] == 6
    for _ in range(3):
        response_create_submitted(campaign=current, side="it", answers={}, source="import")
    row = client.get(URL).context["rows"][0]
    assert row["last"]["responses"] == 9
    # The figures come from the scores of the new batch, not the cached ones of the one before.
    assert client_overview(user=consultant)[0].last.figures.responses == {"business": 3, "it": 6}


def test_it_makes_the_same_number_of_queries_for_two_and_five_organisations(client, consultant, instrument):
    def queries() -> int:
        # A round closed with nothing left to publish has its scores stored by their first read;
        # then the cache is emptied, so the scores come from their stored copies.
        client.get(URL)
        cache_clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    for number in (1, 2):
        _client_of(consultant, number, instrument)
    client.force_login(consultant)
    at_two = queries()
    for number in (3, 4, 5):
        _client_of(consultant, number, instrument)
    assert queries() == at_two
    assert len(client.get(URL).context["rows"]) == 5


def test_the_navigation_links_it_for_consultants_and_members_of_several_organisations(
    client, consultant, alice, org, other_org, instrument
):
    Membership.objects.create(user=consultant, organisation=org, role=Membership.Role.CONSULTANT)
    link = f'href="{reverse("manage:client_list")}"'
    client.force_login(consultant)
    assert link in client.get(reverse("manage:campaign_list", args=[org.slug])).content.decode()
    client.force_login(alice)  # an admin of one organisation
    assert link not in client.get(reverse("manage:campaign_list", args=[org.slug])).content.decode()
    Membership.objects.create(user=alice, organisation=other_org, role=Membership.Role.VIEWER)
    assert link in client.get(reverse("manage:campaign_list", args=[org.slug])).content.decode()
