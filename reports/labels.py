"""The report's words for sides, groups, instruments and hidden groups, in the active language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from assessments.content import localized
from assessments.models import Campaign

# Lazy: the report is rendered under translation.override(report.language), and these are
# turned into text there (str() where a value is stored in the context). The sides' names are
# the dashboard's (brmportal.lib.labels.SIDE_LABELS).
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


# --- Report context --------------------------------------------------------------------------


def hidden_reasons(scores: Mapping[str, Any]) -> dict[str, str]:
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
            reasons[key] = fewer_than(threshold)
    return reasons


def fewer_than(threshold: int) -> str:
    return ngettext("fewer than %(threshold)s response", "fewer than %(threshold)s responses", threshold) % {
        "threshold": threshold
    }


def not_shown(reason: str) -> str:
    return _("not shown (%(reason)s)") % {"reason": reason}


def group_notes(scores: Mapping[str, Any]) -> dict[str, str]:
    """Why a side or everyone has no figures: hidden by the anonymity rules, or no responses."""
    notes = {key: not_shown(reason) for key, reason in hidden_reasons(scores).items()}
    responses = scores["responses"]
    totals = {**responses, "overall": sum(responses.values())}
    for key in GROUPS:
        if key not in notes and not totals.get(key):
            notes[key] = _("no responses")
    return notes


def dimension_names(campaign: Campaign, kind: str) -> dict[str, dict[str, str]]:
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


def model_name(models: Mapping[str, Mapping[str, str]], fit: Mapping[str, Any] | None) -> str:
    if not fit:
        return ""
    if fit["model"] == "mixed":
        leaders = " / ".join(models.get(code, {"name": code.title()})["name"] for code in fit.get("leaders", []))
        return _("Mixed (%(models)s)") % {"models": leaders} if leaders else _("Mixed")
    return models.get(fit["model"], {"name": fit["model"].title()})["name"]
