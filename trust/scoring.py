"""Trust scoring: the business's trust in IT and IT's view of it, their perception gap, and the
statements where the business's trust is clearly low (seed 004).

Business respondents rate their trust in IT; IT respondents rate how they think the business sees
them. These are two different questions, so they are reported apart and never pooled; the
difference between them is itself a finding. Pure functions over counted answers; no ORM, no
words (trust.results). Summarised for readers in docs/scoring.md ("4. Trust").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessments.recommendations import scale_norm, weakness
from assessments.slices import Scope
from brmportal.lib.aggregates import Measures
from brmportal.lib.scoring import SIDES, ByGroup, Dimension, ItemMeta, Tallies, Tally, pool
from brmportal.lib.stats import Estimate, below_norm, welch
from trust.results import TrustGroup, TrustScores, TrustStatement

KIND = "trust"
# The respondent-level scale of all trust statements (assessments.profiles: spread and alpha).
SCALE = "trust.all"
# How many statements the ranked "deficits" lists.
TOP = 3


def trust_index(mean: float | None, scale_min: int = 1, scale_max: int = 5) -> float | None:
    """index = (mean - scale min) / (scale max - scale min) * 100: 1 -> 0, 3 -> 50, 5 -> 100."""
    if mean is None:
        return None
    return (mean - scale_min) / (scale_max - scale_min) * 100


def index_estimate(estimate: Estimate | None, scale_min: int = 1, scale_max: int = 5) -> Estimate | None:
    """The same Estimate on the 0-100 index: a linear map scales the mean, sd and se alike."""
    if estimate is None:
        return None
    k = 100 / (scale_max - scale_min)
    return Estimate(
        mean=(estimate.mean - scale_min) * k,
        n=estimate.n,
        sd=estimate.sd * k if estimate.sd is not None else None,
        se=estimate.se * k if estimate.se is not None else None,
        df=estimate.df,
    )


def _trust_items(items: Sequence[ItemMeta]) -> list[ItemMeta]:
    return [item for item in items if item.kind == KIND]


def trust_scales(items: Sequence[ItemMeta]) -> dict[str, tuple[str, ...]]:
    codes = tuple(item.code for item in _trust_items(items))
    return {SCALE: codes} if codes else {}


def _scale(items: Sequence[ItemMeta]) -> tuple[int, int]:
    return min((i.scale_min for i in items), default=1), max((i.scale_max for i in items), default=5)


def trust_group(*, items: Sequence[ItemMeta], tallies: Tallies, estimate: Estimate | None = None) -> TrustGroup | None:
    """One group's trust: `mean` of all its numeric trust answers and `index` = trust_index(mean).

    `estimate` is the scale's Estimate with the respondent-level spread (`Scope.scale`); without
    it, the answers' own (one respondent, a department row). None without a numeric answer.
    """
    statements = _trust_items(items)
    tally = pool(tallies, [(item.code, "value") for item in statements])
    low, high = _scale(statements)
    index = trust_index(tally.mean, low, high)
    if tally.mean is None or index is None:
        return None
    found = estimate or tally.estimate
    return TrustGroup(
        index=index,
        mean=tally.mean,
        answers=tally.n,
        dont_know=tally.dk,
        mean_stats=found,
        index_stats=index_estimate(found, low, high),
        distribution=tally.distribution(low, high),
    )


def _statement(item: ItemMeta, dimensions: Mapping[str, Dimension], scope: Scope) -> TrustStatement:
    def tally(group: str) -> Tally | None:
        tallies = scope.groups.get(group)
        return tallies.get((item.code, "value"), Tally()) if tallies is not None else None

    sides = {side: tally(side) for side in SIDES}
    estimates = {side: scope.estimate(t) if t is not None else None for side, t in sides.items()}
    business, it = estimates["business"], estimates["it"]
    lo, hi = item.scale_min, item.scale_max
    norm = scale_norm(lo, hi)
    business_index, it_index = index_estimate(business, lo, hi), index_estimate(it, lo, hi)
    gap = welch(it_index, business_index)
    overall = tally("overall") or Tally()
    return TrustStatement(
        code=item.code,
        dimension=item.dimension if item.dimension in dimensions else None,
        means=ByGroup(business=business.mean if business else None, it=it.mean if it else None),
        index=business_index.mean if business_index else None,
        deficit=norm - business.mean if business else None,
        answers=overall.n,
        dont_know=overall.dk,
        estimates=ByGroup(business=business, it=it),
        distribution=ByGroup(**{s: t.distribution(lo, hi) if t is not None else None for s, t in sides.items()}),
        index_stats=business_index,
        deficit_stats=weakness(business, norm),
        perception_gap=gap.value if gap else None,
        gap_stats=gap,
    )


def trust_scores(
    *,
    items: Sequence[ItemMeta],
    dimensions: Mapping[str, Dimension],
    groups: Mapping[str, Tallies | None],
    measures: Mapping[str, Measures | None] | None = None,
    top: int = TOP,
) -> TrustScores:
    """The business's trust and IT's view of it, per side and per statement; never pooled.

    - Per side: `index` (0-100) of the mean of all its trust answers, with the interval from
      the respondents' own trust scores (scale "trust.all"). "overall" stays None.
    - `perception_gap` = IT index - business index with Welch's interval: positive when IT
      believes the business trusts it more than the business says.
    - Per statement: each side's mean (overall None), the business's `index`, `deficit` = norm -
      the business's mean and the statement's perception gap.
    - `deficits`: the statements whose business mean lies clearly below the norm, lowest
      first, at most `top`; ties keep questionnaire order.
    """
    statements = _trust_items(items)
    scope = Scope(items=tuple(items), dimensions=dimensions, groups=groups, measures=measures or {})
    keys = [(item.code, "value") for item in statements]
    low, high = _scale(statements)

    def group(name: str) -> TrustGroup | None:
        tallies = groups.get(name)
        if name not in SIDES or tallies is None:
            return None
        return trust_group(
            items=items, tallies=tallies, estimate=scope.scale(name, SCALE, "value", pool(tallies, keys))
        )

    by_group: ByGroup[TrustGroup] = ByGroup(business=group("business"), it=group("it"))
    business, it = by_group.business, by_group.it
    gap = welch(it.index_stats if it else None, business.index_stats if business else None)
    entries = [_statement(item, dimensions, scope) for item in statements]
    norm = scale_norm(low, high)
    low_trust = [e for e in entries if below_norm(e.estimates.business, norm)]
    ranked = sorted(low_trust, key=lambda e: e.means.business or 0.0)
    everyone = groups.get("overall")
    counted = pool(everyone, keys) if everyone is not None else Tally()
    return TrustScores(
        groups=by_group,
        perception_gap=gap.value if gap else None,
        gap_stats=gap,
        items=tuple(entries),
        deficits=tuple(ranked[:top]),
        answers=counted.n,
        dont_know=counted.dk,
        scale_min=low,
        scale_max=high,
        norm=norm,
    )


def trust_maturity(result: TrustScores, group: str) -> float | None:
    """The trust position 0..1 (index / 100). "business": the business's trust; "it": IT's view
    of it; "overall": the business's trust, since trust is what the business gives IT (IT's
    view is a perception of it, reported beside it, not a second vote)."""
    found = result.groups.get("business" if group == "overall" else group)
    return found.index / 100 if found is not None else None
