"""The dashboard's "Across rounds" card (issue #19 item 3): only with two rounds or more, a
Vega-Lite line chart of the headline figures per side with their intervals, a table of every
figure per round with n, and the statements per round in an expander; a department without
enough rounds gets a line saying why."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from tests.assessments.test_charts import assert_valid
from tests.assessments.test_trends import _round, round_1, round_2, round_3
from tests.helpers import cache_clear, submit_columns
from tests.workspace.test_dashboard import chart_rows, chart_specs, url
from workspace.dashboard import dashboard_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(org, instrument, instrument_2026):
    return [round_1(org, instrument_2026), round_2(org, instrument), round_3(org, instrument)]


def _rows(trend) -> dict[str, dict]:
    return {row["key"]: row for row in trend["rows"] + trend["items"]}


def test_it_shows_the_trend_with_a_chart_and_a_table(client, alice, rounds):
    client.force_login(alice)
    response = client.get(url(rounds[2]))
    assert response.status_code == 200
    trend = response.context["dashboard"]["trend"]
    assert [r["label"] for r in trend["rounds"]] == ["Round 1", "Round 2", "Round 3"]
    rows = _rows(trend)
    trust = rows["trust.business"]
    # Trust 50 -> (hidden) -> 75: whole numbers as the index is read, each with its n.
    assert [(c["shown"], c["text"], c["n"]) for c in trust["cells"]] == [
        (True, "50", 4),
        (False, "–", None),
        (True, "75", 4),
    ]
    assert trust["since_first"]["text"] == "up 25"
    assert trust["since_first"]["direction"] == "up"
    assert trust["since_previous"]["text"] == "not comparable"  # hidden in round 2
    # BEH-IT-1 (2026.2) -> BEH-IT-1A (2027.1): split, marked; 3.0 -> 4.8 (4.75 read with one decimal).
    split = rows["item.BEH-IT-1A.value.business"]
    assert split["note"] == "split from BEH-IT-1"
    assert [c["text"] for c in split["cells"]] == ["3.0", "–", "4.8"]
    assert split["since_first"]["text"] == "up 1.8"
    assert rows["item.REL-PRO-4A.today.business"]["note"] == "reworded from REL-PRO-4"
    assert trend["versions_line"].startswith("The rounds used different questionnaire versions (2026.2, 2027.1)")

    text = response.content.decode()
    assert "Across rounds" in text
    assert "Per statement:" in text and "<details" in text
    assert "split from BEH-IT-1" in text
    spec = chart_specs(response.content)["trend"]
    assert_valid(spec)
    assert spec["title"]["text"] == "Headline figures across rounds"
    assert "Trust index (0-100), Business: 50, –, 75" in spec["description"]
    panels = {panel["title"]["text"]: panel for panel in spec["concat"]}
    # No relationship panel: nobody agreed with any model's statements, so no round has an index.
    assert list(panels) == ["Trust index (0-100)", "Behaviours, mean (1-5)", "BRM maturity (1-5)"]
    points = [(r["round"], r["series"], r["value"]) for r in chart_rows(panels["Trust index (0-100)"])]
    # The axis names each round by when it started (the three began the same day: numbered).
    first, second, third = (f"{i}. {date_format(c.created_at, 'j M Y')}" for i, c in enumerate(rounds, start=1))
    assert points == [
        (first, "Business", 50.0),
        (second, "Business", None),
        (third, "Business", 75.0),
        (first, "IT", 50.0),
        (second, "IT", None),
        (third, "IT", 50.0),
    ]


def test_it_words_the_trend_in_the_readers_language(client, alice, rounds):
    client.force_login(alice)
    with translation.override("nb"):
        trend = dashboard_context(campaign=rounds[2])["trend"]
    split = _rows(trend)["item.BEH-IT-1A.value.business"]
    assert [c["text"] for c in split["cells"]] == ["3,0", "–", "4,8"]  # the reader's decimal mark


def test_one_round_shows_no_trend(client, alice, org, instrument):
    campaign = round_3(org, instrument)
    client.force_login(alice)
    response = client.get(url(campaign))
    assert response.context["dashboard"]["trend"] is None
    assert "Across rounds" not in response.content.decode()
    assert "trend" not in chart_specs(response.content)


def test_a_department_without_two_rounds_says_why(client, alice, rounds):
    for side in ("business",) * 3 + ("it",) * 3:
        submit_columns(rounds[2], side, columns={}, department="Sales")
    client.force_login(alice)
    response = client.get(url(rounds[2], department="Sales"))
    trend = response.context["dashboard"]["trend"]
    assert trend["line"] == "No trend across rounds for Sales: only 1 round has published responses from it."
    assert trend["line"] in response.content.decode()
    assert "trend" not in chart_specs(response.content)


def _dashboard_queries(campaign) -> int:
    cache_clear()
    with CaptureQueriesContext(connection) as queries:
        dashboard_context(campaign=campaign)
    return len(queries)


def test_it_reads_the_dashboard_in_the_same_number_of_queries_whatever_the_rounds_and_responses(
    org, instrument, rounds
):
    # From three rounds on: with two, the comparison has already read both rounds' scores.
    three = _dashboard_queries(rounds[2])
    four = round_3(org, instrument, "Round 4")
    assert _dashboard_queries(four) == three
    _round(four, [{"BEH-IT-1A": "4"}] * 30, it=30)
    assert _dashboard_queries(four) == three


def test_the_chart_axis_names_rounds_by_when_they_started():
    from datetime import datetime

    from assessments.trends import RoundRef
    from reports.trend import axis_labels

    def at(*day: int) -> RoundRef:
        return RoundRef(1, "Business-IT assessment, round 1", datetime(*day, tzinfo=UTC), "2027.1", {})

    assert axis_labels([at(2024, 11, 28), at(2025, 11, 28), at(2026, 12, 6)]) == ["Nov 2024", "Nov 2025", "Dec 2026"]
    assert axis_labels([at(2026, 3, 2), at(2026, 3, 20)]) == ["2 Mar 2026", "20 Mar 2026"]
    with translation.override("nb"):
        assert axis_labels([at(2024, 5, 1), at(2025, 5, 1)]) == ["Mai 2024", "Mai 2025"]  # Django's month abbreviations
