"""The relationship in the PDF report: its page, its block on the executive summary, its headlines
and its chart, in the report's (active) language."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.results import rounded
from assessments.slices import Headline, Section, View
from brmportal.lib.formats import decimal, signed
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, GROUPS, OVERALL, SIDE_LABELS, SIDES
from relationships.names import ModelName, fit_name, model_names
from relationships.results import RelationshipResult
from relationships.scoring import DISAGREE_INDEX_GAP, MIXED_MARGIN
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
    """One row per group: today's and desired best fit (named), the index gap and each model's gap.

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
                "gap": data.gap.index if data else None,
                "gap_scores": dict(data.gap.scores) if data else {},
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


def report_section(view: View) -> Section:
    """The relationship page: the four models, the chart, each model's scores per group, and
    whether business and IT disagree about today."""
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    chart = relationship_chart(result, names)
    return Section(
        template=REPORT_TEMPLATE,
        context={
            "models": list(names.values()),
            "chart": mark_safe(chart),  # noqa: S308 - built by reports.charts, every text in it escaped
            "rows": report_rows(view, names),
            "notes": {group: view.notes.get(group, "") for group in GROUPS},
            "disagree_today": result.disagree_today,
            "disagree_index_gap": DISAGREE_INDEX_GAP,
        },
    )


def report_summary_section(view: View) -> Section:
    """The executive summary's "Relationship model, today and desired" table."""
    return Section(
        template=SUMMARY_TEMPLATE,
        context={"rows": report_rows(view, model_names(view.texts)), "mixed_margin": MIXED_MARGIN},
    )


def report_headlines(view: View) -> list[Headline]:
    """Today vs desired of everyone, and business vs IT when they disagree about today."""
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    lines = []
    overall = result.group(OVERALL)
    if overall and overall.today and overall.desired and overall.gap.index is not None:
        lines.append(
            Headline(
                title=_("Relationship: today vs desired"),
                text=_(
                    "Today the relationship is seen as %(today)s (index %(today_index)s); respondents want "
                    "%(desired)s (index %(desired_index)s), a gap of %(gap)s on the 1-4 scale."
                )
                % {
                    "today": fit_name(overall.today, names),
                    "today_index": decimal(overall.today.index, 2),
                    "desired": fit_name(overall.desired, names),
                    "desired_index": decimal(overall.desired.index, 2),
                    "gap": signed(overall.gap.index, 2),
                },
            )
        )
    business, it = result.fit("business", "today"), result.fit("it", "today")
    if result.disagree_today and business and it:
        lines.append(
            Headline(
                title=_("Business and IT disagree about today"),
                text=_(
                    "The business sees today's relationship as %(business)s (index %(business_index)s); "
                    "IT sees %(it)s (index %(it_index)s). The difference is itself a finding."
                )
                % {
                    "business": fit_name(business, names),
                    "business_index": decimal(business.index, 2),
                    "it": fit_name(it, names),
                    "it_index": decimal(it.index, 2),
                },
            )
        )
    return lines
