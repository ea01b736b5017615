"""The campaign list and detail carry the business units each campaign covers (issue #20)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.services.partners import campaign_partners_set, unit_create, unit_update
from tests.helpers import open_campaign

pytestmark = pytest.mark.django_db


def test_it_lists_a_campaigns_units_by_name(api, campaign, org):
    finance = unit_create(organisation=org, name="Finance")
    sales = unit_create(organisation=org, name="Sales")
    campaign_partners_set(campaign=campaign, partner_ids=[sales.pk, finance.pk])
    unit_update(unit=sales, active=False)  # archived: still the campaign's
    expected = [{"id": finance.pk, "name": "Finance"}, {"id": sales.pk, "name": "Sales"}]
    listed = api.get(reverse("api:campaign_list")).json()["results"]
    assert listed[0]["partners"] == expected
    detail = api.get(reverse("api:campaign_detail", args=[campaign.pk])).json()
    assert detail["partners"] == expected
    other = open_campaign(org, campaign.instrument, "Whole")
    assert api.get(reverse("api:campaign_detail", args=[other.pk])).json()["partners"] == []
