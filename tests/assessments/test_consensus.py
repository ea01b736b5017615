"""The consensus workshop's services and selectors (issue #19 item 1), on the real database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.consensus import ConsensusModel, ConsensusValue
from assessments.models import Item
from assessments.selectors.consensus import campaign_consensus, consensus_agenda
from assessments.services.consensus import consensus_model_record, consensus_record
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import cache_clear, submit_columns


def _both_sides(campaign, kind: str) -> list[Item]:
    items = Item.objects.filter(instrument=campaign.instrument, kind=kind).order_by("order")
    return [item for item in items if {"business", "it"} <= set(item.sides)]


def test_it_records_a_value_with_its_aspect_and_audit_entry(campaign, alice):
    item = _both_sides(campaign, "relationship")[0]
    value = consensus_record(
        campaign=campaign,
        code=item.code,
        current=Decimal("2.5"),
        target=Decimal("4"),
        rationale="  Agreed. ",
        user=alice,
    )
    assert value.aspect == "today/desired"
    assert (value.current, value.target, value.rationale, value.recorded_by) == (
        Decimal("2.5"),
        Decimal("4"),
        "Agreed.",
        alice,
    )
    assert value.organisation_id == campaign.organisation_id
    entry = LogEntry.objects.get_for_object(value).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor is None or entry.actor == alice  # no request: the actor is set by the view's middleware
    assert entry.additional_data == {"organisation": campaign.organisation_id, "campaign": campaign.pk}

    # Recording again replaces the values; the change is in the log.
    consensus_record(campaign=campaign, code=item.code, current=Decimal("3"), target=None, user=alice)
    assert ConsensusValue.objects.filter(campaign=campaign).count() == 1
    stored = ConsensusValue.objects.get(campaign=campaign)
    assert (stored.current, stored.target) == (Decimal("3.00"), None)
    changes = LogEntry.objects.get_for_object(stored).order_by("timestamp")
    assert [e.action for e in changes] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert [Decimal(v) for v in changes.last().changes_dict["current"]] == [Decimal("2.5"), Decimal("3")]


def test_it_accepts_dimension_and_cluster_codes(campaign, alice):
    item = Item.objects.filter(instrument=campaign.instrument, kind="practice").exclude(group="").first()
    assert item is not None
    value = consensus_record(campaign=campaign, code=item.group, current=Decimal("2"), target=Decimal("3"), user=alice)
    assert value.aspect == "current/target"
    relationship = _both_sides(campaign, "relationship")[0]
    assert (
        consensus_record(
            campaign=campaign,
            code=relationship.dimension,
            current=None,
            target=None,
            rationale="Talk again",
            user=alice,
        ).rationale
        == "Talk again"
    )


def test_it_refuses_values_outside_the_scale(campaign, alice):
    item = _both_sides(campaign, "relationship")[0]
    with pytest.raises(ApplicationError, match=f"between {item.scale_min} and {item.scale_max}"):
        consensus_record(
            campaign=campaign, code=item.code, current=Decimal(item.scale_max + 1), target=None, user=alice
        )
    with pytest.raises(ApplicationError, match="between"):
        consensus_record(campaign=campaign, code=item.code, current=None, target=Decimal("0.5"), user=alice)
    assert not ConsensusValue.objects.exists()


def test_it_refuses_an_unknown_code_and_an_empty_record(campaign, alice):
    with pytest.raises(ApplicationError, match="NOPE-1 is not an item, dimension or cluster"):
        consensus_record(campaign=campaign, code="NOPE-1", current=Decimal("3"), target=None, user=alice)
    item = _both_sides(campaign, "relationship")[0]
    with pytest.raises(ApplicationError, match="Record an agreed"):
        consensus_record(campaign=campaign, code=item.code, current=None, target=None, rationale=" ", user=alice)
    with pytest.raises(ApplicationError, match="at most 1000"):
        consensus_record(
            campaign=campaign, code=item.code, current=Decimal("3"), target=None, rationale="x" * 1001, user=alice
        )
    assert not ConsensusValue.objects.exists()


def test_it_records_the_relationship_models(campaign, alice):
    found = consensus_model_record(campaign=campaign, today="provider", target="partner", rationale="Why", user=alice)
    assert (found.today, found.target, found.recorded_by) == ("provider", "partner", alice)
    consensus_model_record(campaign=campaign, today="provider", target="peer", user=alice)
    assert ConsensusModel.objects.get(campaign=campaign).target == "peer"
    assert LogEntry.objects.get_for_object(found).count() == 2
    with pytest.raises(ApplicationError, match="not a relationship model"):
        consensus_model_record(campaign=campaign, today="overlord", target="", user=alice)
    with pytest.raises(ApplicationError, match="Choose"):
        consensus_model_record(campaign=campaign, today="", target="", user=alice)


def _seed(campaign) -> tuple[Item, Item, Item]:
    """Three business and three IT respondents: `clear` splits the sides (5 vs 1), `small` by one
    point (4 vs 3, with some spread), `spread` splits each side within itself (1, 3, 5)."""
    items = [item for item in _both_sides(campaign, "practice")]
    clear, small, spread = items[0], items[1], items[2]
    rows = {
        "business": [("5", "4", "1"), ("5", "5", "3"), ("5", "4", "5")],
        "it": [("1", "3", "1"), ("1", "3", "3"), ("1", "2", "5")],
    }
    for side, answers in rows.items():
        for a, b, c in answers:
            columns = {}
            for item, value in ((clear, a), (small, b), (spread, c)):
                for aspect in item.aspects:
                    columns[item.column(aspect)] = value
            submit_columns(campaign, side, columns=columns)
    return clear, small, spread


def test_it_orders_the_agenda_by_clear_divergence_then_spread(campaign):
    clear, small, spread = _seed(campaign)
    cache_clear()
    agenda = consensus_agenda(campaign=campaign)
    codes = [entry.item.code for entry in agenda]
    assert codes.index(clear.code) == 0
    assert agenda[0].divergence == pytest.approx(4.0)
    assert codes.index(small.code) == 1 and agenda[1].divergence == pytest.approx(4.33 - 2.67, abs=0.01)
    # No clear divergence, but the widest spread within a side: first of the rest.
    assert codes.index(spread.code) == 2 and agenda[2].divergence is None
    assert agenda[2].spread == pytest.approx(2.0)
    assert len(codes) == Item.objects.filter(instrument=campaign.instrument).count()
    first = agenda[0].aspects[0]
    assert first.business is not None and first.it is not None
    assert (first.business.n, first.it.n, first.business.mean, first.it.mean) == (3, 3, 5.0, 1.0)


def test_it_reads_the_agenda_and_the_consensus_in_constant_queries(campaign, alice):
    _seed(campaign)
    cache_clear()
    consensus_agenda(campaign=campaign)
    with CaptureQueriesContext(connection) as few:
        consensus_agenda(campaign=campaign)
        campaign_consensus(campaign=campaign)
    for item in Item.objects.filter(instrument=campaign.instrument)[:5]:
        consensus_record(campaign=campaign, code=item.code, current=Decimal("2"), target=Decimal("3"), user=alice)
    for side in ("business", "it"):
        submit_columns(campaign, side, columns={})
    cache_clear()
    consensus_agenda(campaign=campaign)
    with CaptureQueriesContext(connection) as many:
        consensus_agenda(campaign=campaign)
        found = campaign_consensus(campaign=campaign)
    assert len(found.values) == 5
    assert len(many) == len(few)
