"""The relationship results: model codes and unrounded numbers, no words.

What a model is called ("Passive", "Passiv") is looked up by presenters (`relationships.names`)
in the reader's language; the JSON of these records is `RelationshipSlice.to_json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from brmportal.lib.scoring import ByGroup

# A best fit that no single model wins (ModelFit.model).
MIXED = "mixed"


@dataclass(frozen=True)
class ModelFit:
    """How well each model fits one group's answers for one aspect (today or desired).

    `model` is a model code, or MIXED when `leaders` holds more than one; `scores` maps every
    model code to its mean agreement (None: nobody scored it); `margin` is best - runner-up
    (None with a single scored model); `answers` and `dont_know` count what fed the means.
    """

    model: str
    leaders: tuple[str, ...]
    index: float
    margin: float | None
    scores: Mapping[str, float | None]
    answers: int
    dont_know: int

    @property
    def mixed(self) -> bool:
        return self.model == MIXED

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "leaders": list(self.leaders),
            "index": self.index,
            "margin": self.margin,
            "scores": dict(self.scores),
            "answers": self.answers,
            "dont_know": self.dont_know,
        }


@dataclass(frozen=True)
class RelationshipGap:
    """desired - today: of the index, and of each model's score (None where either is missing)."""

    index: float | None
    scores: Mapping[str, float | None]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "scores": dict(self.scores)}


@dataclass(frozen=True)
class RelationshipGroup:
    """Today, desired and the gap between them for one group (a side, everyone, a respondent)."""

    today: ModelFit | None
    desired: ModelFit | None
    gap: RelationshipGap

    def fit(self, aspect: str) -> ModelFit | None:
        return self.today if aspect == "today" else self.desired if aspect == "desired" else None

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.to_json() if self.today else None,
            "desired": self.desired.to_json() if self.desired else None,
            "gap": self.gap.to_json(),
        }


@dataclass(frozen=True)
class StatementResult:
    """One statement (item): each group's mean for today and desired, and gap = desired - today."""

    code: str
    model: str
    today: ByGroup[float]
    desired: ByGroup[float]
    gap: ByGroup[float]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "model": self.model,
            "today": self.today.to_json(),
            "desired": self.desired.to_json(),
            "gap": self.gap.to_json(),
        }


@dataclass(frozen=True)
class RelationshipResult:
    """The relationship instrument for a campaign: per group (None: not reported or no answers),
    whether business and IT disagree on today's model, and per statement."""

    groups: ByGroup[RelationshipGroup]
    disagree_today: bool
    items: tuple[StatementResult, ...]

    def group(self, name: str) -> RelationshipGroup | None:
        return self.groups.get(name)

    def fit(self, group: str, aspect: str) -> ModelFit | None:
        found = self.groups.get(group)
        return found.fit(aspect) if found else None
