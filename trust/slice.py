"""The trust instrument as a slice of the portal (assessments.slices): its content, scoring,
recommendations, words and the sections it adds to the dashboard, the PDF and the respondent's
summary page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.recommendations import Recommendation
from assessments.slices import (
    AnswerCounts,
    Figure,
    Headline,
    HeatColumn,
    InstrumentSlice,
    Scope,
    Section,
    View,
    group_figures,
)
from assessments.texts import InstrumentTexts
from assessments.wording import number, per_side_text
from brmportal.lib.scoring import Tallies
from trust.presenters import (
    dashboard_context,
    report_context,
    report_summary_context,
    respondent_context,
    shown,
    trust_headlines,
    trust_json,
)
from trust.recommendations import trust_recommendations
from trust.results import TrustGroup, TrustScores
from trust.scoring import trust_group, trust_scores


class TrustSlice(InstrumentSlice):
    kind = "trust"
    key = "trust"
    label = gettext_lazy("Trust")
    short_label = gettext_lazy("Trust")
    content_file = Path(__file__).resolve().parent / "content" / "trust.yaml"
    json_help = "Trust index 0-100 and mean per group; deficits per statement."
    # The department heat map's trust column: a department row's summary is its trust index.
    heat_columns = (HeatColumn("trust", gettext_lazy("Trust index"), "0-100", 0, 100, shown),)

    # Scoring (pure, language-free, unrounded)
    def score(self, scope: Scope) -> TrustScores:
        return trust_scores(items=scope.items, dimensions=scope.dimensions, groups=scope.groups)

    def maturity(self, result: TrustScores, group: str) -> float | None:
        """The mean trust rating (1-5) of the group."""
        found = result.groups.get(group)
        return found.mean if found else None

    def summary(self, scope: Scope, tallies: Tallies) -> float | None:
        """A side x department's trust index (0-100), the heat map's cell."""
        found = trust_group(items=scope.items, tallies=tallies)
        return found.index if found else None

    def summary_json(self, summary: float | None) -> float | None:
        return summary

    def respondent(self, scope: Scope, tallies: Tallies, side: str) -> TrustGroup | None:
        return trust_group(items=scope.items, tallies=tallies)

    def recommend(self, result: TrustScores, scope: Scope) -> Iterator[Recommendation]:
        return trust_recommendations(result, scope.items, scope.dimensions)

    def answer_counts(self, result: TrustScores) -> AnswerCounts:
        overall = result.groups.overall
        return AnswerCounts(answers=overall.answers if overall else 0, dont_know=overall.dont_know if overall else 0)

    def to_json(self, result: TrustScores, texts: InstrumentTexts) -> dict[str, object]:
        return trust_json(result, texts)

    # Words
    def trigger(self, rec: Recommendation, name: str) -> str:
        n = rec.numbers
        return _("“%(name)s” is rated %(mean)s of %(max)s%(per_side)s, %(deficit)s short of full agreement.") % {
            "name": name,
            "mean": number(n.get("mean")),
            "max": rec.scale_max,
            "per_side": per_side_text(rec.per_side),
            "deficit": number(n.get("deficit")),
        }

    # Presentation
    def dashboard(self, view: View) -> Section:
        return Section(self.template("dashboard"), dashboard_context(view))

    def report(self, view: View) -> Section:
        return Section(self.template("report"), report_context(view))

    def report_summary(self, view: View) -> Section:
        return Section(self.template("report_summary"), report_summary_context(view))

    def headlines(self, view: View) -> list[Headline]:
        return trust_headlines(view)

    def figures(self, result: TrustScores, texts: InstrumentTexts) -> list[Figure]:
        """The trust index per group: the dashboard's "trust.<group>" rows and the report's."""
        return group_figures(
            "trust",
            _("Trust index (0-100)"),
            lambda g: shown(found.index if (found := result.groups.get(g)) else None),
            decimals=1,
        )

    def respondent_section(self, result: TrustGroup | None, texts: InstrumentTexts) -> Section | None:
        if result is None:
            return None
        return Section(self.template("respondent"), respondent_context(result))
