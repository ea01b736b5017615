"""Trust scoring: a 0-100 index per side and the statements most in deficit (seed 004).

Business respondents rate their trust in IT; IT respondents rate how they think the business sees
them, so the difference between the two indices is itself a finding. Pure functions over counted
answers; no ORM. Summarised for readers in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from brmportal.lib.scoring import SIDES, Dimension, ItemMeta, Tallies, Tally, difference, pool

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


def trust_group(*, items: Sequence[ItemMeta], tallies: Tallies) -> dict[str, Any] | None:
    """One group's trust: `mean` of all its numeric trust answers and `index` = trust_index(mean).

    None when the group gave no numeric trust answer.
    """
    statements = _trust_items(items)
    tally = pool(tallies, [(item.code, "value") for item in statements])
    if tally.mean is None:
        return None
    low, high = _scale(statements)
    return {"index": trust_index(tally.mean, low, high), "mean": tally.mean, "answers": tally.n, "dont_know": tally.dk}


def trust_scores(
    *,
    items: Sequence[ItemMeta],
    dimensions: Mapping[str, Dimension],
    groups: Mapping[str, Tallies | None],
    top: int = TOP,
) -> dict[str, Any]:
    """Trust per group ("business", "it", "overall"; None when not reported), per statement, deficits.

    - Per statement: each group's mean, `index` = trust_index(overall mean), and
      `deficit` = scale max - overall mean (how far from full agreement).
    - `deficits`: the `top` statements with the largest deficit; ties keep questionnaire order.
    - `perception_gap` = IT index - business index: positive when IT believes the business
      trusts it more than the business says it does.
    """
    statements = _trust_items(items)
    result: dict[str, Any] = {
        name: trust_group(items=items, tallies=tallies) if tallies is not None else None
        for name, tallies in groups.items()
    }
    business, it = result.get(SIDES[0]), result.get(SIDES[1])
    result["perception_gap"] = difference(it and it["index"], business and business["index"])
    entries: list[dict[str, Any]] = []
    for item in statements:
        means = {
            name: tallies.get((item.code, "value"), Tally()).mean if tallies is not None else None
            for name, tallies in groups.items()
        }
        overall = groups.get("overall")
        tally = overall.get((item.code, "value"), Tally()) if overall is not None else Tally()
        dimension = dimensions.get(item.dimension)
        entries.append(
            {
                "code": item.code,
                "name": dimension.name if dimension else item.code,
                **means,
                "index": trust_index(means.get("overall"), item.scale_min, item.scale_max),
                "deficit": difference(item.scale_max, means.get("overall")),
                "answers": tally.n,
                "dont_know": tally.dk,
            }
        )
    result["items"] = entries
    result["deficits"] = sorted((e for e in entries if e["deficit"] is not None), key=lambda e: -e["deficit"])[:top]
    return result
