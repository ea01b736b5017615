"""The BiSL practices' candidate recommendations (ranked with the others by assessments.recommendations)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from assessments.recommendations import Recommendation, candidate, measured_items
from brmportal.lib.scoring import SIDES, Dimension, ItemMeta
from practices.results import PracticeResult, PracticeScores


def _from_to(entry: PracticeResult) -> dict[str, tuple[float, ...]]:
    """{side: (current, target)} for the sides that rated both."""
    found: dict[str, tuple[float, ...]] = {}
    for side in SIDES:
        current, target = entry.current.get(side), entry.target.get(side)
        if current is not None and target is not None:
            found[side] = (current, target)
    return found


def practice_recommendations(
    result: PracticeScores, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = target - current maturity (overall)."""
    for entry, item in measured_items(result.items, items, lambda entry: entry.gap.overall is not None):
        practice: PracticeResult = entry
        gap = practice.gap.overall
        if gap is None:  # never (measured above); tells the type checker
            continue
        yield candidate(
            item,
            dimensions.get(item.dimension),
            instrument="practice",
            gap=gap,
            gap_kind="target_vs_current",
            numbers={"current": practice.current.overall, "target": practice.target.overall},
            per_side=_from_to(practice),
            measured={"current": practice.current.to_json(), "target": practice.target.to_json()},
        )
