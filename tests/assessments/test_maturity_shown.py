"""A maturity score is never shown rounded into another level (issue #15): two decimals that stay
inside the level, and each level's range of scores, on the dashboard and in the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.maturity import maturity_level, maturity_level_bounds, maturity_score_shown
from assessments.presentation import maturity_range_text, maturity_shown
from assessments.results import MaturityScore
from assessments.texts import instrument_texts
from tests.helpers import submit_columns


def test_it_rounds_a_score_without_leaving_its_level():
    cases = {
        1.0: 1.0,
        1.494: 1.49,
        1.4999: 1.49,
        1.5: 1.5,
        2.4996: 2.49,
        2.5: 2.5,
        3.4951: 3.49,
        4.4999: 4.49,
        5.0: 5.0,
    }
    for score, shown in cases.items():
        assert maturity_score_shown(score) == shown, score
        assert maturity_level(shown) == maturity_level(score), score
    # One decimal, as the dashboard used to show: 2.46 read "2.5", level 2.
    assert maturity_score_shown(2.46, 1) == 2.4


def test_it_gives_each_level_its_range():
    assert [maturity_level_bounds(level) for level in (1, 3, 5)] == [(1.0, 1.5), (2.5, 3.5), (4.5, 5.0)]
    assert [maturity_range_text(level) for level in range(1, 6)] == [
        "1.00–1.49",
        "1.50–2.49",
        "2.50–3.49",
        "3.50–4.49",
        "4.50–5.00",
    ]
    with translation.override("nb"):
        assert maturity_range_text(3) == "2,50–3,49"


@pytest.mark.django_db
def test_it_words_a_score_with_its_level_and_range(instrument):
    texts = instrument_texts(instrument)
    shown = maturity_shown(MaturityScore(score=2.4996, level=2, components={}), texts)
    assert (shown["score_text"], shown["level"], shown["range_text"]) == ("2.49", 2, "1.50–2.49")
    assert shown["name"] == texts.level_name(2)
    with translation.override("nl"):
        assert maturity_shown(MaturityScore(score=3.0, level=3, components={}), texts)["score_text"] == "3,0"
    assert maturity_shown(None, texts) is None


@pytest.mark.django_db
def test_it_shows_the_same_figures_on_the_dashboard_and_in_the_report(client, alice, campaign):
    for side in ("business", "business", "business", "it", "it", "it"):
        submit_columns(campaign, side, columns={}, default="3")
    client.force_login(alice)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    maturity = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).context["dashboard"]["maturity"]
    overall = maturity["overall"]
    assert f'<strong class="fs-2">{overall["score_text"]}</strong>' in page
    assert f"(scores {overall['range_text']})" in page
    assert [step["range_text"] for step in maturity["ladder"]][2] == "2.50–3.49"

    from reports.presenter import report_context

    context = report_context(campaign=campaign)
    everyone = context["maturity_rows"][2]["data"]
    assert (everyone["score_text"], everyone["range_text"]) == (overall["score_text"], overall["range_text"])
    assert context["method"]["ladder_ranges"][5] == "4.50–5.00"
