"""The relationship on the real database: responses submitted and published as in a workshop,
scored from the snapshot (each respondent's own level summed per group), read as the JSON."""

from __future__ import annotations

import pytest

from assessments.scoring import response_scores
from tests.helpers import scores_of, submit_columns


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (four statements a model, seven trust statements, BEH-IT-7):
    the archived version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


PREFIX = {"passive": "PAS", "provider": "PRO", "partner": "PAR", "peer": "PEE"}


def agree(model: str, aspect: str) -> dict[str, str]:
    """ "Strongly agree" (5) with a model's four statements; every other answer is 3 (neutral)."""
    return {f"REL-{PREFIX[model]}-{i}.{aspect}": "5" for i in range(1, 5)}


@pytest.mark.django_db
def test_it_scores_a_campaign_from_its_respondents_levels(campaign):
    # business x 3: Provider today (level 2), Partner desired (level 3).
    for _ in range(3):
        submit_columns(campaign, "business", columns={**agree("provider", "today"), **agree("partner", "desired")})
    # IT x 3: Peer today (4), Partner desired (3); a fourth also agrees with Passive today: still
    # level 4, but flagged for acquiescence (5 on both the Passive and the Peer statements).
    it = {**agree("peer", "today"), **agree("partner", "desired")}
    for _ in range(3):
        submit_columns(campaign, "it", columns=it)
    submit_columns(campaign, "it", columns={**it, **agree("passive", "today")})

    data = scores_of(campaign=campaign)["relationship"]
    business = data["business"]["today"]
    # Everyone at level 2: index 2.0 with no spread, interval 2.0 .. 2.0: Provider.
    assert (business["model"], business["index"]) == ("provider", 2.0)
    assert business["stats"]["index"] == {"mean": 2.0, "n": 3, "sd": 0.0, "ci": [2.0, 2.0]}
    assert business["shares"]["provider"] == 1.0 and business["respondents"] == 3
    # agreement with Provider: 12 answers of 5 over 3 respondents
    assert business["scores"]["provider"] == 5.0 and business["stats"]["scores"]["provider"]["n"] == 3
    assert (data["it"]["today"]["model"], data["it"]["today"]["index"]) == ("peer", 4.0)
    assert data["it"]["acquiescence"] == 1 and data["business"]["acquiescence"] == 0
    # Everyone: the sides count equally, (2.0 + 4.0) / 2 = 3.0 (pooling 7 people would give 22 / 7).
    overall = data["overall"]["today"]
    assert (overall["model"], overall["index"], overall["respondents"]) == ("partner", 3.0, 7)
    # shares: the sides' mean, provider (1 + 0) / 2, peer (0 + 1) / 2
    assert (overall["shares"]["provider"], overall["shares"]["peer"]) == (0.5, 0.5)
    # business - IT today: 2.0 - 4.0 with no spread on either side: -2.0 exactly, clear.
    assert data["disagree_today"] is True
    assert data["stats"]["disagree_today"] == {"value": -2.0, "ci": [-2.0, -2.0], "clear": True}
    # desired: level 3 on both sides, no difference at all.
    assert data["disagree_desired"] is False
    assert data["business"]["gap"]["index"] == 1.0 and data["it"]["gap"]["index"] == -1.0


@pytest.mark.django_db
def test_it_scores_a_respondent_s_own_level(campaign):
    mine = submit_columns(campaign, "business", columns={**agree("partner", "today"), **agree("peer", "desired")})
    own = response_scores(response=mine).results["relationship"]
    assert (own.today.model, own.today.index) == ("partner", 3.0)
    assert (own.desired.model, own.desired.index) == ("peer", 4.0)
