"""BiSL practice maturity scoring: current and target maturity per practice and cluster.

Each practice is rated on five maturity levels (1 initial .. 5 optimising) for `current` and
`target`; "not applicable" and "don't know" are counted and left out of every mean (BiSL, seed
001). Pure functions over counted answers; no ORM. Summarised for readers in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from brmportal.lib.scoring import Dimension, ItemMeta, Tallies, Tally, difference, pool

ASPECTS = ("current", "target")
# How many practices the ranked "largest target gaps" lists.
TOP = 5


def _practice_items(items: Sequence[ItemMeta], form: str) -> list[ItemMeta]:
    return [item for item in items if item.kind == "practice" and (not form or item.form == form)]


def _block(keys: Sequence[str], groups: Mapping[str, Tallies | None]) -> dict[str, Any]:
    """current, target and gap = target - current, each per group, plus counts over everyone."""
    block: dict[str, Any] = {}
    for aspect in ASPECTS:
        block[aspect] = {
            name: pool(tallies, [(code, aspect) for code in keys]).mean if tallies is not None else None
            for name, tallies in groups.items()
        }
    block["gap"] = {name: difference(block["target"][name], block["current"][name]) for name in groups}
    overall = groups.get("overall")
    tallies = {
        aspect: pool(overall, [(code, aspect) for code in keys]) if overall is not None else Tally()
        for aspect in ASPECTS
    }
    block["answers"] = {aspect: tallies[aspect].n for aspect in ASPECTS}
    block["dont_know"] = {aspect: tallies[aspect].dk for aspect in ASPECTS}
    block["not_applicable"] = {aspect: tallies[aspect].na for aspect in ASPECTS}
    return block


def practice_means(*, items: Sequence[ItemMeta], tallies: Tallies, form: str = "") -> dict[str, float | None]:
    """Mean current and target maturity over all practices of the form, for one group."""
    practices = _practice_items(items, form)
    return {aspect: pool(tallies, [(item.code, aspect) for item in practices]).mean for aspect in ASPECTS}


def practice_scores(
    *,
    items: Sequence[ItemMeta],
    dimensions: Mapping[str, Dimension],
    groups: Mapping[str, Tallies | None],
    form: str = "",
    top: int = TOP,
) -> dict[str, Any]:
    """Maturity per practice, per cluster and overall, and the largest target gaps.

    - `current`, `target` (1-5): mean of the numeric ratings; `gap` = target - current, per group
      ("business", "it", "overall"; a group mapped to None is not reported and stays None).
    - A cluster pools the answers to its practices (in the short form a cluster is one item).
      Cluster names are taken from the short form, where each cluster is one question.
    - `largest_gaps`: the `top` practices with the largest positive overall gap.
    Only the practices of the campaign's `form` (short or full) are scored.
    """
    practices = _practice_items(items, form)
    cluster_names = {
        item.group: dimensions[item.dimension].name
        for item in items
        if item.kind == "practice" and item.form == "short" and item.dimension in dimensions
    }
    entries = []
    for item in practices:
        dimension = dimensions.get(item.dimension)
        entries.append(
            {
                "code": item.code,
                "name": dimension.name if dimension else item.code,
                "cluster": item.group,
                "level": item.level,
                **_block([item.code], groups),
            }
        )
    clusters = []
    for cluster in dict.fromkeys(item.group for item in practices):
        codes = [item.code for item in practices if item.group == cluster]
        clusters.append({"code": cluster, "name": cluster_names.get(cluster, cluster), **_block(codes, groups)})
    largest = sorted(
        (e for e in entries if e["gap"]["overall"] is not None and e["gap"]["overall"] > 0),
        key=lambda e: -e["gap"]["overall"],
    )[:top]
    return {
        "form": form,
        **_block([item.code for item in practices], groups),
        "clusters": clusters,
        "items": entries,
        "largest_gaps": largest,
    }
