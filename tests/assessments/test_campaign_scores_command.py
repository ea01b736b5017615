"""manage.py campaign_scores: the JSON shape other tools rely on, the summary, the errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.helpers import submit_columns


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (four statements a model, seven trust statements, BEH-IT-7):
    the archived version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


MODELS = {"passive", "provider", "partner", "peer"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("campaign_scores", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def answered_campaign(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={"REL-PAS-1.today": "5", "BEH-IT-7": "2"}, department="Sales")
    for _ in range(2):
        submit_columns(campaign, "it", columns={"REL-PAR-1.desired": "5", "BEH-IT-7": "5"})
    return campaign


@pytest.mark.django_db
def test_it_prints_the_documented_json_shape(answered_campaign):
    data = json.loads(run(str(answered_campaign.pk), "--json"))
    assert data["responses"] == {"business": 3, "it": 2}
    relationship = data["relationship"]
    assert relationship["it"] is None  # 2 IT responses, threshold 3
    assert relationship["business"] is None  # else everyone - business would give IT away
    assert isinstance(relationship["disagree_today"], bool)
    for group in ("overall",):
        for aspect in ("today", "desired"):
            fit = relationship[group][aspect]
            assert fit["model"] in MODELS | {"mixed"}
            assert 1.0 <= fit["index"] <= 4.0
            assert fit["margin"] >= 0
            assert set(fit["scores"]) == MODELS
    for key in ("behaviours", "practices", "trust", "maturity"):
        assert isinstance(data[key], dict)
    assert data["trust"]["it"] is None
    # Only clear findings become recommendations: five people with nearly every answer 3 give none
    # here; the keys stay, with the new ones beside them.
    assert isinstance(data["recommendations"], list) and isinstance(data["recommendations_appendix"], list)
    assert {"strengths", "flags", "reliability"} <= set(data)
    assert data["maturity"]["available"] is False  # both sides must be reported
    for recommendation in data["recommendations"]:
        assert {"code", "quick_win", "gap", "trigger", "priority", "effort", "text"} <= set(recommendation)
        assert isinstance(recommendation["quick_win"], bool)
    assert data["departments"] == [
        {
            "side": "business",
            "department": "Sales",
            "responses": 3,
            "reported": False,
            "reason": "complementary",
            "scores": None,
        }
    ]


@pytest.mark.django_db
def test_it_scores_one_department(answered_campaign):
    # A third IT response: with IT under the threshold, business and its Sales would be hidden too.
    submit_columns(answered_campaign, "it", columns={})
    data = json.loads(run(str(answered_campaign.pk), "--json", "--department", "Sales"))
    assert data["department"] == "Sales"
    assert data["responses"] == {"business": 3, "it": 0}
    # REL-PAS-1 today: 5 from all three; the other three passive statements 3: passive (15 + 27) / 12 = 3.5
    assert data["relationship"]["business"]["today"]["scores"]["passive"] == 3.5


@pytest.mark.django_db
def test_it_prints_a_short_summary(answered_campaign):
    text = run(str(answered_campaign.pk))
    assert f"Campaign {answered_campaign.pk}: Round 1" in text
    assert "Responses: business 3, IT 2 (threshold 3)" in text
    assert "Relationship today: business not reported; it not reported" in text
    assert "BRM maturity:" in text


@pytest.mark.django_db
def test_it_rejects_an_unknown_campaign():
    with pytest.raises(CommandError, match="No campaign with id 987654"):
        run("987654", "--json")


@pytest.mark.django_db
def test_it_rejects_an_unknown_department(answered_campaign):
    with pytest.raises(CommandError, match="no department 'Legal'. Known: Finance, Sales"):
        run(str(answered_campaign.pk), "--department", "Legal")


@pytest.mark.django_db
def test_it_prints_english_json_whatever_the_active_language(answered_campaign):
    from django.utils import translation

    from assessments.scoring import campaign_scores
    from assessments.wording import scores_json

    scores = campaign_scores(campaign=answered_campaign)
    english = json.loads(json.dumps(scores_json(scores, instrument=answered_campaign.instrument)))
    with translation.override("nb"):
        data = json.loads(run(str(answered_campaign.pk), "--json"))
    # The command adds the comment counts (issue #17; tests/assessments/test_comments_interfaces.py).
    assert data.pop("comments") is not None
    # And what the consensus workshop agreed (issue #19; tests/workspace/test_workshop.py): nothing yet.
    assert data.pop("consensus") == {"values": {}, "model": None}
    # And the trend across rounds (issue #19 item 3; tests/assessments/test_trends.py): one round, so null.
    assert data.pop("trend") is None
    # And the action plan (issue #19 item 2; tests/assessments/test_actions.py): none planned.
    assert data.pop("actions") == []
    # And the benchmark across organisations (issue #20; tests/assessments/test_benchmark.py): none.
    assert data.pop("benchmark") is None
    # And the business partners (issue #20; tests/assessments/test_partners_core.py): no units here.
    assert data.pop("partners") == []
    assert data == english
    ladder = answered_campaign.instrument.content["overview"]["ladder"]
    assert [step["name"] for step in data["maturity"]["ladder"]] == [step["name"]["en"] for step in ladder]
