"""The campaign dashboard: campaign_scores shaped for display, with no scoring of its own.

`dashboard_context` does the reads (a constant number of queries whatever the number of
responses); `dashboard_build` is pure and turns the typed scores into what the template and the
page's script show: the parts every campaign has here and in `sections` (response rates,
overall maturity), the method's findings shaped by `reports.findings` as the PDF shows them
(the ranked recommendations and their appendix, strengths, flagged respondents, scales that do
not hang together), one card per instrument from its slice (`InstrumentSlice.dashboard`), and
the department heat map and the comparison with the previous campaign from
`assessments.presentation` (the PDF report builds them the same way).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.anonymity import COMPLEMENTARY, UNDER_THRESHOLD
from assessments.models import Campaign
from assessments.presentation import comparison_rows, heatmap_build
from assessments.results import CampaignScores
from assessments.scoring import campaign_scores
from assessments.selectors.aggregates import campaign_waiting_count
from assessments.selectors.campaigns import (
    campaign_previous,
    campaign_response_counts_by_department,
    department_order,
)
from assessments.selectors.consensus import campaign_consensus
from assessments.selectors.trends import campaign_trend
from assessments.slices import View, slices
from assessments.texts import InstrumentTexts, instrument_texts
from assessments.wording import recommendations_worded, strengths_worded
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.labels import OVERALL, SIDE_LABELS, SIDES, sources_view
from reports.actions import actions_section
from reports.benchmark import benchmark_section
from reports.consensus import consensus_view
from reports.executive import executive_build
from reports.findings import flags_view, recommendations_view, reliability_view, strengths_view
from reports.trend import trend_view
from workspace.dashboard.comments import comments_card
from workspace.dashboard.labels import hidden_reason_text
from workspace.dashboard.sections import maturity_view, response_rates


def _department_options(*, configured: Sequence[str], campaign_wide: CampaignScores) -> list[str]:
    """The campaign's departments by the one rule (`department_order`); the scores' department
    rows are the departments published responses gave, so no query is needed."""
    return department_order(configured=configured, given=(row.department for row in campaign_wide.departments or ()))


def _group_reasons(scores: CampaignScores, department: str | None) -> dict[str, str]:
    """The explanation per group (business, IT, everyone) of the view, or "" when it is shown."""
    threshold = scores.anonymity.threshold
    reasons = {}
    for side in SIDES:
        reason = scores.anonymity.reason(side, department) or scores.anonymity.reason(side, None)
        reasons[side] = hidden_reason_text(reason, threshold) if reason or not scores.responses[side] else ""
    if department is None:
        everyone = scores.anonymity.reason(None, None)
    elif any(scores.anonymity.reason(s, department) for s in SIDES):
        # All of a department is hidden with either of its sides (anonymity.report_groups).
        everyone = UNDER_THRESHOLD if scores.total < threshold else COMPLEMENTARY
    else:
        everyone = None
    reasons[OVERALL] = hidden_reason_text(everyone, threshold) if everyone or not scores.total else ""
    return reasons


def dashboard_build(
    *,
    scores: CampaignScores,
    campaign_wide: CampaignScores,
    counts: Mapping[tuple[str, str], Mapping[str, int]],
    texts: InstrumentTexts,
    recommendations: Sequence[Mapping[str, Any]],
    appendix: Sequence[Mapping[str, Any]] = (),
    strengths: Sequence[Mapping[str, Any]] = (),
    configured_departments: Sequence[str] = (),
    department: str | None = None,
    previous: CampaignScores | None = None,
    previous_texts: InstrumentTexts | None = None,
) -> dict[str, Any]:
    """Everything the dashboard shows, from the typed scores (pure, no database).

    `scores` are the scores of the view (the campaign, or one department of it); `campaign_wide`
    the unfiltered ones, which hold the department rows of the heat map; `previous` the previous
    campaign's scores for the same view, or None; `recommendations` (the main list), `appendix`
    and `strengths` the view's, worded (`assessments.wording`).
    """
    threshold = scores.anonymity.threshold
    reasons = _group_reasons(scores, department)
    total = scores.total
    sections = []
    for instrument in slices():
        section = instrument.dashboard(
            View(scores=scores, result=scores.results[instrument.key], texts=texts, notes=reasons)
        )
        if section is None:
            continue
        sections.append(section)
    return {
        "department": department,
        "department_options": _department_options(configured=configured_departments, campaign_wide=campaign_wide),
        "threshold": threshold,
        "has_responses": campaign_wide.total > 0,
        "responses": {**scores.responses, "total": total},
        "response_rates": response_rates(counts=counts, responses=scores.responses, department=department),
        "sources": sources_view(sources=scores.sources),
        "hidden": [
            {"label": str(SIDE_LABELS[group]), "text": text}
            for group, text in reasons.items()
            if text and (total if group == OVERALL else scores.responses[group])
        ],
        "reasons": reasons,
        # Every group of the view is hidden or empty: the page says so once instead of per chart.
        "nothing_shown": all(reasons.values()),
        "sections": sections,
        "maturity": maturity_view(scores=scores, texts=texts),
        "recommendations": recommendations_view(recommendations, appendix),
        "strengths": strengths_view(strengths, scores.responses),
        "flags": flags_view(scores.flags, threshold, scores.responses),
        "reliability": reliability_view(scores.reliability, texts),
        "comparison": comparison_rows(
            current=scores, previous=previous, texts=texts, previous_texts=previous_texts or texts
        )
        if previous is not None
        else [],
        "heatmap": heatmap_build(
            scores=campaign_wide, reason_text=lambda reason: hidden_reason_text(reason, threshold)
        ),
    }


def dashboard_context(*, campaign: Campaign, department: str | None = None) -> dict[str, Any]:
    """The dashboard of a campaign, or of one of its departments.

    Reads, each a fixed number of queries whatever the number of responses:
    1. campaign_scores of the whole campaign (1 query, the published snapshot; the heat map and
       the department list), and of the department when one is chosen (1 more);
    2. invitations per side x department (1 query);
    3. the previous campaign (1 query) and its scores for the same view (1 query);
       the organisation's rounds (1 query) and their scores (1 query, none when cached);
    4. the submitted responses waiting for the next published batch (1 query).
    An unknown department raises ApplicationError; the previous campaign not having the
    department only drops the comparison.
    """
    campaign_wide = campaign_scores(campaign=campaign)
    counts = campaign_response_counts_by_department(campaign=campaign)
    options = _department_options(configured=campaign.departments or [], campaign_wide=campaign_wide)
    if department is not None and department not in options:
        raise ApplicationError(_("The campaign has no department %(department)s.") % {"department": repr(department)})
    scores = campaign_scores(campaign=campaign, department=department) if department else campaign_wide
    before = campaign_previous(campaign=campaign)
    previous_scores = None
    if before is not None:
        try:
            previous_scores = campaign_scores(campaign=before, department=department)
        except ApplicationError:
            previous_scores = None
    texts = instrument_texts(campaign.instrument)
    # Codes and numbers from scoring, worded here in the reader's language.
    worded: dict[str, Any] = {
        "recommendations": recommendations_worded(scores.recommendations, instrument=campaign.instrument),
        "appendix": recommendations_worded(scores.recommendations_appendix, instrument=campaign.instrument),
        "strengths": strengths_worded(scores.strengths, instrument=campaign.instrument),
    }
    data = dashboard_build(
        scores=scores,
        campaign_wide=campaign_wide,
        counts=counts,
        texts=texts,
        **worded,
        configured_departments=campaign.departments or [],
        department=department,
        previous=previous_scores,
        previous_texts=instrument_texts(before.instrument) if before is not None and previous_scores else None,
    )
    # The first screen (issue #18 item 1), as page 2 of the PDF shows it: nothing more is read.
    data["executive"] = executive_build(
        campaign=campaign,
        scores=scores,
        texts=texts,
        counts=counts,
        notes=data["reasons"],
        department=department,
        **worded,
    )
    # What the consensus workshop agreed (issue #19), campaign-wide decisions: the whole campaign only.
    data["consensus"] = (
        consensus_view(consensus=campaign_consensus(campaign=campaign), scores=scores, texts=texts)
        if department is None
        else None
    )
    # The action plan and what moved after earlier rounds' actions (issue #19): the whole campaign only.
    data["action_plan"] = (
        actions_section(campaign=campaign, scores=scores, texts=texts, today=timezone.localdate())
        if department is None
        else None
    )
    # Every round of the organisation up to this one (issue #19 item 3): 1 query, plus 1 for the
    # rounds' stored scores when the cache does not hold them.
    data["trend"] = trend_view(read=campaign_trend(campaign=campaign, department=department), texts=texts)
    # You vs the benchmark across organisations (issue #20): contributors only, the whole campaign only.
    data["benchmark"] = benchmark_section(campaign=campaign, scores=scores, texts=texts) if department is None else None
    data["previous_campaign"] = before if previous_scores is not None else None
    data["waiting"] = campaign_waiting_count(campaign=campaign)
    data["comments"] = comments_card(campaign=campaign, campaign_wide=campaign_wide, department=department)
    return data
