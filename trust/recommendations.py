"""Trust's candidate recommendations and strengths (the core, assessments.recommendations,
keeps the clear ones and ranks them).

Two findings propose a statement: the business's trust clearly below the norm ("weakness", on
the business's own figure: trust is what the business gives), and a clear perception gap where
IT believes it is trusted more than the business says ("perception_gap", IT - business).
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
from brmportal.lib.scoring import Dimension, ItemMeta
from brmportal.lib.stats import Estimate, welch
from trust.results import TrustScores, TrustStatement
from trust.scoring import KIND

# Seed 004's order, as the content's advice numbers its steps ("Step 1, know what you do"...).
STAGES: Mapping[str, int] = {
    "TRU-1": 1,  # understanding what IT does: know what you do for your customers
    "TRU-2": 2,  # traceable charges: a visible quick win once costs are known
    "TRU-3": 3,  # a say in what IT provides: joint decisions, integration
    "TRU-4": 1,  # knowing daily pains: the seed's first step
    "TRU-5": 2,  # keeping promises: stop the bleeding
    "TRU-6": 1,  # knowing what services cost: know what it costs
    "TRU-7": 3,  # would keep our IT: the long-term move to valued partner
    # 2027.1
    "TRU-8": 2,  # a fair allocation of IT costs: a visible quick win once costs are known
    "TRU-9": 2,  # getting things done through IT without slow, cumbersome processes: stop the bleeding
    "TRU-10": 3,  # IT spending on what the business needs: joint decisions on the portfolio
    "TRU-11": 1,  # showing whether changes met their cost, time and quality goals: know what IT delivers
}
# Statements whose advice assumes another's first.
PREREQUISITES: Mapping[str, tuple[str, ...]] = {
    "TRU-2": ("TRU-6",),  # charges can be traced only once IT knows what each service costs
    "TRU-5": ("TRU-4",),  # fixing the most painful problems first needs the list of pains
    "TRU-7": ("TRU-5",),  # nobody wants to keep an IT that does not keep its promises
    "TRU-8": ("TRU-6",),  # costs can be shared fairly only once IT knows what each service costs
}


def _with_interval(name: str, estimate: Estimate | None) -> dict[str, float | None]:
    ci = estimate.ci if estimate is not None else None
    return {
        name: estimate.mean if estimate is not None else None,
        f"{name}_low": ci[0] if ci else None,
        f"{name}_high": ci[1] if ci else None,
    }


def _numbers(entry: TrustStatement, norm: float) -> dict[str, float | None]:
    return {
        **_with_interval("business", entry.estimates.business),
        **_with_interval("it", entry.estimates.it),
        "index": entry.index,
        "norm": norm,
    }


def _stats_json(entry: TrustStatement) -> dict[str, Any]:
    return {
        "business": e.to_json() if (e := entry.estimates.business) else None,
        "it": e.to_json() if (e := entry.estimates.it) else None,
        "overall": None,
        "index": e.to_json() if (e := entry.index_stats) else None,
        "perception_gap": d.to_json() if (d := entry.gap_stats) else None,
    }


def trust_recommendations(
    result: TrustScores, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Per statement: its weakness (norm - the business's mean) and its perception gap (IT's
    mean - the business's, Welch); the core keeps the clear ones, the higher of the two."""
    for entry, item in measured_items(result.items, items, lambda entry: True):
        business, it = entry.estimates.business, entry.estimates.it
        yield from candidates(
            item,
            dimensions.get(item.dimension),
            {"weakness": weakness(business, result.norm), "perception_gap": welch(it, business)},
            instrument=KIND,
            group="business",
            numbers=_numbers(entry, result.norm),
            per_side=singles({"business": entry.means.business, "it": entry.means.it}),
            measured={
                "overall": None,
                "business": entry.means.business,
                "it": entry.means.it,
                "index": entry.index,
                "perception_gap": entry.perception_gap,
                "stats": _stats_json(entry),
            },
            stage=STAGES.get(item.dimension, 0),
            prerequisites=PREREQUISITES.get(item.dimension, ()),
        )


def trust_strengths(result: TrustScores) -> Iterator[Strength]:
    """Statements the business clearly trusts: its mean's interval lies above the norm."""
    for entry in result.items:
        found = strength(
            code=entry.code,
            instrument=KIND,
            dimension=entry.dimension,
            kind="strength",
            estimate=entry.estimates.business,
            norm=result.norm,
            group="business",
            scale_min=result.scale_min,
            scale_max=result.scale_max,
            numbers=_numbers(entry, result.norm),
            per_side=singles({"business": entry.means.business, "it": entry.means.it}),
        )
        if found is not None:
            yield found
