"""What keeps an uncached read of the scores cheap (bench/results.md, issue #16 item 11) gives the
same figures as before: the snapshot stored as packed text, its flagged part parsed on first use,
and the shortcuts in the statistics."""

from __future__ import annotations

import pickle
from typing import TypeVar

import pytest
from django.db.models.fields.json import KT

from assessments.instrument_meta import instrument_meta
from assessments.models import PublishedSnapshot
from assessments.profiles import flag_counts
from assessments.selectors.aggregates import campaign_aggregates, campaign_live_aggregates
from assessments.services.campaigns import campaign_close
from brmportal.lib.aggregates import SNAPSHOT_VERSION, CampaignAggregates, Measures
from brmportal.lib.scoring import ByGroup, Tally, pool
from brmportal.lib.stats import Estimate, welch
from tests.helpers import submit_columns

T = TypeVar("T")


def _straight_liners_and_others(campaign) -> None:
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="5", source="link")  # flagged
    for side, default in (("business", "2"), ("it", "3"), ("it", "2"), ("it", "3")):
        submit_columns(campaign, side, columns={"BEH-IT-3": "1", "TRU-1": "4"}, default=default)


@pytest.mark.django_db
def test_it_reads_the_stored_snapshot_as_packed_text_in_one_query(campaign, django_assert_num_queries):
    _straight_liners_and_others(campaign)
    stored = PublishedSnapshot.objects.get(campaign=campaign).data
    assert set(stored) == {"version", "packed"} and stored["version"] == SNAPSHOT_VERSION
    assert isinstance(stored["packed"], str)
    with django_assert_num_queries(1):
        read = campaign_aggregates(campaign=campaign)
    live = campaign_live_aggregates(campaign=campaign)
    assert read.counts == live.counts and read.sources == live.sources
    assert read.tallies == live.tallies and read.measures == live.measures
    for group in ("business", "it", "overall"):
        assert read.group(group) == live.group(group)


@pytest.mark.django_db
def test_it_parses_the_flagged_part_only_when_read_and_leaves_the_same_people_out(campaign):
    _straight_liners_and_others(campaign)
    read = campaign_aggregates(campaign=campaign)
    assert "sources" not in vars(read.flagged)  # not parsed by reading the snapshot
    live = campaign_live_aggregates(campaign=campaign)
    assert read.flagged.sources == live.flagged.sources == {("business", ""): {"link": 3}}
    assert read.flagged.tallies == live.flagged.tallies and read.flagged.measures == live.flagged.measures
    without, live_without = read.without_flagged(), live.without_flagged()
    assert without.counts == live_without.counts == {("business", ""): 1, ("it", ""): 3}
    assert without.tallies == live_without.tallies and without.measures == live_without.measures


@pytest.mark.django_db
def test_it_rebuilds_a_snapshot_stored_in_another_version(campaign, django_assert_max_num_queries):
    _straight_liners_and_others(campaign)
    snapshot = PublishedSnapshot.objects.get(campaign=campaign)
    PublishedSnapshot.objects.filter(pk=snapshot.pk).update(data={"version": 4, "sources": []})
    rebuilt = campaign_aggregates(campaign=campaign)
    assert sum(rebuilt.counts.values()) == 7
    assert PublishedSnapshot.objects.filter(pk=snapshot.pk).values_list(KT("data__version"), flat=True).get() == str(
        SNAPSHOT_VERSION
    )
    assert CampaignAggregates.from_packed(None) is None
    assert CampaignAggregates.from_packed('{"version": 4}') is None
    with pytest.raises(ValueError):
        CampaignAggregates.from_json({"version": 4})
    campaign_close(campaign=campaign)
    with django_assert_max_num_queries(1):
        campaign_aggregates(campaign=campaign)


def test_it_lists_flag_counts_in_one_order_whatever_the_path():
    # Counted live the marks come in the order found; a snapshot stored as a JSON object gave
    # them back shortest first. The scores list them in that one order either way.
    found = Measures(counts={"respondents": 4, "flag:straight_line": 2, "flagged": 2, "flag:acquiescence": 1})
    stored = Measures.from_json(found.to_json())
    for measures in (found, stored):
        counts = flag_counts({"business": measures, "it": None})
        assert list(counts["business"]) == ["flagged", "flag:acquiescence", "flag:straight_line"]
        assert "it" not in counts


def _cached(value: T) -> T:
    """As the cache keeps it (Django pickles), read back."""
    found: T = pickle.loads(pickle.dumps(value))  # noqa: S301 - bytes this test just made
    return found


def test_the_shortcuts_give_the_same_figures():
    a = Tally.of_answers(1, 2, 2, 4, 5, dk=1)
    b = Tally.of_answers(3, 3, 4)
    tallies = {("X", "value"): a, ("Y", "value"): b}
    # A pool of one item is that item's tally; of several, the element-wise sum.
    assert pool(tallies, [("X", "value")]) == a
    assert pool(tallies, [("X", "value"), ("Y", "value"), ("Z", "value")]) == Tally.of_answers(
        1, 2, 2, 4, 5, 3, 3, 4, dk=1
    )
    assert pool(tallies, [("Z", "value")]) == Tally()
    # An estimate made within bounds equals one clipped afterwards, interval included.
    made, answers = Estimate.of(a.n, a.total, a.sq, bounds=(1, 5)), a.estimate
    assert made is not None and answers is not None
    clipped = answers.within(1, 5)
    assert made == clipped and made.ci == clipped.ci
    # Cached scores pickle the fields only; the interval is the same when read back.
    again = _cached(made)
    assert "ci" in vars(made) and "ci" not in vars(again)
    assert again == made and again.ci == made.ci
    gap = welch(made, Estimate.of(b.n, b.total, b.sq))
    assert _cached(gap) == gap
    groups = ByGroup(business=made, it=None, overall=clipped)
    assert _cached(groups) == groups
    assert groups.map(lambda e: e.mean) == ByGroup(business=made.mean, overall=clipped.mean)


@pytest.mark.django_db
def test_it_builds_an_instrument_versions_meta_once_per_process(instrument):
    first = instrument_meta(instrument=instrument)
    assert instrument_meta(instrument=instrument) is first
    assert first.scales == first.scales and all(item.kind == "trust" for item in first.scope("trust", {}, "").items)
