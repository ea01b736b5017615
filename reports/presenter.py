"""What the PDF gap report shows (templates/pdf/report.html), shaped from the campaign's scores.

`report_context` gathers the numbers from `assessments.scoring.campaign_scores` (the same numbers
the dashboard shows, anonymity applied there) and shapes them for the template: rows per side with
"not shown" notes for hidden groups, headline sentences, the department heat map, the comparison
with the organisation's previous campaign and the method page. The charts come from
`reports.report_charts`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessments.content import model_names
from assessments.models import Campaign
from assessments.scoring import campaign_scores
from assessments.wording import recommendations_worded
from brmportal.lib.formats import decimal, signed
from brmportal.lib.labels import (
    BEHAVIOUR_GROUP_LABELS,
    EFFORT_LABELS,
    GROUPS,
    INSTRUMENT_LABELS,
    OVERALL,
    SIDE_LABELS,
    sources_view,
)
from reports.labels import fewer_than, group_notes, model_name, not_shown
from reports.report_charts import behaviour_chart, maturity_chart, practice_chart, relationship_chart
from reports.sections import comparison_section, heatmap_section, method_section


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
                "empty": not (sum(scores["responses"].values()) if group == OVERALL else scores["responses"][group]),
                "today": today,
                "desired": desired,
                "today_name": model_name(models, today),
                "desired_name": model_name(models, desired),
                "gap": (data.get("gap") or {}).get("index") if data else None,
            }
        )
    return rows


def _headline(title: str, text: str, **values: str) -> dict[str, str]:
    """A headline: its title and its sentence with the measured values put in."""
    return {"title": title, "text": text % values}


def _headlines(scores: Mapping[str, Any], relationship_rows: Sequence[dict], models: Mapping[str, Any]) -> list[dict]:
    """The few sentences that open the report: one measured gap per instrument."""
    lines: list[dict] = []
    overall = next(row for row in relationship_rows if row["group"] == OVERALL)
    if overall["today"] and overall["desired"]:
        lines.append(
            _headline(
                _("Relationship: today vs desired"),
                _(
                    "Today the relationship is seen as %(today)s (index %(today_index)s); respondents want "
                    "%(desired)s (index %(desired_index)s), a gap of %(gap)s on the 1-4 scale."
                ),
                today=overall["today_name"],
                today_index=decimal(overall["today"]["index"], 2),
                desired=overall["desired_name"],
                desired_index=decimal(overall["desired"]["index"], 2),
                gap=signed(overall["gap"], 2),
            )
        )
    by_side = {row["group"]: row for row in relationship_rows}
    if scores["relationship"].get("disagree_today"):
        business, it = by_side["business"], by_side["it"]
        lines.append(
            _headline(
                _("Business and IT disagree about today"),
                _(
                    "The business sees today's relationship as %(business)s (index %(business_index)s); "
                    "IT sees %(it)s (index %(it_index)s). The difference is itself a finding."
                ),
                business=business["today_name"],
                business_index=decimal(business["today"]["index"], 2),
                it=it["today_name"],
                it_index=decimal(it["today"]["index"], 2),
            )
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
        lines.append(_headline(_("Largest blind spot"), text, **values))
    gaps = scores["practices"].get("largest_gaps") or []
    if gaps and gaps[0]["gap"]["overall"] is not None:
        top = gaps[0]
        lines.append(
            _headline(
                _("Largest BiSL practice gap"),
                _("“%(name)s”: current maturity %(current)s, target %(target)s (gap %(gap)s)."),
                name=top["name"],
                current=decimal(top["current"]["overall"], 2),
                target=decimal(top["target"]["overall"], 2),
                gap=signed(top["gap"]["overall"], 2),
            )
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
        lines.append(_headline(_("Trust"), text, **values))
    elif (trust.get("overall") or {}).get("index") is not None:
        lines.append(
            _headline(_("Trust"), _("Trust index: %(index)s of 100."), index=decimal(trust["overall"]["index"], 2))
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
    notes = group_notes(scores)
    models = model_names(campaign.instrument)
    relationship_rows = _relationship_rows(scores, models, notes)
    maturity_rows = _maturity_rows(scores, notes)
    # Codes and numbers from scoring, worded in the report's (active) language.
    recommendations = recommendations_worded(scores["recommendations"], instrument=campaign.instrument)
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
        "hidden_text": not_shown(fewer_than(threshold)),
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
        "heatmap": heatmap_section(campaign, scores, department, notes),
        "comparison": comparison_section(campaign, scores, department, models),
        "method": method_section(campaign, scores),
        "charts": {
            name: mark_safe(svg)  # noqa: S308 - built by reports.charts, every text in it escaped
            for name, svg in {
                "relationship": relationship_chart(scores, models),
                "behaviours": behaviour_chart(scores),
                "practices": practice_chart(scores),
                "maturity": maturity_chart(maturity_rows, scores["maturity"]["ladder"]),
            }.items()
        },
    }
