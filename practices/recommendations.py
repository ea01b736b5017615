"""The BiSL practices' candidate recommendations and strengths (ranked with the others by
assessments.recommendations, which keeps the clear ones).

Per practice, two findings can call for action: a clear gap between target and current
maturity ("target_vs_current"), and current maturity clearly below the middle of the scale
("weakness": the whole interval under 3, "defined"), so a practice that is weak but whose target
is modest too is not buried. Each carries its cluster's stage and the practices it assumes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from assessments.recommendations import (
    Recommendation,
    Strength,
    candidates,
    measured_items,
    scale_norm,
    singles,
    strength,
    weakness,
)
from assessments.slices import Scope
from brmportal.lib.scoring import SIDES, ByGroup
from brmportal.lib.stats import Estimate
from practices.results import PracticeResult, PracticeScores
from practices.scoring import KIND

# Seed 004's order for rebuilding trust (1 know what you do and what it costs, 2 stop the bleeding
# with visible quick wins, 3 integrate with the business's planning), per BiSL cluster:
STAGES = {
    # 1: planning, costs, demand and contracts are knowing what information services do and cost.
    "management": 1,
    # 2: user support, data, service checks and changes that go live cleanly are the daily pain.
    "use": 2,
    "functionality": 2,
    "connecting_operational": 2,
    # 3: strategy, the information function's organisation and coordination integrate with planning.
    "information_strategy": 3,
    "organisation_strategy": 3,
    "connecting_strategic": 3,
}
# Where one practice assumes another (BiSL's process model): advice on it waits for the other's.
PREREQUISITES: Mapping[str, tuple[str, ...]] = {
    # Short form: steering changes assumes needs described and tested; coordination needs a plan.
    "BISL-CON": ("BISL-FUN",),
    "BISL-STR": ("BISL-MAN",),
    "BISL-COO": ("BISL-STR",),
    # Full form: a change is decided on a described need; a go-live needs tests and preparation;
    # portfolio choices need costs and demand; coordination aligns the portfolio.
    "BISL-CHG": ("BISL-REQ",),
    "BISL-TRN": ("BISL-TST", "BISL-PTR"),
    "BISL-IPM": ("BISL-FIN", "BISL-DEM"),
    "BISL-ICO": ("BISL-IPM",),
}


def _from_to(entry: PracticeResult) -> dict[str, tuple[float, ...]]:
    """{side: (current, target)} for the sides that rated both."""
    found: dict[str, tuple[float, ...]] = {}
    for side in SIDES:
        current, target = entry.current.get(side), entry.target.get(side)
        if current is not None and target is not None:
            found[side] = (current.mean, target.mean)
    return found


def _means(estimates: ByGroup[Estimate]) -> dict[str, float | None]:
    return {group: e.mean if e is not None else None for group, e in estimates.items()}


def interval_numbers(key: str, estimate: Estimate | None) -> dict[str, float | None]:
    """`key`, `key`_low, `key`_high and `key`_n: what a sentence quotes of an estimate."""
    if estimate is None:
        return {key: None}
    return {key: estimate.mean, f"{key}_low": estimate.low, f"{key}_high": estimate.high, f"{key}_n": estimate.n}


def practice_recommendations(result: PracticeScores, scope: Scope) -> Iterator[Recommendation]:
    """A "target_vs_current" and a "weakness" candidate per measured practice (everyone)."""
    norm = scale_norm(result.scale_min, result.scale_max)
    for entry, item in measured_items(result.items, scope.items, lambda entry: entry.current.overall is not None):
        current, target, gap = entry.current.overall, entry.target.overall, entry.gap.overall
        measured = {
            "current": _means(entry.current),
            "target": _means(entry.target),
            "stats": {
                "current": entry.current.to_json(lambda e: e.to_json()),
                "target": entry.target.to_json(lambda e: e.to_json()),
                "gap": entry.gap.to_json(lambda d: d.to_json()),
            },
        }
        common: dict[str, Any] = {
            "instrument": KIND,
            "measured": measured,
            "numbers": {**interval_numbers("current", current), **interval_numbers("target", target), "norm": norm},
            "stage": STAGES.get(entry.cluster, 0),
            "prerequisites": PREREQUISITES.get(entry.code, ()),
        }
        dimension = scope.dimensions.get(item.dimension)
        # Each gap quotes its own per-side values: current -> target, or the current figures.
        yield from candidates(item, dimension, {"target_vs_current": gap}, per_side=_from_to(entry), **common)
        weak = weakness(current, norm)
        yield from candidates(item, dimension, {"weakness": weak}, per_side=singles(_means(entry.current)), **common)


def practice_strengths(result: PracticeScores) -> Iterator[Strength]:
    """Practices whose current maturity (everyone) lies clearly above the middle of the scale."""
    norm = scale_norm(result.scale_min, result.scale_max)
    for entry in result.items:
        current = entry.current.overall
        found = strength(
            code=entry.code,
            instrument=KIND,
            dimension=entry.dimension,
            kind="strength",
            estimate=current,
            norm=norm,
            scale_min=result.scale_min,
            scale_max=result.scale_max,
            numbers={**interval_numbers("current", current), "norm": norm},
            per_side=singles(_means(entry.current)),
        )
        if found is not None:
            yield found
