"""Formatting filters for the PDF report and the report pages. They format; they never query."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def num(value: float | None, places: int = 2) -> str:
    """A score with fixed decimals ("3.40"), or an en dash when there is none."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.{int(places)}f}"


@register.filter
def signed(value: float | None, places: int = 2) -> str:
    """A gap with its sign ("+1.25", "−0.40")."""
    if value is None:
        return "–"
    text = f"{float(value):+.{int(places)}f}"
    return text.replace("-", "−")


@register.filter
def side_label(value: str | None) -> str:
    labels = {"business": pgettext("side", "Business"), "it": pgettext("side", "IT"), "overall": _("Everyone")}
    return labels["overall"] if value is None else labels.get(value, str(value))


@register.filter
def lookup(mapping: dict, key: str):
    """mapping[key] in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
