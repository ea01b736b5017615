"""The behaviour instrument's recommendation candidates and strengths (codes and numbers; the
core ranks them: assessments.recommendations).

Two findings propose a behaviour: a blind spot (self - mirror, Welch) and a weakness (norm -
the overall mean, both sides counting equally). The core keeps the clear ones and, for a
behaviour that is both, the higher priority. `behaviours.presenters` words them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from assessments.recommendations import (
    Recommendation,
    Strength,
    candidates,
    measured_items,
    singles,
    strength,
    weakness,
)
from behaviours.results import BehaviourItem, BehaviourScores
from behaviours.scoring import KIND
from brmportal.lib.scoring import Dimension, ItemMeta
from brmportal.lib.stats import Estimate, welch

# Seed 004's order for rebuilding a relationship (1 know what you do and what it costs, 2 stop
# the bleeding with visible quick wins, 3 integrate with the business's planning), per behaviour.
STAGES: Mapping[str, int] = {
    "BEH-ENT-1": 1,  # ongoing dialogue is how each side learns the other's pain points
    "BEH-ENT-2": 3,  # a shared vision is integration with the business's direction
    "BEH-ENT-3": 1,  # open talk on facts is how the pains and costs come to light
    "BEH-ENT-4": 3,  # balancing competing needs is joint planning
    "BEH-ENT-5": 2,  # joint successes, visibly celebrated, are the quick wins
    "BEH-ENT-6": 3,  # one team with shared KPIs is the integrated end state
    "BEH-BUS-1": 1,  # describing the outcome tells IT what the business really needs
    "BEH-BUS-2": 3,  # a clear strategy is what IT's plans integrate with
    "BEH-BUS-3": 3,  # priorities and timely decisions drive the joint plan
    "BEH-BUS-4": 1,  # knowing IT's possibilities is knowing what IT does (seed 004's first pain)
    "BEH-BUS-5": 3,  # owning organisational change is the long-term transformation
    "BEH-BUS-6": 1,  # users' feedback is how IT learns the daily pains
    "BEH-IT-1": 2,  # being reachable and responsive stops the bleeding
    "BEH-IT-2": 1,  # knowing the business is knowing the customers' pains
    "BEH-IT-3": 1,  # talking benefits, costs and risks is knowing what IT costs
    "BEH-IT-4": 2,  # an options paper gives the business control quickly
    "BEH-IT-5": 3,  # proactive innovation is the value-adding partner's work
    "BEH-IT-6": 2,  # "yes, if" is the content's own quick win
    "BEH-IT-7": 1,  # plain reporting is knowing and showing how well IT delivers
    "BEH-IT-8": 2,  # empathy for users eases the daily pain at once
}
# Behaviours whose advice assumes another behaviour's first.
PREREQUISITES: Mapping[str, tuple[str, ...]] = {
    "BEH-IT-4": ("BEH-IT-3",),  # options are worded in benefits, costs and risks
    "BEH-IT-5": ("BEH-IT-2",),  # useful ideas need knowledge of the business
    "BEH-BUS-3": ("BEH-BUS-2",),  # priorities follow from a clear strategy
    "BEH-ENT-4": ("BEH-BUS-3",),  # balancing needs takes business priorities
    "BEH-ENT-6": ("BEH-ENT-2",),  # one team needs one shared vision first
}


def _with_interval(name: str, estimate: Estimate | None) -> dict[str, float | None]:
    """{name, name_low, name_high}: a mean and its 95 % interval for the "Why:" sentence."""
    ci = estimate.ci if estimate is not None else None
    return {
        name: estimate.mean if estimate is not None else None,
        f"{name}_low": ci[0] if ci else None,
        f"{name}_high": ci[1] if ci else None,
    }


def _numbers(entry: BehaviourItem) -> dict[str, float | None]:
    s = entry.stats
    return {
        **_with_interval("self", s.self),
        **_with_interval("mirror", s.mirror),
        **_with_interval("mean", s.mean),
        "blind_spot": entry.blind_spot,
        "to_top": entry.to_top,
    }


def _stats_json(entry: BehaviourItem) -> dict[str, Any]:
    s = entry.stats
    found: dict[str, Any] = {
        key: e.to_json() if (e := getattr(s, key)) is not None else None
        for key in ("mean", "business", "it", "self", "mirror")
    }
    found["blind_spot"] = s.blind_spot.to_json() if s.blind_spot is not None else None
    return found


def behaviour_recommendations(
    result: BehaviourScores, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Per rated behaviour: its blind spot (gap = self - mirror) and its weakness (gap = norm -
    mean); the core keeps the clear ones, the higher priority of the two for one behaviour."""
    for entry, item in measured_items(result.items, items, lambda entry: entry.stats.mean is not None):
        yield from candidates(
            item,
            dimensions.get(item.dimension),
            {"blind_spot": entry.stats.blind_spot, "weakness": weakness(entry.stats.mean, result.norm)},
            instrument=KIND,
            group=entry.group,
            numbers={**_numbers(entry), "norm": result.norm},
            per_side=singles({"business": entry.business, "it": entry.it}),
            measured={
                "mean": entry.mean,
                "business": entry.business,
                "it": entry.it,
                "self": entry.self,
                "mirror": entry.mirror,
                "blind_spot": entry.blind_spot,
                "to_top": entry.to_top,
                "stats": _stats_json(entry),
            },
            stage=STAGES.get(item.dimension, 0),
            prerequisites=PREREQUISITES.get(item.dimension, ()),
        )


def behaviour_strengths(result: BehaviourScores) -> Iterator[Strength]:
    """Strengths: behaviours whose overall mean lies clearly above the norm; hidden strengths:
    behaviours the other side rates clearly higher than the side itself (mirror - self)."""
    for entry in result.items:
        common: dict[str, Any] = {
            "code": entry.code,
            "instrument": KIND,
            "dimension": entry.dimension,
            "group": entry.group,
            "scale_min": result.scale_min,
            "scale_max": result.scale_max,
            "numbers": {**_numbers(entry), "norm": result.norm},
            "per_side": singles({"business": entry.business, "it": entry.it}),
        }
        found = strength(kind="strength", estimate=entry.stats.mean, norm=result.norm, **common)
        if found is not None:
            yield found
        hidden = strength(kind="hidden_strength", estimate=welch(entry.stats.mirror, entry.stats.self), **common)
        if hidden is not None:
            yield hidden
