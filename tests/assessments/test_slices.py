"""The instrument registry (assessments.slices): a fifth instrument joins every output by
registering, with no change to the core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext_lazy

from assessments import slices as registry
from assessments.scoring import campaign_scores
from assessments.slices import AnswerCounts, Figure, HeatColumn, InstrumentSlice, Scope, Section, View
from assessments.texts import InstrumentTexts
from tests.helpers import scores_of, submit_columns
from workspace.dashboard import dashboard_context


class FifthSlice(InstrumentSlice):
    """A made-up instrument that counts the answers it was given (none: the content has no items)."""

    kind = "fifth"
    key = "fifth"
    label = gettext_lazy("Fifth")
    short_label = gettext_lazy("Fifth")
    content_file = Path(__file__)
    heat_columns = (HeatColumn(key="fifth", label="Fifth", scale="0-1", low=0, high=1, value=lambda s: s),)

    def score(self, scope: Scope) -> dict[str, Any]:
        return {"items": len(scope.items), "groups": sorted(g for g, t in scope.groups.items() if t is not None)}

    def summary(self, scope: Scope, tallies: Any) -> float:
        return 0.5

    def summary_json(self, summary: Any) -> Any:
        return summary

    def to_json(self, result: Any, texts: InstrumentTexts) -> Any:
        return result

    def answer_counts(self, result: Any) -> AnswerCounts:
        return AnswerCounts(answers=0, dont_know=0)

    def figures(self, result: Any, texts: InstrumentTexts) -> list[Figure]:
        return [Figure(key="fifth.overall", heading="Fifth", label="Everyone", group="overall", value=1.0)]

    def dashboard(self, view: View) -> Section:
        return Section(template="assessments/dashboard/rate_bar.html", context={"groups": view.result["groups"]})


@pytest.fixture
def fifth():
    instrument = FifthSlice()
    registry.register(instrument)
    yield instrument
    registry._REGISTRY.pop(instrument.kind)


def test_it_keeps_the_instruments_in_questionnaire_order():
    assert registry.kinds() == ["relationship", "behaviour", "practice", "trust"]
    assert [s.key for s in registry.slices()] == ["relationship", "behaviours", "practices", "trust"]
    assert registry.slice_for("trust").template("dashboard") == "trust/dashboard.html"


@pytest.mark.django_db
def test_a_fifth_instrument_joins_the_scores_the_json_and_the_dashboard(campaign, fifth):
    for side in ("business", "business", "business", "it", "it", "it"):
        submit_columns(campaign, side, columns={}, department="Sales")
    scores = campaign_scores(campaign=campaign)
    assert scores.results["fifth"] == {"items": 0, "groups": ["business", "it", "overall"]}
    # No maturity weight in the content: it is left out of overall maturity, the others count.
    assert scores.maturity.overall is not None and scores.maturity.overall.components["fifth"] is None
    data = scores_of(campaign=campaign)
    assert list(data)[5:10] == ["relationship", "behaviours", "practices", "trust", "fifth"]
    assert data["departments"][0]["scores"]["fifth"] == 0.5
    dashboard = dashboard_context(campaign=campaign)
    assert [s.template for s in dashboard["sections"]][-1] == "assessments/dashboard/rate_bar.html"
    assert [c["key"] for c in dashboard["heatmap"]["columns"]][-1] == "fifth"
