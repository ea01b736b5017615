"""`seed_demo --organisations N` (issue #20 item 6): N client organisations of the demo
consultant in the benchmark, so the consultant's view and the benchmark show with `make run`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Membership, Organisation
from assessments.models import Campaign
from assessments.selectors.benchmark import benchmark_current, benchmark_for

pytestmark = pytest.mark.django_db


def seed(*args: str) -> dict:
    out = io.StringIO()
    call_command("seed_demo", "--responses", "9", "--rounds", "1", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_adds_client_organisations_in_the_benchmark(client):
    data = seed("--organisations", "5")
    clients = data["organisations"]
    assert len(clients) == 5 and len({c["slug"] for c in clients}) == 5
    for entry in clients:
        organisation = Organisation.objects.get(pk=entry["id"])
        assert organisation.benchmark_opt_in
        assert Membership.objects.filter(
            user__username="consultant", organisation=organisation, role="consultant"
        ).exists()
        closed = Campaign.objects.filter(organisation=organisation, status="closed").order_by("created_at")
        assert [c.pk for c in closed][-1] == entry["campaign_id"] and closed.count() == 2
    # The five clients and the demo organisation (its past round) make the benchmark.
    current = benchmark_current()
    assert current is not None and len(current.organisations) == 6
    demo = Organisation.objects.get(pk=data["organisation_id"])
    assert benchmark_for(organisation=demo) is not None
    # The consultant sees every client on one page, the demo's dashboard shows the benchmark.
    client.force_login(Membership.objects.filter(user__username="consultant").first().user)
    assert len(client.get("/clients/").context["rows"]) == 7  # Northwind, Fjordline and the five
    dashboard = client.get(data["dashboard_path"])
    assert dashboard.context["dashboard"]["benchmark"]["organisations"] == 6
    # Again with --reuse: nothing is added twice, nothing republished.
    again = seed("--organisations", "5", "--reuse")
    assert [c["campaign_id"] for c in again["organisations"]] == [c["campaign_id"] for c in clients]
    assert benchmark_current().pk == current.pk


def test_it_adds_none_by_default_and_refuses_too_many():
    assert seed()["organisations"] == []
    assert benchmark_current() is None
    with pytest.raises(CommandError, match="--organisations must be 0 to 60"):
        seed("--organisations", "61")
