"""The benchmark across organisations on the real services (issue #20 item 5): the 5-organisation
rule, batch publication, opt-out, the command, the task and `campaign_scores --json`."""

from __future__ import annotations

import json
from io import StringIO
from unittest.mock import Mock

import pytest
from django.core.management import call_command

from accounts.services import organisation_benchmark_set
from assessments.benchmark import BenchmarkSnapshot
from assessments.benchmark_rules import differing
from assessments.management.commands.benchmark_publish import Command as PublishCommand
from assessments.selectors.benchmark import benchmark_current, benchmark_for
from assessments.services.benchmark import benchmark_publish
from assessments.tasks.benchmark import benchmark_publish as benchmark_publish_task
from tests.benchmarking import client_organisation, clients_with_rounds, closed_round

pytestmark = pytest.mark.django_db

RELATIONSHIP = "relationship.business.today"


def test_it_publishes_nothing_from_four_organisations(instrument):
    clients_with_rounds(instrument, range(1, 5))
    publication = benchmark_publish()
    assert publication.snapshot is None and publication.changed == 4
    assert not BenchmarkSnapshot.objects.exists()


def test_it_publishes_cells_from_five_organisations(instrument):
    clients = clients_with_rounds(instrument, range(1, 6))
    snapshot = benchmark_publish().snapshot
    assert snapshot is not None and snapshot.version == 1
    assert snapshot.organisations == sorted(org.pk for org, _ in clients)
    cell = snapshot.cells[RELATIONSHIP]
    assert cell["organisations"] == 5
    assert cell["p25"] <= cell["p50"] <= cell["p75"]
    assert set(cell) == {"organisations", "p25", "p50", "p75"}
    # Every item aspect per side and the headline figures, each from all five.
    assert any(key.startswith("item.TRU-1.value.") for key in snapshot.cells)
    assert {c["organisations"] for c in snapshot.cells.values()} == {5}


def test_it_leaves_out_organisations_that_do_not_take_part_or_have_no_closed_round(instrument):
    clients_with_rounds(instrument, range(1, 5))
    clients_with_rounds(instrument, [5], opt_in=False)
    from tests.helpers import open_campaign

    open_campaign(client_organisation(6), instrument)  # opted in, but nothing closed
    assert benchmark_publish().snapshot is None


def test_it_does_not_republish_for_a_sixth_organisations_change_alone(instrument):
    first_five = clients_with_rounds(instrument, range(1, 6))
    first = benchmark_publish().snapshot
    clients_with_rounds(instrument, [6])
    publication = benchmark_publish()
    assert publication.snapshot is None and publication.changed == 1 and publication.current == 1
    assert benchmark_current().pk == first.pk
    # Three more join: four changes in all, still not published.
    clients_with_rounds(instrument, range(7, 10))
    assert benchmark_publish().snapshot is None
    # A newer closed round of one of the first five is a change too: five in all.
    closed_round(first_five[0][0], instrument, name="Round 2", lag=-0.4)
    second = benchmark_publish().snapshot
    assert second is not None and second.version == 2 and second.changed == 5
    # Cell by cell, never one to four organisations different from version 1: a cell in which
    # the newer round left the first organisation's figure as it was is held back this time.
    held_back = 0
    for key in {key for entry in second.contributions.values() for key in entry["figures"]}:
        now = {org: entry["figures"][key] for org, entry in second.contributions.items() if key in entry["figures"]}
        before = {org: entry["figures"][key] for org, entry in first.contributions.items() if key in entry["figures"]}
        if len(now) < 5:
            assert key not in second.cells
        elif key in first.cells and 0 < differing(before, now) < 5:
            assert key not in second.cells
            held_back += 1
        else:
            assert second.cells[key]["organisations"] == len(now) == 9
    assert held_back == second.withheld


def test_it_removes_an_organisation_that_opts_out_at_the_next_publication(instrument):
    clients = clients_with_rounds(instrument, range(1, 7))
    leaving = clients[0][0]
    benchmark_publish()
    organisation_benchmark_set(organisation=leaving, opt_in=False)
    # It stops seeing the benchmark at once, but its figures stay until the next version.
    assert benchmark_for(organisation=leaving) is None
    assert benchmark_publish().snapshot is None
    assert leaving.pk in benchmark_current().organisations
    clients_with_rounds(instrument, range(7, 11))
    snapshot = benchmark_publish().snapshot
    assert snapshot is not None and leaving.pk not in snapshot.organisations
    assert str(leaving.pk) not in snapshot.contributions
    # One left, four joined: five changes in every cell, so the cells are shown.
    assert snapshot.cells[RELATIONSHIP]["organisations"] == 9 and snapshot.withheld == 0


def test_when_every_contributor_opts_out_the_next_version_withdraws_their_figures(instrument):
    # Found by `make bench` g with five organisations: an empty version failed validation, so the
    # daily task raised and the opted-out organisations' figures stayed published.
    clients = clients_with_rounds(instrument, range(1, 6))
    benchmark_publish()
    for organisation, _campaign in clients:
        organisation_benchmark_set(organisation=organisation, opt_in=False)
    snapshot = benchmark_publish().snapshot
    assert snapshot is not None and snapshot.version == 2
    assert snapshot.organisations == [] and snapshot.contributions == {} and snapshot.cells == {}
    assert all(benchmark_for(organisation=organisation) is None for organisation, _ in clients)


def test_it_shows_the_benchmark_only_to_contributors(instrument):
    clients = clients_with_rounds(instrument, range(1, 6))
    outsider = clients_with_rounds(instrument, [6], opt_in=False)[0][0]
    late = client_organisation(7)
    benchmark_publish()
    assert benchmark_for(organisation=clients[0][0]) is not None
    assert benchmark_for(organisation=outsider) is None
    assert benchmark_for(organisation=late) is None  # opted in, not in this version


def test_the_command_and_the_task_publish_only_when_due(instrument):
    clients_with_rounds(instrument, range(1, 6))
    out = StringIO()
    PublishCommand(stdout=out).handle(json=True)
    data = json.loads(out.getvalue())
    assert data["published"] and data["version"] == 1 and data["contributors"] == 5 and data["cells"] > 0
    # The task twice: nothing changed, nothing published, the version stays.
    assert benchmark_publish_task() is None
    assert benchmark_publish_task() is None
    stdout = Mock()
    PublishCommand(stdout=stdout).handle(json=False)
    assert "Not published (version 1 stays): 0 contributions changed" in stdout.write.call_args[0][0]


def test_campaign_scores_json_adds_the_benchmark_for_a_contributor_only(instrument):
    clients = clients_with_rounds(instrument, range(1, 6))
    outsider_campaign = clients_with_rounds(instrument, [6], opt_in=False)[0][1]
    benchmark_publish()
    campaign = clients[0][1]

    def scores_json(campaign_id: int, *args: str) -> dict:
        out = StringIO()
        call_command("campaign_scores", str(campaign_id), "--json", *args, stdout=out)
        return json.loads(out.getvalue())

    data = scores_json(campaign.pk)
    benchmark = data["benchmark"]
    assert benchmark["version"] == 1 and benchmark["organisations"] == 5 and benchmark["minimum"] == 5
    row = next(cell for cell in benchmark["cells"] if cell["key"] == RELATIONSHIP)
    assert row["figure"] == data["relationship"]["business"]["today"]["index"]
    assert row["position"] in {"bottom", "lower_middle", "median", "upper_middle", "top"}
    assert {"p25", "p50", "p75", "organisations"} <= set(row)
    assert scores_json(outsider_campaign.pk)["benchmark"] is None
    assert scores_json(campaign.pk, "--department", "Sales")["benchmark"] is None
