"""The behaviour instrument as a slice of the portal (assessments.slices): how often the desired
behaviours of the enterprise, of business people and of IT people are seen, self and mirror.

Scoring: behaviours.scoring (pure) -> behaviours.results (typed, no words); advice:
behaviours.recommendations; words: behaviours.presenters (JSON, dashboard, respondent) and
behaviours.report (the PDF page and headline).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy

from assessments.recommendations import Recommendation, Strength
from assessments.slices import AnswerCounts, Figure, Headline, HeatColumn, InstrumentSlice, Scope, Section, View
from assessments.texts import InstrumentTexts
from behaviours import presenters, report
from behaviours.recommendations import behaviour_recommendations, behaviour_strengths
from behaviours.results import BehaviourRespondent, BehaviourScores, BehaviourSummary
from behaviours.scoring import (
    BEHAVIOUR_GROUPS,
    KIND,
    behaviour_maturity,
    behaviour_mean,
    behaviour_respondent,
    behaviour_scales,
    behaviour_scores,
)
from brmportal.lib.scoring import ItemMeta, Tallies


def _summary_mean(summary: BehaviourSummary | None) -> float | None:
    return summary.mean if summary is not None else None


class BehaviourSlice(InstrumentSlice):
    kind = KIND
    key = "behaviours"
    label = gettext_lazy("Behaviours")
    short_label = gettext_lazy("Behaviours")
    content_file = Path(__file__).resolve().parent / "content" / "behaviour.yaml"
    json_help = (
        "Per behaviour: self, mirror and blind spot (Welch) per side, with intervals and distributions; "
        "the weakest (clearly below the norm), the clear blind spots and hidden strengths."
    )
    heat_columns = (
        HeatColumn(key="behaviours", label=gettext_lazy("Behaviours"), scale="1-5", low=1, high=5, value=_summary_mean),
    )

    # Content

    def validate(self, doc: Mapping[str, Any], where: str) -> list[str]:
        """Every behaviour says whose it is: the enterprise's (rated by everyone), business or IT people's."""
        return [
            f"{where}: item {item.get('code', '?')}: group must be enterprise, business or it"
            for section in doc.get("sections") or []
            for item in section.get("items") or []
            if item.get("group") not in BEHAVIOUR_GROUPS
        ]

    # Scoring

    def score(self, scope: Scope) -> BehaviourScores:
        return behaviour_scores(items=scope.items, groups=scope.groups, measures=scope.measures)

    def maturity(self, result: BehaviourScores, group: str) -> float | None:
        """The group's mean of every behaviour rating on 0 (never) .. 1 (always)."""
        return behaviour_maturity(result, group)

    def scales(self, items: Sequence[ItemMeta]) -> Mapping[str, tuple[str, ...]]:
        return behaviour_scales(items)

    def summary(self, scope: Scope, tallies: Tallies) -> BehaviourSummary:
        return BehaviourSummary(mean=behaviour_mean(items=scope.items, tallies=tallies))

    def respondent(self, scope: Scope, tallies: Tallies, side: str) -> BehaviourRespondent:
        return behaviour_respondent(items=scope.items, tallies=tallies, side=side)

    def recommend(self, result: BehaviourScores, scope: Scope) -> Iterable[Recommendation]:
        return behaviour_recommendations(result, scope.items, scope.dimensions)

    def strengths(self, result: BehaviourScores, scope: Scope) -> Iterable[Strength]:
        return behaviour_strengths(result)

    def answer_counts(self, result: BehaviourScores) -> AnswerCounts:
        return AnswerCounts(
            answers=sum(g.answers for g in result.groups.values()),
            dont_know=sum(g.dont_know for g in result.groups.values()),
        )

    # JSON

    def to_json(self, result: BehaviourScores, texts: InstrumentTexts) -> dict[str, Any]:
        return presenters.scores_json(result, texts)

    def summary_json(self, summary: BehaviourSummary | None) -> float | None:
        return presenters.summary_json(summary)

    # Words

    def trigger(self, rec: Recommendation, name: str) -> str:
        return presenters.trigger(rec, name)

    def strength_words(self, strength: Strength, texts: InstrumentTexts) -> tuple[str, str]:
        return presenters.strength_words(strength, texts)

    # Presentation

    def dashboard(self, view: View) -> Section:
        return presenters.dashboard_section(view, self.template("dashboard"))

    def report(self, view: View) -> Section:
        return report.report_section(view, self.template("report"))

    def headlines(self, view: View) -> list[Headline]:
        return report.headlines(view)

    def figures(self, result: BehaviourScores, texts: InstrumentTexts) -> list[Figure]:
        return presenters.figures(result)

    def respondent_section(self, result: BehaviourRespondent | None, texts: InstrumentTexts) -> Section | None:
        return presenters.respondent_section(result, self.template("respondent")) if result is not None else None
