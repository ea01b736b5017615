"""The relationship instrument as a slice of the portal (assessments.slices): its content, its
scoring, its advice and the sections it adds to the dashboard, the PDF report and the
respondent's summary. Registered by `relationships.apps.RelationshipsConfig.ready`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.recommendations import Recommendation
from assessments.slices import (
    AnswerCounts,
    Figure,
    Headline,
    HeatColumn,
    InstrumentSlice,
    Ladder,
    Scope,
    Section,
    View,
)
from assessments.texts import InstrumentTexts
from assessments.wording import per_side_text
from brmportal.lib.formats import difference_text, interval_text
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, GROUPS, SIDE_LABELS
from brmportal.lib.scoring import ItemMeta, Tallies
from brmportal.lib.stats import Difference
from relationships import presenters, report
from relationships.names import fit_name, model_names
from relationships.recommendations import relationship_candidates
from relationships.respondents import respondent_figures, respondent_measures
from relationships.results import RelationshipGroup, RelationshipResult
from relationships.scoring import (
    ACQUIESCENCE,
    AGREE,
    KIND,
    MODELS,
    one_group,
    relationship_position,
    relationship_scales,
    relationship_scores,
)


def _quoted(rec: Recommendation, prefix: str) -> str:
    """A quoted mean with its interval and n, "2.0 (1.6–2.4, n 8)", from a candidate's numbers;
    the interval clipped to the answer scale, which no mean can leave."""
    numbers = rec.numbers
    mean, low, high = numbers.get(prefix), numbers.get(f"{prefix}_low"), numbers.get(f"{prefix}_high")
    if mean is None:
        return ""
    ci = [max(rec.scale_min, low), min(rec.scale_max, high)] if low is not None and high is not None else None
    return interval_text({"mean": mean, "n": int(numbers.get(f"{prefix}_n") or 0), "ci": ci})


def _index(aspect: str) -> Callable[[RelationshipGroup | None], float | None]:
    """A heat map column's value: a department row's index for `aspect` (None: no answers)."""

    def value(summary: RelationshipGroup | None) -> float | None:
        fit = summary.fit(aspect) if summary else None
        return fit.index if fit else None

    return value


class RelationshipSlice(InstrumentSlice):
    kind = KIND
    key = "relationship"
    per_partner = True
    label: ClassVar[Promise] = gettext_lazy("Relationship model")
    short_label: ClassVar[Promise] = gettext_lazy("Relationship")
    content_file = Path(__file__).resolve().parent / "content" / "relationship.yaml"
    # Statements may be `keyed: reversed` (agreeing speaks against their model): scored min + max - x.
    reverse_keyed: ClassVar[bool] = True
    constants: ClassVar[Mapping[str, float]] = {
        "relationship_agree": AGREE,
        "relationship_acquiescence": ACQUIESCENCE,
    }
    json_help = (
        "Per group (business, it, overall; null if hidden): today and desired (each: index 1.0-4.0 = the mean "
        "of respondents' own levels, null when none agrees with any model; model = the model whose band holds "
        "the index, mixed when its 95 % interval reaches into several bands, none without an index; leaders; "
        "margin = highest agreement - runner-up; scores per model (overall: mean of the two sides); answers; "
        "dont_know; stats (index and scores with n, sd, ci); shares of respondents per model and none; "
        "respondents; no_model; null without answers), gap (desired - today of index and scores, with stats: "
        "value, ci, clear) and acquiescence (respondents flagged; with reversed statements also "
        "acquiescence_by_aspect: today, desired). disagree_today / disagree_desired: business - "
        "IT of that aspect's index is clear (stats: the differences). items: per statement, today, desired and "
        "gap per group, with stats and distribution, as answered (keyed: reversed marks a reversed statement, "
        "which its model's scores count as min + max - answer)."
    )
    heat_columns = (
        HeatColumn("rel_today", gettext_lazy("Relationship today"), "1-4", 1, 4, _index("today")),
        HeatColumn("rel_desired", gettext_lazy("Relationship desired"), "1-4", 1, 4, _index("desired")),
    )

    # --- Content

    def validate(self, doc: Mapping[str, Any], where: str) -> list[str]:
        """The dimensions are the four models, no more and no fewer (the index is their ladder);
        a model with a reversed statement keeps a forward one (the acquiescence check compares them)."""
        dimensions = {d.get("code") for d in doc.get("dimensions", [])}
        if dimensions != set(MODELS):
            return [f"{where}: dimensions must be exactly {list(MODELS)}"]
        items = [item for section in doc.get("sections", []) for item in section.get("items", [])]
        return [
            f"{where}: model {model}: every statement is reversed; keep at least one forward statement"
            for model in MODELS
            if (keys := [item.get("keyed") for item in items if item.get("dimension") == model])
            and all(key == "reversed" for key in keys)
        ]

    # --- Scoring

    def score(self, scope: Scope) -> RelationshipResult:
        return relationship_scores(scope)

    def maturity(self, result: RelationshipResult, group: str) -> float | None:
        """Today's index of the group on 0..1: (index - 1) / 3; None without an index."""
        today = result.fit(group, "today")
        return relationship_position(today.index) if today and today.index is not None else None

    def summary(self, scope: Scope, tallies: Tallies) -> RelationshipGroup | None:
        """A department row: its answers, and its respondents' figures as `scope.measures["overall"]`."""
        return one_group(scope, tallies, scope.measures.get("overall"))

    def respondent(self, scope: Scope, tallies: Tallies, side: str) -> RelationshipGroup | None:
        return one_group(scope, tallies, respondent_measures(scope.items, tallies))

    def scales(self, items: Sequence[ItemMeta]) -> Mapping[str, tuple[str, ...]]:
        return relationship_scales(items)

    def respondent_figures(
        self, items: Sequence[ItemMeta], tallies: Tallies, side: str
    ) -> tuple[Mapping[str, float], Iterable[str]]:
        return respondent_figures(items, tallies)

    def recommend(self, result: RelationshipResult, scope: Scope) -> Iterable[Recommendation]:
        return relationship_candidates(result, scope.items, scope.dimensions)

    def answer_counts(self, result: RelationshipResult) -> AnswerCounts:
        """Everyone's numeric answers and "don't know" over today and desired."""
        fits = [fit for aspect in ASPECTS if (fit := result.fit("overall", aspect))]
        return AnswerCounts(
            answers=sum(fit.answers for fit in fits),
            dont_know=sum(fit.dont_know for fit in fits),
            not_applicable=None,
        )

    # --- JSON

    def to_json(self, result: RelationshipResult, texts: InstrumentTexts) -> dict[str, Any]:
        def difference(value: Difference | None) -> dict[str, Any] | None:
            return value.to_json() if value is not None else None

        return {
            **result.groups.to_json(lambda group: group.to_json()),
            "disagree_today": result.disagree_today,
            "disagree_desired": result.disagree_desired,
            "items": [item.to_json() for item in result.items],
            "stats": {
                "disagree_today": difference(result.difference("today")),
                "disagree_desired": difference(result.difference("desired")),
            },
        }

    def summary_json(self, summary: RelationshipGroup | None) -> dict[str, Any]:
        return {
            aspect: {
                "model": fit.model,
                "index": fit.index,
                "margin": fit.margin,
                "stats": {"index": fit.index_stats.to_json() if fit.index_stats else None},
            }
            if (fit := summary.fit(aspect) if summary else None)
            else None
            for aspect in ASPECTS
        }

    # --- Words

    def recommendation_names(self, rec: Recommendation, texts: InstrumentTexts) -> tuple[str, str]:
        """A statement is named by its business wording (the "Why:" sentence quotes it); a model by its name."""
        if rec.level != "item":
            return super().recommendation_names(rec, texts)
        statement = texts.item_title(KIND, rec.code)
        dimension = texts.dimension_name(KIND, rec.dimension) if rec.dimension else rec.code
        return statement or dimension, statement

    def trigger(self, rec: Recommendation, name: str) -> str:
        """The agreement today and desired with their intervals, and whether the gap is clear."""
        values = {
            "today": _quoted(rec, "today"),
            "desired": _quoted(rec, "desired"),
            "gap": difference_text(Difference(value=rec.gap, low=rec.gap_low, high=rec.gap_high)),
            "per_side": per_side_text(rec.per_side),
        }
        if rec.level == "dimension":
            return _(
                "Agreement with the %(model)s model: today %(today)s, desired %(desired)s; desired − today "
                "%(gap)s%(per_side)s."
            ) % {**values, "model": name}
        if rec.numbers.get("reversed"):
            # The answers as given, and the gap on the model's side: they want the statement less.
            return _(
                "“%(statement)s” (reversed statement: agreeing with it speaks against its model): today "
                "%(today)s, desired %(desired)s; today − desired %(gap)s%(per_side)s."
            ) % {**values, "statement": name}
        return _("“%(statement)s”: today %(today)s, desired %(desired)s; desired − today %(gap)s%(per_side)s.") % {
            **values,
            "statement": name,
        }

    # --- Presentation

    def dashboard(self, view: View) -> Section:
        return presenters.dashboard_section(view)

    def report(self, view: View) -> Section:
        return report.report_section(view)

    def report_summary(self, view: View) -> Section:
        return report.report_summary_section(view)

    def ladder(self, view: View) -> Ladder:
        return presenters.ladder(view)

    def headlines(self, view: View) -> list[Headline]:
        return report.report_headlines(view)

    def figures(self, result: RelationshipResult, texts: InstrumentTexts) -> list[Figure]:
        """Today's model per group (in words), then the index per aspect and group."""
        names = model_names(texts)
        models = [
            Figure(
                key=f"relationship.{group}.model",
                heading=_("Relationship model"),
                label=f"{ASPECT_LABELS['today']}, {SIDE_LABELS[group]}",
                group=group,
                value=None,
                words=fit_name(result.fit(group, "today"), names),
            )
            for group in GROUPS
        ]
        indices = [
            Figure(
                key=f"relationship.{group}.{aspect}",
                heading=_("Relationship index (1 Passive – 4 Peer)"),
                label=f"{ASPECT_LABELS[aspect]}, {SIDE_LABELS[group]}",
                group=group,
                value=fit.index if (fit := result.fit(group, aspect)) else None,
                estimate=fit.index_stats if fit else None,
            )
            for aspect in ASPECTS
            for group in GROUPS
        ]
        return models + indices

    def respondent_section(self, result: RelationshipGroup | None, texts: InstrumentTexts) -> Section | None:
        return presenters.respondent_section(result, texts)
