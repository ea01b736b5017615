"""The scores endpoint's `benchmark` (issue #20 item 5): what `campaign_scores --json` gives, for a
contributor's whole campaign only."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from api.services import api_token_create
from assessments.services.benchmark import benchmark_publish
from tests.benchmarking import clients_with_rounds

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_commands_benchmark_to_a_contributor_only(instrument, client_for):
    (organisation, campaign), *_ = clients_with_rounds(instrument, range(1, 6))
    benchmark_publish()
    api = client_for(api_token_create(organisation=organisation, name="BI")[1])
    url = reverse("api:campaign_scores", args=[campaign.pk])
    data = api.get(url).json()["benchmark"]
    out = io.StringIO()
    call_command("campaign_scores", str(campaign.pk), "--json", stdout=out)
    assert data == json.loads(out.getvalue())["benchmark"]
    assert data["version"] == 1 and data["cells"]
    assert api.get(url, {"department": "Sales"}).json()["benchmark"] is None


def test_another_organisations_token_never_reads_it(instrument, api):
    (_organisation, campaign), *_ = clients_with_rounds(instrument, range(1, 6))
    benchmark_publish()
    # `api` holds the token of `org`, which is not among the contributors.
    assert api.get(reverse("api:campaign_scores", args=[campaign.pk])).status_code == 404
