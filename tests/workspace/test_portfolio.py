"""The business-partner portfolio (issue #20): the page's map, table and hidden pairs, sorting,
the y axis switch, a pair's page, each pair across rounds, access, and a constant query count."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.charts.portfolio import Axis, PairMark, label_places, portfolio_map
from assessments.models import BusinessUnit
from assessments.selectors.partners import campaign_portfolio
from assessments.selectors.portfolio_trends import portfolio_trends
from assessments.services.campaigns import campaign_close
from tests.assessments.test_charts import assert_valid
from tests.helpers import cache_clear, open_campaign
from tests.partners import units
from tests.portfolio_scenarios import pair_response, portfolio

pytestmark = pytest.mark.django_db


def page_url(campaign, **query: str) -> str:
    base = reverse("campaigns:portfolio", args=[campaign.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def pair_url(campaign, unit) -> str:
    return reverse("campaigns:portfolio_partner", args=[campaign.pk, unit.pk])


def pdf_url(campaign, unit) -> str:
    return reverse("campaigns:portfolio_partner_pdf", args=[campaign.pk, unit.pk])


def map_spec(content: bytes) -> dict:
    found = re.search(rb'<script id="chart-portfolio-spec" type="application/json">(.*?)</script>', content, re.S)
    assert found, "no map on the page"
    return json.loads(found.group(1))


def marks(spec: dict) -> dict[str, tuple[float, float]]:
    """The map's marks by label: (x, y)."""
    rows = [row for layer in spec["layer"] for row in layer["data"]["values"] if "label" in row]
    return {row["label"]: (row["x"], row["y"]) for row in rows}


def table_units(content: bytes) -> list[str]:
    body = content.decode().split('class="table table-sm small align-middle mb-0 portfolio-table"', 1)[1]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', body)


@pytest.fixture
def pairs(campaign):
    return portfolio(campaign)


# --- Access ------------------------------------------------------------------------------------


def test_it_checks_access(client, alice, bob, charlie, campaign, pairs):
    finance = pairs["Finance"]
    client.force_login(charlie)
    for url in (page_url(campaign), pair_url(campaign, finance), pdf_url(campaign, finance)):
        assert client.get(url).status_code == 404
    client.force_login(bob)  # a viewer reads the portfolio as the dashboard, and asks for no PDF
    assert client.get(page_url(campaign)).status_code == 200
    r = client.get(pair_url(campaign, finance))
    assert r.status_code == 200
    assert "Download one-page PDF" not in r.content.decode()
    assert client.get(pdf_url(campaign, finance)).status_code == 403
    client.force_login(alice)
    assert client.get(pair_url(campaign, finance)).status_code == 200


def test_it_sends_anonymous_users_to_login(client, campaign, pairs):
    r = client.get(page_url(campaign))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


def test_it_rejects_posts(client, alice, campaign, pairs):
    client.force_login(alice)
    assert client.post(page_url(campaign)).status_code == 405
    assert client.post(pdf_url(campaign, pairs["Finance"])).status_code == 405


def test_a_unit_the_campaign_does_not_cover_is_not_found(client, alice, org, instrument, campaign, pairs):
    elsewhere = open_campaign(org, instrument, "Round 2")
    other = units(elsewhere, "Legal")["Legal"]
    client.force_login(alice)
    assert client.get(pair_url(campaign, other)).status_code == 404
    assert client.get(pdf_url(campaign, other)).status_code == 404


# --- The page ----------------------------------------------------------------------------------


def test_it_maps_each_reported_pair_and_says_why_the_others_are_not(client, alice, campaign, pairs):
    client.force_login(alice)
    r = client.get(page_url(campaign))
    spec = map_spec(r.content)
    assert_valid(spec)
    # Everyone's index today across and desired up: Finance (business Passive 1, IT Provider 2)
    # -> 1.5 today; both want a Partner (3). Sales: business Partner, IT Provider -> 2.5 -> 3.5.
    assert marks(spec) == {"Finance (n 3/6)": (1.5, 3.0), "Sales (n 3/3)": (2.5, 3.5)}
    assert "desired" in spec["description"] and spec["description"] == r.context["portfolio"]["chart"]["description"]
    text = r.content.decode()
    # HR's IT answered, its business did not: listed with why, never a mark.
    assert "HR: a side has no responses yet: a relationship needs both (business 0, IT 3)." in text
    assert table_units(r.content) == ["Finance", "Sales"]
    finance = r.context["portfolio"]["rows"][0]
    assert [(m["today"]["words"], m["desired"]["words"]) for m in finance["models"]] == [
        ("Passive", "Partner"),
        ("Provider", "Partner"),
    ]
    assert [t["text"] for t in finance["trust"]] == ["25", "50"]
    assert finance["priority"]["title"]


def test_it_puts_the_business_trust_on_the_y_axis(client, alice, campaign, pairs):
    client.force_login(alice)
    r = client.get(page_url(campaign, y="trust", sort="-trust"))
    spec = map_spec(r.content)
    assert_valid(spec)
    assert marks(spec) == {"Finance (n 3/6)": (1.5, 25.0), "Sales (n 3/3)": (2.5, 75.0)}
    text = r.content.decode()
    # The other link keeps the order; the sort links keep the axis.
    assert 'href="?y=desired&amp;sort=-trust"' in text
    assert 'href="?sort=unit&amp;y=trust"' in text


def test_it_sorts_by_a_column_and_turns_the_order_round(client, alice, campaign, pairs):
    client.force_login(alice)
    r = client.get(page_url(campaign, sort="trust"))
    assert table_units(r.content) == ["Finance", "Sales"]
    text = r.content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-trust&amp;y=desired">' in text
    r = client.get(page_url(campaign, sort="-trust"))
    assert table_units(r.content) == ["Sales", "Finance"]
    assert 'aria-sort="descending"><a href="?sort=trust&amp;y=desired">' in r.content.decode()
    # An unknown column is the unit order.
    assert table_units(client.get(page_url(campaign, sort="-nonsense")).content) == ["Finance", "Sales"]


def test_it_says_so_when_no_pair_can_be_shown(client, alice, campaign):
    finance = units(campaign, "Finance")["Finance"]
    for side in ("business", "business", "it", "it"):
        pair_response(campaign, side, [finance], today="passive", desired="partner")
    campaign_close(campaign=campaign)  # publishes everything, batch or not
    client.force_login(alice)
    r = client.get(page_url(campaign))
    text = r.content.decode()
    assert "No business partner can be shown on its own yet" in text
    assert 'id="chart-portfolio-spec"' not in text
    assert "Finance: a side has fewer than 3 responses, too few to show (business 2, IT 2)." in text


def test_the_dashboard_links_to_it_only_when_the_campaign_covers_units(client, alice, org, instrument, campaign, pairs):
    client.force_login(alice)
    assert page_url(campaign) in client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    plain = open_campaign(org, instrument, "No units")
    assert page_url(plain) not in client.get(reverse("campaigns:dashboard", args=[plain.pk])).content.decode()
    assert "This campaign covers no business units." in client.get(page_url(plain)).content.decode()


# --- A pair ------------------------------------------------------------------------------------


def test_a_pair_page_shows_its_models_trust_self_vs_mirror_and_priorities(client, alice, campaign, pairs):
    client.force_login(alice)
    r = client.get(pair_url(campaign, pairs["Finance"]))
    pair = r.context["partner"]
    text = r.content.decode()
    assert "Finance and IT" in text
    assert "Responses: business 3, IT 6" in text
    assert [(m["today"]["words"], m["desired"]["words"]) for m in pair["models"]] == [
        ("Passive", "Partner"),
        ("Provider", "Partner"),
    ]
    assert [side["label"] for side in pair["ladder"]["sides"]] == ["Business", "IT"]
    assert [(t["label"], t["text"]) for t in pair["trust"]] == [
        ("The business's trust in IT", "25"),
        ("How IT thinks the business sees it", "50"),
    ]
    assert "IT believes it is trusted 25 points more" in pair["trust_headline"]
    assert [row["side"] for row in pair["self_mirror"]] == ["business", "it"]
    assert "self 3.0, mirror 3.0" in pair["self_mirror"][0]["text"]
    assert 1 <= len(pair["priorities"]) <= 3
    # The dashboard's own cards for the pair: relationship, behaviours, trust.
    assert [s.template for s in pair["sections"]] == [
        "relationships/dashboard.html",
        "behaviours/dashboard.html",
        "trust/dashboard.html",
    ]
    assert pdf_url(campaign, pairs["Finance"]) in text


def test_a_pair_not_shown_says_why_and_has_no_pdf(client, alice, campaign, pairs):
    client.force_login(alice)
    r = client.get(pair_url(campaign, pairs["HR"]))
    assert r.status_code == 200
    text = r.content.decode()
    assert "Not shown on its own: a side has no responses yet: a relationship needs both." in text
    assert pdf_url(campaign, pairs["HR"]) not in text
    assert client.get(pdf_url(campaign, pairs["HR"])).status_code == 404


# --- Across rounds -----------------------------------------------------------------------------


def test_it_shows_each_pair_across_the_rounds_that_covered_its_unit(client, alice, org, instrument, campaign):
    portfolio(campaign, sales_today="provider")  # Sales today: everyone Provider (2.0)
    current = open_campaign(org, instrument, "Round 2")
    pairs = portfolio(current)  # Sales today: business Partner, IT Provider (2.5)
    client.force_login(alice)
    r = client.get(page_url(current))
    rows = {row["name"]: row["trend"] for row in r.context["portfolio"]["rows"]}
    assert [s["text"] for s in rows["Sales"]["steps"]] == ["2.0", "2.5"]
    assert rows["Sales"]["change"] == "up 0.5"
    assert rows["Finance"]["change"] == "no change"
    assert "up 0.5" in r.content.decode()
    page = client.get(pair_url(current, pairs["Sales"])).context["partner"]
    assert page["trend"]["text"].endswith("2.0 → " + page["trend"]["steps"][1]["round"] + " 2.5 (up 0.5)")


def test_a_unit_new_this_round_has_no_trend(client, alice, org, instrument, campaign):
    portfolio(campaign)
    current = open_campaign(org, instrument, "Round 2")
    portfolio(current)
    legal = units(current, "Legal")["Legal"]
    trends = portfolio_trends(campaign=current, portfolio=campaign_portfolio(campaign=current))
    assert len(trends[legal.pk].rounds) == 1
    assert len(trends[BusinessUnit.objects.get(organisation=org, name="Sales").pk].rounds) == 2


# --- Query count -------------------------------------------------------------------------------


def _page_queries(client, campaign) -> int:
    client.get(page_url(campaign))
    cache_clear()  # the uncached page: stored pairs and scores are read, not the cache
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(page_url(campaign))
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_it_reads_the_trends_in_a_fixed_number_of_queries(org, instrument, campaign, django_assert_num_queries):
    portfolio(campaign)
    rounds = [open_campaign(org, instrument, f"Round {n}") for n in (2, 3, 4)]
    for found in rounds:
        portfolio(found)
    current = rounds[-1]
    read = campaign_portfolio(campaign=current)
    portfolio_trends(campaign=current, portfolio=read)  # warms the per-process instrument cache
    # Uncached: the rounds (1), their units (1), their stored pairs (1), whatever their number.
    cache_clear()
    with django_assert_num_queries(3):
        three = portfolio_trends(campaign=current, portfolio=read)
    assert [len(t.rounds) for t in three.values()] == [4, 4, 4]
    # Cached: the rounds only.
    with django_assert_num_queries(1):
        portfolio_trends(campaign=current, portfolio=read)
    # One earlier round: the same three.
    first = campaign_portfolio(campaign=rounds[0])
    cache_clear()
    with django_assert_num_queries(3):
        portfolio_trends(campaign=rounds[0], portfolio=first)


def test_the_page_makes_the_same_number_of_queries_for_more_rounds_and_responses(
    client, alice, org, instrument, campaign
):
    portfolio(campaign)
    second = open_campaign(org, instrument, "Round 2")
    portfolio(second)
    client.force_login(alice)
    few = _page_queries(client, second)
    more = [open_campaign(org, instrument, f"Round {n}") for n in (3, 4)]
    for found in more:
        portfolio(found, people=5)
    assert _page_queries(client, more[-1]) == few


# --- The map, pure -----------------------------------------------------------------------------


def test_the_map_has_no_chart_without_marks_and_keeps_labels_inside():
    ladder = Axis(title="Today", domain=(1, 4), steps=["Passive", "Provider", "Partner", "Peer"])
    assert portfolio_map(marks=[], x=ladder, y=ladder, diagonal=True, title="T", description="D") is None
    spec = portfolio_map(
        marks=[PairMark("Finance (n 3/4)", 1.5, 3.0, 7), PairMark("Sales (n 5/5)", 3.8, 4.0, 10)],
        x=ladder,
        y=Axis(title="Trust", domain=(0, 100)),
        diagonal=False,
        title="T",
        description="D",
    )
    assert spec is not None
    assert_valid(spec)
    assert spec["description"] == "D"
    # A label near the right edge runs leftwards; the axis names each model at its whole number.
    places = {row["label"]: row["place"] for row in spec["layer"][0]["data"]["values"]}
    assert places["Sales (n 5/5)"].endswith("left") and places["Finance (n 3/4)"].endswith("right")
    assert spec["layer"][0]["encoding"]["x"]["axis"]["labelExpr"].startswith('datum.value == 1 ? "1 Passive"')


def test_labels_of_marks_close_together_do_not_overlap():
    # The demo's Finance (1.1, 3.2) and Operations (1.9, 3.3): side by side, Finance's label would
    # run into Operations' mark; it goes below instead.
    marks = [PairMark("Finance (n 11/15)", 1.1, 3.2, 26), PairMark("Operations (n 8/15)", 1.9, 3.3, 23)]
    places = label_places(marks, (1, 4), (1, 4))
    assert places == ["below-right", "above-right"]
