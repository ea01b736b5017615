"""One part of the dashboard each: response rates, relationship ladder, behaviours, maturity, advice, charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, BEHAVIOUR_GROUP_LABELS, GROUPS, SIDE_LABELS, SIDES, dig
from relationships.scoring import MODELS
from workspace.dashboard.labels import NO_DEPARTMENT

TOP_RECOMMENDATIONS = 8


def _percent(part: int, whole: int) -> int:
    return round(part / whole * 100) if whole else 0


def _ladder_left(index: float | None) -> float | None:
    """Where an index (1 Passive .. 4 Peer) sits on the 4-step track, in percent from the left."""
    return None if index is None else round((index - 1) / 3 * 100, 1)


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


def _model_name(code: str, names: Mapping[str, str]) -> str:
    return names.get(code, code.title())


def relationship_view(
    *, relationship: Mapping[str, Any], names: Mapping[str, str], reasons: Mapping[str, str]
) -> dict[str, Any]:
    """Markers per side and aspect on the Passive..Peer track, with the model named in words."""
    aspects = []
    for aspect in ASPECTS:
        markers = []
        for side in GROUPS:
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


def behaviours_view(*, behaviours: Mapping[str, Any]) -> dict[str, Any]:
    items = behaviours.get("items") or []
    groups = behaviours.get("groups") or {}
    return {
        "groups": [
            {"code": code, "label": str(label), **(groups.get(code) or {})}
            for code, label in BEHAVIOUR_GROUP_LABELS.items()
        ],
        # Self and mirror exist for the behaviours of one side; everyone rates the enterprise ones.
        "mirrored": [
            {**item, "group_label": str(BEHAVIOUR_GROUP_LABELS.get(item["group"], item["group"]))}
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
            "current": [dig(c, "current", "overall") for c in clusters],
            "target": [dig(c, "target", "overall") for c in clusters],
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
