"""The behaviour instrument's recommendation candidates (codes and numbers; ranked by the core).

The core (`assessments.recommendations.recommendations_rank`) keeps those with a real gap and
ranks them; `behaviours.presenters.trigger` words the measurement that triggered each one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from assessments.recommendations import Recommendation, candidate, measured_items, singles
from behaviours.results import BehaviourItem, BehaviourScores
from behaviours.scoring import KIND
from brmportal.lib.scoring import Dimension, ItemMeta


def behaviour_recommendations(
    result: BehaviourScores, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = the larger of distance to the top (max - mean) and blind spot (self - mirror)."""
    entry: BehaviourItem
    for entry, item in measured_items(result.items, items, lambda entry: entry.mean is not None):
        to_top, blind = entry.to_top, entry.blind_spot
        if to_top is None:  # never: a behaviour with a mean has a distance to the top
            continue
        gap, kind = (blind, "blind_spot") if blind is not None and blind > to_top else (to_top, "to_top")
        yield candidate(
            item,
            dimensions.get(item.dimension),
            instrument=KIND,
            gap=gap,
            gap_kind=kind,
            group=entry.group,
            numbers={
                "self": entry.self,
                "mirror": entry.mirror,
                "blind_spot": entry.blind_spot,
                "mean": entry.mean,
                "to_top": entry.to_top,
            },
            per_side=singles({"business": entry.business, "it": entry.it}),
            measured={
                "mean": entry.mean,
                "business": entry.business,
                "it": entry.it,
                "self": entry.self,
                "mirror": entry.mirror,
                "blind_spot": entry.blind_spot,
                "to_top": entry.to_top,
            },
        )
