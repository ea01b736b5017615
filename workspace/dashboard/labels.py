"""The dashboard's words for aspects, behaviour groups and hidden groups.

Lazy: translated when shown, in the language of the request (str() where a value is stored).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from assessments.anonymity import COMPLEMENTARY, UNDER_THRESHOLD

ASPECT_LABELS = {
    "today": pgettext_lazy("relationship aspect", "Today"),
    "desired": pgettext_lazy("relationship aspect", "Desired"),
}
BEHAVIOUR_GROUPS = {
    "enterprise": gettext_lazy("Enterprise (both sides)"),
    "business": gettext_lazy("Business people"),
    "it": gettext_lazy("IT people"),
}
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
