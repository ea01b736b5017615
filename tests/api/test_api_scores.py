"""Scores and recommendations: the dashboard's numbers, anonymity applied, never individual answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from api.models import ApiToken
from assessments.models import Invitation
from assessments.scoring import campaign_scores
from assessments.selectors.instruments import instrument_items
from assessments.services.invitations import invitation_create
from assessments.services.responses import response_answers_save, response_start
from assessments.wording import recommendations_worded, scores_json
from tests.helpers import all_fields, submit_columns

pytestmark = pytest.mark.django_db


def _submit(campaign, side: str, count: int, department: str = "", value: str = "4") -> None:
    for _ in range(count):
        submit_columns(campaign, side, columns={"BEH-IT-7": "1", "TRU-1": "2"}, default=value, department=department)


def _json(data: Any) -> Any:
    """What campaign_scores looks like once it has been through JSON (tuples become lists)."""
    return json.loads(json.dumps(data))


# The scores endpoint adds what the consensus workshop agreed (issue #19); nothing recorded here.
NO_CONSENSUS: dict[str, Any] = {"values": {}, "model": None}


def _with_consensus(data: Any) -> Any:
    # And the trend across rounds (issue #19 item 3; tests/assessments/test_trends.py): one round here, so null.
    # And the action plan (issue #19 item 2; tests/assessments/test_actions.py): none here, so [].
    # And the benchmark (issue #20; tests/api/test_api_benchmark.py): no organisation takes part here.
    # And the business partners (issue #20; tests/assessments/test_partners_core.py): none here, null for a department.
    found = _json(data)
    partners = None if found.get("department") else []
    return {**found, "consensus": NO_CONSENSUS, "trend": None, "actions": [], "benchmark": None, "partners": partners}


def _keys(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_it_returns_the_scores_the_dashboard_shows(api, campaign):
    _submit(campaign, "business", 3)
    _submit(campaign, "it", 3, value="2")
    response = api.get(reverse("api:campaign_scores", args=[campaign.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data == _with_consensus(scores_json(campaign_scores(campaign=campaign), instrument=campaign.instrument))
    for key in ("relationship", "behaviours", "practices", "trust", "maturity", "recommendations", "departments"):
        assert key in data
    # Issue #16's keys beside them.
    assert {"recommendations_appendix", "strengths", "flags", "reliability"} <= set(data)
    assert set(data["flags"]) == {"counts", "requested", "excluded", "refused"}
    assert data["flags"]["requested"] is False
    assert data["method"]["main_list"] == 10
    assert all({"scale", "aspect", "items", "alpha", "respondents", "low"} <= set(r) for r in data["reliability"])
    assert data["responses"] == {"business": 3, "it": 3}
    assert data["relationship"]["business"]["today"]["model"] in {"passive", "provider", "partner", "peer", "mixed"}
    assert data["trust"]["it"] is not None


def test_it_hides_a_side_under_the_anonymity_threshold(api, campaign):
    _submit(campaign, "business", 4)
    _submit(campaign, "it", 2)
    data = api.get(reverse("api:campaign_scores", args=[campaign.pk])).json()
    assert data == _with_consensus(scores_json(campaign_scores(campaign=campaign), instrument=campaign.instrument))
    assert data["responses"] == {"business": 4, "it": 2}  # counts are shown, scores are not
    for block in ("relationship", "trust"):
        assert data[block]["it"] is None, block
        # Everyone minus business would give IT away, so business is hidden too.
        assert data[block]["business"] is None, block
    assert data["relationship"]["overall"] is not None
    assert data["trust"]["overall"] is None  # never pooled: the business's trust and IT's view apart
    # Overall maturity needs both sides: not enough answers, for every group.
    assert (data["maturity"]["business"], data["maturity"]["it"], data["maturity"]["overall"]) == (None, None, None)
    assert data["behaviours"]["mean"]["it"] is None
    hidden = {(h["side"], h["department"]): h["reason"] for h in data["anonymity"]["hidden"]}
    assert hidden[("it", None)] == "under_threshold"


def test_it_narrows_the_scores_to_a_department(api, campaign):
    _submit(campaign, "business", 3, department="Sales")
    _submit(campaign, "it", 3, department="Sales")
    url = reverse("api:campaign_scores", args=[campaign.pk])
    data = api.get(url, {"department": "Sales"}).json()
    assert data == _with_consensus(
        scores_json(campaign_scores(campaign=campaign, department="Sales"), instrument=campaign.instrument)
    )
    assert data["department"] == "Sales"
    finance = api.get(url, {"department": "Finance"}).json()
    assert finance["responses"] == {"business": 0, "it": 0}
    assert api.get(url, {"department": ""}).json()["department"] is None

    response = api.get(url, {"department": "Marketing"})
    assert response.status_code == 400
    assert "Marketing" in response.json()["detail"]


def test_it_ranks_the_recommendations(api, campaign):
    _submit(campaign, "business", 3)
    _submit(campaign, "it", 3)
    scores = _json(scores_json(campaign_scores(campaign=campaign), instrument=campaign.instrument))
    data = api.get(reverse("api:campaign_recommendations", args=[campaign.pk])).json()
    assert data == {
        "campaign": scores["campaign"],
        "department": None,
        "recommendations": scores["recommendations"],
        "recommendations_appendix": scores["recommendations_appendix"],
    }
    # Three business respondents all rate BEH-IT-7 1: a mean of 1 with no spread, its interval
    # wholly under the norm 3, a clear weakness.
    assert data["recommendations"], "BEH-IT-7 rated 1 must trigger advice"
    ranked = data["recommendations"] + data["recommendations_appendix"]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert len(data["recommendations"]) <= 10
    assert all({"code", "quick_win", "gap", "trigger"} <= set(r) for r in ranked)
    # The new keys beside the old ones: every recommendation is clear, with its interval.
    assert all({"ci", "clear", "stage", "prerequisites", "children"} <= set(r) for r in ranked)
    assert all(r["clear"] and r["ci"][0] > 0 for r in ranked)

    url = reverse("api:campaign_recommendations", args=[campaign.pk])
    assert api.get(url, {"department": "Marketing"}).status_code == 400


def test_it_never_shows_individual_answers_or_secrets(api, api_key, org, campaign):
    invitation = invitation_create(campaign=campaign, side="business", email="pat@example.com", department="Sales")
    response = response_start(invitation=invitation)
    items = {item.code: item for item in instrument_items(instrument=campaign.instrument)}
    fields = all_fields(campaign, "business")
    response_answers_save(response=response, items=items, answers=dict.fromkeys(fields, "5"))  # not submitted
    _submit(campaign, "business", 3, department="Sales")
    _submit(campaign, "it", 3)

    urls = [reverse("api:campaign_list")] + [
        reverse(name, args=[campaign.pk])
        for name in ("api:campaign_detail", "api:campaign_scores", "api:campaign_recommendations")
    ]
    secrets = [api_key, ApiToken.objects.get(organisation=org).key_hash, invitation.token, "pat@example.com"]
    secrets += list(Invitation.objects.values_list("token", flat=True))
    for url in urls:
        body = api.get(url).content.decode()
        for secret in secrets:
            assert secret not in body, f"{url} shows {secret!r}"
        for key, value in _keys(json.loads(body)):
            assert key not in {"email", "token", "key", "key_hash", "respondent", "response_id"}, f"{url}: {key}"
            # "answers" is a count of answers in the scores; a list there would be per-respondent rows.
            assert not (key == "answers" and not isinstance(value, int | dict)), f"{url}: answers={value!r}"


def test_it_answers_in_english_whatever_language_the_client_asks_for(api, campaign):
    from django.utils import translation

    _submit(campaign, "business", 3)
    _submit(campaign, "it", 3)
    url = reverse("api:campaign_recommendations", args=[campaign.pk])
    data = api.get(url, HTTP_ACCEPT_LANGUAGE="nb").json()
    with translation.override("en"):
        english = _json(scores_json(campaign_scores(campaign=campaign), instrument=campaign.instrument))
    with translation.override("nb"):
        scores = campaign_scores(campaign=campaign)
        norwegian = {"recommendations": recommendations_worded(scores.recommendations, instrument=campaign.instrument)}
    assert data["recommendations"] == english["recommendations"]
    assert [r["text"] for r in norwegian["recommendations"]] != [r["text"] for r in english["recommendations"]]
    scores = api.get(reverse("api:campaign_scores", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="nl").json()
    assert scores == _with_consensus(english)


def test_it_adds_the_trend_across_rounds(api, org, instrument, instrument_2026):
    """Issue #19 item 3 (tests/assessments/test_trends.py): the same `trend` as `campaign_scores
    --json`, beside the keys that were there; a department narrows it to the rounds that have it."""
    from assessments.selectors.trends import campaign_trend_json
    from tests.assessments.test_trends import round_1, round_3

    first, last = round_1(org, instrument_2026), round_3(org, instrument)
    data = api.get(reverse("api:campaign_scores", args=[last.pk])).json()
    assert data["trend"] == _json(campaign_trend_json(campaign=last))
    assert [r["campaign_id"] for r in data["trend"]["rounds"]] == [first.pk, last.pk]
    assert _json(scores_json(campaign_scores(campaign=last), instrument=last.instrument)).items() <= data.items()
    # Sales answered in the last round only: no trend for it.
    submit_columns(last, "business", columns={}, department="Sales")
    submit_columns(last, "business", columns={}, department="Sales")
    submit_columns(last, "business", columns={}, department="Sales")
    assert api.get(reverse("api:campaign_scores", args=[last.pk]) + "?department=Sales").json()["trend"] is None
