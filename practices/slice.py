"""The BiSL practices instrument as a slice of the portal (assessments.slices): its content checks,
scoring, advice, JSON, and its parts of the dashboard, the PDF report and the respondent's summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy

from assessments.presentation import groups_shown
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
from brmportal.lib.scoring import ItemMeta, Tallies
from practices import presenters
from practices.charts import maturity_chart
from practices.recommendations import practice_recommendations, practice_strengths
from practices.report import report_context
from practices.results import PracticeMeans, PracticeScores
from practices.scoring import KIND, practice_maturity, practice_means, practice_scales, practice_scores

FORMS = ("short", "full")
LEVELS = [1, 2, 3, 4, 5]


def _has_text(value: Any) -> bool:
    """A content text with its English (the one language every text must have)."""
    return isinstance(value, dict) and isinstance(value.get("en"), str) and bool(value["en"].strip())


# The department heat map's columns: a department row's summary is its mean current and target.
def _current(summary: PracticeMeans | None) -> float | None:
    return presenters.shown(summary.current) if summary is not None else None


def _target(summary: PracticeMeans | None) -> float | None:
    return presenters.shown(summary.target) if summary is not None else None


class PracticeSlice(InstrumentSlice):
    kind = KIND
    key = "practices"
    label = gettext_lazy("BiSL practices")
    short_label = gettext_lazy("Practices")
    content_file = Path(__file__).resolve().parent / "content" / "practice.yaml"
    json_help = (
        "BiSL maturity per practice and cluster: current, target and gap per group (overall: the mean "
        "of the two sides), with `stats` (n, sd, 95 % interval; gaps with their interval and `clear`) "
        "and, per practice, the `distribution` of answers."
    )

    # Content

    def validate(self, doc: Mapping[str, Any], where: str) -> list[str]:
        """Each practice names its cluster and level, belongs to one form, and describes the five
        maturity levels it is rated on."""
        errors: list[str] = []
        for section in doc.get("sections", []):
            for item in section.get("items", []):
                at = f"{where}: item {item.get('code', '?')}"
                for key in ("cluster", "level"):
                    if not item.get(key):
                        errors.append(f"{at}: {key} is missing")
                if item.get("form") not in FORMS:
                    errors.append(f"{at}: form must be short or full")
                levels = item.get("levels") or {}
                if sorted(int(k) for k in levels) != LEVELS or not all(_has_text(v) for v in levels.values()):
                    errors.append(f"{at}: levels needs five descriptors 1-5")
        return errors

    # Scoring

    def score(self, scope: Scope) -> PracticeScores:
        return practice_scores(scope)

    def maturity(self, result: PracticeScores, group: str) -> float | None:
        """The group's mean current maturity on its scale, 0 (all 1) .. 1 (all 5)."""
        return practice_maturity(result, group)

    def summary(self, scope: Scope, tallies: Tallies) -> PracticeMeans:
        return practice_means(items=scope.items, tallies=tallies, form=scope.form)

    def respondent(self, scope: Scope, tallies: Tallies, side: str) -> PracticeMeans:
        return practice_means(items=scope.items, tallies=tallies, form=scope.form)

    def scales(self, items: Sequence[ItemMeta]) -> Mapping[str, tuple[str, ...]]:
        return practice_scales(items)

    def recommend(self, result: PracticeScores, scope: Scope) -> Iterable[Recommendation]:
        return practice_recommendations(result, scope)

    def strengths(self, result: PracticeScores, scope: Scope) -> Iterable[Strength]:
        return practice_strengths(result)

    def answer_counts(self, result: PracticeScores) -> AnswerCounts:
        return AnswerCounts(
            answers=result.answers.total,
            dont_know=result.dont_know.total,
            not_applicable=result.not_applicable.total,
        )

    # JSON

    def to_json(self, result: PracticeScores, texts: InstrumentTexts) -> dict[str, Any]:
        return presenters.practices_json(result, texts)

    def summary_json(self, summary: PracticeMeans | None) -> dict[str, float | None] | None:
        return summary.to_json() if summary is not None else None

    # Words

    def trigger(self, rec: Recommendation, name: str) -> str:
        return presenters.trigger_text(rec, name)

    def strength_words(self, strength: Strength, texts: InstrumentTexts) -> tuple[str, str]:
        name = texts.dimension_name(self.kind, strength.dimension or strength.code)
        return name, presenters.strength_text(strength)

    # Presentation

    def dashboard(self, view: View) -> Section:
        data = presenters.practices_view(view.result, view.texts)
        context = {**data, "shown": groups_shown(view)}  # the groups with figures (issue #18 item 5)
        # The Vega-Lite spec the PDF draws too (practices.charts); None: nothing to draw.
        context["charts"] = {"maturity": maturity_chart(data["clusters"])}
        return Section(self.template("dashboard"), context)

    def report(self, view: View) -> Section:
        return Section(self.template("report"), report_context(view))

    def headlines(self, view: View) -> list[Headline]:
        return presenters.headlines(view)

    def figures(self, result: PracticeScores, texts: InstrumentTexts) -> list[Figure]:
        return presenters.figures(result, texts)

    def respondent_section(self, result: PracticeMeans | None, texts: InstrumentTexts) -> Section | None:
        if result is None or result.current is None:
            return None
        return Section(self.template("respondent"), presenters.respondent_context(result))

    heat_columns: ClassVar[tuple[HeatColumn, ...]] = (
        HeatColumn(
            key="practice_current", label=gettext_lazy("BiSL current"), scale="1-5", low=1, high=5, value=_current
        ),
        HeatColumn(key="practice_target", label=gettext_lazy("BiSL target"), scale="1-5", low=1, high=5, value=_target),
    )
