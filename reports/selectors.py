"""Reads for PDF gap reports: the reports of a campaign, and everything the report shows.

`report_context` gathers the numbers from `assessments.scoring.campaign_scores` (the same numbers
the dashboard shows, anonymity applied there) and shapes them for templates/pdf/report.html:
rows per side with "not shown" notes for hidden groups, headline sentences, charts as inline SVG,
the department heat map and the comparison with the organisation's previous campaign.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from accounts.models import Organisation
from assessments.content import KINDS, localized
from assessments.dashboard import sources_view
from assessments.models import Campaign, Response
from assessments.scoring import campaign_scores, campaign_scores_many
from assessments.selectors.campaigns import campaign_previous
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import decimal, signed
from reports import charts
from reports.models import Report

# Lazy: the report is rendered under translation.override(report.language), and these are
# turned into text there (str() where a value is stored in the context).
SIDE_LABELS = {
    "business": pgettext_lazy("side", "Business"),
    "it": pgettext_lazy("side", "IT"),
    "overall": gettext_lazy("Everyone"),
}
GROUPS = ("business", "it", "overall")
BEHAVIOUR_GROUP_LABELS = {
    "enterprise": gettext_lazy("Enterprise"),
    "business": gettext_lazy("Business people"),
    "it": gettext_lazy("IT people"),
}
INSTRUMENT_LABELS = {
    "relationship": gettext_lazy("Relationship model"),
    "behaviour": gettext_lazy("Behaviours"),
    "practice": gettext_lazy("BiSL practices"),
    "trust": gettext_lazy("Trust"),
}
ASPECT_LABELS = {
    "today": pgettext_lazy("relationship aspect, lower case", "today"),
    "desired": pgettext_lazy("relationship aspect, lower case", "desired"),
}
EFFORT_LABELS = {
    "low": pgettext_lazy("effort", "low"),
    "medium": pgettext_lazy("effort", "medium"),
    "high": pgettext_lazy("effort", "high"),
}
# Changes smaller than this (half of the last shown decimal) are "no change".
NO_CHANGE = 0.005


# --- Reports ---------------------------------------------------------------------------------


def report_active_get(*, campaign: Campaign, department: str = "", language: str = "en") -> Report | None:
    """The campaign's report (for this department, in this language) that is queued or rendering, if any."""
    return (
        Report.objects.filter(
            organisation=campaign.organisation,
            campaign=campaign,
            department=department,
            language=language,
            status__in=Report.ACTIVE,
        )
        .order_by("-created_at")
        .first()
    )


def report_list(*, organisation: Organisation, campaign: Campaign) -> list[Report]:
    return list(
        Report.objects.filter(organisation=organisation, campaign=campaign)
        .select_related("requested_by")
        .order_by("-created_at")
    )


def report_download_name(*, report: Report) -> str:
    """brm-gap-report-<org-slug>-<campaign-slug or id>[-<department>]-<YYYY-MM-DD>.pdf"""
    campaign_part = slugify(report.campaign.name) or str(report.campaign_id)
    department_part = f"-{slugify(report.department)}" if report.department and slugify(report.department) else ""
    day = timezone.localdate(report.finished_at or report.created_at)
    return f"brm-gap-report-{report.organisation.slug}-{campaign_part}{department_part}-{day:%Y-%m-%d}.pdf"


def campaign_department_names(*, campaign: Campaign) -> list[str]:
    """The campaign's departments: those configured and those respondents gave."""
    given = (
        Response.objects.filter(organisation=campaign.organisation, campaign=campaign)
        .exclude(department="")
        .values_list("department", flat=True)
        .distinct()
    )
    names = list(campaign.departments or [])
    return names + sorted(set(given) - set(names))


# --- Report context --------------------------------------------------------------------------


def _hidden_reasons(scores: Mapping[str, Any]) -> dict[str, str]:
    """Why a side or everyone is hidden by the anonymity rules, as a clause ("fewer than 5 responses")."""
    threshold = scores["anonymity"]["threshold"]
    reasons = {}
    for entry in scores["anonymity"]["hidden"]:
        if entry["department"] is not None:
            continue
        key = entry["side"] or "overall"
        if entry["reason"] == "complementary":
            reasons[key] = ngettext(
                "it would reveal a group of fewer than %(threshold)s response",
                "it would reveal a group of fewer than %(threshold)s responses",
                threshold,
            ) % {"threshold": threshold}
        else:
            reasons[key] = _fewer_than(threshold)
    return reasons


def _fewer_than(threshold: int) -> str:
    return ngettext("fewer than %(threshold)s response", "fewer than %(threshold)s responses", threshold) % {
        "threshold": threshold
    }


def _not_shown(reason: str) -> str:
    return _("not shown (%(reason)s)") % {"reason": reason}


def _group_notes(scores: Mapping[str, Any]) -> dict[str, str]:
    """Why a side or everyone has no figures: hidden by the anonymity rules, or no responses."""
    notes = {key: _not_shown(reason) for key, reason in _hidden_reasons(scores).items()}
    responses = scores["responses"]
    totals = {**responses, "overall": sum(responses.values())}
    for key in GROUPS:
        if key not in notes and not totals.get(key):
            notes[key] = _("no responses")
    return notes


def _dimension_names(campaign: Campaign, kind: str) -> dict[str, dict[str, str]]:
    """The dimensions' names and summaries in the active language (the report's)."""
    dimensions = campaign.instrument.content["instruments"][kind].get("dimensions", [])
    return {
        d["code"]: {
            "code": d["code"],
            "name": localized(d.get("name")) or d["code"],
            "summary": localized(d.get("summary")),
        }
        for d in dimensions
    }


def _model_name(models: Mapping[str, Mapping[str, str]], fit: Mapping[str, Any] | None) -> str:
    if not fit:
        return ""
    if fit["model"] == "mixed":
        leaders = " / ".join(models.get(code, {"name": code.title()})["name"] for code in fit.get("leaders", []))
        return _("Mixed (%(models)s)") % {"models": leaders} if leaders else _("Mixed")
    return models.get(fit["model"], {"name": fit["model"].title()})["name"]


def _relationship_rows(scores: Mapping[str, Any], models: Mapping[str, Any], notes: Mapping[str, str]) -> list[dict]:
    rows = []
    for group in GROUPS:
        data = scores["relationship"].get(group)
        today = data.get("today") if data else None
        desired = data.get("desired") if data else None
        rows.append(
            {
                "group": group,
                "label": str(SIDE_LABELS[group]),
                "note": notes.get(group, ""),
                # No responses at all, rather than hidden (the template words the two apart).
                "empty": not (sum(scores["responses"].values()) if group == "overall" else scores["responses"][group]),
                "today": today,
                "desired": desired,
                "today_name": _model_name(models, today),
                "desired_name": _model_name(models, desired),
                "gap": (data.get("gap") or {}).get("index") if data else None,
            }
        )
    return rows


def _headlines(scores: Mapping[str, Any], relationship_rows: Sequence[dict], models: Mapping[str, Any]) -> list[dict]:
    """The few sentences that open the report: one measured gap per instrument."""
    lines: list[dict] = []
    overall = next(row for row in relationship_rows if row["group"] == "overall")
    if overall["today"] and overall["desired"]:
        lines.append(
            {
                "title": _("Relationship: today vs desired"),
                "text": _(
                    "Today the relationship is seen as %(today)s (index %(today_index)s); respondents want "
                    "%(desired)s (index %(desired_index)s), a gap of %(gap)s on the 1-4 scale."
                )
                % {
                    "today": overall["today_name"],
                    "today_index": decimal(overall["today"]["index"], 2),
                    "desired": overall["desired_name"],
                    "desired_index": decimal(overall["desired"]["index"], 2),
                    "gap": signed(overall["gap"], 2),
                },
            }
        )
    by_side = {row["group"]: row for row in relationship_rows}
    if scores["relationship"].get("disagree_today"):
        business, it = by_side["business"], by_side["it"]
        lines.append(
            {
                "title": _("Business and IT disagree about today"),
                "text": _(
                    "The business sees today's relationship as %(business)s (index %(business_index)s); "
                    "IT sees %(it)s (index %(it_index)s). The difference is itself a finding."
                )
                % {
                    "business": business["today_name"],
                    "business_index": decimal(business["today"]["index"], 2),
                    "it": it["today_name"],
                    "it_index": decimal(it["today"]["index"], 2),
                },
            }
        )
    blind = scores["behaviours"].get("blind_spots") or []
    if blind:
        top = blind[0]
        values = {
            "name": top["name"],
            "self": decimal(top["self"], 2),
            "mirror": decimal(top["mirror"], 2),
            "blind_spot": signed(top["blind_spot"], 2),
        }
        # One sentence per side: "the business" and "IT" take different grammar in other languages.
        if top["group"] == "it":
            text = _(
                "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s (blind spot %(blind_spot)s)."
            )
        else:
            text = _(
                "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s (blind spot %(blind_spot)s)."
            )
        lines.append({"title": _("Largest blind spot"), "text": text % values})
    gaps = scores["practices"].get("largest_gaps") or []
    if gaps and gaps[0]["gap"]["overall"] is not None:
        top = gaps[0]
        lines.append(
            {
                "title": _("Largest BiSL practice gap"),
                "text": _("“%(name)s”: current maturity %(current)s, target %(target)s (gap %(gap)s).")
                % {
                    "name": top["name"],
                    "current": decimal(top["current"]["overall"], 2),
                    "target": decimal(top["target"]["overall"], 2),
                    "gap": signed(top["gap"]["overall"], 2),
                },
            }
        )
    trust = scores["trust"]
    if trust.get("perception_gap") is not None:
        values = {
            "business": decimal(trust["business"]["index"], 2),
            "it": decimal(trust["it"]["index"], 2),
            "points": decimal(abs(trust["perception_gap"]), 2),
        }
        if trust["perception_gap"] > 0:
            text = _(
                "Trust index: business %(business)s, IT %(it)s of 100; IT believes it is trusted %(points)s points "
                "more than the business says."
            )
        else:
            text = _(
                "Trust index: business %(business)s, IT %(it)s of 100; IT believes it is trusted %(points)s points "
                "less than the business says."
            )
        lines.append({"title": _("Trust"), "text": text % values})
    elif (trust.get("overall") or {}).get("index") is not None:
        lines.append(
            {
                "title": _("Trust"),
                "text": _("Trust index: %(index)s of 100.") % {"index": decimal(trust["overall"]["index"], 2)},
            }
        )
    return lines


def _maturity_rows(scores: Mapping[str, Any], notes: Mapping[str, str]) -> list[dict]:
    ladder = {step["level"]: step for step in scores["maturity"]["ladder"]}
    rows = []
    for group in GROUPS:
        data = scores["maturity"].get(group)
        rows.append(
            {
                "group": group,
                "label": str(SIDE_LABELS[group]),
                "note": notes.get(group, ""),
                "data": data,
                "description": ladder.get(data["level"], {}).get("description", "") if data else "",
            }
        )
    return rows


def _trust_rows(scores: Mapping[str, Any], notes: Mapping[str, str]) -> list[dict]:
    return [
        {"group": g, "label": str(SIDE_LABELS[g]), "note": notes.get(g, ""), "data": scores["trust"].get(g)}
        for g in GROUPS
    ]


def _heat_class(value: float | None) -> str:
    if value is None:
        return "heat-none"
    return f"heat-{min(5, max(1, int(value + 0.5)))}"


def _heatmap(campaign: Campaign, scores: Mapping[str, Any], department: str, notes: Mapping[str, str]) -> dict:
    """Current BiSL maturity per (side x department) and cluster, for reported departments only.

    Per-department cluster figures come from `campaign_scores_many` (one aggregation), whose anonymity
    rules (including complementary suppression) match the campaign's department rows.
    """
    clusters = [{"code": c["code"], "name": c["name"]} for c in scores["practices"]["clusters"]]
    rows: list[dict] = []
    hidden: list[dict] = []
    threshold = scores["anonymity"]["threshold"]
    reasons = _hidden_reasons(scores)

    def cells_for(dept_scores: Mapping[str, Any], side: str) -> list[dict]:
        values = [c["current"][side] for c in dept_scores["practices"]["clusters"]]
        return [{"value": v, "css": _heat_class(v)} for v in values]

    if department:
        for side in ("business", "it"):
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
                _fewer_than(threshold) if row["reason"] == "under_threshold" else _("it would reveal a smaller group")
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
    change = current - previous
    if abs(change) < NO_CHANGE:
        return {"value": 0.0, "arrow": "=", "words": _("no change")}
    if change > 0:
        return {"value": change, "arrow": "▲", "words": _("up %(delta)s") % {"delta": decimal(change, 2)}}
    return {"value": change, "arrow": "▼", "words": _("down %(delta)s") % {"delta": decimal(abs(change), 2)}}


def _dig(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


COMPARED = (
    (gettext_lazy("Overall BRM maturity (1-5)"), ("maturity", "{g}", "score")),
    (gettext_lazy("Relationship index today (1-4)"), ("relationship", "{g}", "today", "index")),
    (gettext_lazy("Relationship index desired (1-4)"), ("relationship", "{g}", "desired", "index")),
    (gettext_lazy("Behaviours, mean (1-5)"), ("behaviours", "mean", "{g}")),
    (gettext_lazy("BiSL current maturity (1-5)"), ("practices", "current", "{g}")),
    (gettext_lazy("BiSL target maturity (1-5)"), ("practices", "target", "{g}")),
    (gettext_lazy("Trust index (0-100)"), ("trust", "{g}", "index")),
)


def _comparison(campaign: Campaign, scores: Mapping[str, Any], department: str, models: Mapping) -> dict | None:
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
            old, new = _dig(before, *keys), _dig(scores, *keys)
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
        old = _dig(before, "relationship", group, "today")
        new = _dig(scores, "relationship", group, "today")
        if old or new:
            model_rows.append(
                {
                    "group": str(SIDE_LABELS[group]),
                    "previous": _model_name(models, old) or _("not shown"),
                    "current": _model_name(models, new) or _("not shown"),
                }
            )
    return {
        "campaign": previous,
        "responses": before["responses"],
        "same_version": previous.instrument_id == campaign.instrument_id,
        "rows": rows,
        "models": model_rows,
    }


def _method(campaign: Campaign, scores: Mapping[str, Any]) -> dict:
    content = campaign.instrument.content
    sources = [localized(content["overview"].get("source"))] + [
        localized(content["instruments"][k].get("source")) for k in KINDS
    ]
    relationship = _dig(scores, "relationship", "overall") or {}
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
            "answers": (_dig(scores, "trust", "overall") or {}).get("answers", 0),
            "dont_know": (_dig(scores, "trust", "overall") or {}).get("dont_know", 0),
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


def _has_values(series: Sequence[charts.Series]) -> bool:
    return any(value is not None for s in series for value in s.values)


def _relationship_chart(scores: Mapping[str, Any], models: Mapping[str, Any]) -> str:
    """Today vs desired per model and side; everyone when neither side can be shown; "" if no data."""
    order = list(models)
    series = []
    palette = {
        ("business", "today"): "#9ec5fe",
        ("business", "desired"): "#0d6efd",
        ("it", "today"): "#ffc98b",
        ("it", "desired"): "#d35400",
        ("overall", "today"): "#c5c5c5",
        ("overall", "desired"): "#555555",
    }
    groups = [g for g in ("business", "it") if scores["relationship"].get(g)] or ["overall"]
    for group in groups:
        data = scores["relationship"].get(group)
        for aspect in ("today", "desired"):
            fit = (data or {}).get(aspect) or {}
            values = [(fit.get("scores") or {}).get(code) for code in order]
            series.append(
                charts.Series(
                    label=f"{SIDE_LABELS[group]}, {ASPECT_LABELS[aspect]}",
                    color=palette[(group, aspect)],
                    values=values,
                )
            )
    if not _has_values(series):
        return ""
    return charts.column_chart(
        categories=[models[code]["name"] for code in order],
        series=series,
        scale=(1, 5),
        title=_("Agreement with each model's statements (1-5)"),
    )


def _behaviour_chart(scores: Mapping[str, Any]) -> str:
    items = [i for i in scores["behaviours"]["items"] if i["group"] in ("business", "it")]
    series = [
        charts.Series(label=_("Self (the side rates itself)"), color="#0d6efd", values=[i["self"] for i in items]),
        charts.Series(
            label=_("Mirror (the other side rates it)"), color="#d35400", values=[i["mirror"] for i in items]
        ),
    ]
    if not _has_values(series):
        return ""
    return charts.bar_chart(
        categories=[f"{BEHAVIOUR_GROUP_LABELS[i['group']]}: {i['name']}" for i in items],
        series=series,
        scale=(1, 5),
        title=_("How often each behaviour is seen (1 never - 5 always)"),
        # 14 behaviours x 2 bars: slimmer bars keep the section on one page.
        bar_height=6.5,
        row_gap=5,
    )


def _practice_chart(scores: Mapping[str, Any]) -> str:
    clusters = scores["practices"]["clusters"]
    series = [
        charts.Series(
            label=pgettext("maturity", "Current"), color="#6c757d", values=[c["current"]["overall"] for c in clusters]
        ),
        charts.Series(
            label=pgettext("maturity", "Target"), color="#198754", values=[c["target"]["overall"] for c in clusters]
        ),
    ]
    if not _has_values(series):
        return ""
    return charts.bar_chart(
        categories=[c["name"] for c in clusters],
        series=series,
        scale=(1, 5),
        title=_("BiSL maturity per cluster, everyone (1-5)"),
    )


def _maturity_chart(maturity_rows: Sequence[dict], ladder: Sequence[Mapping[str, Any]]) -> str:
    markers = [
        charts.Marker(label=row["label"], value=row["data"]["score"], color=color)
        for row, color in zip(maturity_rows, ("#0d6efd", "#d35400", "#212529"), strict=True)
        if row["data"]
    ]
    return charts.ladder_chart(steps=[step["name"] for step in ladder], markers=markers)


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
    notes = _group_notes(scores)
    models = _dimension_names(campaign, "relationship")
    relationship_rows = _relationship_rows(scores, models, notes)
    maturity_rows = _maturity_rows(scores, notes)
    recommendations = scores["recommendations"]
    responses = scores["responses"]
    threshold = scores["anonymity"]["threshold"]
    behaviours = scores["behaviours"]
    return {
        "organisation": campaign.organisation,
        "campaign": campaign,
        "department": department,
        "generated_at": generated_at or timezone.now(),
        "scores": scores,
        "threshold": threshold,
        "hidden_text": _not_shown(_fewer_than(threshold)),
        "responses": {**responses, "total": sum(responses.values())},
        "sources": sources_view(sources=scores.get("sources") or {}),
        "notes": notes,
        "models": [models[code] for code in models],
        "relationship_rows": relationship_rows,
        "disagree_today": scores["relationship"].get("disagree_today", False),
        "headlines": _headlines(scores, relationship_rows, models),
        "maturity_rows": maturity_rows,
        "trust_rows": _trust_rows(scores, notes),
        "quick_wins": [r for r in recommendations if r["quick_win"]],
        "recommendations": [r for r in recommendations if not r["quick_win"]],
        "instrument_labels": INSTRUMENT_LABELS,
        "effort_labels": EFFORT_LABELS,
        # Why the side-by-side comparisons are missing, if one side has no figures. Computed here:
        # a template filter argument naming a missing key raises instead of being empty.
        "side_note": notes.get("business") or notes.get("it") or "",
        "page_css": mark_safe(_page_css()),  # noqa: S308 - our own CSS; every text in it escaped by _css_string
        "behaviour_groups": [
            {"code": code, "label": str(BEHAVIOUR_GROUP_LABELS[code]), **(data or {})}
            for code, data in (behaviours.get("groups") or {}).items()
        ],
        "blind_spots": behaviours.get("blind_spots") or [],
        "weakest": behaviours.get("weakest") or [],
        "practice_clusters": scores["practices"]["clusters"],
        "practice_items": scores["practices"]["items"],
        "largest_gaps": scores["practices"].get("largest_gaps") or [],
        "trust_items": scores["trust"].get("items") or [],
        "heatmap": _heatmap(campaign, scores, department, notes),
        "comparison": _comparison(campaign, scores, department, models),
        "method": _method(campaign, scores),
        "charts": {
            name: mark_safe(svg)  # noqa: S308 - built by reports.charts, every text in it escaped
            for name, svg in {
                "relationship": _relationship_chart(scores, models),
                "behaviours": _behaviour_chart(scores),
                "practices": _practice_chart(scores),
                "maturity": _maturity_chart(maturity_rows, scores["maturity"]["ladder"]),
            }.items()
        },
    }
