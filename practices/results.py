"""The BiSL practice results: codes and unrounded numbers, no words (names: assessments.texts)."""

from __future__ import annotations

from dataclasses import dataclass

from brmportal.lib.scoring import ByGroup


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


@dataclass(frozen=True, kw_only=True)
class Maturity:
    """Current and target maturity (1-5) per group, gap = target - current, and what fed them.

    The counts are over everyone (the "overall" group): numeric answers, "don't know" and
    "not applicable", none of the last two in a mean.
    """

    current: ByGroup[float]
    target: ByGroup[float]
    gap: ByGroup[float]
    answers: AspectCounts
    dont_know: AspectCounts
    not_applicable: AspectCounts


@dataclass(frozen=True, kw_only=True)
class PracticeResult(Maturity):
    """One practice (a BiSL process in the full form, a cluster's question in the short form).

    `dimension` is the code whose name names it (None: the content lists no dimension for it,
    and it is called by its own code).
    """

    code: str
    dimension: str | None
    cluster: str
    level: str


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
    """The campaign's BiSL result: over all practices of the `form`, per cluster and per practice."""

    form: str
    clusters: tuple[ClusterResult, ...]
    items: tuple[PracticeResult, ...]
    largest_gaps: tuple[PracticeResult, ...]


@dataclass(frozen=True)
class PracticeMeans:
    """Mean current and target maturity over all practices of the form, for one group
    (a side x department row of the heat map, or one respondent)."""

    current: float | None
    target: float | None

    def to_json(self) -> dict[str, float | None]:
        return {"current": self.current, "target": self.target}
