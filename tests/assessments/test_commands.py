"""The stable management-command interfaces: seed_demo and instrument_items."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from assessments.models import Answer, Campaign, Invitation, Response

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_lists_instrument_items_as_json():
    items = json.loads(run("instrument_items", "--json"))
    by_code = {i["code"]: i for i in items}
    rated = [i for i in items if i["type"] == "scale"]
    assert {i["instrument"] for i in rated} == {"relationship", "behaviour", "practice", "trust"}
    # Issue #17: the open questions come last, as text items of their own instrument.
    assert {i["instrument"] for i in items if i["type"] == "text"} == {"open"}
    rel = by_code["REL-PAS-1"]
    assert rel["dimension"] == "passive"
    assert rel["columns"] == ["REL-PAS-1.today", "REL-PAS-1.desired"]
    assert rel["sides"] == ["business", "it"]
    assert rel["scale"] == {"min": 1, "max": 5, "dont_know": "dk"}
    assert by_code["BEH-IT-3"]["columns"] == ["BEH-IT-3"]
    assert by_code["BEH-IT-3"]["dimension"] == "BEH-IT-3"
    assert by_code["BISL-DEM"]["columns"] == ["BISL-DEM.current", "BISL-DEM.target"]
    assert by_code["BISL-DEM"]["scale"]["not_applicable"] == "na"
    for item in items:
        assert {"code", "instrument", "dimension", "sides", "columns", "scale"} <= set(item)
        if item["instrument"] == "relationship":
            assert item["dimension"] in {"passive", "provider", "partner", "peer"}


def test_it_lists_a_named_version_and_rejects_an_unknown_one():
    version = json.loads(run("instrument_items", "--json"))  # loads the content
    from assessments.models import Instrument

    v = Instrument.objects.get().version
    assert json.loads(run("instrument_items", "--version", v, "--json")) == version
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No instrument version"):
        run("instrument_items", "--version", "0.0-nope", "--json")


def test_it_seeds_the_demo_and_prints_the_contract_json():
    data = json.loads(run("seed_demo", "--responses", "12", "--json"))
    assert data["organisation"] == "Northwind Logistics"
    campaign = Campaign.objects.get(pk=data["campaign_id"])
    assert campaign.availability() == "open"
    assert data["dashboard_url"].endswith(f"/campaigns/{campaign.pk}/")
    assert set(data["invitation_urls"]) == {"business", "it"}
    for side, urls in data["invitation_urls"].items():
        assert urls
        for url in urls:
            token = url.rstrip("/").rsplit("/", 1)[1]
            inv = Invitation.objects.get(token=token)
            assert inv.side == side and inv.state == "new"
    assert set(data["users"]) >= {"brm", "consultant"}
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    for creds in data["users"].values():
        # With a request, as every login has one: django-axes refuses to authenticate without.
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=creds["username"], password=creds["password"]) is not None
    submitted = Response.objects.filter(campaign=campaign, submitted_at__isnull=False)
    assert submitted.count() == 12
    assert {r.side for r in submitted} == {"business", "it"}


def test_it_is_deterministic_for_a_seed():
    def values(seed: int) -> list:
        data = json.loads(run("seed_demo", "--responses", "6", "--seed", str(seed), "--rounds", "0", "--json"))
        return list(
            Answer.objects.filter(campaign_id=data["campaign_id"])
            .order_by("response__created_at", "response_id", "item__order", "aspect")
            .values_list("value", "special")
        )

    assert values(7) == values(7)
    assert values(7) != values(8)


def test_it_makes_business_rate_it_behaviours_lower_than_it_rates_itself():
    from django.db.models import Avg

    data = json.loads(run("seed_demo", "--responses", "80", "--rounds", "0", "--json"))
    it_items = Answer.objects.filter(
        campaign_id=data["campaign_id"], item__kind="behaviour", item__group="it", special=""
    )
    business = it_items.filter(response__side="business").aggregate(m=Avg("value"))["m"]
    it_self = it_items.filter(response__side="it").aggregate(m=Avg("value"))["m"]
    assert it_self - business > 0.5


def test_it_reuses_the_demo_campaign_when_asked():
    first = json.loads(run("seed_demo", "--responses", "3", "--json"))
    again = json.loads(run("seed_demo", "--reuse", "--json"))
    assert again["campaign_id"] == first["campaign_id"]
    assert again["invitation_urls"] == first["invitation_urls"]


@pytest.mark.django_db
def test_seed_demo_records_a_consensus_workshop_through_the_services():
    # Issue #19: a newcomer sees what a workshop agreed beside the survey figures (make run).
    from auditlog.models import LogEntry

    from assessments.consensus import ConsensusModel, ConsensusValue
    from assessments.selectors.consensus import consensus_agenda

    data = json.loads(run("seed_demo", "--responses", "40", "--rounds", "0", "--json"))
    values = ConsensusValue.objects.filter(campaign_id=data["campaign_id"])
    assert values.count() == 3
    agenda = [entry.item.code for entry in consensus_agenda(campaign=values[0].campaign)][:3]
    assert sorted(v.code for v in values) == sorted(agenda)  # the agenda's first items
    for value in values:
        assert value.current is not None and value.target == min(value.current + 1, 5)
        assert value.recorded_by is not None and value.recorded_by.username == "brm"
    model = ConsensusModel.objects.get(campaign_id=data["campaign_id"])
    assert (model.today, model.target) == ("provider", "partner")
    assert LogEntry.objects.get_for_objects(values).count() == 3  # audited, as the BRM recorded them


def test_seed_demo_builds_past_rounds_oldest_first_on_both_content_versions():
    # Issue #19 item 6: the whole improvement cycle with `make run` (default 2 past rounds).
    from assessments.consensus import ConsensusModel

    data = json.loads(run("seed_demo", "--responses", "12", "--json"))
    rounds = [Campaign.objects.select_related("instrument").get(pk=pk) for pk in data["rounds"]]
    assert len(rounds) == 3 and rounds[-1].pk == data["campaign_id"]
    assert [c.name[-7:] for c in rounds] == ["round 1", "round 2", "round 3"]
    assert [c.created_at for c in rounds] == sorted(c.created_at for c in rounds)
    # The oldest round used the archived questionnaire; trends line up across versions.
    assert [c.instrument.version for c in rounds] == ["2026.2", "2027.1", "2027.1"]
    for past in rounds[:2]:
        assert past.status == Campaign.Status.CLOSED and past.closed_at < rounds[-1].created_at
        assert past.snapshot.responses == 12
        assert ConsensusModel.objects.filter(campaign=past).exists()
    assert rounds[-1].availability() == "open" and rounds[-1].you_said_we_did
    # Each past round's action plan, through the service: two done, one in progress, one planned;
    # the later ones wait for the first (a prerequisite across rounds).
    from assessments.actions import Action

    plan = list(Action.objects.filter(campaign__in=rounds[:2]).order_by("pk"))
    assert [(a.campaign_id, a.status) for a in plan] == [
        (rounds[0].pk, "done"),
        (rounds[0].pk, "done"),
        (rounds[1].pk, "in_progress"),
        (rounds[1].pk, "planned"),
    ]
    assert [a.title for a in plan[1].prerequisites.all()] == [plan[0].title]
    assert all(a.done_on for a in plan[:2]) and all(a.targets for a in plan)
    # And the open round's workshop planned its own first steps.
    assert Action.objects.filter(campaign=rounds[-1], status="planned").count() == 2
    # The designed story: each round's business trust lies below the next one's.
    from django.db.models import Avg

    trust = [
        Answer.objects.filter(campaign=c, item__kind="trust", response__side="business", special="").aggregate(
            m=Avg("value")
        )["m"]
        for c in rounds
    ]
    assert trust[0] < trust[1] < trust[2]


def test_seed_demo_without_rounds_and_reused_lists_the_rounds_it_has():
    first = json.loads(run("seed_demo", "--responses", "3", "--rounds", "0", "--json"))
    assert first["rounds"] == [first["campaign_id"]]
    again = json.loads(run("seed_demo", "--reuse", "--rounds", "4", "--json"))  # reused: nothing built
    assert again["rounds"] == [first["campaign_id"]]


@pytest.mark.parametrize("rounds", ["-1", "11"])
def test_seed_demo_refuses_a_round_count_out_of_range(rounds):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--rounds must be 0 to 10"):
        run("seed_demo", "--rounds", rounds)
    assert not Campaign.objects.exists()
