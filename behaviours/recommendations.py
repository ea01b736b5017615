"""The behaviour instrument's recommendation candidates and strengths (codes and numbers; the
core ranks them: assessments.recommendations).

Two findings propose a behaviour: a blind spot (self - mirror, Welch) and a weakness (norm -
the overall mean, both sides counting equally). The core keeps the clear ones and, for a
behaviour that is both, the higher priority. `behaviours.presenters` words them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
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
# Codes of every bundled version: 2026.x's (BEH-IT-1 ...) stay for campaigns on it; 2027.1 splits or
# rewrites some (BEH-IT-1A..1E, with `replaces` in the content) and adds others.
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
    # 2027.1
    "BEH-ENT-2A": 3,  # one picture of where the organisation goes: integration, as BEH-ENT-2
    "BEH-ENT-3A": 1,  # raising difficult topics without fear of blame brings pains to light, as BEH-ENT-3
    "BEH-ENT-7": 2,  # the delivery feedback loop: every delivery checked with its users, a visible quick win
    "BEH-ENT-8": 1,  # knowing how the value of IT work is measured is knowing what IT does for the business
    "BEH-BUS-2A": 3,  # explaining the strategy is what IT's plans integrate with, as BEH-BUS-2
    "BEH-BUS-2B": 1,  # explaining what we need tells IT what the business really needs
    "BEH-BUS-3A": 3,  # clear priorities drive the joint plan, as BEH-BUS-3
    "BEH-BUS-3B": 3,  # decisions in time keep the joint plan moving
    "BEH-BUS-3C": 3,  # accepting the risks of one's choices is joint ownership of the plan
    "BEH-BUS-7": 3,  # protecting information and systems is a shared, integrated responsibility
    "BEH-IT-1A": 2,  # being easy to reach stops the bleeding, as BEH-IT-1
    "BEH-IT-1B": 2,  # listening well
    "BEH-IT-1C": 2,  # keeping the business informed
    "BEH-IT-1D": 2,  # responding quickly
    "BEH-IT-1E": 2,  # flexibility when needs change
    "BEH-IT-2A": 1,  # understanding the business is knowing the customers' pains, as BEH-IT-2
    "BEH-IT-7A": 1,  # plain reporting that matters is showing how well IT delivers, as BEH-IT-7
    "BEH-IT-9": 1,  # rounds with users (an "IT buddy") are how IT learns the daily pains
    "BEH-IT-10": 2,  # learning from users' own tools turns shadow IT into quick wins
    "BEH-IT-11": 3,  # "with them, not for them" is the integrated way of working
    "BEH-DRV-1": 1,  # understanding the consequences of one's actions comes first
    "BEH-DRV-2": 2,  # a visible personal benefit makes the change stick quickly
    "BEH-DRV-3": 2,  # a felt urgency gets the first steps taken
    "BEH-DRV-4": 3,  # KPIs that invite cooperation are the integrated end state
}
# Behaviours whose advice assumes another behaviour's first.
# Each names the codes of every bundled version; a campaign keeps those its items have.
PREREQUISITES: Mapping[str, tuple[str, ...]] = {
    "BEH-IT-4": ("BEH-IT-3",),  # options are worded in benefits, costs and risks
    "BEH-IT-5": ("BEH-IT-2", "BEH-IT-2A"),  # useful ideas need knowledge of the business
    "BEH-BUS-3": ("BEH-BUS-2",),  # priorities follow from a clear strategy
    "BEH-BUS-3A": ("BEH-BUS-2A",),  # 2027.1: the same, for the split items
    "BEH-ENT-4": ("BEH-BUS-3", "BEH-BUS-3A"),  # balancing needs takes business priorities
    "BEH-ENT-6": ("BEH-ENT-2", "BEH-ENT-2A"),  # one team needs one shared vision first
}


def prerequisites_of(code: str, present: Iterable[str]) -> tuple[str, ...]:
    """The prerequisites of a behaviour that the campaign's version has (`present`: its codes)."""
    found = set(present)
    return tuple(p for p in PREREQUISITES.get(code, ()) if p in found)


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
    present = {item.dimension for item in items}
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
            prerequisites=prerequisites_of(item.dimension, present),
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
