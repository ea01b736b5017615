"""The one presentation vocabulary (issue #14): every word, order and threshold the dashboard, the
PDF report, the exports and the API share, defined once so they never drift apart.

Sides, groups and aspects in their display order, their labels, the efforts'
names, the "no change" threshold of a comparison and the helper that reads a nested score. What
belongs to one instrument (its name, the relationship models' names) is its slice's
(assessments.slices).

Lazy: translated when shown, in the language of the request or of the report's
`translation.override` (str() where a value is stored).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy, pgettext_lazy

from brmportal.lib.scoring import SIDES

__all__ = [
    "ALL_ASPECT_LABELS",
    "ASPECTS",
    "ASPECT_LABELS",
    "BEHAVIOUR_GROUP_LABELS",
    "CHANGE_PLACES",
    "EFFORT_LABELS",
    "GROUPS",
    "HEAT_STEPS",
    "NO_CHANGE",
    "OVERALL",
    "SIDES",
    "SIDE_LABELS",
    "SOURCE_LABELS",
    "dig",
    "heat_shade",
    "sources_view",
]

# The group of everyone (both sides together), after the sides in every table and chart.
OVERALL = "overall"
GROUPS = (*SIDES, OVERALL)
ASPECTS = ("today", "desired")

SIDE_LABELS = {
    "business": pgettext_lazy("side", "Business"),
    "it": pgettext_lazy("side", "IT"),
    OVERALL: gettext_lazy("Everyone"),
}
ASPECT_LABELS = {
    "today": pgettext_lazy("relationship aspect", "Today"),
    "desired": pgettext_lazy("relationship aspect", "Desired"),
}
# Every instrument's aspects: the relationship's, and the BiSL practices' maturity now and aimed at.
ALL_ASPECT_LABELS = {
    **ASPECT_LABELS,
    "current": pgettext_lazy("maturity", "Current"),
    "target": pgettext_lazy("maturity", "Target"),
}
# Whose behaviour it is: the enterprise behaviours are rated by both sides.
BEHAVIOUR_GROUP_LABELS = {
    "enterprise": gettext_lazy("Enterprise (both sides)"),
    "business": gettext_lazy("Business people"),
    "it": gettext_lazy("IT people"),
}
EFFORT_LABELS = {
    "low": pgettext_lazy("effort", "low"),
    "medium": pgettext_lazy("effort", "medium"),
    "high": pgettext_lazy("effort", "high"),
}

# A change since the previous campaign is written with CHANGE_PLACES decimals; one smaller than
# half of the last of them would read "up 0.0", so it is "no change" (docs/scoring.md).
CHANGE_PLACES = 1
NO_CHANGE = 0.05
# The colour steps of a heat map cell (the dashboard's and the report's), bottom to top of the scale.
HEAT_STEPS = 4


def dig(data: Any, *path: str) -> Any:
    """The value at `path` in nested mappings, or None where a step is missing (a hidden group)."""
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def heat_shade(value: float | None, low: float, high: float) -> int | None:
    """0 (bottom of the scale) .. HEAT_STEPS (top): the background step of a heat map cell.

    Halves round up, as a reader rounds: a mean of 3.5 on the 1-5 scale shades like a 4.
    """
    if value is None:
        return None
    share = min(1.0, max(0.0, (value - low) / (high - low)))
    return int(share * HEAT_STEPS + 0.5)


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
