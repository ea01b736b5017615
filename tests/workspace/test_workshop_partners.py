"""The consensus workshop per business partner (issue #20 item 2): each pair's agreed model today
and target, recorded beside the campaign's, shown in the pair's JSON."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from assessments.consensus import ConsensusModel
from assessments.models import BusinessUnit
from assessments.selectors.partners import partners_json
from assessments.services.consensus import consensus_model_record
from assessments.services.snapshots import snapshot_publish
from brmportal.lib.exceptions import ApplicationError
from tests.partners import rate, units

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(campaign):
    found = units(campaign, "Finance", "Sales")
    for _ in range(3):
        rate(campaign, "business", [found["Finance"]], value="2")
        rate(campaign, "business", [found["Sales"]], value="4")
        rate(campaign, "it", [found["Finance"], found["Sales"]], value="2", further={"Sales": "4"})
    snapshot_publish(campaign=campaign)
    return campaign, found


def test_a_pair_gets_its_own_agreed_models_beside_the_campaigns(client, brm, pairs):
    campaign, found = pairs
    finance = found["Finance"]
    client.force_login(brm)
    url = reverse("manage:workshop_relationship", args=[campaign.pk])
    page = client.get(url, {"partner": finance.pk}).content.decode()
    assert "Which relationship model do Finance and IT work in today" in page
    # The pair's own survey figures: both sides of Finance answered 2 throughout.
    assert "Sales" in page  # the step links to every pair
    r = client.post(
        reverse("manage:workshop_relationship_record", args=[campaign.pk]),
        {"partner": finance.pk, "today": "passive", "target": "partner", "rationale": "Finance wants a partner"},
    )
    assert r.status_code == 302 and r["Location"].endswith(f"?partner={finance.pk}")
    consensus_model_record(campaign=campaign, today="provider", target="partner", user=brm)
    assert ConsensusModel.objects.filter(campaign=campaign).count() == 2
    # The pair's page and its one-pager show the decision beside the survey's figures.
    agreed = "Agreed in the workshop: today Passive; target chosen by leadership: Partner."
    page = client.get(reverse("campaigns:portfolio_partner", args=[campaign.pk, finance.pk])).content.decode()
    assert agreed in page and "Finance wants a partner" in page
    pdf = client.get(reverse("campaigns:portfolio_partner_pdf", args=[campaign.pk, finance.pk]))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert agreed in " ".join(text.decode().split())
    by_name = {p["name"]: p for p in partners_json(campaign=campaign)}
    assert by_name["Finance"]["consensus"]["today"] == "passive"
    assert by_name["Finance"]["consensus"]["target"] == "partner"
    assert by_name["Sales"]["consensus"] is None


def test_a_unit_the_campaign_does_not_cover_is_refused(client, brm, pairs, other_org):
    campaign, _found = pairs
    stranger = BusinessUnit.objects.create(organisation=other_org, name="Elsewhere")
    uncovered = BusinessUnit.objects.create(organisation=campaign.organisation, name="Legal")
    client.force_login(brm)
    url = reverse("manage:workshop_relationship", args=[campaign.pk])
    for unit in (stranger, uncovered):
        assert client.get(url, {"partner": unit.pk}).status_code == 404
    assert client.get(url, {"partner": "x"}).status_code == 404
    with pytest.raises(ApplicationError):
        consensus_model_record(campaign=campaign, today="peer", target="", user=brm, partner=uncovered)
