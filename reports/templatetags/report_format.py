"""Formatting filters for the PDF report and the report pages. They format; they never query."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brmportal.lib.formats import decimal
from brmportal.lib.formats import signed as signed_number

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
    labels = {"business": pgettext("side", "Business"), "it": pgettext("side", "IT"), "overall": _("Everyone")}
    return labels["overall"] if value is None else labels.get(value, str(value))


@register.filter
def lookup(mapping: dict, key: str) -> Any:
    """mapping[key] in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
