"""The dashboard's own words: hidden groups and respondents without a department.

Sides, groups, aspects and the other shared words are in `brmportal.lib.labels`.

Lazy: translated when shown, in the language of the request (str() where a value is stored).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.anonymity import COMPLEMENTARY, UNDER_THRESHOLD

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
