"""The trust results: codes and unrounded numbers, no words (presenters name the statements).

Groups are "business", "it" and "overall" (`ByGroup`); a group is None where it is not reported
(anonymity) or gave no numeric trust answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from brmportal.lib.scoring import ByGroup


@dataclass(frozen=True)
class TrustGroup:
    """One group's trust: `index` (0-100) from the `mean` of all its numeric trust answers."""

    index: float
    mean: float
    answers: int
    dont_know: int


@dataclass(frozen=True)
class TrustStatement:
    """One trust statement: each group's mean, the overall index and the deficit to full agreement.

    `dimension` is the content dimension the statement feeds (its name is looked up by
    presenters), None when the content does not list it (then the code names it).
    """

    code: str
    dimension: str | None
    means: ByGroup[float]
    index: float | None
    deficit: float | None
    answers: int  # overall numeric answers
    dont_know: int


@dataclass(frozen=True)
class TrustScores:
    """Trust of a campaign (or a department of it).

    `perception_gap` = IT index - business index (None unless both sides are reported);
    `deficits` the statements most in deficit, largest first.
    """

    groups: ByGroup[TrustGroup]
    perception_gap: float | None
    items: tuple[TrustStatement, ...]
    deficits: tuple[TrustStatement, ...]
