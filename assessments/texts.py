"""The instrument content's words in one language: the presenters' side of the scores.

Scores are codes and numbers (assessments.results); what a code is called (a behaviour, a
cluster, a model, a maturity level, the method text) is looked up here, in the reader's
language, when a page, the PDF or the JSON is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation

from assessments.content import localized

if TYPE_CHECKING:
    from assessments.models import Instrument


def active_language(language: str | None = None) -> str:
    """`language`, or the active one (the request's, or a `translation.override`), as "en"."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@dataclass(frozen=True)
class LadderStep:
    level: int
    name: str
    description: str


@dataclass(frozen=True)
class InstrumentTexts:
    """One instrument version's texts in `language` (read from its content, nothing cached)."""

    language: str
    content: dict[str, Any]

    @cached_property
    def _index(self) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
        """(kind, "dimensions" or "items") -> code -> its content, built once per texts object."""
        index: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        for kind, doc in (self.content.get("instruments") or {}).items():
            index[(kind, "dimensions")] = {d["code"]: d for d in doc.get("dimensions", [])}
            index[(kind, "items")] = {
                item["code"]: item for section in doc.get("sections", []) for item in section.get("items", [])
            }
        return index

    def _dimensions(self, kind: str) -> dict[str, dict[str, Any]]:
        return self._index.get((kind, "dimensions"), {})

    def _items(self, kind: str) -> dict[str, dict[str, Any]]:
        return self._index.get((kind, "items"), {})

    def text(self, value: Any) -> str:
        return localized(value, self.language)

    def dimension_name(self, kind: str, code: str) -> str:
        """A dimension's name (a behaviour, a BiSL practice, a trust statement, a model); its code if unnamed."""
        return self.text(self._dimensions(kind).get(code, {}).get("name")) or code

    def dimension_text(self, kind: str, code: str, key: str) -> str:
        """Another text of a dimension: "recommendation", "summary"..."""
        return self.text(self._dimensions(kind).get(code, {}).get(key))

    def item_text(self, kind: str, code: str, key: str) -> str:
        """A text of an item: "recommendation", "source"... ("text" per side: `item_title`)."""
        return self.text(self._items(kind).get(code, {}).get(key))

    def item_title(self, kind: str, code: str, side: str = "business") -> str:
        """An item's statement as `side` reads it (the business wording names it in reports)."""
        text = self._items(kind).get(code, {}).get("text") or {}
        per_side = text.get(side) if isinstance(text.get(side), dict) else text
        return self.text(per_side)

    def instrument_text(self, kind: str, key: str) -> str:
        """A text of an instrument's content file: "source", "title"..."""
        return self.text(((self.content.get("instruments") or {}).get(kind) or {}).get(key))

    def overview_text(self, key: str) -> str:
        return self.text((self.content.get("overview") or {}).get(key))

    @property
    def ladder(self) -> tuple[LadderStep, ...]:
        return tuple(
            LadderStep(
                level=int(step["level"]),
                name=self.text(step.get("name")),
                description=self.text(step.get("description")),
            )
            for step in (self.content.get("overview") or {}).get("ladder", [])
        )

    def level_name(self, level: int) -> str:
        return next((step.name for step in self.ladder if step.level == level), str(level))


def instrument_texts(instrument: Instrument, language: str | None = None) -> InstrumentTexts:
    """The texts of `instrument` in `language`, by default the active one."""
    return InstrumentTexts(language=active_language(language), content=instrument.content)
