"""The portfolio's core (issue #20 items 1-2): publication per (side, department, units), the pair
anonymity rules, and each pair's scores from the answers about that unit."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.anonymity import COMPLEMENTARY, NO_DATA, UNDER_THRESHOLD, Group, hidden_pairs
from assessments.models import Comment, PublishedSnapshot, Response
from assessments.selectors.partners import campaign_portfolio
from assessments.services.snapshots import snapshot_publish, snapshot_refresh
from tests.helpers import open_campaign, scores_of
from tests.partners import rate, units

pytestmark = pytest.mark.django_db

B, IT = "business", "it"


# --- The pair rules, pure --------------------------------------------------------------------------


def combos(*rows: tuple[str, str, tuple[int, ...], int]):
    return {(side, department, frozenset(rated)): n for side, department, rated, n in rows}


def test_a_pair_is_reported_only_with_both_sides_at_the_threshold():
    found = hidden_pairs(
        combos=combos((B, "", (1,), 3), (IT, "", (1,), 3), (B, "", (2,), 3), (IT, "", (2,), 2), (B, "", (3,), 4)),
        units=[1, 2, 3],
        threshold=3,
        hidden={},
    )
    # Unit 3 has no IT respondent: a pair of one side is no relationship. And unit 1 goes too:
    # IT as a whole (5) - unit 1's IT (3) would be unit 2's two IT respondents.
    assert found == {1: COMPLEMENTARY, 2: UNDER_THRESHOLD, 3: NO_DATA}
    found = hidden_pairs(
        combos=combos((B, "", (1,), 3), (IT, "", (1,), 3), (B, "", (2,), 3), (IT, "", (2,), 3), (B, "", (3,), 4)),
        units=[1, 2, 3],
        threshold=3,
        hidden={},
    )
    assert found == {3: NO_DATA}


def test_an_it_person_serving_one_unit_is_not_exposed_by_subtracting_two_pairs():
    # X serves Finance (1) only; three colleagues serve Finance and Sales (2). Finance's IT (4)
    # minus Sales' IT (3) would be X alone; and with Finance hidden, IT as a whole (4) minus
    # Sales' IT (3) is X again: both pairs go.
    found = hidden_pairs(
        combos=combos((B, "", (1,), 3), (B, "", (2,), 3), (IT, "", (1,), 1), (IT, "", (1, 2), 3)),
        units=[1, 2],
        threshold=3,
        hidden={},
    )
    assert found == {1: COMPLEMENTARY, 2: COMPLEMENTARY}


def test_with_enough_people_on_each_overlap_every_pair_is_reported():
    found = hidden_pairs(
        combos=combos((B, "", (1,), 3), (B, "", (2,), 3), (IT, "", (1,), 3), (IT, "", (1, 2), 3)),
        units=[1, 2],
        threshold=3,
        hidden={},
    )
    assert found == {}


def test_a_small_unit_is_not_given_away_by_the_side_minus_the_reported_units():
    # Business of unit 3 is one person: business as a whole - units 1 and 2 would show them.
    found = hidden_pairs(
        combos=combos(
            (B, "", (1,), 3),
            (B, "", (2,), 4),
            (B, "", (3,), 1),
            (IT, "", (1,), 3),
            (IT, "", (2,), 3),
            (IT, "", (3,), 3),
        ),
        units=[1, 2, 3],
        threshold=3,
        hidden={},
    )
    assert found == {3: UNDER_THRESHOLD, 1: COMPLEMENTARY}


def test_a_reported_department_is_an_atom_boundary_too():
    # IT departments Apps (4) and Infra (3) are reported. Unit 2's IT is Infra plus one person of
    # Apps: unit 2's IT - Infra = that person, so unit 2 goes; then Apps - unit 1's IT is them again.
    rows = combos(
        (B, "", (1,), 3), (B, "", (2,), 3), (IT, "Apps", (1,), 3), (IT, "Apps", (2,), 1), (IT, "Infra", (2,), 3)
    )
    assert hidden_pairs(combos=rows, units=[1, 2], threshold=3, hidden={}) == {1: COMPLEMENTARY, 2: COMPLEMENTARY}
    # With the departments not reported, neither subtraction is possible: both pairs are reported.
    hidden = {Group(IT, "Apps"): COMPLEMENTARY, Group(IT, "Infra"): COMPLEMENTARY}
    assert hidden_pairs(combos=rows, units=[1, 2], threshold=3, hidden=hidden) == {}


def test_imported_rows_do_not_lift_a_pair_over_the_threshold():
    rows = combos((B, "", (1,), 5), (IT, "", (1,), 5))
    online = combos((B, "", (1,), 5), (IT, "", (1,), 1))
    assert hidden_pairs(combos=rows, online=online, units=[1], threshold=3, hidden={}) == {1: UNDER_THRESHOLD}


# --- Through the real services ------------------------------------------------------------------


@pytest.fixture
def portfolio_campaign(org, instrument):
    campaign = open_campaign(org, instrument)
    found = units(campaign, "Finance", "Sales")
    return campaign, found["Finance"], found["Sales"]


def test_each_pair_is_scored_from_the_answers_about_its_own_unit(portfolio_campaign):
    campaign, finance, sales = portfolio_campaign
    for _ in range(3):
        rate(campaign, B, [finance], value="2")
        rate(campaign, B, [sales], value="4")
        # IT serves both: about Finance (first) everything 2, about Sales the unit-dependent items 5.
        rate(campaign, IT, [finance, sales], value="2", further={"Sales": "5"})
    snapshot_publish(campaign=campaign)
    portfolio = campaign_portfolio(campaign=campaign)
    by_name = {p.name: p for p in portfolio.partners}
    assert [p.name for p in portfolio.partners] == ["Finance", "Sales"]
    assert by_name["Finance"].responses == {B: 3, IT: 3} and by_name["Sales"].responses == {B: 3, IT: 3}
    assert by_name["Finance"].reason is None and by_name["Sales"].reason is None
    finance_trust = by_name["Finance"].scores.result("trust")
    sales_trust = by_name["Sales"].scores.result("trust")
    # Trust depends on the unit: IT's trust in Sales comes from their answers about Sales.
    assert sales_trust != finance_trust
    # Behaviours do not: IT answered them once, and both pairs have the same IT behaviours.
    assert (
        by_name["Finance"].scores.result("behaviours").mean.it == by_name["Sales"].scores.result("behaviours").mean.it
    )
    # The campaign as a whole counts each IT respondent once, with their first unit's answers.
    whole = scores_of(campaign=campaign)
    assert whole["responses"] == {B: 6, IT: 3}


def test_an_unusual_set_of_units_waits_for_its_batch(portfolio_campaign):
    campaign, finance, sales = portfolio_campaign
    for _ in range(3):
        rate(campaign, B, [finance])
        rate(campaign, IT, [finance])
    lone = rate(campaign, IT, [finance, sales])
    snapshot_publish(campaign=campaign)
    lone.refresh_from_db()
    assert lone.published_at is None
    assert campaign_portfolio(campaign=campaign).partner(finance.pk).responses == {B: 3, IT: 3}
    # Closing publishes everything.
    snapshot_publish(campaign=campaign, final=True)
    lone.refresh_from_db()
    assert lone.published_at is not None


def test_a_comment_waits_for_the_batch_of_its_units(portfolio_campaign):
    campaign, finance, sales = portfolio_campaign
    question = campaign.instrument.open_questions.first() if hasattr(campaign.instrument, "open_questions") else None
    if question is None:
        pytest.skip("no open question in this instrument version")
    for _ in range(3):
        rate(campaign, IT, [finance])
    Comment.objects.create(
        organisation_id=campaign.organisation_id,
        campaign=campaign,
        question=question,
        side=IT,
        text="waits",
        pending_partners=f"{finance.pk},{sales.pk}",
    )
    snapshot_publish(campaign=campaign)
    assert not Comment.objects.get(text="waits").published


def test_the_portfolio_is_stored_rebuilt_and_read_in_constant_queries(portfolio_campaign, django_assert_num_queries):
    campaign, finance, sales = portfolio_campaign
    for _ in range(3):
        rate(campaign, B, [finance])
        rate(campaign, B, [sales])
        rate(campaign, IT, [finance, sales])
    snapshot_publish(campaign=campaign)
    stored = PublishedSnapshot.objects.get(campaign=campaign).pairs
    snapshot_refresh(campaign=campaign)
    assert json.loads(PublishedSnapshot.objects.get(campaign=campaign).pairs["combos"]) == json.loads(stored["combos"])
    from tests.helpers import cache_clear

    cache_clear()
    with django_assert_num_queries(2):  # the units, the stored pairs (the cache is empty)
        cold = campaign_portfolio(campaign=campaign)
    with django_assert_num_queries(1):  # the units; the rest from the cache
        warm = campaign_portfolio(campaign=campaign)
    assert warm == cold or [p.responses for p in warm.partners] == [p.responses for p in cold.partners]


def test_a_campaign_without_units_has_an_empty_portfolio(org, instrument):
    campaign = open_campaign(org, instrument)
    assert campaign_portfolio(campaign=campaign).partners == ()


def test_campaign_scores_json_adds_partners_without_changing_the_other_keys(portfolio_campaign):
    campaign, finance, sales = portfolio_campaign
    for _ in range(3):
        rate(campaign, B, [finance])
        rate(campaign, IT, [finance])
        rate(campaign, B, [sales])
    snapshot_publish(campaign=campaign, final=True)
    out = StringIO()
    call_command("campaign_scores", campaign.pk, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"relationship", "trust", "benchmark", "trend"} <= data.keys()
    partners = {p["name"]: p for p in data["partners"]}
    assert partners["Finance"]["reported"] and partners["Finance"]["scores"]["responses"] == {B: 3, IT: 3}
    assert partners["Sales"] == {
        "id": sales.pk,
        "name": "Sales",
        "responses": {B: 3, IT: 0},
        "reported": False,
        "reason": NO_DATA,
        "scores": None,
        "consensus": None,
    }
    assert Response.objects.filter(campaign=campaign, published_at__isnull=True).count() == 0
