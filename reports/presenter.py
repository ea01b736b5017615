"""What the PDF gap report shows (templates/pdf/report.html), shaped from the campaign's scores.

`report_context` gathers the numbers from `assessments.scoring.campaign_scores` (the same numbers
the dashboard shows, anonymity applied there) and shapes the parts every report has: the cover,
overall maturity and its chart, the headlines, the recommendations (main list and appendix), the
strengths, the flagged respondents and the scales' reliability (`reports.findings`, as the
dashboard shows them), the department heat map and the comparison with the organisation's
previous campaign (`assessments.presentation`, built as the dashboard builds them) and the method
page (`reports.sections`). `report_build` is the part that shapes given scores. Each instrument's pages and
its block on the summary page come from its slice (`InstrumentSlice.report`, `.report_summary`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.charts import inline, maturity_chart
from assessments.models import Campaign
from assessments.presentation import heatmap_build, maturity_shown
from assessments.results import CampaignScores
from assessments.scoring import campaign_scores
from assessments.selectors.campaigns import campaign_response_counts_by_department
from assessments.selectors.consensus import campaign_consensus
from assessments.selectors.trends import campaign_trend
from assessments.slices import View, slices
from assessments.texts import InstrumentTexts, instrument_texts
from assessments.wording import recommendations_worded, strengths_worded
from brmportal.lib.labels import EFFORT_LABELS, GROUPS, SIDE_LABELS, sources_view
from reports.actions import actions_section
from reports.appendix import appendix_items
from reports.benchmark import benchmark_section
from reports.comments import comments_appendix
from reports.consensus import consensus_view
from reports.executive import executive_build
from reports.findings import (
    codes_view,
    flags_view,
    maturity_limits_text,
    maturity_missing_text,
    recommendations_view,
    reliability_view,
    strengths_view,
)
from reports.labels import fewer_than, group_notes, not_shown
from reports.portfolio import portfolio_section
from reports.sections import branding_section, comparison_section, method_section, respondents_section
from reports.trend import trend_view


def _maturity_rows(scores: CampaignScores, texts: InstrumentTexts, notes: dict[str, str]) -> list[dict]:
    descriptions = {step.level: step.description for step in texts.ladder}
    rows = []
    for group in GROUPS:
        data = scores.maturity.get(group)
        rows.append(
            {
                "group": group,
                "label": str(SIDE_LABELS[group]),
                "note": notes.get(group, ""),
                "data": maturity_shown(data, texts),
                # The instruments' parts, in the order of the table's columns.
                "components": [data.components.get(s.kind) for s in slices()] if data else [],
                "description": descriptions.get(data.level, "") if data else "",
            }
        )
    return rows


def _maturity_chart(rows: list[dict], texts: InstrumentTexts) -> str:
    """The ladder drawn as the dashboard draws it (assessments.charts), "" with no score."""
    steps = [step.name for step in texts.ladder]
    return inline(maturity_chart(steps=steps, groups=[(row["group"], row["label"], row["data"]) for row in rows]))


def _css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


def _page_css() -> str:
    """The running header and footer of every page but the cover, in the active language.

    CSS `content` cannot be translated in report.css, so the template puts this in a <style>.
    The page numbers are CSS counters: the translated sentence is split around its placeholders.
    """
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    sentence = _("Page %(page)s of %(pages)s")
    page_of = " ".join(
        counters.get(part) or _css_string(part) for part in re.split(r"(%\(pages?\)s)", sentence) if part
    )
    # Each text in a variable of its own: makemessages does not see a _() inside an f-string.
    title = _css_string(_("Business–IT gap report"))
    confidential = _css_string(_("BRM Portal · confidential"))
    return (
        "@page {"
        f" @top-right {{ content: {title}; }}"
        f" @bottom-left {{ content: {confidential}; }}"
        f" @bottom-right {{ content: {page_of}; }}"
        " }"
    )


def report_context(*, campaign: Campaign, department: str = "", generated_at: datetime | None = None) -> dict:
    """Everything templates/pdf/report.html shows, from campaign_scores (anonymity applied there)."""
    scores = campaign_scores(campaign=campaign, department=department or None)
    # The heat map shows the campaign's department rows (the dashboard's), narrowed to the department.
    campaign_wide = campaign_scores(campaign=campaign) if department else scores
    # Codes and numbers from scoring, worded in the report's (active) language.
    instrument = campaign.instrument
    worded: dict[str, Any] = {
        "recommendations": recommendations_worded(scores.recommendations, instrument=instrument),
        "appendix": recommendations_worded(scores.recommendations_appendix, instrument=instrument),
        "strengths": strengths_worded(scores.strengths, instrument=instrument),
    }
    context = report_build(
        campaign=campaign,
        scores=scores,
        campaign_wide=campaign_wide,
        department=department,
        generated_at=generated_at,
        **worded,
    )
    # Page 2, the executive page (issue #18 item 1), built as the dashboard's first screen; the
    # invitations per side x department (1 query) give its response rates.
    context["executive"] = executive_build(
        campaign=campaign,
        scores=scores,
        texts=instrument_texts(instrument),
        counts=campaign_response_counts_by_department(campaign=campaign),
        notes=context["notes"],
        department=department or None,
        today=timezone.localdate(context["generated_at"]),
        **worded,
    )
    # What the consensus workshop agreed (issue #19), beside the survey figures: whole campaign only.
    context["consensus"] = (
        None
        if department
        else consensus_view(
            consensus=campaign_consensus(campaign=campaign), scores=scores, texts=instrument_texts(instrument)
        )
    )
    # The action plan and what moved after earlier rounds' actions (issue #19): whole campaign only.
    context["action_plan"] = (
        None
        if department
        else actions_section(
            campaign=campaign,
            scores=scores,
            texts=instrument_texts(instrument),
            today=timezone.localdate(context["generated_at"]),
        )
    )
    # Every round of the organisation up to this one (issue #19 item 3), as the dashboard shows it.
    trend = trend_view(
        read=campaign_trend(campaign=campaign, department=department or None), texts=instrument_texts(instrument)
    )
    context["trend"] = {**trend, "chart_svg": inline(trend.get("chart"))} if trend else None
    # You vs the benchmark across organisations (issue #20): contributors only, whole campaign only.
    context["benchmark"] = (
        None if department else benchmark_section(campaign=campaign, scores=scores, texts=instrument_texts(instrument))
    )
    # The business-partner pairs' map and table (issue #20): campaigns that cover units, whole campaign only.
    context["portfolio"] = None if department else portfolio_section(campaign=campaign)
    # The respondents' own words (issue #17): whole campaign only, sides at the threshold only.
    context["comments"] = comments_appendix(campaign=campaign, department=department)
    # The consultant's name, logo and foreword (issue #18), on the cover and the summary page.
    context["branding"] = branding_section(campaign)
    return context


def report_build(
    *,
    campaign: Campaign,
    scores: CampaignScores,
    campaign_wide: CampaignScores,
    recommendations: Sequence[Mapping[str, Any]],
    appendix: Sequence[Mapping[str, Any]] = (),
    strengths: Sequence[Mapping[str, Any]] = (),
    department: str = "",
    generated_at: datetime | None = None,
) -> dict:
    """The report's context from the typed scores and the worded recommendations (the main list
    in rank order, the appendix) and strengths; reads only the previous campaign (comparison)."""
    texts = instrument_texts(campaign.instrument)
    notes = group_notes(scores)
    threshold = scores.anonymity.threshold
    maturity_rows = _maturity_rows(scores, texts, notes)
    views = [(s, View(scores=scores, result=scores.results[s.key], texts=texts, notes=notes)) for s in slices()]
    return {
        "organisation": campaign.organisation,
        "campaign": campaign,
        "department": department,
        "generated_at": generated_at or timezone.now(),
        "scores": scores,
        "threshold": threshold,
        "hidden_text": not_shown(fewer_than(threshold)),
        "responses": {**scores.responses, "total": scores.total},
        "sources": sources_view(sources=scores.sources),
        "notes": notes,
        "maturity_rows": maturity_rows,
        "maturity_columns": [{"kind": s.kind, "label": str(s.short_label)} for s in slices()],
        "maturity_missing": maturity_missing_text(),
        "maturity_limits": maturity_limits_text(),
        "headlines": [line for s, view in views for line in s.headlines(view)],
        "summary_sections": [section for s, view in views if (section := s.report_summary(view))],
        "sections": [section for s, view in views if (section := s.report(view))],
        # In rank order: a quick win is marked where it stands (assessments.recommendations).
        "recommendations": recommendations_view(recommendations, appendix),
        "strengths": strengths_view(strengths, scores.responses),
        "codes": codes_view(recommendations, strengths),
        "flags": flags_view(scores.flags, threshold, scores.responses),
        "reliability": reliability_view(scores.reliability, texts),
        "instrument_labels": {s.kind: s.label for s in slices()},
        "effort_labels": EFFORT_LABELS,
        "page_css": mark_safe(_page_css()),  # noqa: S308 - our own CSS; every text in it escaped by _css_string
        "heatmap": heatmap_build(
            scores=campaign_wide,
            department=department or None,
            reason_text=lambda reason: (
                fewer_than(threshold) if reason == "under_threshold" else _("it would reveal a smaller group")
            ),
        ),
        "comparison": comparison_section(campaign, scores, department, texts),
        "method": method_section(campaign, scores, texts),
        "respondents": respondents_section(scores, notes),
        # Item-level statistics per reported side (issue #18 item 8), codes allowed: the appendix.
        "appendix_items": appendix_items(scores=scores, texts=texts, notes=notes),
        "charts": {
            "maturity": _maturity_chart(maturity_rows, texts),
        },
    }
