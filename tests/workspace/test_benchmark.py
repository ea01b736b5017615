"""The benchmark in the workspace (issue #20 item 5): the organisation's setting (admins only,
audited) and "you vs the benchmark" on a contributor's dashboard, nowhere else."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from accounts.services import organisation_benchmark_set
from assessments.services.benchmark import benchmark_publish
from tests.benchmarking import clients_with_rounds, closed_round

pytestmark = pytest.mark.django_db


def _url(org) -> str:
    return reverse("manage:organisation_benchmark", args=[org.slug])


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_it_checks_access(client, org, bob, charlie):
    client.force_login(charlie)
    assert client.post(_url(org), {"benchmark_opt_in": "on"}).status_code == 404
    client.force_login(bob)
    assert client.post(_url(org), {"benchmark_opt_in": "on"}).status_code == 403
    org.refresh_from_db()
    assert not org.benchmark_opt_in


def test_it_rejects_get(client, org, alice):
    client.force_login(alice)
    assert client.get(_url(org)).status_code == 405


def test_an_admin_opts_in_and_out_and_each_change_is_audited(client, org, alice):
    client.force_login(alice)
    settings_url = reverse("manage:organisation_settings", args=[org.slug])
    assert "It does not take part." in _text(client.get(settings_url))
    response = client.post(_url(org), {"benchmark_opt_in": "on"}, follow=True)
    org.refresh_from_db()
    assert org.benchmark_opt_in
    assert "takes part in the benchmark from its next publication" in _text(response)
    assert "not in the current benchmark yet" in _text(response)
    client.post(_url(org), {"benchmark_opt_in": "on"})  # no change: no second entry
    response = client.post(_url(org), {}, follow=True)
    org.refresh_from_db()
    assert not org.benchmark_opt_in
    assert "its figures leave the benchmark at its next publication" in _text(response)
    entries = LogEntry.objects.filter(additional_data__event="benchmark_change", additional_data__organisation=org.pk)
    assert [e.additional_data["benchmark_opt_in"] for e in entries.order_by("pk")] == ["on", "off"]
    assert all(e.actor == alice for e in entries)


@pytest.fixture
def benchmarked(org, instrument):
    """`org` and four other organisations in the benchmark, each with a closed round."""
    organisation_benchmark_set(organisation=org, opt_in=True)
    campaign = closed_round(org, instrument)
    others = clients_with_rounds(instrument, range(1, 5))
    assert benchmark_publish().snapshot is not None
    return campaign, others


def test_a_contributors_dashboard_shows_its_figures_beside_the_benchmark(client, bob, benchmarked):
    campaign, _others = benchmarked
    client.force_login(bob)  # a viewer: the dashboard is everyone's who may read it
    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    section = response.context["dashboard"]["benchmark"]
    assert section["version"] == 1 and section["organisations"] == 5
    row = next(r for r in section["rows"] if r["label"] == "Today, Business")
    assert row["organisations"] == 5 and row["position"]
    assert re.fullmatch(r"\d\.\d", row["p50_text"]) and re.fullmatch(r"\d\.\d", row["you_text"])
    assert section["items"]
    text = _text(response)
    assert "You and the benchmark" in text
    assert "the 25th percentile, the median and the 75th percentile" in text
    # A department's figures are not what organisations contribute: no benchmark there.
    filtered = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"department": "Sales"})
    assert filtered.context["dashboard"]["benchmark"] is None


def test_organisations_that_do_not_contribute_see_no_benchmark(client, charlie, other_org, instrument, benchmarked):
    campaign = closed_round(other_org, instrument)  # not opted in
    client.force_login(charlie)
    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    assert response.context["dashboard"]["benchmark"] is None
    assert "You and the benchmark" not in _text(response)
    # Opted in after the publication: not in this version, so nothing to see yet.
    organisation_benchmark_set(organisation=other_org, opt_in=True)
    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    assert response.context["dashboard"]["benchmark"] is None
