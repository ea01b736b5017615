"""The campaign list and detail: the token's organisation only, paginated, with counts per side."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.services.campaigns import campaign_create
from assessments.services.invitations import invitation_create
from tests.helpers import submit_columns

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_token_organisations_campaigns(api, org, other_org, instrument, campaign):
    theirs = campaign_create(organisation=other_org, instrument=instrument, name="Globex round")
    data = api.get(reverse("api:campaign_list")).json()
    assert data["count"] == 1
    assert [c["id"] for c in data["results"]] == [campaign.pk]
    assert theirs.pk not in {c["id"] for c in data["results"]}


def test_it_paginates_by_twenty(api, org, instrument, django_assert_max_num_queries):
    for n in range(25):
        campaign_create(organisation=org, instrument=instrument, name=f"Round {n}")
    # Token lookup, last-used update, COUNT, one page, the page's business units (issue #20):
    # whatever the number of campaigns.
    with django_assert_max_num_queries(5):
        first = api.get(reverse("api:campaign_list")).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/campaigns/") and "page=2" in first["next"]
    assert [c["name"] for c in first["results"][:2]] == ["Round 24", "Round 23"]  # newest first

    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None and second["previous"] is not None
    assert {c["id"] for c in first["results"]}.isdisjoint(c["id"] for c in second["results"])

    assert len(api.get(reverse("api:campaign_list"), {"page_size": 500}).json()["results"]) == 25  # capped at 100
    assert len(api.get(reverse("api:campaign_list"), {"page_size": 10}).json()["results"]) == 10
    assert api.get(reverse("api:campaign_list"), {"page": 3}).status_code == 404
    assert api.get(reverse("api:campaign_list"), {"page": "x"}).status_code == 404


def test_it_counts_invitations_and_submitted_responses_per_side(api, campaign):
    invitation_create(campaign=campaign, side="business", email="pat@example.com")
    invitation_create(campaign=campaign, side="it", email="sam@example.com")
    for _ in range(2):
        submit_columns(campaign, "business", columns={})  # imported: submitted without an invitation
    submit_columns(campaign, "it", columns={})
    expected = {"business": {"invited": 1, "submitted": 2}, "it": {"invited": 1, "submitted": 1}}

    listed = api.get(reverse("api:campaign_list")).json()["results"][0]
    assert listed["responses"] == expected
    detail = api.get(reverse("api:campaign_detail", args=[campaign.pk])).json()
    assert detail["responses"] == expected


def test_it_shows_a_campaigns_status_and_dates(api, campaign):
    response = api.get(reverse("api:campaign_detail", args=[campaign.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == campaign.pk
    assert data["name"] == "Round 1"
    assert data["status"] == "open"
    assert data["availability"] == "open"
    # ISO 8601 with the offset of the portal's time zone.
    assert datetime.fromisoformat(data["opens_at"]) == campaign.opens_at
    assert datetime.fromisoformat(data["closes_at"]) == campaign.closes_at
    assert data["anonymity_threshold"] == 3
    assert data["departments"] == ["Sales", "Finance"]
    assert data["instrument_version"] == campaign.instrument.version
    assert data["practice_form"] == "short"
    assert data["scores_url"] == f"http://testserver/api/v1/campaigns/{campaign.pk}/scores/"
    assert data["recommendations_url"] == f"http://testserver/api/v1/campaigns/{campaign.pk}/recommendations/"


def test_it_tells_a_campaign_that_has_closed(api, org, instrument):
    now = timezone.now()
    closed = campaign_create(
        organisation=org,
        instrument=instrument,
        name="Last year",
        status="open",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    data = api.get(reverse("api:campaign_detail", args=[closed.pk])).json()
    assert (data["status"], data["availability"]) == ("open", "closed")
