"""The BiSL practice results: codes and unrounded numbers, no words (names: assessments.texts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from brmportal.lib.scoring import ByGroup
from brmportal.lib.stats import Difference, Distribution, Estimate


@dataclass(frozen=True)
class AspectCounts:
    """A count per rated aspect: current and target maturity."""

    current: int = 0
    target: int = 0

    @property
    def total(self) -> int:
        return self.current + self.target

    def to_json(self) -> dict[str, int]:
        return {"current": self.current, "target": self.target}


def means(estimates: ByGroup[Estimate]) -> ByGroup[float]:
    """The means alone (the JSON's long-standing numbers)."""
    return estimates.map(lambda e: e.mean)


@dataclass(frozen=True, kw_only=True)
class Maturity:
    """Current and target maturity (1-5) per group with their intervals, the gap target - current
    (Welch) per group, and what fed them.

    "overall" is the mean of the two side means (each side counts equally; everyone's pooled
    answers only when neither side is reported apart). The counts are over everyone: numeric
    answers, "don't know" and "not applicable", none of the last two in a mean.
    """

    current: ByGroup[Estimate]
    target: ByGroup[Estimate]
    gap: ByGroup[Difference]
    answers: AspectCounts
    dont_know: AspectCounts
    not_applicable: AspectCounts


@dataclass(frozen=True, kw_only=True)
class PracticeResult(Maturity):
    """One practice (a BiSL process in the full form, a cluster's question in the short form).

    `dimension` is the code whose name names it (None: the content lists no dimension for it,
    and it is called by its own code). `distribution`: per aspect, each group's shares of low
    (1-2), middle (3) and high (4-5) answers.
    """

    code: str
    dimension: str | None
    cluster: str
    level: str
    distribution: Mapping[str, ByGroup[Distribution]] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ClusterResult(Maturity):
    """A BiSL cluster: the answers to its practices pooled.

    `dimension` is the dimension of the short form's question for the cluster, whose name names
    the cluster in every form (None: no such question, the cluster is called by its code).
    """

    code: str
    dimension: str | None


@dataclass(frozen=True, kw_only=True)
class PracticeScores(Maturity):
    """The campaign's BiSL result: over all practices of the `form`, per cluster and per practice.

    `largest_gaps`: the practices with a clear positive gap (everyone), largest first.
    `scale_min`/`scale_max`: the maturity scale (1-5), for the norm and the 0-1 maturity.
    """

    form: str
    clusters: tuple[ClusterResult, ...]
    items: tuple[PracticeResult, ...]
    largest_gaps: tuple[PracticeResult, ...]
    scale_min: int = 1
    scale_max: int = 5


@dataclass(frozen=True)
class PracticeMeans:
    """Mean current and target maturity over all practices of the form, for one group
    (a side x department row of the heat map, or one respondent)."""

    current: float | None
    target: float | None

    def to_json(self) -> dict[str, float | None]:
        return {"current": self.current, "target": self.target}
