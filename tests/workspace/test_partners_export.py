"""The business partners' export (issue #20 item 1: exports carry the unit): the scores export's
rows for each reported pair, with its unit, and nothing of a pair the portfolio does not report."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from assessments.services.snapshots import snapshot_publish
from tests.partners import rate, units

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(campaign):
    found = units(campaign, "Finance", "Sales", "Legal")
    for _ in range(3):
        rate(campaign, "business", [found["Finance"]], value="2")
        rate(campaign, "business", [found["Sales"]], value="4")
        rate(campaign, "it", [found["Finance"], found["Sales"]], value="2", further={"Sales": "5"})
    for _ in range(3):
        rate(campaign, "business", [found["Legal"]], value="3")  # no IT: not a pair
    snapshot_publish(campaign=campaign)
    return campaign


def _rows(client, campaign, **params):
    r = client.get(reverse("campaigns:partners_export", args=[campaign.pk, "csv"]), params)
    assert r.status_code == 200, r.status_code
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_it_exports_each_reported_pair_with_its_unit(client, alice, pairs):
    client.force_login(alice)
    rows = _rows(client, pairs)
    assert {row["partner"] for row in rows} == {"Finance", "Sales"}
    trust_it = {row["partner"]: row["mean"] for row in rows if row["instrument"] == "trust" and row["side"] == "it"}
    # IT's trust answers about Sales are their own (5), not their answers about Finance (2).
    assert set(trust_it.values()) <= {"2.0", "5.0", "2", "5"} and trust_it["Finance"] != trust_it["Sales"]
    assert all(row["n"] == "3" for row in rows if row["side"] in ("business", "it") and row["n"] != "0")


def test_it_needs_the_export_permission_and_refuses_a_department(client, bob, alice, pairs):
    client.force_login(bob)  # a viewer
    assert client.get(reverse("campaigns:partners_export", args=[pairs.pk, "csv"])).status_code == 403
    client.force_login(alice)
    r = client.get(reverse("campaigns:partners_export", args=[pairs.pk, "xlsx"]), {"department": "Sales"})
    assert r.status_code == 404
    assert client.get(reverse("campaigns:partners_export", args=[pairs.pk, "xlsx"])).status_code == 200


def test_the_portfolio_page_links_to_it_for_who_may_export(client, alice, bob, pairs):
    url = reverse("campaigns:partners_export", args=[pairs.pk, "xlsx"])
    client.force_login(alice)
    assert url in client.get(reverse("campaigns:portfolio", args=[pairs.pk])).content.decode()
    client.force_login(bob)
    assert url not in client.get(reverse("campaigns:portfolio", args=[pairs.pk])).content.decode()
