"""Overall BRM maturity (1-5) from the four instruments' scores (pure; docs/scoring.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

MATURITY_REFERENCE = (
    "BRM Institute, Business Relationship Maturity Model "
    "(Ad Hoc, Order Taker, Service Provider, Trusted Advisor, Strategic Partner)"
)


def relationship_on_five(index: float) -> float:
    """The relationship index (1 Passive .. 4 Peer) on the 1-5 scale of the other instruments."""
    return 1 + (index - 1) * 4 / 3


def maturity_level(score: float) -> int:
    """The ladder level of a 1-5 score: the nearest level, halves rounding up (2.5 -> 3)."""
    return min(5, max(1, math.floor(score + 0.5)))


def brm_maturity(
    *, components: Mapping[str, float | None], weights: Mapping[str, float], ladder: Sequence[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """Overall BRM maturity (1-5) = sum_i w_i * s_i / sum_i w_i over the instruments i with a score.

    s_i, each on 1-5: relationship = relationship_on_five(today's index); behaviour = mean of all
    behaviour ratings; practice = mean current maturity; trust = mean trust rating. w_i are the
    content's weights (overview.yaml `weights`, summing to 1); an instrument nobody scored is
    left out and the others' weights are scaled up. The level is `maturity_level(score)`, named
    from the content's ladder (after BRM Institute's Business Relationship Maturity Model).
    """
    scored = {kind: value for kind, value in components.items() if value is not None and weights.get(kind)}
    if not scored:
        return None
    score = sum(weights[kind] * value for kind, value in scored.items()) / sum(weights[kind] for kind in scored)
    level = maturity_level(score)
    step = next((step for step in ladder if step["level"] == level), {"name": str(level)})
    return {"score": score, "level": level, "name": step["name"], "components": dict(components)}
