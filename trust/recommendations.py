"""Trust's candidate recommendations (the core, assessments.recommendations, filters and ranks them)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from assessments.recommendations import Recommendation, candidate, measured_items, singles
from brmportal.lib.scoring import Dimension, ItemMeta
from trust.results import TrustScores, TrustStatement


def _measured(entry: TrustStatement) -> bool:
    return entry.deficit is not None


def trust_recommendations(
    result: TrustScores, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = max - mean (overall): how far the statement is from full agreement."""
    for entry, item in measured_items(result.items, items, _measured):
        means = entry.means
        yield candidate(
            item,
            dimensions.get(item.dimension),
            instrument="trust",
            gap=entry.deficit,
            gap_kind="to_top",
            numbers={"mean": means.overall, "deficit": entry.deficit},
            per_side=singles({"business": means.business, "it": means.it}),
            measured={"overall": means.overall, "business": means.business, "it": means.it, "index": entry.index},
        )
