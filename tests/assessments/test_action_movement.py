"""Closing the loop (issue #19 item 4): the next round reports how the items each earlier action
targeted moved, per side, from the two rounds' published figures, worked out by hand
(tests/action_rounds.py); hidden sides stay hidden; items line up across versions."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.models import Item
from assessments.selectors.action_movement import action_movements
from assessments.selectors.actions import campaign_action_plans, campaign_actions_json
from assessments.services.actions import action_create
from assessments.texts import instrument_texts
from reports.actions import movement_view
from tests.action_rounds import SENTENCE, two_rounds
from tests.helpers import open_campaign, submit_columns

pytestmark = pytest.mark.django_db


def _by_side(rows: list[dict]) -> dict[str, dict]:
    return {row["side"]: row for row in rows}


def test_it_reports_the_movement_after_an_earlier_action(org, instrument):
    rounds = two_rounds(org, instrument)
    actions = campaign_actions_json(campaign=rounds.second)
    # The earlier round's action that was not dropped, with its movement; none of round 2's own.
    assert [(a["title"], a["campaign"]) for a in actions] == [("One-page service report", rounds.first.pk)]
    rows = _by_side(actions[0]["movement"])
    assert rows["business"] == {
        "target": "TRU-2",
        "code": "TRU-2",
        "aspect": "value",
        "side": "business",
        "before": {"mean": 2.0, "n": 3},
        "now": {"mean": 4.0, "n": 3},
        "change": 2.0,
        "direction": "up",
        "improvement": True,
    }
    assert rows["it"]["before"] == {"mean": 3.0, "n": 3} and rows["it"]["now"] == {"mean": 3.33, "n": 3}
    assert (rows["it"]["change"], rows["it"]["direction"], rows["it"]["improvement"]) == (0.33, "noise", None)

    own, earlier = campaign_action_plans(campaign=rounds.second)
    movement = movement_view(action_movements(campaign=rounds.second, earlier=earlier), instrument_texts(instrument))
    assert [line["text"] for line in movement[0]["lines"]] == [SENTENCE]
    assert movement[0]["campaign"] == "Round 1" and movement[0]["status_text"] == "done in March 2026"
    # The round that planned it measures nothing of it yet: its own plan, movement null.
    first = campaign_actions_json(campaign=rounds.first)
    assert [(a["title"], a["movement"]) for a in first] == [("Dropped idea", None), ("One-page service report", None)]


def test_a_side_hidden_in_either_round_stays_hidden(org, instrument):
    rounds = two_rounds(org, instrument, it_in_round_2=2)  # IT under the threshold (3) in round 2
    rows = _by_side(campaign_actions_json(campaign=rounds.second)[0]["movement"])
    assert rows["it"]["before"] == {"mean": 3.0, "n": 3}
    assert (rows["it"]["now"], rows["it"]["change"], rows["it"]["direction"]) == (None, None, "none")
    # Everyone is reported, so the business is hidden too (everyone - business = IT).
    assert (rows["business"]["before"], rows["business"]["now"]) == ({"mean": 2.0, "n": 3}, None)
    own, earlier = campaign_action_plans(campaign=rounds.second)
    line = movement_view(action_movements(campaign=rounds.second, earlier=earlier), instrument_texts(instrument))[0]
    text = line["lines"][0]["text"]
    assert text.startswith("Seeing what we pay for: Business 2.0 → –, not comparable; IT 3.0 → –, not comparable")
    assert "4.0" not in text and "3.0 → 3" not in text


def test_better_is_toward_where_each_side_wants_the_relationship(org, instrument):
    """REL-PAS-1 today: the business moves from 2 to 4 toward its desired 4 (an improvement); IT
    from 4 to 5, away from its desired 2 (a decline): both clear (+2.0 and +1.0, se 0.236)."""
    first, second = open_campaign(org, instrument, "Round 1"), open_campaign(org, instrument, "Round 2")
    answers = {
        first: {"business": ("2", "4"), "it": ("4", "2")},
        second: {"business": ("4", "4"), "it": ("5", "2")},
    }
    for campaign, sides in answers.items():
        for side, (today, desired) in sides.items():
            for i in range(3):
                columns = {"REL-PAS-1.today": today, "REL-PAS-1.desired": desired}
                submit_columns(campaign, side, columns=columns, publish=side == "it" and i == 2)
    action_create(
        campaign=first,
        title="Budget talks",
        owner_name="Kari",
        owner_email="kari@example.com",
        due_on=date(2026, 3, 1),
        targets=["REL-PAS-1"],
        status="in_progress",
    )
    rows = _by_side(campaign_actions_json(campaign=second)[0]["movement"])
    assert rows["business"]["aspect"] == "today"
    assert (rows["business"]["change"], rows["business"]["improvement"]) == (2.0, True)
    assert (rows["it"]["change"], rows["it"]["direction"], rows["it"]["improvement"]) == (1.0, "up", False)
    own, earlier = campaign_action_plans(campaign=second)
    text = movement_view(action_movements(campaign=second, earlier=earlier), instrument_texts(instrument))[0]
    assert "Business 2.0 → 4.0, a clear improvement; IT 4.0 → 5.0, a clear decline" in text["lines"][0]["text"]
    assert "while the action “Budget talks” is in progress" in text["lines"][0]["text"]


def test_a_dimension_stands_for_its_items(org, instrument):
    first, second = open_campaign(org, instrument, "Round 1"), open_campaign(org, instrument, "Round 2")
    for campaign in (first, second):
        for side in ("business", "it"):
            for i in range(3):
                submit_columns(campaign, side, columns={}, publish=side == "it" and i == 2)
    action_create(
        campaign=first,
        title="Shared goals",
        owner_name="Mira",
        owner_email="mira@example.com",
        due_on=date(2026, 3, 1),
        targets=["partner", "REL-PAR-1A"],
    )
    rows = campaign_actions_json(campaign=second)[0]["movement"]
    partner = list(Item.objects.filter(instrument=instrument, dimension="partner").values_list("code", flat=True))
    assert len(partner) >= 4
    # Each item once (REL-PAR-1A is also under `partner`), per side, unchanged: all answered 3.
    assert [(row["code"], row["side"]) for row in rows] == [
        (code, side) for code in partner for side in ("business", "it")
    ]
    assert {row["direction"] for row in rows} == {"same"}


def test_items_line_up_across_versions_through_replaces(org, instrument, instrument_2026):
    first = open_campaign(org, instrument_2026, "Round 1 (2026.2)")
    for side in ("business", "it"):
        for i in range(3):
            submit_columns(first, side, columns={"BEH-IT-7": "2"}, publish=side == "it" and i == 2)
    second = open_campaign(org, instrument, "Round 2")
    for side in ("business", "it"):
        for i in range(3):
            submit_columns(second, side, columns={"BEH-IT-7A": "4"}, publish=side == "it" and i == 2)
    action_create(
        campaign=first,
        title="Plain reporting",
        owner_name="Kari",
        owner_email="kari@example.com",
        due_on=date(2026, 3, 1),
        targets=["BEH-IT-7"],
        status="done",
        done_on=date(2026, 3, 1),
    )
    rows = _by_side(campaign_actions_json(campaign=second)[0]["movement"])
    assert (rows["business"]["target"], rows["business"]["code"]) == ("BEH-IT-7", "BEH-IT-7A")
    assert rows["business"]["before"]["mean"] == 2.0 and rows["business"]["now"]["mean"] == 4.0
    assert rows["it"]["improvement"] is True
