"""Words every presenter shares (the dashboard, the PDF report): defined once, so they never drift apart.

Lazy: translated when shown, in the language of the request or of the report's
`translation.override` (str() where a value is stored).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy, pgettext_lazy

SIDE_LABELS = {
    "business": pgettext_lazy("side", "Business"),
    "it": pgettext_lazy("side", "IT"),
    "overall": gettext_lazy("Everyone"),
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
