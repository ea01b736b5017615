"""Trust in a real campaign (PostgreSQL): the business's trust and IT's view of it are reported
apart, never pooled, with intervals from each respondent's own trust score."""

from __future__ import annotations

import pytest

from tests.helpers import scores_of, submit_columns


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (four statements a model, seven trust statements, BEH-IT-7):
    the archived version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


# Per respondent (four a side); TRU-3 .. TRU-7 are the default 3.
BUSINESS = {"TRU-1": "1221", "TRU-2": "3423"}
IT = {"TRU-1": "4545", "TRU-2": "3342"}


def submit(campaign, side: str, columns: dict[str, str]) -> None:
    for i in range(4):
        submit_columns(campaign, side, columns={code: values[i] for code, values in columns.items()})


@pytest.fixture
def trust_campaign(campaign):
    submit(campaign, "business", BUSINESS)
    submit(campaign, "it", IT)
    return campaign


@pytest.mark.django_db
def test_it_reports_the_business_trust_and_its_view_from_it_apart(trust_campaign):
    trust = scores_of(campaign=trust_campaign)["trust"]
    # No pooled trust: the keys stay, null.
    assert trust["overall"] is None
    assert all(item["overall"] is None for item in trust["items"])
    business = trust["business"]
    # the business's seven statements per respondent: (1 + 3 + 15) / 7, (2 + 4 + 15) / 7, 19 / 7, 19 / 7
    # mean 78 / 28 = 2.7857 -> index (2.7857 - 1) x 25 = 44.64
    assert business["mean"] == 2.79 and business["index"] == 44.64
    # respondents' scores 2.714, 3, 2.714, 2.714: s^2 = (3 x 0.0714^2 + 0.2143^2) / 3 = 0.0204 (sd 0.1429),
    # under the floor of a mean of answers, 1/12: sd 0.2887, se 0.2887 / 2 = 0.1443 (index x 25: 3.608);
    # t(0.975, 3) = 3.182: 44.64 +- 11.48 -> (33.16, 56.13), four respondents (df 3), not 28 answers
    assert business["stats"]["index"]["n"] == 4
    assert business["stats"]["index"]["ci"] == [pytest.approx(33.16, abs=0.01), pytest.approx(56.13, abs=0.01)]
    # IT: (4 + 3 + 15) / 7, (5 + 3 + 15) / 7, (4 + 4 + 15) / 7, (5 + 2 + 15) / 7 = 90 / 28 = 3.2143 -> 55.36
    assert trust["it"]["index"] == 55.36
    assert trust["perception_gap"] == pytest.approx(10.71, abs=0.01)


@pytest.mark.django_db
def test_it_recommends_from_a_clear_perception_gap(trust_campaign):
    scores = scores_of(campaign=trust_campaign)
    tru_1 = scores["trust"]["items"][0]
    # IT 4.5 - the business 1.5 = 3.0 on 1-5 = 75 index points (50 to 100, df 6, t 2.447): clear
    assert (tru_1["business"], tru_1["it"], tru_1["perception_gap"]) == (1.5, 4.5, 75.0)
    assert tru_1["stats"]["perception_gap"]["clear"] is True
    found = [r for r in scores["recommendations"] + scores["recommendations_appendix"] if r["instrument"] == "trust"]
    # TRU-1: the perception gap (priority 2.001 / 4) beats its weakness (0.581 / 4); TRU-2 is noise
    assert [(r["code"], r["gap_kind"]) for r in found] == [("TRU-1", "perception_gap")]
    assert found[0]["trigger"].endswith("IT believes it is trusted 75 points more than it is (50 to 100), clear.")
