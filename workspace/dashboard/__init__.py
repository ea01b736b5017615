"""The campaign dashboard: campaign_scores reshaped for display, with no scoring of its own.

`dashboard_context` does the reads (a constant number of queries whatever the number of
responses); `dashboard_build` is pure and turns the scores into what the template and the
page's script show, one module per part of the page: `sections` (response rates, the
relationship ladder, behaviours, maturity, recommendations, chart series), `comparison` (the
previous campaign and the department heat map) and `labels`. Every number is taken from
`assessments.scoring.campaign_scores`; here they are only picked, labelled and positioned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from assessments.anonymity import COMPLEMENTARY, UNDER_THRESHOLD
from assessments.content import model_names
from assessments.models import Campaign
from assessments.scoring import campaign_scores
from assessments.selectors.aggregates import campaign_waiting_count
from assessments.selectors.campaigns import (
    campaign_previous,
    campaign_response_counts_by_department,
    department_order,
)
from assessments.wording import recommendations_worded
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.labels import GROUPS, OVERALL, SIDE_LABELS, SIDES, sources_view
from workspace.dashboard.comparison import comparison_view, heatmap_view
from workspace.dashboard.labels import hidden_reason_text
from workspace.dashboard.sections import (
    behaviours_view,
    chart_data,
    maturity_view,
    recommendations_view,
    relationship_view,
    response_rates,
)


def _department_options(*, configured: Sequence[str], campaign_wide: Mapping[str, Any]) -> list[str]:
    """The campaign's departments by the one rule (`department_order`); the scores' department
    rows are the departments published responses gave, so no query is needed."""
    return department_order(
        configured=configured, given=(row["department"] for row in campaign_wide.get("departments") or [])
    )


def _group_reasons(scores: Mapping[str, Any], department: str | None) -> dict[str, str]:
    """The explanation per group (business, IT, everyone) of the view, or "" when it is shown."""
    threshold = scores["anonymity"]["threshold"]
    hidden = {(h["side"], h["department"]): h["reason"] for h in scores["anonymity"]["hidden"]}
    reasons = {}
    for side in SIDES:
        reason = hidden.get((side, department)) or hidden.get((side, None))
        reasons[side] = hidden_reason_text(reason, threshold) if reason or not scores["responses"][side] else ""
    if department is None:
        everyone = hidden.get((None, None))
    elif any(hidden.get((s, department)) for s in SIDES):
        # All of a department is hidden with either of its sides (anonymity.report_groups).
        everyone = UNDER_THRESHOLD if sum(scores["responses"].values()) < threshold else COMPLEMENTARY
    else:
        everyone = None
    empty = not sum(scores["responses"].values())
    reasons[OVERALL] = hidden_reason_text(everyone, threshold) if everyone or empty else ""
    return reasons


def dashboard_build(
    *,
    scores: Mapping[str, Any],
    campaign_wide: Mapping[str, Any],
    counts: Mapping[tuple[str, str], Mapping[str, int]],
    model_names: Mapping[str, str],
    configured_departments: Sequence[str] = (),
    department: str | None = None,
    previous: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the dashboard shows, from campaign_scores output (pure, no database).

    `scores` are the scores of the view (the campaign, or one department of it); `campaign_wide`
    the unfiltered ones, which hold the department rows of the heat map; `previous` the previous
    campaign's scores for the same view, or None.
    """
    threshold = scores["anonymity"]["threshold"]
    reasons = _group_reasons(scores, department)
    behaviours = behaviours_view(behaviours=scores["behaviours"])
    practices = scores["practices"]
    total = sum(scores["responses"].values())
    return {
        "department": department,
        "department_options": _department_options(configured=configured_departments, campaign_wide=campaign_wide),
        "threshold": threshold,
        "has_responses": sum(campaign_wide["responses"].values()) > 0,
        "responses": {**scores["responses"], "total": total},
        "response_rates": response_rates(counts=counts, responses=scores["responses"], department=department),
        "sources": sources_view(sources=scores.get("sources") or {}),
        "hidden": [
            {"label": str(SIDE_LABELS[group]), "text": text}
            for group, text in reasons.items()
            if text and (total if group == OVERALL else scores["responses"][group])
        ],
        "reasons": reasons,
        # Every group of the view is hidden or empty: the page says so once instead of per chart.
        "nothing_shown": all(reasons.values()),
        "relationship": relationship_view(relationship=scores["relationship"], names=model_names, reasons=reasons),
        "behaviours": behaviours,
        "practices": practices,
        "trust": {
            "sides": [
                {
                    "side": side,
                    "label": str(SIDE_LABELS[side]),
                    "value": scores["trust"].get(side),
                    "reason": reasons[side],
                    "empty": not (total if side == OVERALL else scores["responses"][side]),
                }
                for side in GROUPS
            ],
            "perception_gap": scores["trust"].get("perception_gap"),
            "deficits": scores["trust"].get("deficits") or [],
        },
        "maturity": maturity_view(maturity=scores["maturity"], responses=scores["responses"]),
        "recommendations": recommendations_view(recommendations=scores["recommendations"]),
        "comparison": comparison_view(current=scores, previous=previous),
        "heatmap": heatmap_view(departments=campaign_wide.get("departments") or [], threshold=threshold),
        "chart": chart_data(behaviours=behaviours, practices=practices),
    }


def dashboard_context(*, campaign: Campaign, department: str | None = None) -> dict[str, Any]:
    """The dashboard of a campaign, or of one of its departments.

    Reads, each a fixed number of queries whatever the number of responses:
    1. campaign_scores of the whole campaign (1 query, the published snapshot; the heat map and
       the department list), and of the department when one is chosen (1 more);
    2. invitations per side x department (1 query);
    3. the previous campaign (1 query) and its scores for the same view (1 query);
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
    # The recommendations are codes and numbers: worded here, in the reader's language.
    worded = recommendations_worded(scores["recommendations"], instrument=campaign.instrument)
    data = dashboard_build(
        scores={**scores, "recommendations": worded},
        campaign_wide=campaign_wide,
        counts=counts,
        model_names={code: model["name"] for code, model in model_names(campaign.instrument).items()},
        configured_departments=campaign.departments or [],
        department=department,
        previous=previous_scores,
    )
    data["previous_campaign"] = before if previous_scores is not None else None
    data["waiting"] = campaign_waiting_count(campaign=campaign)
    return data
