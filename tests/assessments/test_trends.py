"""Trends across every round of an organisation (issue #19 item 3): the rounds, the figures and
items lined up across content versions (`replaces`), each round's anonymity kept, the movement
in Welch's terms, the JSON's `trend` key, and a read that costs the same whatever the number of
responses and rounds."""

from __future__ import annotations

import json
import math
from statistics import mean, stdev

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.item_stats import ItemStats
from assessments.selectors.trends import campaign_rounds, campaign_trend, campaign_trend_json
from assessments.trends import REWRITTEN, SPLIT, Line, Point, item_estimate, lineage
from brmportal.lib.stats import Estimate
from tests.helpers import cache_clear, open_campaign, submit_columns

T_975_DF3 = 3.182446  # t(0.975) with 3 degrees of freedom, from a table

# Round 1 (2026.2): BEH-IT-1 as the business answered it; 2027.1 split it into BEH-IT-1A..1E.
ROUND_1_BEH_IT_1 = ("2", "3", "3", "4")
ROUND_3_BEH_IT_1A = ("4", "5", "5", "5")
# REL-PRO-4 was rewritten as REL-PRO-4A (one successor).
ROUND_1_REL_PRO_4 = ("2", "2", "3", "3")
ROUND_3_REL_PRO_4A = ("4", "4", "5", "5")
TRUST_2027 = [f"TRU-{i}" for i in range(1, 12)]


def _round(campaign, business: list[dict[str, str]], it: int) -> None:
    """Business respondents with their own answers (every other field "3"), `it` IT respondents
    answering "3" everywhere; published in one batch."""
    rows = [("business", columns) for columns in business] + [("it", {})] * it
    for i, (side, columns) in enumerate(rows):
        submit_columns(campaign, side, columns=columns, publish=i == len(rows) - 1)


def round_1(org, instrument_2026, name: str = "Round 1"):
    campaign = open_campaign(org, instrument_2026, name, departments=["Sales"])
    business = [{"BEH-IT-1": a, "REL-PRO-4.today": b} for a, b in zip(ROUND_1_BEH_IT_1, ROUND_1_REL_PRO_4, strict=True)]
    _round(campaign, business, it=4)
    return campaign


def round_2(org, instrument, name: str = "Round 2"):
    """Two IT respondents: under the threshold of 3, so both sides are hidden in this round (IT on
    its own, the business because everyone minus business would give IT away)."""
    campaign = open_campaign(org, instrument, name)
    _round(campaign, [{"BEH-IT-1A": "4"}] * 4, it=2)
    return campaign


def round_3(org, instrument, name: str = "Round 3", extra: int = 0):
    campaign = open_campaign(org, instrument, name, departments=["Sales"])
    business = [
        {"BEH-IT-1A": a, "REL-PRO-4A.today": b, **dict.fromkeys(TRUST_2027, "4")}
        for a, b in zip(ROUND_3_BEH_IT_1A, ROUND_3_REL_PRO_4A, strict=True)
    ]
    _round(campaign, business + [{"BEH-IT-1A": "4"}] * extra, it=4)
    return campaign


@pytest.fixture
def rounds(org, instrument, instrument_2026):
    return [round_1(org, instrument_2026), round_2(org, instrument), round_3(org, instrument)]


def _lines(trend) -> dict[str, Line]:
    return {line.key: line for line in (*trend.figures, *trend.items)}


def _by_hand(answers: tuple[str, ...]) -> tuple[float, float, float]:
    """Mean and 95 % interval of four answers, worked out with the t table; an interval never
    reaches past the scale's ends (1-5)."""
    values = [int(a) for a in answers]
    half = T_975_DF3 * stdev(values) / math.sqrt(len(values))
    return mean(values), max(1, mean(values) - half), min(5, mean(values) + half)


# --- The rounds ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_takes_every_earlier_round_with_published_results_oldest_first(org, other_org, instrument, rounds):
    open_campaign(org, instrument, "Draft, nothing published")
    later = round_3(org, instrument, "Round 4")
    open_campaign(other_org, instrument, "Another organisation's")
    assert [c.name for c in campaign_rounds(campaign=rounds[2])] == ["Round 1", "Round 2", "Round 3"]
    assert [c.name for c in campaign_rounds(campaign=rounds[1])] == ["Round 1", "Round 2"]
    assert campaign_rounds(campaign=later)[-1] == later


@pytest.mark.django_db
def test_one_round_has_no_trend(org, instrument):
    campaign = round_3(org, instrument)
    read = campaign_trend(campaign=campaign)
    assert read.trend is None and read.rounds == 1
    assert campaign_trend_json(campaign=campaign) is None


# --- Values, intervals, the line-up through `replaces` ------------------------------------------


@pytest.mark.django_db
def test_it_lines_up_three_rounds_with_the_values_worked_out_by_hand(rounds):
    trend = campaign_trend(campaign=rounds[2]).trend
    assert trend is not None
    assert [r.name for r in trend.rounds] == ["Round 1", "Round 2", "Round 3"]
    assert [r.version for r in trend.rounds] == ["2026.2", "2027.1", "2027.1"]
    lines = _lines(trend)

    # Trust: every statement "3" then every statement "4": (3 - 1) / 4 x 100 = 50, (4 - 1) / 4 x 100 = 75.
    business = lines["trust.business"]
    assert [p.value for p in business.points] == [50.0, None, 75.0]
    assert [p.estimate.n if p.estimate else None for p in business.points] == [4, None, 4]
    assert business.since_first.delta == pytest.approx(25.0)
    assert [p.value for p in lines["trust.it"].points] == [50.0, None, 50.0]

    # BEH-IT-1 (2026.2) was split into BEH-IT-1A..1E: each part continues its line, marked "split".
    split = lines["item.BEH-IT-1A.value.business"]
    assert split.continues == SPLIT
    assert [p.code for p in split.points] == ["BEH-IT-1", "BEH-IT-1A", "BEH-IT-1A"]
    for point, answers in ((split.points[0], ROUND_1_BEH_IT_1), (split.points[2], ROUND_3_BEH_IT_1A)):
        value, low, high = _by_hand(answers)
        assert point.value == pytest.approx(value)  # 3.0, then 4.75
        assert point.estimate.n == 4
        assert point.estimate.low == pytest.approx(low, abs=1e-4)
        assert point.estimate.high == pytest.approx(high, abs=1e-4)
    assert lines["item.BEH-IT-1E.value.business"].points[0].value == pytest.approx(3.0)
    # Round 1 -> 3: 4.75 - 3.0 = 1.75, and Welch's interval leaves out zero.
    assert split.since_first.delta == pytest.approx(1.75)
    assert split.since_first.clear
    assert (split.since_first.start, split.since_first.end) == (0, 2)

    # REL-PRO-4 was rewritten as REL-PRO-4A: one successor, "rewritten".
    rewritten = lines["item.REL-PRO-4A.today.business"]
    assert rewritten.continues == REWRITTEN
    assert [p.value for p in rewritten.points] == [pytest.approx(2.5), None, pytest.approx(4.5)]
    # A statement carried over with its code is the same line, not marked.
    assert lines["item.BEH-IT-3.value.business"].continues == ""
    assert [p.code for p in lines["item.BEH-IT-3.value.business"].points] == ["BEH-IT-3"] * 3
    # A statement new in 2027.1 starts in round 2 (hidden there), so its first figure is round 3's.
    new = lines["item.TRU-8.value.business"]
    assert [p.value for p in new.points] == [None, None, 4.0]
    assert new.since_first is None and new.since_previous is None


@pytest.mark.django_db
def test_a_figure_hidden_by_the_threshold_stays_hidden_in_that_round_only(rounds):
    lines = _lines(campaign_trend(campaign=rounds[2]).trend)
    # Round 2 hid both sides (2 IT responses), every figure and item of a side included.
    for key in ("trust.business", "trust.it", "practices.current.business", "behaviours.mean.it", "maturity.business"):
        assert lines[key].points[1].value is None, key
        assert lines[key].points[1].estimate is None, key
    assert not any(line.points[1].shown for line in lines.values() if line.key.startswith("item."))
    # Since the previous round: not comparable (hidden then); over all rounds: from round 1.
    assert lines["trust.business"].since_previous is None
    # Everyone was shown in round 2 (6 responses): its figures are there.
    assert lines["behaviours.enterprise"].points[1].value is not None
    assert lines["behaviours.enterprise"].since_previous is not None


@pytest.mark.django_db
def test_a_department_has_a_trend_only_over_the_rounds_that_have_it(org, instrument, rounds):
    for campaign in (rounds[0], rounds[2]):
        for side in ("business",) * 3 + ("it",) * 3:
            submit_columns(campaign, side, columns={}, default="2", department="Sales")
    read = campaign_trend(campaign=rounds[2], department="Sales")
    assert read.trend is not None and read.department == "Sales"
    assert [r.name for r in read.trend.rounds] == ["Round 1", "Round 3"]  # round 2 has no Sales
    # Sales answered "2" to every trust statement: (2 - 1) / 4 x 100 = 25 in both rounds.
    assert [p.value for p in _lines(read.trend)["trust.business"].points] == [25.0, 25.0]
    assert campaign_trend_json(campaign=rounds[2], department="Sales")["department"] == "Sales"
    # A department of one round only: no trend, and the count says why.
    lonely = round_3(org, instrument, "Round 4")
    for side in ("business",) * 3 + ("it",) * 3:
        submit_columns(lonely, side, columns={}, department="Legal")
    read = campaign_trend(campaign=lonely, department="Legal")
    assert read.trend is None and (read.rounds, read.department_rounds) == (4, 1)


# --- JSON ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_json_trend_has_the_documented_shape(rounds):
    data = campaign_trend_json(campaign=rounds[2])
    assert json.loads(json.dumps(data)) == data  # plain JSON
    assert set(data) == {"department", "rounds", "figures", "items"}
    assert data["department"] is None
    assert [r["campaign_id"] for r in data["rounds"]] == [c.pk for c in rounds]
    assert set(data["rounds"][0]) == {"campaign_id", "name", "created_at", "instrument_version", "responses"}
    assert data["rounds"][1]["responses"] == {"business": 4, "it": 2}
    figures = {f["key"]: f for f in data["figures"]}
    trust = figures["trust.business"]
    assert set(trust) == {"key", "group", "values", "since_first", "since_previous"}
    assert trust["values"][0]["value"] == 50.0 and trust["values"][0]["n"] == 4
    assert trust["values"][1] is None  # hidden in round 2
    assert trust["since_previous"] is None
    moved = trust["since_first"]
    assert set(moved) == {"from", "to", "delta", "ci", "clear"}
    assert (moved["from"], moved["to"], moved["delta"]) == (rounds[0].pk, rounds[2].pk, 25.0)
    # Today's model is a name: in words, never a number.
    assert figures["relationship.business.model"]["values"][0]["words"]
    items = {(i["code"], i["aspect"], i["side"]): i for i in data["items"]}
    split = items[("BEH-IT-1A", "value", "business")]
    assert split["continues"] == "split"
    assert [v and v["code"] for v in split["values"]] == ["BEH-IT-1", None, "BEH-IT-1A"]
    value, low, high = _by_hand(ROUND_1_BEH_IT_1)
    assert split["values"][0] == {"code": "BEH-IT-1", "value": value, "n": 4, "ci": [round(low, 2), round(high, 2)]}
    assert split["since_first"]["clear"] is True
    assert items[("BEH-IT-3", "value", "business")]["continues"] is None
    # Numbers rounded to 2 decimals like the rest of the scores JSON.
    numbers = [n for f in data["figures"] for v in f["values"] if v for n in [v["value"], *(v["ci"] or [])] if n]
    assert all(round(n, 2) == n for n in numbers)


# --- Cost ----------------------------------------------------------------------------------------


def _queries(campaign, department: str | None = None) -> int:
    cache_clear()  # what is measured is the stored copies' read, not Django's cache
    with CaptureQueriesContext(connection) as queries:
        campaign_trend(campaign=campaign, department=department)
    return len(queries)


@pytest.mark.django_db
def test_it_reads_in_the_same_number_of_queries_whatever_the_responses_and_rounds(org, instrument, instrument_2026):
    first, second = round_1(org, instrument_2026), round_2(org, instrument)
    two_rounds = _queries(second)
    # The rounds (1) and every round's stored scores (1).
    assert two_rounds == 2
    third = round_3(org, instrument)
    assert _queries(third) == two_rounds
    # More responses in a round: the same.
    _round(third, [{"BEH-IT-1A": "4"}] * 40, it=40)
    assert _queries(third) == two_rounds
    # Cached: the rounds only.
    campaign_trend(campaign=third)
    with CaptureQueriesContext(connection) as queries:
        campaign_trend(campaign=third)
    assert len(queries) == 1
    # A department's first read computes its scores in each round once (and stores them), then
    # reads them like the rest.
    for campaign in (first, third):
        submit_columns(campaign, "business", columns={}, department="Sales")
    _queries(third, "Sales")
    assert _queries(third, "Sales") == two_rounds


# --- Pure: the line-up rule ----------------------------------------------------------------------


def test_lineage_follows_single_predecessors_and_never_a_merge():
    versions = [frozenset({"A", "B", "M1", "M2"}), frozenset({"A1", "A2", "B1", "M"})]
    replaces = {"A1": ["A"], "A2": ["A"], "B1": ["B"], "M": ["M1", "M2"]}
    assert lineage("A1", versions, replaces) == (("A", "A1"), SPLIT)
    assert lineage("B1", versions, replaces) == (("B", "B1"), REWRITTEN)
    assert lineage("M", versions, replaces) == ((None, "M"), "")
    # Through two versions: C -> C1 -> C2, each rewritten.
    three = [frozenset({"C"}), frozenset({"C1"}), frozenset({"C2"})]
    assert lineage("C2", three, {"C1": ["C"], "C2": ["C1"]}) == (("C", "C1", "C2"), REWRITTEN)
    # A cycle in an uploaded version ends the walk instead of looping.
    assert lineage("X", [frozenset({"Z"}), frozenset({"X"})], {"X": ["Y"], "Y": ["X"]}) == ((None, "X"), "")


def test_a_movement_needs_both_ends_and_calls_a_clear_one_by_welch():
    before = Estimate(3.0, 25, 1.0, 0.2, 24)
    after = Estimate(4.5, 30, 0.5, 0.09, 29)
    line = Line("x", "business", (Point(3.0, before), Point(), Point(4.5, after)))
    assert line.since_previous is None  # hidden in the round before the last
    # 1.5 with se sqrt(0.2^2 + 0.09^2) = 0.22 at about 35 df: 1.5 +- 0.45, clear.
    assert line.since_first.delta == pytest.approx(1.5)
    assert line.since_first.clear
    # 0.4 with se sqrt(0.5^2 + 0.5^2) = 0.71 at 6 df: 0.4 +- 1.73, within the noise.
    wide = Estimate(3.0, 4, 1.0, 0.5, 3)
    within = Line("y", "business", (Point(3.0, wide), Point(3.4, Estimate(3.4, 4, 1.0, 0.5, 3))))
    assert within.since_first.delta == pytest.approx(0.4) and not within.since_first.clear
    assert Line("z", "it", (Point(), Point(3.0, wide))).since_first is None


def test_item_stats_of_a_hidden_side_give_no_point():
    stats = ItemStats("A", "behaviour", "value", False, (1, 5), ((4, 12, 0, 0, 38, (0, 1, 2, 1, 0)), None, None))
    assert item_estimate(stats, "business").mean == 3.0
    assert item_estimate(stats, "it") is None


@pytest.mark.django_db
def test_campaign_scores_json_adds_the_trend(rounds):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("campaign_scores", str(rounds[2].pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["trend"] == campaign_trend_json(campaign=rounds[2])
    assert len(data["trend"]["rounds"]) == 3
    out = StringIO()
    call_command("campaign_scores", str(rounds[0].pk), "--json", stdout=out)
    assert json.loads(out.getvalue())["trend"] is None  # the first round has none before it
