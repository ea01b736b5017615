"""The relationship in the PDF report: its page, its block on the executive summary, its headlines
and its chart, in the report's (active) language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.charts import inline
from assessments.presentation import Shown, groups_shown
from assessments.slices import Headline, Section, View
from brmportal.lib.formats import difference_text, interval_text
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, GROUPS, OVERALL, SIDE_LABELS
from relationships.charts import index_chart, profile_chart
from relationships.names import ModelName, fit_name, model_names
from relationships.presenters import index_interval, share_rows
from relationships.results import ModelFit, RelationshipResult

REPORT_TEMPLATE = "relationships/report.html"
SUMMARY_TEMPLATE = "relationships/report_summary.html"


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


def relationship_shown(view: View) -> Shown:
    """The groups with a relationship figure (today or desired), and the line on the others."""
    result: RelationshipResult = view.result
    return groups_shown(view, lambda g: any(result.fit(g, aspect) for aspect in ASPECTS))


def model_rows(view: View, names: dict[str, ModelName], groups: tuple[str, ...]) -> list[dict[str, Any]]:
    """Per model and shown group: the mean agreement today and desired, each with its n and 95 %
    interval, and the gap with Welch's interval (item 2: n and the interval where a reader compares)."""
    result: RelationshipResult = view.result
    rows = []
    for code in names:
        cells = []
        for group in groups:
            data = result.group(group)
            if data is None:
                continue
            today, desired = data.today, data.desired
            cells.append(
                {
                    "group": group,
                    "label": str(SIDE_LABELS[group]),
                    "today": today.score_stats.get(code) if today else None,
                    "desired": desired.score_stats.get(code) if desired else None,
                    "gap": data.gap.score_stats.get(code),
                }
            )
        rows.append({"code": code, "name": names[code].name, "cells": cells})
    return rows


def report_section(view: View) -> Section:
    """The relationship page: the four models, the chart, each model's scores per group, the
    shares of respondents per model, and whether business and IT disagree (today, desired)."""
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    shown = relationship_shown(view)
    return Section(
        template=REPORT_TEMPLATE,
        context={
            "models": list(names.values()),
            # The dashboard's charts (relationships.charts), drawn as SVG; "" when there is nothing to draw.
            "chart": inline(profile_chart(result, names)),
            "ladder": inline(index_chart(result, names)),
            # Only the groups with figures (issue #18 item 5); `shown.line` says why the others are not.
            "rows": [row for row in report_rows(view, names) if row["group"] in shown.groups],
            "shown": shown,
            "model_rows": model_rows(view, names, shown.groups),
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
    # Only the groups with figures, and one line on the others (issue #18 item 5), as on its page.
    shown = relationship_shown(view)
    rows = [row for row in report_rows(view, model_names(view.texts)) if row["group"] in shown.groups]
    return Section(template=SUMMARY_TEMPLATE, context={"rows": rows, "line": shown.line})


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
