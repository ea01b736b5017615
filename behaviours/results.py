"""The behaviour instrument's results: codes and unrounded numbers, no words.

What a behaviour or a behaviour group is called is looked up by the presenters
(`assessments.texts.InstrumentTexts.dimension_name("behaviour", entry.dimension)`), in the
reader's language; `behaviours.presenters.scores_json` writes the documented JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from brmportal.lib.scoring import ByGroup
from brmportal.lib.stats import Difference, Distribution, Estimate


@dataclass(frozen=True)
class RatingStats:
    """The uncertainty behind a `Ratings`' numbers: each mean's Estimate (n, sd, 95 % interval)
    and the blind spot's Welch difference (clear, or within the noise)."""

    mean: Estimate | None = None
    business: Estimate | None = None
    it: Estimate | None = None
    self: Estimate | None = None
    mirror: Estimate | None = None
    blind_spot: Difference | None = None


@dataclass(frozen=True)
class Ratings:
    """How often a behaviour, or a behaviour group (answers pooled), is seen: 1 never .. 5 always.

    `mean` is the overall figure with the two sides counting equally (the mean of the business
    and IT means); `self` is the rating by the side the behaviour belongs to, `mirror` by the
    other side (both None for enterprise behaviours); None also where a side is not reported or
    gave no rating. `to_top` = scale max - mean, a documented number that drives no advice.
    `answers` and `dont_know` count everyone's answers. `stats` holds the intervals,
    `distribution` the shares of low, middle and high answers per group.
    """

    mean: float | None
    business: float | None
    it: float | None
    self: float | None
    mirror: float | None
    blind_spot: float | None
    to_top: float | None
    answers: int
    dont_know: int
    stats: RatingStats
    distribution: ByGroup[Distribution]


@dataclass(frozen=True)
class BehaviourItem(Ratings):
    """One behaviour (an item of the questionnaire): its ratings, and whose behaviour it is."""

    code: str
    dimension: str  # the content's behaviour: its name and broader advice
    group: str  # enterprise, business or it


@dataclass(frozen=True)
class BehaviourScores:
    """The campaign's behaviour findings; see `behaviours.scoring.behaviour_scores`."""

    mean: ByGroup[float]  # every behaviour rating of a group of respondents; overall: sides equal
    enterprise_culture: float | None  # the enterprise group's mean
    groups: Mapping[str, Ratings]  # enterprise, business, it (whose behaviour), in that order
    items: tuple[BehaviourItem, ...]  # questionnaire order
    weakest: tuple[BehaviourItem, ...]  # clearly below the norm, lowest first
    blind_spots: tuple[BehaviourItem, ...]  # clear positive blind spots, largest first
    mean_stats: ByGroup[Estimate] = ByGroup()
    hidden_strengths: tuple[BehaviourItem, ...] = ()  # the other side clearly rates higher
    scale_min: int = 1
    scale_max: int = 5
    norm: float = 3.0  # assessments.recommendations.scale_norm of the scale


@dataclass(frozen=True)
class BehaviourSummary:
    """The headline number of one side x department: its mean of every behaviour rating."""

    mean: float | None


@dataclass(frozen=True)
class BehaviourRespondent:
    """One respondent's mean ratings of their own side, of the other side and of the enterprise."""

    own_side: float | None
    other_side: float | None
    enterprise: float | None
