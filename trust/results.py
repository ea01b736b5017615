"""The trust results: codes and unrounded numbers, no words (presenters name the statements).

Groups are "business", "it" and "overall" (`ByGroup`); a group is None where it is not reported
(anonymity) or gave no numeric trust answer. "overall" is always None: the business's trust in
IT and IT's view of it answer two different questions, so they are never pooled; their
difference (the perception gap) is the finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from brmportal.lib.scoring import ByGroup
from brmportal.lib.stats import Difference, Distribution, Estimate


@dataclass(frozen=True)
class TrustGroup:
    """One group's trust: `index` (0-100) from the `mean` of all its numeric trust answers, each
    with its Estimate (`index_stats` on 0-100, `mean_stats` on the answer scale)."""

    index: float
    mean: float
    answers: int
    dont_know: int
    mean_stats: Estimate | None = None
    index_stats: Estimate | None = None
    distribution: Distribution | None = None


@dataclass(frozen=True)
class TrustStatement:
    """One trust statement: each side's mean (overall None: never pooled), the business's index,
    its deficit below the norm and the perception gap.

    `index`: the business's trust index of the statement (0-100); `deficit` = norm - the
    business's mean (positive: below the middle of the scale), `deficit_stats` its interval;
    `perception_gap` = IT's index - the business's index, `gap_stats` its Welch interval.
    `dimension` is the content dimension the statement feeds (its name is looked up by
    presenters), None when the content does not list it (then the code names it).
    """

    code: str
    dimension: str | None
    means: ByGroup[float]
    index: float | None
    deficit: float | None
    answers: int  # everyone's numeric answers
    dont_know: int
    estimates: ByGroup[Estimate] = ByGroup()
    distribution: ByGroup[Distribution] = ByGroup()
    index_stats: Estimate | None = None
    deficit_stats: Difference | None = None
    perception_gap: float | None = None
    gap_stats: Difference | None = None


@dataclass(frozen=True)
class TrustScores:
    """Trust of a campaign (or a department of it).

    `perception_gap` = IT index - business index (None unless both sides are reported), with
    Welch's interval in `gap_stats`; `deficits` the statements whose business trust lies clearly
    below the norm, lowest first. `answers`/`dont_know` count everyone's trust answers.
    """

    groups: ByGroup[TrustGroup]
    perception_gap: float | None
    items: tuple[TrustStatement, ...]
    deficits: tuple[TrustStatement, ...]
    gap_stats: Difference | None = None
    answers: int = 0
    dont_know: int = 0
    scale_min: int = 1
    scale_max: int = 5
    norm: float = 3.0
