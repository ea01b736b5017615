"""The report's own words for hidden groups and models, in the active language.

Sides, groups, aspects, instruments and efforts are the shared vocabulary of `brmportal.lib.labels`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brmportal.lib.labels import GROUPS, OVERALL

if TYPE_CHECKING:
    from assessments.results import CampaignScores

# --- Report context --------------------------------------------------------------------------


def hidden_reasons(scores: CampaignScores) -> dict[str, str]:
    """Why a side or everyone is hidden by the anonymity rules, as a clause ("fewer than 5 responses")."""
    threshold = scores.anonymity.threshold
    reasons = {}
    for entry in scores.anonymity.hidden:
        if entry.department is not None:
            continue
        key = entry.side or OVERALL
        if entry.reason == "complementary":
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


def group_notes(scores: CampaignScores) -> dict[str, str]:
    """Why a side or everyone has no figures: hidden by the anonymity rules, or no responses."""
    notes = {key: not_shown(reason) for key, reason in hidden_reasons(scores).items()}
    totals = {**scores.responses, OVERALL: scores.total}
    for key in GROUPS:
        if key not in notes and not totals.get(key):
            notes[key] = _("no responses")
    return notes
