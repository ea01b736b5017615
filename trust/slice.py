"""The trust instrument as a slice of the portal (assessments.slices): its content, scoring,
recommendations, words and the sections it adds to the dashboard, the PDF and the respondent's
summary page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.recommendations import Recommendation, Strength
from assessments.slices import (
    AnswerCounts,
    Figure,
    Headline,
    HeatColumn,
    InstrumentSlice,
    Scope,
    Section,
    View,
)
from assessments.texts import InstrumentTexts
from brmportal.lib.labels import SIDES
from brmportal.lib.scoring import ItemMeta, Tallies
from trust import presenters
from trust.charts import chart_specs, report_charts
from trust.presenters import (
    SIDE_TRUST_LABELS,
    dashboard_context,
    report_context,
    report_summary_context,
    respondent_context,
    shown,
    trust_headlines,
    trust_json,
)
from trust.recommendations import trust_recommendations, trust_strengths
from trust.results import TrustGroup, TrustScores
from trust.scoring import trust_group, trust_maturity, trust_scales, trust_scores


class TrustSlice(InstrumentSlice):
    kind = "trust"
    key = "trust"
    per_partner = True
    label = gettext_lazy("Trust")
    short_label = gettext_lazy("Trust")
    content_file = Path(__file__).resolve().parent / "content" / "trust.yaml"
    json_help = (
        "The business's trust in IT and IT's view of it (index 0-100 and mean, with intervals), never "
        "pooled (overall is null); their perception gap (Welch); per statement; the clear deficits."
    )
    # The department heat map's trust column: a row is one side x department, so its cell is the
    # business's trust on a business row and IT's view on an IT row, never the two pooled.
    heat_columns = (HeatColumn("trust", gettext_lazy("Trust index"), "0-100", 0, 100, shown),)

    # Scoring (pure, language-free, unrounded)
    def score(self, scope: Scope) -> TrustScores:
        return trust_scores(
            items=scope.items, dimensions=scope.dimensions, groups=scope.groups, measures=scope.measures
        )

    def maturity(self, result: TrustScores, group: str) -> float | None:
        """The trust position 0..1: the business's trust ("overall" too: trust is what the business
        gives), IT's view for "it" (trust.scoring.trust_maturity)."""
        return trust_maturity(result, group)

    def scales(self, items: Sequence[ItemMeta]) -> Mapping[str, tuple[str, ...]]:
        return trust_scales(items)

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

    def strengths(self, result: TrustScores, scope: Scope) -> Iterator[Strength]:
        return trust_strengths(result)

    def answer_counts(self, result: TrustScores) -> AnswerCounts:
        return AnswerCounts(answers=result.answers, dont_know=result.dont_know)

    def to_json(self, result: TrustScores, texts: InstrumentTexts) -> dict[str, object]:
        return trust_json(result, texts)

    # Words
    def trigger(self, rec: Recommendation, name: str) -> str:
        return presenters.trigger(rec, name)

    def strength_words(self, strength: Strength, texts: InstrumentTexts) -> tuple[str, str]:
        return presenters.strength_words(strength, texts)

    # Presentation
    def dashboard(self, view: View) -> Section:
        return Section(self.template("dashboard"), {**dashboard_context(view), "charts": chart_specs(view)})

    def report(self, view: View) -> Section:
        return Section(self.template("report"), {**report_context(view), **report_charts(view)})

    def report_summary(self, view: View) -> Section:
        return Section(self.template("report_summary"), report_summary_context(view))

    def headlines(self, view: View) -> list[Headline]:
        return trust_headlines(view)

    def figures(self, result: TrustScores, texts: InstrumentTexts) -> list[Figure]:
        """The business's trust and IT's view ("trust.business", "trust.it"), whole numbers; no
        "everyone" figure, as trust is never pooled."""
        return [
            Figure(
                key=f"trust.{side}",
                heading=_("Trust index (0-100)"),
                label=str(SIDE_TRUST_LABELS[side]),
                group=side,
                value=shown(found.index if (found := result.groups.get(side)) else None),
                decimals=0,
                estimate=found.index_stats if found else None,
            )
            for side in SIDES
        ]

    def respondent_section(self, result: TrustGroup | None, texts: InstrumentTexts) -> Section | None:
        if result is None:
            return None
        return Section(self.template("respondent"), respondent_context(result))
