"""The behaviour figures of a real campaign (PostgreSQL): four respondents a side submit the
worked example of tests/behaviours/helpers.py, and campaign_scores gives the same intervals."""

from __future__ import annotations

import pytest

from tests.helpers import scores_of, submit_columns


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (four statements a model, seven trust statements, BEH-IT-7):
    the archived version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


# Per respondent (four a side); every other answer is the default 3.
BUSINESS = {"BEH-ENT-1": "1212", "BEH-BUS-1": "4353", "BEH-IT-1": "4555", "BEH-IT-7": "2231"}
IT = {"BEH-ENT-1": "2121", "BEH-BUS-1": "3423", "BEH-IT-1": "2323", "BEH-IT-7": "5545"}


def submit(campaign, side: str, columns: dict[str, str]) -> None:
    for i in range(4):
        submit_columns(campaign, side, columns={code: values[i] for code, values in columns.items()})


@pytest.fixture
def worked_campaign(campaign):
    submit(campaign, "business", BUSINESS)
    submit(campaign, "it", IT)
    return campaign


@pytest.mark.django_db
def test_it_calls_blind_spots_clear_or_within_the_noise(worked_campaign):
    behaviours = scores_of(campaign=worked_campaign)["behaviours"]
    items = {b["code"]: b for b in behaviours["items"]}
    it_7 = items["BEH-IT-7"]
    # self 4.75, mirror 2.0: 2.75 (1.52 to 3.98, Welch df 4.97, t 2.575): clear
    assert (it_7["self"], it_7["mirror"], it_7["blind_spot"]) == (4.75, 2.0, 2.75)
    assert it_7["stats"]["blind_spot"] == {"value": 2.75, "ci": [1.52, 3.98], "clear": True}
    # the mean counts both sides equally: (2.0 + 4.75) / 2 = 3.375 -> 3.38 (the JSON's 2 decimals)
    assert it_7["mean"] == 3.38 and it_7["stats"]["mean"]["n"] == 8
    # 0.75 (-0.80 to 2.30): within the noise
    assert items["BEH-BUS-1"]["stats"]["blind_spot"] == {"value": 0.75, "ci": [-0.8, 2.3], "clear": False}
    assert [b["code"] for b in behaviours["blind_spots"]] == ["BEH-IT-7"]
    assert [b["code"] for b in behaviours["hidden_strengths"]] == ["BEH-IT-1"]
    assert [b["code"] for b in behaviours["weakest"]] == ["BEH-ENT-1"]
    assert it_7["distribution"]["business"] == {"low": 0.75, "middle": 0.25, "high": 0.0, "n": 4}


@pytest.mark.django_db
def test_it_recommends_from_the_clear_findings_and_names_the_strengths(worked_campaign):
    scores = scores_of(campaign=worked_campaign)
    found = [
        r for r in scores["recommendations"] + scores["recommendations_appendix"] if r["instrument"] == "behaviour"
    ]
    # IT-7's blind spot and ENT-1's weakness (1.5, 1.0005 to 1.9995 below 3); nothing within the noise
    assert sorted((r["code"], r["gap_kind"]) for r in found) == [("BEH-ENT-1", "weakness"), ("BEH-IT-7", "blind_spot")]
    it_7 = next(r for r in found if r["code"] == "BEH-IT-7")
    # self 4.75 +- 3.182 x 0.25 = 3.95 to 5.55, drawn to the scale's top 5.0; mirror 2.0 +- 3.182 x 0.408
    # = 0.70 to 3.30, drawn from its bottom 1.0; the gap (Welch) is not clipped
    assert it_7["trigger"] == (
        "IT rates its own “Plain, honest reporting” 4.8 (4.0–5.0); the business rates it 2.0 (1.0–3.3): "
        "a clear blind spot of +2.8 points (+1.5 to +4.0)."
    )
    assert it_7["stage"] == 1
    hidden = [s for s in scores["strengths"] if s["instrument"] == "behaviour" and s["kind"] == "hidden_strength"]
    assert [s["code"] for s in hidden] == ["BEH-IT-1"]
    # business 4.75 (3.95-5.55, clipped to 3.95-5.0) about IT, IT 2.5 (1.58-3.42) about itself
    assert hidden[0]["text"] == (
        "The business rates IT's “Accessible and responsive” 4.8 (4.0–5.0); IT rates itself 2.5 (1.6–3.4)."
    )
