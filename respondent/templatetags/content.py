"""`{% load content %}`: content texts in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from assessments.content import localized as _localized

register = template.Library()


@register.filter
def localized(text: Any, language: str | None = None) -> str:
    """`{{ section.title|localized }}`: the text in the active language, English as fallback."""
    return _localized(text, language)
