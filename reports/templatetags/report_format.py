"""Formatting filters for the PDF report and the report pages. They format; they never query."""

from __future__ import annotations

from typing import Any

from django import template

from brmportal.lib.formats import decimal, difference_text, interval_text
from brmportal.lib.formats import is_clear as _clear
from brmportal.lib.formats import signed as signed_number
from brmportal.lib.labels import OVERALL, SIDE_LABELS

register = template.Library()


@register.filter
def num(value: float | None, places: int = 2) -> str:
    """A score with fixed decimals in the reader's notation ("3.40", "3,40"), or an en dash."""
    if value is None or value == "":
        return "–"
    return decimal(float(value), int(places))


@register.filter
def signed(value: float | None, places: int = 2) -> str:
    """A gap with its sign ("+1.25", "−0.40"; "+1,25" in Norwegian and Dutch)."""
    if value is None:
        return "–"
    return signed_number(float(value), int(places))


@register.filter
def side_label(value: str | None) -> str:
    key = OVERALL if value is None else value
    return str(SIDE_LABELS.get(key, key))


@register.filter
def lookup(mapping: dict, key: str) -> Any:
    """mapping[key] in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


# --- Uncertainty: one notation for intervals and differences (dashboard and PDF) ---------------


@register.filter
def interval(value: Any, places: int = 1) -> str:
    """An Estimate (or its JSON) as "3.2 (2.9–3.5, n 24)"; "3.2 (n 1)" without an interval."""
    return interval_text(value, int(places))


@register.filter
def difference(value: Any, places: int = 1) -> str:
    """A Difference (or its JSON) as "+0.8, clear" or "+0.2, within the noise"."""
    return difference_text(value, int(places))


@register.filter
def noise(value: Any) -> str:
    """The CSS class that greys a difference within the noise ("" when clear or missing)."""
    return "noise" if value is not None and not _clear(value) else ""
