"""The scores endpoint's `actions` (issue #19 items 2 and 4): the plan and what moved after the
earlier round's action, as `campaign_scores --json` gives them, whatever ?department=."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.selectors.actions import campaign_actions_json
from tests.action_rounds import two_rounds

pytestmark = pytest.mark.django_db


def test_it_adds_the_action_plan_beside_the_scores(api, org, instrument):
    rounds = two_rounds(org, instrument)
    data = api.get(reverse("api:campaign_scores", args=[rounds.second.pk])).json()
    assert data["actions"] == campaign_actions_json(campaign=rounds.second)
    [action] = data["actions"]
    assert (action["title"], action["campaign"], action["status"]) == (
        "One-page service report",
        rounds.first.pk,
        "done",
    )
    business = next(row for row in action["movement"] if row["side"] == "business")
    assert (business["before"], business["now"], business["improvement"]) == (
        {"mean": 2.0, "n": 3},
        {"mean": 4.0, "n": 3},
        True,
    )
    own = api.get(reverse("api:campaign_scores", args=[rounds.first.pk])).json()["actions"]
    assert [(a["title"], a["movement"]) for a in own] == [("Dropped idea", None), ("One-page service report", None)]
