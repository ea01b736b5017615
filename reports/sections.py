"""Report sections that look beyond one group: the department heat map, the comparison with the
previous campaign, and the method page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.content import KINDS, localized
from assessments.models import Campaign
from assessments.scoring import campaign_scores, campaign_scores_many
from assessments.selectors.campaigns import campaign_previous
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import decimal
from brmportal.lib.labels import (
    CHANGE_PLACES,
    GROUPS,
    INSTRUMENT_LABELS,
    NO_CHANGE,
    OVERALL,
    SIDE_LABELS,
    SIDES,
    dig,
    heat_shade,
)
from reports.labels import fewer_than, hidden_reasons, model_name


def _heat_class(value: float | None) -> str:
    """heat-1 .. heat-5 (report.css) for a 1-5 maturity: the dashboard's shade, counted from 1."""
    shade = heat_shade(value, 1, 5)
    return "heat-none" if shade is None else f"heat-{shade + 1}"


def heatmap_section(campaign: Campaign, scores: Mapping[str, Any], department: str, notes: Mapping[str, str]) -> dict:
    """Current BiSL maturity per (side x department) and cluster, for reported departments only.

    Per-department cluster figures come from `campaign_scores_many` (one aggregation), whose anonymity
    rules (including complementary suppression) match the campaign's department rows.
    """
    clusters = [{"code": c["code"], "name": c["name"]} for c in scores["practices"]["clusters"]]
    rows: list[dict] = []
    hidden: list[dict] = []
    threshold = scores["anonymity"]["threshold"]
    reasons = hidden_reasons(scores)

    def cells_for(dept_scores: Mapping[str, Any], side: str) -> list[dict]:
        values = [c["current"][side] for c in dept_scores["practices"]["clusters"]]
        return [{"value": v, "css": _heat_class(v)} for v in values]

    if department:
        for side in SIDES:
            if scores["responses"][side] == 0:
                continue
            if scores["relationship"].get(side) is None and side in notes:
                hidden.append({"side": str(SIDE_LABELS[side]), "department": department, "note": reasons.get(side, "")})
                continue
            rows.append(
                {
                    "side": str(SIDE_LABELS[side]),
                    "department": department,
                    "responses": scores["responses"][side],
                    "cells": cells_for(scores, side),
                }
            )
        return {"clusters": clusters, "rows": rows, "hidden": hidden}

    reported = sorted({row["department"] for row in scores.get("departments", []) if row["reported"]})
    per_department = campaign_scores_many(campaign=campaign, departments=reported) if reported else {}
    for row in scores.get("departments", []):
        label = str(SIDE_LABELS[row["side"]])
        if not row["reported"]:
            reason = (
                fewer_than(threshold) if row["reason"] == "under_threshold" else _("it would reveal a smaller group")
            )
            hidden.append({"side": label, "department": row["department"], "note": reason})
            continue
        rows.append(
            {
                "side": label,
                "department": row["department"],
                "responses": row["responses"],
                "cells": cells_for(per_department[row["department"]], row["side"]),
            }
        )
    return {"clusters": clusters, "rows": rows, "hidden": hidden}


def _delta(previous: float | None, current: float | None) -> dict[str, Any]:
    if previous is None or current is None:
        return {"value": None, "arrow": "", "words": _("not comparable")}
    # The dashboard's rule and precision (comparison.delta_view): the scores are shown with two
    # decimals, and a change that would read "up 0.0" is no change.
    change = round(current - previous, 2)
    if abs(change) < NO_CHANGE:
        return {"value": 0.0, "arrow": "=", "words": _("no change")}
    words = _("up %(delta)s") if change > 0 else _("down %(delta)s")
    return {
        "value": change,
        "arrow": "▲" if change > 0 else "▼",
        "words": words % {"delta": decimal(abs(change), CHANGE_PLACES)},
    }


COMPARED = (
    (gettext_lazy("Overall BRM maturity (1-5)"), ("maturity", "{g}", "score")),
    (gettext_lazy("Relationship index today (1-4)"), ("relationship", "{g}", "today", "index")),
    (gettext_lazy("Relationship index desired (1-4)"), ("relationship", "{g}", "desired", "index")),
    (gettext_lazy("Behaviours, mean (1-5)"), ("behaviours", "mean", "{g}")),
    (gettext_lazy("BiSL current maturity (1-5)"), ("practices", "current", "{g}")),
    (gettext_lazy("BiSL target maturity (1-5)"), ("practices", "target", "{g}")),
    (gettext_lazy("Trust index (0-100)"), ("trust", "{g}", "index")),
)


def comparison_section(campaign: Campaign, scores: Mapping[str, Any], department: str, models: Mapping) -> dict | None:
    previous = campaign_previous(campaign=campaign)
    if previous is None:
        return None
    try:
        before = campaign_scores(campaign=previous, department=department or None)
    except ApplicationError:  # the previous campaign had no such department
        return None
    rows = []
    for label, path in COMPARED:
        for group in GROUPS:
            keys = [part.format(g=group) for part in path]
            old, new = dig(before, *keys), dig(scores, *keys)
            if old is None and new is None:
                continue
            rows.append(
                {
                    "metric": str(label),
                    "group": str(SIDE_LABELS[group]),
                    "group_code": group,
                    "previous": old,
                    "current": new,
                    **_delta(old, new),
                }
            )
    model_rows = []
    for group in GROUPS:
        old = dig(before, "relationship", group, "today")
        new = dig(scores, "relationship", group, "today")
        if old or new:
            model_rows.append(
                {
                    "group": str(SIDE_LABELS[group]),
                    "previous": model_name(models, old) or _("not shown"),
                    "current": model_name(models, new) or _("not shown"),
                }
            )
    return {
        "campaign": previous,
        "responses": before["responses"],
        "same_version": previous.instrument_id == campaign.instrument_id,
        "rows": rows,
        "models": model_rows,
    }


def method_section(campaign: Campaign, scores: Mapping[str, Any]) -> dict:
    content = campaign.instrument.content
    sources = [localized(content["overview"].get("source"))] + [
        localized(content["instruments"][k].get("source")) for k in KINDS
    ]
    relationship = dig(scores, "relationship", OVERALL) or {}
    practices = scores["practices"]
    behaviour_groups = scores["behaviours"].get("groups") or {}
    special = [
        {
            "instrument": str(INSTRUMENT_LABELS["relationship"]),
            "answers": sum((relationship.get(a) or {}).get("answers", 0) for a in ("today", "desired")),
            "dont_know": sum((relationship.get(a) or {}).get("dont_know", 0) for a in ("today", "desired")),
            "not_applicable": None,
        },
        {
            "instrument": str(INSTRUMENT_LABELS["behaviour"]),
            "answers": sum((g or {}).get("answers", 0) for g in behaviour_groups.values()),
            "dont_know": sum((g or {}).get("dont_know", 0) for g in behaviour_groups.values()),
            "not_applicable": None,
        },
        {
            "instrument": str(INSTRUMENT_LABELS["practice"]),
            "answers": sum((practices.get("answers") or {}).values()),
            "dont_know": sum((practices.get("dont_know") or {}).values()),
            "not_applicable": sum((practices.get("not_applicable") or {}).values()),
        },
        {
            "instrument": str(INSTRUMENT_LABELS["trust"]),
            "answers": (dig(scores, "trust", "overall") or {}).get("answers", 0),
            "dont_know": (dig(scores, "trust", "overall") or {}).get("dont_know", 0),
            "not_applicable": None,
        },
    ]
    weights_note = localized(content["overview"].get("weights_note"))
    weights = [
        {"instrument": str(INSTRUMENT_LABELS[kind]), "weight": scores["maturity"]["weights"][kind]}
        for kind in KINDS
        if kind in scores["maturity"]["weights"]
    ]
    return {
        "text": scores["method"]["text"],
        "reference": scores["method"]["reference"],
        "sources": [s for s in sources if s],
        "weights": weights,
        # One list for the sentence that names them: "Relationship model (0.25), Behaviours (0.25), ..."
        "weights_text": ", ".join(f"{w['instrument']} ({decimal(w['weight'], 2)})" for w in weights),
        "weights_note": weights_note,
        "ladder": scores["maturity"]["ladder"],
        "special": special,
        "mixed_margin": scores["method"]["mixed_margin"],
        "disagree_index_gap": scores["method"]["disagree_index_gap"],
        "min_gap": scores["method"]["recommendation_min_gap"],
        "quick_win_gap": scores["method"]["quick_win_gap"],
    }
