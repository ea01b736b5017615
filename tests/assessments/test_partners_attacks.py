"""The differencing attack of issue #13, aimed at a business-IT pair (issue #20): the BRM reads
the portfolio before and after one named IT person, the only one serving their mix of units,
answers through the real pages, and subtracts. Nothing moves until others with the same mix
complete a batch."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.models import Response, ResponsePartner
from assessments.selectors.response_partners import Unit, response_pages
from assessments.services.invitations import invitation_create
from assessments.services.snapshots import snapshot_publish
from tests.helpers import page_data, page_url
from tests.partners import rate, units

pytestmark = pytest.mark.django_db


def partners_read(campaign) -> list:
    """What the BRM reads: `campaign_scores --json`'s partners (the API and pages read the same)."""
    out = StringIO()
    call_command("campaign_scores", campaign.pk, "--json", stdout=out)
    return json.loads(out.getvalue())["partners"]


def waiting(campaign) -> int:
    return Response.objects.filter(campaign=campaign, submitted_at__isnull=False, published_at__isnull=True).count()


def answer_online(campaign, rated, value: str) -> None:
    """One IT respondent whose invitation names `rated`, answering every page in a browser."""
    invitation = invitation_create(campaign=campaign, side="it", partners=[u.pk for u in rated])
    browser = Client()
    first = response_pages(campaign=campaign, side="it", units=[Unit(u.pk, u.name) for u in rated])[0]
    assert browser.post(page_url(invitation, 1), page_data(first, value=value)).status_code == 302
    links = ResponsePartner.objects.filter(response__invitation=invitation).order_by("order")
    ordered = [Unit(link.partner_id, link.partner.name) for link in links.select_related("partner")]
    for page in response_pages(campaign=campaign, side="it", units=ordered):
        r = browser.post(page_url(invitation, page.number), page_data(page, value=value))
        assert r.status_code == 302, r.content.decode()[:300]
    r = browser.post(reverse("respondent:submit", args=[invitation.token]))
    assert r.status_code == 302 and r["Location"].endswith("/thanks/"), r.content.decode()[:300]


def test_one_it_person_with_a_mix_of_their_own_cannot_be_read_by_subtraction(campaign):
    found = units(campaign, "Finance", "Sales")
    finance, sales = found["Finance"], found["Sales"]
    for _ in range(3):
        rate(campaign, "business", [finance])
        rate(campaign, "business", [sales])
        rate(campaign, "it", [finance], value="2")
        rate(campaign, "it", [sales], value="2")
    snapshot_publish(campaign=campaign)
    before = partners_read(campaign)
    assert all(p["reported"] for p in before)

    # The named person serves both units, the only one to: their answers wait.
    answer_online(campaign, [finance, sales], value="5")
    assert waiting(campaign) == 1
    assert partners_read(campaign) == before

    # Two colleagues with the same mix: still a batch of fewer than three.
    answer_online(campaign, [finance, sales], value="4")
    assert partners_read(campaign) == before
    # The third completes the batch: the pairs move by three people at once, never by one.
    answer_online(campaign, [finance, sales], value="4")
    after = {p["name"]: p for p in partners_read(campaign)}
    assert after["Finance"]["responses"]["it"] == after["Sales"]["responses"]["it"] == 6
    assert waiting(campaign) == 0
