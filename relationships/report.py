"""The relationship in the PDF report: its page, its block on the executive summary, its headlines
and its chart, in the report's (active) language."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.results import rounded
from assessments.slices import Headline, Section, View
from brmportal.lib.formats import difference_text, interval_text
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, GROUPS, OVERALL, SIDE_LABELS, SIDES
from relationships.names import ModelName, fit_name, model_names
from relationships.presenters import index_interval, share_rows
from relationships.results import ModelFit, RelationshipResult
from reports import charts

REPORT_TEMPLATE = "relationships/report.html"
SUMMARY_TEMPLATE = "relationships/report_summary.html"

PALETTE = {
    ("business", "today"): "#9ec5fe",
    ("business", "desired"): "#0d6efd",
    ("it", "today"): "#ffc98b",
    ("it", "desired"): "#d35400",
    ("overall", "today"): "#c5c5c5",
    ("overall", "desired"): "#555555",
}


def report_rows(view: View, names: dict[str, ModelName]) -> list[dict[str, Any]]:
    """One row per group: today's and desired place (named from the index, with its interval),
    the gap with Welch's interval, each model's gap, the shares of respondents per model, who
    agrees with no model and who is flagged for acquiescence.

    `view.notes` say why a group has no figures ("not shown (...)", "no responses"; absent when shown).
    """
    result: RelationshipResult = view.result
    responses = view.responses
    rows = []
    for group in GROUPS:
        data = result.group(group)
        today = data.today if data else None
        desired = data.desired if data else None
        rows.append(
            {
                "group": group,
                "label": str(SIDE_LABELS[group]),
                "note": view.notes.get(group, ""),
                # No responses at all, rather than hidden (the template words the two apart).
                "empty": not responses.get(group),
                "today": today,
                "desired": desired,
                "today_name": fit_name(today, names),
                "desired_name": fit_name(desired, names),
                "today_interval": index_interval(today),
                "desired_interval": index_interval(desired),
                "gap": data.gap.stats if data else None,
                "gap_scores": dict(data.gap.score_stats) if data else {},
                "shares": {
                    aspect: share_rows(fit, names) for aspect in ASPECTS if (fit := data.fit(aspect) if data else None)
                },
                "acquiescence": data.acquiescence if data else 0,
                "acquiescence_by_aspect": data.acquiescence_by_aspect if data else None,
            }
        )
    return rows


def relationship_chart(result: RelationshipResult, names: dict[str, ModelName]) -> str:
    """Today vs desired per model and side; everyone when neither side can be shown; "" if no data."""
    order = list(names)
    groups = [g for g in SIDES if result.group(g)] or [OVERALL]
    series = []
    for group in groups:
        for aspect in ASPECTS:
            fit = result.fit(group, aspect)
            series.append(
                charts.Series(
                    label=f"{SIDE_LABELS[group]}, {ASPECT_LABELS[aspect]}",
                    color=PALETTE[(group, aspect)],
                    # The two-decimal figures the report prints (and the JSON gives), as always drawn.
                    values=[rounded(fit.scores.get(code)) if fit else None for code in order],
                )
            )
    if not any(value is not None for s in series for value in s.values):
        return ""
    return charts.column_chart(
        categories=[names[code].name for code in order],
        series=series,
        scale=(1, 5),
        title=_("Agreement with each model's statements (1-5)"),
    )


def relationship_ladder(result: RelationshipResult, names: dict[str, ModelName]) -> str:
    """Each group's index per aspect on the four models; a model's segment is its band, so every
    marker sits in the model it is named after. "" when no group has an index."""
    markers = [
        charts.Marker(f"{SIDE_LABELS[group]}, {ASPECT_LABELS[aspect]}", fit.index, PALETTE[(group, aspect)])
        for group in GROUPS
        for aspect in ASPECTS
        if (fit := result.fit(group, aspect)) is not None and fit.index is not None
    ]
    if not markers:
        return ""
    return charts.ladder_chart(
        steps=[names[code].name for code in names], markers=markers, title=_("Relationship index (1 Passive – 4 Peer)")
    )


def report_section(view: View) -> Section:
    """The relationship page: the four models, the chart, each model's scores per group, the
    shares of respondents per model, and whether business and IT disagree (today, desired)."""
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    chart = relationship_chart(result, names)
    ladder = relationship_ladder(result, names)
    return Section(
        template=REPORT_TEMPLATE,
        context={
            "models": list(names.values()),
            "chart": mark_safe(chart),  # noqa: S308 - built by reports.charts, every text in it escaped
            "ladder": mark_safe(ladder),  # noqa: S308 - built by reports.charts, every text in it escaped
            "rows": report_rows(view, names),
            "notes": {group: view.notes.get(group, "") for group in GROUPS},
            "disagree_today": result.disagree_today,
            "disagree_desired": result.disagree_desired,
            "differences": [
                {"aspect": str(ASPECT_LABELS[aspect]), "difference": found}
                for aspect in ASPECTS
                if (found := result.difference(aspect)) is not None
            ],
        },
    )


def report_summary_section(view: View) -> Section:
    """The executive summary's "Relationship model, today and desired" table."""
    return Section(
        template=SUMMARY_TEMPLATE,
        context={"rows": report_rows(view, model_names(view.texts))},
    )


def _place(fit: ModelFit, names: dict[str, ModelName]) -> str:
    """ "Provider (index 2.1 (1.8–2.4, n 12))": a group's place named from its index."""
    if fit.index_stats is None:
        return _("no model (nobody agrees with any model's statements)")
    return _("%(model)s (index %(index)s)") % {
        "model": fit_name(fit, names),
        "index": interval_text(index_interval(fit)),
    }


def report_headlines(view: View) -> list[Headline]:
    """Today vs desired of everyone, and business vs IT for each aspect where they clearly differ."""
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    lines = []
    overall = result.group(OVERALL)
    if overall and overall.today and overall.desired and overall.gap.stats is not None:
        lines.append(
            Headline(
                title=_("Relationship: today vs desired"),
                text=_(
                    "Today the relationship is seen as %(today)s; respondents want %(desired)s. Desired − today "
                    "on the 1-4 scale: %(gap)s."
                )
                % {
                    "today": _place(overall.today, names),
                    "desired": _place(overall.desired, names),
                    "gap": difference_text(overall.gap.stats),
                },
            )
        )
    titles = {"today": _("Business and IT disagree about today"), "desired": _("Business and IT want different models")}
    for aspect in ASPECTS:
        business, it = result.fit("business", aspect), result.fit("it", aspect)
        found = result.difference(aspect)
        if found is not None and found.clear and business and it:
            lines.append(
                Headline(
                    title=titles[aspect],
                    text=_(
                        "%(aspect)s, the business places the relationship at %(business)s; IT at %(it)s. "
                        "Business − IT: %(difference)s. The difference is itself a finding."
                    )
                    % {
                        "aspect": ASPECT_LABELS[aspect],
                        "business": _place(business, names),
                        "it": _place(it, names),
                        "difference": difference_text(found),
                    },
                )
            )
    return lines
