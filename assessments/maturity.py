"""Overall BRM maturity (1-5) from the four instruments' scores (pure; docs/scoring.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.utils.translation import gettext_lazy

MATURITY_REFERENCE = (
    "BRM Institute, Business Relationship Maturity Model "
    "(Ad Hoc, Order Taker, Service Provider, Trusted Advisor, Strategic Partner)"
)


# Said wherever the overall score is shown (docs/scoring.md section 6).
MATURITY_LIMITATIONS = gettext_lazy(
    "Indicative: it combines four instruments on different scales with set weights; "
    "read the instruments themselves for decisions."
)
MATURITY_MISSING = gettext_lazy("Not enough answers: overall maturity needs both sides")


def maturity_level(score: float) -> int:
    """The ladder level of a 1-5 score: the nearest level, halves rounding up (2.5 -> 3)."""
    return min(5, max(1, math.floor(score + 0.5)))


def maturity_level_bounds(level: int) -> tuple[float, float]:
    """The scores of a ladder level, from `low` up to (not including) `high`: level 3 is 2.5-3.5.

    Level 1 starts at 1 and level 5 ends at 5 (included), the ends of the scale.
    """
    return max(1.0, level - 0.5), min(5.0, level + 0.5)


def maturity_score_shown(score: float, places: int = 2) -> float:
    """`score` rounded to `places` decimals without leaving its level.

    Plain rounding can carry a score over its level's upper bound (2.4996 -> 2.50, level 2), which
    reads as the next level; such a score is shown as the highest figure of its own level (2.49).
    """
    level = maturity_level(score)
    high = maturity_level_bounds(level)[1]
    shown = round(score, places)
    if level < 5 and shown >= high:
        shown = round(high - 10**-places, places)
    return shown


def brm_maturity(*, components: Mapping[str, float | None], weights: Mapping[str, float]) -> tuple[float, int] | None:
    """Overall BRM maturity (1-5) of one side and its level on the ladder; None when no
    instrument was scored.

    Each instrument slice's `maturity` component is its figure's position on the instrument's
    own scale, 0 (bottom) .. 1 (top): relationship (index - 1) / 3, behaviours and practices
    (mean - 1) / 4, trust index / 100. They are combined with the content's weights
    (overview.yaml `weights`) and put on the ladder's 1-5: score = 1 + 4 * sum_i w_i x_i /
    sum_i w_i, so all 1s give 1 (level 1) and all 5s give 5 (level 5). An instrument without a
    figure is left out and the others' weights scaled up. The level is `maturity_level(score)`,
    named by presenters from the content's ladder (after BRM Institute's Business Relationship
    Maturity Model). Indicative: the weights are set, not measured (docs/scoring.md).
    """
    scored = {kind: value for kind, value in components.items() if value is not None and weights.get(kind)}
    if not scored:
        return None
    position = sum(weights[kind] * value for kind, value in scored.items()) / sum(weights[kind] for kind in scored)
    score = 1 + 4 * min(1.0, max(0.0, position))
    return score, maturity_level(score)
