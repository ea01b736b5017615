"""The rules of business-unit names and of the units a respondent rates (issue #20): pure
functions, no database, so the workspace forms, the services and the answers import apply the
same ones.

A unit's name is typed by a person and ends up in dashboards, exports, PDFs and files typed back
in: it is refused when only an attack would need it (markup, control characters, a formula), and
it may not hold ";", which separates several units in one cell of an invitation file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext

from assessments.models import Side
from assessments.partners import MAX_SERVED
from brmportal.lib.tabular import quote

UNIT_NAME_MAX_LENGTH = 100
# Several units in one cell (an IT respondent's, in an invitation file): "Finance; Sales".
NAME_SEPARATOR = ";"
_FORMULA_STARTS = ("=", "+", "-", "@")


def unit_name_key(name: str) -> str:
    """How two unit names compare: "Finance" and " finance " are the same unit."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def unit_name_clean(raw: str) -> tuple[str, str]:
    """(name, error message or ""): the name as stored (spaces collapsed), or why it is refused."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not name:
        return "", gettext("Enter the business unit's name.")
    if len(name) > UNIT_NAME_MAX_LENGTH:
        return "", gettext("A business unit's name has at most %(max)s characters.") % {"max": UNIT_NAME_MAX_LENGTH}
    if any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in name) or "<" in name or ">" in name:
        return "", gettext("%(value)s contains characters not allowed in a business unit's name.") % {
            "value": quote(name)
        }
    if name.startswith(_FORMULA_STARTS):
        return "", gettext("A business unit's name must not start with =, +, - or @.")
    if NAME_SEPARATOR in name:
        return "", gettext("A business unit's name must not contain “;”: it separates units in a file.")
    return name, ""


def partner_count_problem(*, side: str, count: int) -> str:
    """Why `count` units are too many for a respondent of `side` ("" when they are not).

    None at all is always allowed: the respondent then chooses on the welcome page.
    """
    if side == Side.BUSINESS and count > 1:
        return gettext("a business respondent rates one business unit, their own")
    if side == Side.IT and count > MAX_SERVED:
        return gettext("an IT respondent rates at most %(max)s business units") % {"max": MAX_SERVED}
    return ""


@dataclass(frozen=True)
class UnitNames:
    """The units a campaign covers by name (`covered`: key -> (id, name)) and the keys of every
    unit of its organisation (`known`), to tell "not covered" from "unknown"."""

    covered: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    known: Collection[str] = frozenset()

    def parse(self, raw: str, *, several: bool = True) -> tuple[list[int], str]:
        """(unit ids in the order given, error message or "") for a cell naming units.

        `several`: names separated by ";" are allowed (an invitation), else one unit only (an
        imported row's answers are about one unit). An empty cell is no unit at all.
        """
        names = [part.strip() for part in raw.split(NAME_SEPARATOR)] if several else [raw.strip()]
        names = [name for name in names if name]
        ids: list[int] = []
        for name in names:
            key = unit_name_key(name)
            if key in self.covered:
                unit_id = self.covered[key][0]
                if unit_id in ids:
                    return [], gettext("%(value)s is named twice") % {"value": quote(name)}
                ids.append(unit_id)
                continue
            if not self.covered:
                return [], gettext("this campaign covers no business units: leave the cell empty")
            listed = get_text_list([unit for _id, unit in self.covered.values()], gettext("or"))
            if key in self.known:
                message = gettext("%(value)s is not a business unit this campaign covers (%(units)s)")
            else:
                message = gettext(
                    "%(value)s is not a business unit of the organisation (this campaign covers %(units)s)"
                )
            return [], message % {"value": quote(name), "units": listed}
        return ids, ""

    def parse_one(self, raw: str) -> tuple[int | None, str]:
        """(unit id or None, error message or "") for a cell naming the one unit a row's answers
        are about: required when the campaign covers units, else empty."""
        if NAME_SEPARATOR in raw:
            return None, gettext("name one business unit a row: the one the row's answers are about")
        ids, message = self.parse(raw, several=False)
        if message:
            return None, message
        if not ids and self.covered:
            return None, gettext("the business unit is missing (required: one this campaign covers)")
        return (ids[0] if ids else None), ""
