"""Trust scoring: a 0-100 index per side and the statements most in deficit (seed 004).

Business respondents rate their trust in IT; IT respondents rate how they think the business sees
them, so the difference between the two indices is itself a finding. Pure functions over counted
answers; no ORM, no words (trust.results). Summarised for readers in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from brmportal.lib.scoring import SIDES, ByGroup, Dimension, ItemMeta, Tallies, Tally, difference, pool
from trust.results import TrustGroup, TrustScores, TrustStatement

# How many statements the ranked "deficits" lists.
TOP = 3


def trust_index(mean: float | None, scale_min: int = 1, scale_max: int = 5) -> float | None:
    """index = (mean - scale min) / (scale max - scale min) * 100: 1 -> 0, 3 -> 50, 5 -> 100."""
    if mean is None:
        return None
    return (mean - scale_min) / (scale_max - scale_min) * 100


def _trust_items(items: Sequence[ItemMeta]) -> list[ItemMeta]:
    return [item for item in items if item.kind == "trust"]


def _scale(items: Sequence[ItemMeta]) -> tuple[int, int]:
    return min((i.scale_min for i in items), default=1), max((i.scale_max for i in items), default=5)


def trust_group(*, items: Sequence[ItemMeta], tallies: Tallies) -> TrustGroup | None:
    """One group's trust: `mean` of all its numeric trust answers and `index` = trust_index(mean).

    None when the group gave no numeric trust answer.
    """
    statements = _trust_items(items)
    tally = pool(tallies, [(item.code, "value") for item in statements])
    low, high = _scale(statements)
    index = trust_index(tally.mean, low, high)
    if tally.mean is None or index is None:
        return None
    return TrustGroup(index=index, mean=tally.mean, answers=tally.n, dont_know=tally.dk)


def _mean(tallies: Tallies | None, code: str) -> float | None:
    return tallies.get((code, "value"), Tally()).mean if tallies is not None else None


def trust_scores(
    *,
    items: Sequence[ItemMeta],
    dimensions: Mapping[str, Dimension],
    groups: Mapping[str, Tallies | None],
    top: int = TOP,
) -> TrustScores:
    """Trust per group ("business", "it", "overall"; None when not reported), per statement, deficits.

    - Per statement: each group's mean, `index` = trust_index(overall mean), and
      `deficit` = scale max - overall mean (how far from full agreement).
    - `deficits`: the `top` statements with the largest deficit; ties keep questionnaire order.
    - `perception_gap` = IT index - business index: positive when IT believes the business
      trusts it more than the business says it does.
    """
    statements = _trust_items(items)

    def group(name: str) -> TrustGroup | None:
        tallies = groups[name]
        return trust_group(items=items, tallies=tallies) if tallies is not None else None

    def means_of(code: str) -> ByGroup[float]:
        return ByGroup.of(lambda name: _mean(groups[name], code), groups)

    by_group = ByGroup.of(group, groups)
    business, it = by_group.get(SIDES[0]), by_group.get(SIDES[1])
    perception_gap = difference(it.index if it else None, business.index if business else None)
    entries: list[TrustStatement] = []
    for item in statements:
        means = means_of(item.code)
        overall = groups.get("overall")
        tally = overall.get((item.code, "value"), Tally()) if overall is not None else Tally()
        entries.append(
            TrustStatement(
                code=item.code,
                dimension=item.dimension if item.dimension in dimensions else None,
                means=means,
                index=trust_index(means.overall, item.scale_min, item.scale_max),
                deficit=difference(item.scale_max, means.overall),
                answers=tally.n,
                dont_know=tally.dk,
            )
        )
    ranked = sorted((e for e in entries if e.deficit is not None), key=lambda e: -(e.deficit or 0.0))
    return TrustScores(
        groups=by_group,
        perception_gap=perception_gap,
        items=tuple(entries),
        deficits=tuple(ranked[:top]),
    )
