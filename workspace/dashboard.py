"""The campaign dashboard: campaign_scores reshaped for display, with no scoring of its own.

`dashboard_context` does the reads (a constant number of queries whatever the number of
responses); `dashboard_build` is pure and turns the scores into what the template and the
page's script show: positions on the relationship ladder, rows for tables, chart series, the
comparison with the previous campaign and the department heat map. Every number is taken from
`assessments.scoring.campaign_scores`; here they are only picked, labelled and positioned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from assessments.content import localized
from assessments.models import Campaign
from assessments.scoring import COMPLEMENTARY, UNDER_THRESHOLD, campaign_scores
from assessments.selectors.aggregates import campaign_waiting_count
from assessments.selectors.campaigns import campaign_previous, campaign_response_counts_by_department
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import decimal
from brmportal.lib.scoring import SIDES
from relationships.scoring import MODELS

# Lazy: translated when shown, in the language of the request (str() where a value is stored).
SIDE_LABELS = {
    "business": pgettext_lazy("side", "Business"),
    "it": pgettext_lazy("side", "IT"),
    "overall": gettext_lazy("Everyone"),
}
ASPECT_LABELS = {
    "today": pgettext_lazy("relationship aspect", "Today"),
    "desired": pgettext_lazy("relationship aspect", "Desired"),
}
BEHAVIOUR_GROUPS = {
    "enterprise": gettext_lazy("Enterprise (both sides)"),
    "business": gettext_lazy("Business people"),
    "it": gettext_lazy("IT people"),
}
TOP_RECOMMENDATIONS = 8
# Deltas smaller than this are shown as "no change": the scores are rounded to two decimals and
# the comparison is written with one.
NO_CHANGE = 0.05
HEAT_STEPS = 4
NO_DEPARTMENT = gettext_lazy("No department given")


def hidden_reason_text(reason: str | None, threshold: int) -> str:
    if reason == UNDER_THRESHOLD:
        return ngettext(
            "Fewer than %(threshold)s response: not shown on its own to protect anonymity.",
            "Fewer than %(threshold)s responses: not shown on its own to protect anonymity.",
            threshold,
        ) % {"threshold": threshold}
    if reason == COMPLEMENTARY:
        return ngettext(
            "Not shown on its own: together with the groups that are shown it would reveal "
            "the answers of a group with fewer than %(threshold)s response.",
            "Not shown on its own: together with the groups that are shown it would reveal "
            "the answers of a group with fewer than %(threshold)s responses.",
            threshold,
        ) % {"threshold": threshold}
    return _("No responses yet.")


def _percent(part: int, whole: int) -> int:
    return round(part / whole * 100) if whole else 0


def _ladder_left(index: float | None) -> float | None:
    """Where an index (1 Passive .. 4 Peer) sits on the 4-step track, in percent from the left."""
    return None if index is None else round((index - 1) / 3 * 100, 1)


# --- Response rates ----------------------------------------------------------------------------


def _rate(counts: Mapping[str, int]) -> dict[str, Any]:
    invited, started, submitted = counts.get("invited", 0), counts.get("started", 0), counts.get("submitted", 0)
    return {
        "invited": invited,
        "started": started,
        "submitted": submitted,
        "submitted_pct": _percent(submitted, invited),
        "started_pct": _percent(started, invited),
        "text": _("%(submitted)s of %(invited)s submitted (%(percent)s %%), %(started)s in progress")
        % {"submitted": submitted, "invited": invited, "percent": _percent(submitted, invited), "started": started}
        if invited
        else _("No invitations"),
    }


def response_rates(
    *, counts: Mapping[tuple[str, str], Mapping[str, int]], responses: Mapping[str, int], department: str | None
) -> list[dict[str, Any]]:
    """Per side: invitations invited / started / submitted, with a row per department.

    `responses` are the submitted responses the scores count (imported ones have no invitation,
    so they can exceed the invitations). Counts are shown even for groups under the anonymity
    threshold: they are the response rate, not answers (docs/scoring.md, Anonymity 5).
    """
    sides = []
    for side in SIDES:
        rows = {d: c for (s, d), c in counts.items() if s == side and (department is None or d == department)}
        total = {key: sum(c[key] for c in rows.values()) for key in ("invited", "started", "submitted")}
        departments = [
            {"department": d or str(NO_DEPARTMENT), **_rate(c)}
            for d, c in sorted(rows.items(), key=lambda pair: (pair[0] == "", pair[0].lower()))
        ]
        sides.append(
            {
                "side": side,
                "label": str(SIDE_LABELS[side]),
                **_rate(total),
                "responses": responses.get(side, 0),
                # One row that only repeats the side total says nothing more.
                "departments": departments if department is None and len(departments) > 1 else [],
            }
        )
    return sides


# --- Relationship ------------------------------------------------------------------------------


def _model_name(code: str, names: Mapping[str, str]) -> str:
    return names.get(code, code.title())


def relationship_view(
    *, relationship: Mapping[str, Any], names: Mapping[str, str], reasons: Mapping[str, str]
) -> dict[str, Any]:
    """Markers per side and aspect on the Passive..Peer track, with the model named in words."""
    aspects = []
    for aspect in ("today", "desired"):
        markers = []
        for side in (*SIDES, "overall"):
            fit = (relationship.get(side) or {}).get(aspect)
            if not fit:
                markers.append(
                    {
                        "side": side,
                        "label": str(SIDE_LABELS[side]),
                        "hidden": True,
                        "reason": reasons[side] or _("No answers."),
                    }
                )
                continue
            leaders = [_model_name(code, names) for code in fit.get("leaders") or [fit["model"]]]
            mixed = fit["model"] == "mixed"
            markers.append(
                {
                    "side": side,
                    "label": str(SIDE_LABELS[side]),
                    "hidden": False,
                    "mixed": mixed,
                    "model": fit["model"],
                    "model_name": _("Mixed (%(models)s)") % {"models": " / ".join(leaders)}
                    if mixed
                    else _model_name(fit["model"], names),
                    "index": fit["index"],
                    "margin": fit["margin"],
                    "left": _ladder_left(fit["index"]),
                }
            )
        # Business and IT get a marker on the track; everyone is given in words only, as a third
        # marker would mostly sit between the two and hide them.
        aspects.append(
            {"aspect": aspect, "label": str(ASPECT_LABELS[aspect]), "markers": markers[:2], "overall": markers[2]}
        )
    return {
        "steps": [
            {"code": code, "name": _model_name(code, names), "left": _ladder_left(i + 1)}
            for i, code in enumerate(MODELS)
        ],
        "aspects": aspects,
        "disagree_today": bool(relationship.get("disagree_today")),
    }


# --- Behaviours, practices, trust, maturity, recommendations -----------------------------------


def behaviours_view(*, behaviours: Mapping[str, Any]) -> dict[str, Any]:
    items = behaviours.get("items") or []
    groups = behaviours.get("groups") or {}
    return {
        "groups": [
            {"code": code, "label": str(label), **(groups.get(code) or {})} for code, label in BEHAVIOUR_GROUPS.items()
        ],
        # Self and mirror exist for the behaviours of one side; everyone rates the enterprise ones.
        "mirrored": [
            {**item, "group_label": str(BEHAVIOUR_GROUPS.get(item["group"], item["group"]))}
            for item in items
            if item["group"] != "enterprise"
        ],
        "enterprise": [item for item in items if item["group"] == "enterprise"],
        "mean": behaviours.get("mean") or {},
    }


def maturity_view(*, maturity: Mapping[str, Any], responses: Mapping[str, int]) -> dict[str, Any]:
    overall = maturity.get("overall")
    level = overall["level"] if overall else None
    return {
        "overall": overall,
        "sides": [
            {
                "side": side,
                "label": str(SIDE_LABELS[side]),
                "value": maturity.get(side),
                "empty": not responses.get(side),
            }
            for side in SIDES
        ],
        "ladder": [{**step, "current": step["level"] == level} for step in maturity.get("ladder") or []],
        "reference": maturity.get("reference", ""),
    }


def recommendations_view(*, recommendations: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    # campaign_scores already ranks them quick wins first, then by priority.
    ranked = list(recommendations)
    return {
        "top": ranked[:TOP_RECOMMENDATIONS],
        "rest": ranked[TOP_RECOMMENDATIONS:],
        "total": len(ranked),
        "quick_wins": sum(1 for r in ranked if r.get("quick_win")),
    }


# --- Comparison with the previous campaign -----------------------------------------------------


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def comparison_dimensions(scores: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every dimension the dashboard compares over time: key, group heading, label, value."""
    dims: list[dict[str, Any]] = []

    def add(key: str, group: str, label: str, value: Any, decimals: int = 2) -> None:
        dims.append({"key": key, "group": str(group), "label": str(label), "value": value, "decimals": decimals})

    for aspect in ("today", "desired"):
        for side in (*SIDES, "overall"):
            add(
                f"relationship.{side}.{aspect}",
                _("Relationship index (1 Passive – 4 Peer)"),
                f"{ASPECT_LABELS[aspect]}, {SIDE_LABELS[side]}",
                _get(scores, "relationship", side, aspect, "index"),
            )
    for code, label in BEHAVIOUR_GROUPS.items():
        add(f"behaviours.{code}", _("Behaviours (1-5)"), label, _get(scores, "behaviours", "groups", code, "mean"))
    for cluster in _get(scores, "practices", "clusters") or []:
        add(
            f"practices.{cluster['code']}",
            _("BiSL current maturity (1-5)"),
            cluster["name"],
            _get(cluster, "current", "overall"),
        )
    for side in (*SIDES, "overall"):
        add(f"trust.{side}", _("Trust index (0-100)"), SIDE_LABELS[side], _get(scores, "trust", side, "index"), 1)
    for side in (*SIDES, "overall"):
        add(f"maturity.{side}", _("BRM maturity (1-5)"), SIDE_LABELS[side], _get(scores, "maturity", side, "score"))
    return dims


def delta_view(current: float | None, previous: float | None) -> dict[str, Any]:
    """Direction and wording of a change; the arrow always comes with words, never alone."""
    if current is None or previous is None:
        return {"delta": None, "direction": "none", "symbol": "", "text": _("not comparable")}
    delta = round(current - previous, 2)
    if abs(delta) < NO_CHANGE:
        return {"delta": delta, "direction": "same", "symbol": "=", "text": _("no change")}
    if delta > 0:
        return {
            "delta": delta,
            "direction": "up",
            "symbol": "▲",
            "text": _("up %(delta)s") % {"delta": decimal(delta, 1)},
        }
    return {
        "delta": delta,
        "direction": "down",
        "symbol": "▼",
        "text": _("down %(delta)s") % {"delta": decimal(-delta, 1)},
    }


def comparison_view(*, current: Mapping[str, Any], previous: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if previous is None:
        return []
    before = {dim["key"]: dim["value"] for dim in comparison_dimensions(previous)}
    rows = []
    for dim in comparison_dimensions(current):
        old = before.get(dim["key"])
        if dim["value"] is None and old is None:
            continue
        rows.append(
            {
                **{k: dim[k] for k in ("key", "group", "label", "decimals")},
                "current": dim["value"],
                "previous": old,
                **delta_view(dim["value"], old),
            }
        )
    return rows


# --- Department heat map -----------------------------------------------------------------------

# (key, label, scale, path in a department row's scores, scale low, scale high)
HEAT_COLUMNS: tuple[tuple[str, Any, str, tuple[str, ...], float, float], ...] = (
    ("rel_today", gettext_lazy("Relationship today"), "1-4", ("relationship", "today", "index"), 1, 4),
    ("rel_desired", gettext_lazy("Relationship desired"), "1-4", ("relationship", "desired", "index"), 1, 4),
    ("behaviours", gettext_lazy("Behaviours"), "1-5", ("behaviours",), 1, 5),
    ("practice_current", gettext_lazy("BiSL current"), "1-5", ("practices", "current"), 1, 5),
    ("practice_target", gettext_lazy("BiSL target"), "1-5", ("practices", "target"), 1, 5),
    ("trust", gettext_lazy("Trust index"), "0-100", ("trust",), 0, 100),
)


def heat_shade(value: float | None, low: float, high: float) -> int | None:
    """0 (bottom of the scale) .. HEAT_STEPS (top): the background step of a heat map cell."""
    if value is None:
        return None
    share = min(1.0, max(0.0, (value - low) / (high - low)))
    return round(share * HEAT_STEPS)


def heatmap_view(*, departments: Iterable[Mapping[str, Any]], threshold: int) -> dict[str, Any]:
    rows = []
    for row in departments:
        cells = []
        if row["reported"]:
            for key, _label, _scale, path, low, high in HEAT_COLUMNS:
                value = _get(row["scores"], *path)
                cells.append({"key": key, "value": value, "shade": heat_shade(value, low, high)})
        rows.append(
            {
                "side": row["side"],
                "side_label": str(SIDE_LABELS[row["side"]]),
                "department": row["department"],
                "responses": row["responses"],
                "reported": row["reported"],
                "reason": None if row["reported"] else hidden_reason_text(row["reason"], threshold),
                "cells": cells,
            }
        )
    return {
        "columns": [{"key": key, "label": str(label), "scale": scale} for key, label, scale, *_rest in HEAT_COLUMNS],
        "rows": rows,
    }


# --- Chart data --------------------------------------------------------------------------------


def chart_data(*, behaviours: Mapping[str, Any], practices: Mapping[str, Any]) -> dict[str, Any]:
    """The series the page's script draws; the same numbers are in the tables next to the charts."""
    mirrored = behaviours["mirrored"]
    clusters = practices.get("clusters") or []
    return {
        "behaviours": {
            # The side whose behaviour it is; short, so the bars keep their width on a phone.
            "labels": [f"{SIDE_LABELS.get(b['group'], b['group'])}: {b['name']}" for b in mirrored],
            "self": [b["self"] for b in mirrored],
            "mirror": [b["mirror"] for b in mirrored],
        },
        "practices": {
            "labels": [c["name"] for c in clusters],
            "current": [_get(c, "current", "overall") for c in clusters],
            "target": [_get(c, "target", "overall") for c in clusters],
        },
        # The script's own words, in the page's language (the script holds no text of its own).
        "texts": {
            "self": _("Self (the side rating itself)"),
            "mirror": _("Mirror (the other side), hatched"),
            "current": _("Current maturity"),
            "target": _("Target maturity, hatched"),
            "scale": _("1 (lowest) – 5 (highest)"),
            "not_shown": _("not shown"),
        },
    }


# --- Assembly ----------------------------------------------------------------------------------


def department_options(
    *, configured: Sequence[str], scored: Iterable[Mapping[str, Any]], invited: Iterable[tuple[str, str]]
) -> list[str]:
    """The campaign's departments in their configured order, then any others seen, sorted."""
    seen = {row["department"] for row in scored} | {d for _, d in invited if d}
    extra = sorted(seen - set(configured), key=str.lower)
    return [*configured, *extra]


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
        # All of a department is hidden with either of its sides (scoring.report_groups).
        everyone = UNDER_THRESHOLD if sum(scores["responses"].values()) < threshold else COMPLEMENTARY
    else:
        everyone = None
    empty = not sum(scores["responses"].values())
    reasons["overall"] = hidden_reason_text(everyone, threshold) if everyone or empty else ""
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
        "department_options": department_options(
            configured=configured_departments, scored=campaign_wide.get("departments") or [], invited=counts
        ),
        "threshold": threshold,
        "has_responses": sum(campaign_wide["responses"].values()) > 0,
        "responses": {**scores["responses"], "total": total},
        "response_rates": response_rates(counts=counts, responses=scores["responses"], department=department),
        "sources": sources_view(sources=scores.get("sources") or {}),
        "hidden": [
            {"label": str(SIDE_LABELS[group]), "text": text}
            for group, text in reasons.items()
            if text and (total if group == "overall" else scores["responses"][group])
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
                    "empty": not (total if side == "overall" else scores["responses"][side]),
                }
                for side in (*SIDES, "overall")
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


# How a published response came in, worded for the line under the response rate.
SOURCE_LABELS = {
    "link": gettext_lazy("%(count)s by personal link"),
    "open": gettext_lazy("%(count)s by open link"),
    "import": gettext_lazy("%(count)s imported from a file"),
}


def sources_view(*, sources: Mapping[str, int]) -> dict[str, Any]:
    """How the published responses came in: padding a group with made-up rows shows here."""
    return {
        "counts": dict(sources),
        "text": ", ".join(
            str(label) % {"count": sources[key]} for key, label in SOURCE_LABELS.items() if sources.get(key)
        ),
        "imported": sources.get("import", 0),
    }


def _model_names(campaign: Campaign) -> dict[str, str]:
    """The relationship models' names in the active language."""
    dimensions = campaign.instrument.content.get("instruments", {}).get("relationship", {}).get("dimensions", [])
    return {d["code"]: localized(d.get("name")) or d["code"].title() for d in dimensions}


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
    options = department_options(
        configured=campaign.departments or [], scored=campaign_wide.get("departments") or [], invited=counts
    )
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
    data = dashboard_build(
        scores=scores,
        campaign_wide=campaign_wide,
        counts=counts,
        model_names=_model_names(campaign),
        configured_departments=campaign.departments or [],
        department=department,
        previous=previous_scores,
    )
    data["previous_campaign"] = before if previous_scores is not None else None
    data["waiting"] = campaign_waiting_count(campaign=campaign)
    return data
