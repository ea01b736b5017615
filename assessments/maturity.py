"""Overall BRM maturity (1-5) from the four instruments' scores (pure; docs/scoring.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping

MATURITY_REFERENCE = (
    "BRM Institute, Business Relationship Maturity Model "
    "(Ad Hoc, Order Taker, Service Provider, Trusted Advisor, Strategic Partner)"
)


def maturity_level(score: float) -> int:
    """The ladder level of a 1-5 score: the nearest level, halves rounding up (2.5 -> 3)."""
    return min(5, max(1, math.floor(score + 0.5)))


def brm_maturity(*, components: Mapping[str, float | None], weights: Mapping[str, float]) -> tuple[float, int] | None:
    """Overall BRM maturity (1-5) = sum_i w_i * s_i / sum_i w_i over the instruments i with a score,
    and its level on the ladder; None when no instrument was scored.

    s_i, each on 1-5, is the instrument slice's `maturity` component: relationship =
    relationships.scoring.relationship_on_five(today's index); behaviour = mean of all behaviour ratings; practice =
    mean current maturity; trust = mean trust rating. w_i are the content's weights
    (overview.yaml `weights`, summing to 1); an instrument nobody scored is left out and the
    others' weights are scaled up. The level is `maturity_level(score)`, named by presenters from
    the content's ladder (after BRM Institute's Business Relationship Maturity Model).
    """
    scored = {kind: value for kind, value in components.items() if value is not None and weights.get(kind)}
    if not scored:
        return None
    score = sum(weights[kind] * value for kind, value in scored.items()) / sum(weights[kind] for kind in scored)
    return score, maturity_level(score)
