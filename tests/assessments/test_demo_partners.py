"""`seed_demo`'s portfolio of business units (issue #20): every round covers the units, business
respondents rate their own, IT respondents serve one to three with their further units' answers,
and the designed story shows on the portfolio (real PostgreSQL, the real publication)."""

from __future__ import annotations

import io
import json
import random
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command

from assessments.anonymity import UNDER_THRESHOLD
from assessments.demo_partners import SMALL_UNIT, UNITS, partners_allocate
from assessments.models import Campaign, Invitation, Response
from assessments.partners import MAX_SERVED, BusinessUnit, PartnerAnswer, ResponsePartner
from assessments.selectors.instruments import campaign_pages
from assessments.selectors.partners import campaign_portfolio
from assessments.slices import per_partner_kinds


def test_it_puts_it_respondents_in_teams_so_no_pair_group_is_smaller_than_the_threshold():
    units = [BusinessUnit(pk=n + 1, name=name) for n, name in enumerate(UNITS)]
    sides = ["business"] * 40 + ["it"] * 31
    rated = partners_allocate(
        sides=sides, units=units, rng=random.Random(1), threshold=3, it_departments=["Infra", "Apps"]
    )
    business = [r for side, r in zip(sides, rated, strict=True) if side == "business"]
    assert all(len(r.units) == 1 and r.department == r.units[0].name for r in business)
    it = [r for side, r in zip(sides, rated, strict=True) if side == "it"]
    assert all(1 <= len(r.units) <= MAX_SERVED and len(set(r.units)) == len(r.units) for r in it)
    assert max(len(r.units) for r in it) > 1
    # The small unit: never anyone's first unit, served by threshold - 1 IT respondents only.
    assert sum(SMALL_UNIT in [u.name for u in r.units] for r in it) == 2
    assert all(r.units[0].name != SMALL_UNIT for r in it)
    # Every group the pair rules check (IT department x the reported units served) holds 3 or more.
    groups = Counter((r.department, frozenset(u.name for u in r.units) - {SMALL_UNIT}) for r in it)
    assert min(groups.values()) >= 3
    # No units: nothing rated, nothing drawn (a campaign without units keeps its answers).
    rng = random.Random(1)
    assert partners_allocate(sides=sides, units=[], rng=rng, threshold=3, it_departments=["Infra"])[0] == ((), "")
    assert rng.random() == random.Random(1).random()


@pytest.mark.django_db
def test_seed_demo_builds_a_portfolio_of_business_units_in_every_round():
    out = io.StringIO()
    call_command("seed_demo", "--responses", "60", "--rounds", "1", "--json", stdout=out)
    data = json.loads(out.getvalue())
    campaign = Campaign.objects.get(pk=data["campaign_id"])
    units = {unit.name: unit for unit in BusinessUnit.objects.filter(organisation_id=data["organisation_id"])}
    assert set(units) == set(UNITS)
    assert data["partners"] == [{"id": units[name].pk, "name": name} for name in sorted(UNITS)]
    assert data["portfolio_path"] == f"/campaigns/{campaign.pk}/portfolio/"
    for round_id in data["rounds"]:  # the past round too: the portfolio's trend
        assert set(Campaign.objects.get(pk=round_id).partners.values_list("name", flat=True)) == set(UNITS)

    links = defaultdict(list)
    for link in ResponsePartner.objects.filter(response__campaign=campaign).order_by("order"):
        links[link.response_id].append(link)
    responses = Response.objects.filter(campaign=campaign)
    assert set(links) == {r.pk for r in responses}
    served = Counter()
    for response in responses:
        rated = links[response.pk]
        assert [link.primary for link in rated] == [True] + [False] * (len(rated) - 1)
        if response.side == "business":
            assert len(rated) == 1 and response.department == rated[0].partner.name
        else:
            assert 1 <= len(rated) <= MAX_SERVED
        served[response.side, len(rated)] += 1
    assert served["it", 2] and served["it", 3]

    # A further unit's answers: the unit-dependent items again, every one of them, and only them.
    kinds = per_partner_kinds()
    per_unit = sum(
        len(item.aspects)
        for page in campaign_pages(campaign=campaign, side="it")
        for item in page.items
        if item.kind in kinds
    )
    further = Counter(PartnerAnswer.objects.filter(campaign=campaign).values_list("response_id", "partner_id"))
    expected = {
        (response_id, link.partner_id) for response_id, rated in links.items() for link in rated if not link.primary
    }
    assert set(further) == expected and set(further.values()) == {per_unit}
    assert not PartnerAnswer.objects.filter(campaign=campaign).exclude(item__kind__in=kinds).exists()

    # The unanswered invitations name their units: a business one its own, the first IT one two.
    business, it = (
        Invitation.objects.filter(campaign=campaign, side=side, state="new").order_by("pk")
        for side in ("business", "it")
    )
    assert all(len(inv.partners) == 1 for inv in business) and len(it[0].partners) == 2

    # The designed story, as the portfolio shows it: Finance Passive, Operations Provider, Sales
    # Partner (the overall index today); HR not shown (two IT respondents), every other pair shown.
    portfolio = {p.name: p for p in campaign_portfolio(campaign=campaign).partners}
    assert portfolio["HR"].reason == UNDER_THRESHOLD and portfolio["HR"].responses["it"] == 2
    threshold = campaign.anonymity_threshold
    for name in ("Finance", "Sales", "Operations"):
        assert portfolio[name].shown and min(portfolio[name].responses.values()) >= threshold
    today = {
        name: portfolio[name].scores.results["relationship"].fit("overall", "today").model
        for name in ("Finance", "Sales", "Operations")
    }
    assert today == {"Finance": "passive", "Operations": "provider", "Sales": "partner"}
    finance = portfolio["Finance"].scores.results["relationship"].fit("overall", "desired")
    assert finance.index > 2.5  # wants a Partner
