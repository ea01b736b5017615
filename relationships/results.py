"""The relationship results: model codes and unrounded numbers, no words.

What a model is called ("Passive", "Passiv") is looked up by presenters (`relationships.names`)
in the reader's language; the JSON of these records is `RelationshipSlice.to_json`. Every number
keeps its key; its uncertainty sits beside it under "stats" (an Estimate or a Difference, see
`brmportal.lib.stats`), as docs/scoring.md ("JSON") describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from brmportal.lib.scoring import ByGroup
from brmportal.lib.stats import Difference, Distribution, Estimate

# The index's 95 % interval reaches into the bands of more than one model (ModelFit.model).
MIXED = "mixed"
# Nobody in the group agrees with any model's statements: no index (ModelFit.model).
NO_MODEL = "none"


def _json(value: Estimate | Difference | None) -> dict[str, Any] | None:
    return value.to_json() if value is not None else None


@dataclass(frozen=True)
class ModelFit:
    """Where one group places the relationship for one aspect (today or desired).

    `index` (1.0 Passive .. 4.0 Peer) is the mean of its respondents' own levels (None when none
    of them agrees with any model), `index_stats` its n, sd and 95 % interval. `model` is the
    model whose band holds the index, MIXED when the interval reaches into several bands
    (`leaders`: those models, in ladder order), NO_MODEL without an index. `scores` maps every
    model to the group's mean agreement with its statements (None: nobody scored it),
    `score_stats` their intervals; `margin` is the highest score minus the runner-up (None with
    a single scored model); `answers` and `dont_know` count what fed the scores. `shares`: the
    share of `respondents` (those who rated a statement of this aspect) whose own level is each
    model, and NO_MODEL for the `no_model` respondents who agree with none.
    """

    model: str
    leaders: tuple[str, ...]
    index: float | None
    margin: float | None
    scores: Mapping[str, float | None]
    answers: int
    dont_know: int
    index_stats: Estimate | None = None
    score_stats: Mapping[str, Estimate | None] = field(default_factory=dict)
    shares: Mapping[str, float] = field(default_factory=dict)
    respondents: int = 0
    no_model: int = 0

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
            "stats": {
                "index": _json(self.index_stats),
                "scores": {model: _json(self.score_stats.get(model)) for model in self.scores},
            },
            "shares": dict(self.shares),
            "respondents": self.respondents,
            "no_model": self.no_model,
        }


@dataclass(frozen=True)
class RelationshipGap:
    """desired - today: of the index, and of each model's score (None where either is missing),
    with Welch's interval of each (`stats`, `score_stats`): clear, or within the noise."""

    index: float | None
    scores: Mapping[str, float | None]
    stats: Difference | None = None
    score_stats: Mapping[str, Difference | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "scores": dict(self.scores),
            "stats": {
                "index": _json(self.stats),
                "scores": {model: _json(self.score_stats.get(model)) for model in self.scores},
            },
        }


@dataclass(frozen=True)
class RelationshipGroup:
    """Today, desired and the gap between them for one group (a side, everyone, a respondent);
    `acquiescence`: its respondents flagged for agreeing with both Passive and Peer, or with a
    model's reversed statement and its forward ones; `acquiescence_by_aspect`: of them, those
    flagged in each aspect (None for a version without reversed statements, which never had it)."""

    today: ModelFit | None
    desired: ModelFit | None
    gap: RelationshipGap
    acquiescence: int = 0
    acquiescence_by_aspect: Mapping[str, int] | None = None

    def fit(self, aspect: str) -> ModelFit | None:
        return self.today if aspect == "today" else self.desired if aspect == "desired" else None

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.to_json() if self.today else None,
            "desired": self.desired.to_json() if self.desired else None,
            "gap": self.gap.to_json(),
            "acquiescence": self.acquiescence,
            # Only for versions with reversed statements: a 2026.x campaign's JSON stays as it was.
            **(
                {"acquiescence_by_aspect": dict(self.acquiescence_by_aspect)}
                if self.acquiescence_by_aspect is not None
                else {}
            ),
        }


@dataclass(frozen=True)
class StatementResult:
    """One statement (item): each group's mean for today and desired, and gap = desired - today;
    `stats` holds their Estimates and Differences, `distribution` the answers' shares per aspect.
    All as answered: a `reversed` statement's figures are its raw answers (agreeing with its
    words), while its model's scores count it reversed."""

    code: str
    model: str
    today: ByGroup[float]
    desired: ByGroup[float]
    gap: ByGroup[float]
    stats: Mapping[str, ByGroup[Any]] = field(default_factory=dict)
    distribution: Mapping[str, ByGroup[Distribution]] = field(default_factory=dict)
    reversed: bool = False

    def estimate(self, aspect: str, group: str) -> Estimate | None:
        found = self.stats.get(aspect)
        return found.get(group) if found is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "model": self.model,
            # As in the content, and only there: a 2026.x campaign's JSON stays as it was.
            **({"keyed": "reversed"} if self.reversed else {}),
            "today": self.today.to_json(),
            "desired": self.desired.to_json(),
            "gap": self.gap.to_json(),
            "stats": {key: values.to_json(_json) for key, values in self.stats.items()},
            "distribution": {
                aspect: values.to_json(lambda d: d.to_json()) for aspect, values in self.distribution.items()
            },
        }


@dataclass(frozen=True)
class RelationshipResult:
    """The relationship instrument for a campaign: per group (None: not reported or no answers),
    per statement, and business - IT of each aspect's index (`differences`, Welch), whose being
    clear is `disagree_today` / `disagree_desired`."""

    groups: ByGroup[RelationshipGroup]
    disagree_today: bool
    items: tuple[StatementResult, ...]
    disagree_desired: bool = False
    differences: Mapping[str, Difference | None] = field(default_factory=dict)

    def group(self, name: str) -> RelationshipGroup | None:
        return self.groups.get(name)

    def fit(self, group: str, aspect: str) -> ModelFit | None:
        found = self.groups.get(group)
        return found.fit(aspect) if found else None

    def difference(self, aspect: str) -> Difference | None:
        """business - IT of the aspect's index (None unless both sides have one)."""
        return self.differences.get(aspect)
