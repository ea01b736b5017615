"""BiSL practice maturity scoring: current and target maturity per practice and cluster.

Each practice is rated on five maturity levels (1 initial .. 5 optimising) for `current` and
`target`; "not applicable" and "don't know" are counted and left out of every mean (BiSL, seed
001). Pure functions over counted answers; no ORM. Summarised for readers in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from brmportal.lib.scoring import ByGroup, Dimension, ItemMeta, Tallies, Tally, difference, pool
from practices.results import AspectCounts, ClusterResult, Maturity, PracticeMeans, PracticeResult, PracticeScores

KIND = "practice"
ASPECTS = ("current", "target")
# How many practices the ranked "largest target gaps" lists.
TOP = 5


def _practice_items(items: Sequence[ItemMeta], form: str) -> list[ItemMeta]:
    return [item for item in items if item.kind == KIND and (not form or item.form == form)]


def _mean(tallies: Tallies | None, codes: Sequence[str], aspect: str) -> float | None:
    return pool(tallies, [(code, aspect) for code in codes]).mean if tallies is not None else None


def _block(codes: Sequence[str], groups: Mapping[str, Tallies | None]) -> Maturity:
    """current, target and gap = target - current, each per group, plus counts over everyone."""
    current = ByGroup[float].of(lambda g: _mean(groups[g], codes, "current"), groups)
    target = ByGroup[float].of(lambda g: _mean(groups[g], codes, "target"), groups)
    overall = groups.get("overall")
    tallies = {
        aspect: pool(overall, [(code, aspect) for code in codes]) if overall is not None else Tally()
        for aspect in ASPECTS
    }
    return Maturity(
        current=current,
        target=target,
        gap=ByGroup[float].of(lambda g: difference(target.get(g), current.get(g)), groups),
        answers=AspectCounts(tallies["current"].n, tallies["target"].n),
        dont_know=AspectCounts(tallies["current"].dk, tallies["target"].dk),
        not_applicable=AspectCounts(tallies["current"].na, tallies["target"].na),
    )


def practice_means(*, items: Sequence[ItemMeta], tallies: Tallies, form: str = "") -> PracticeMeans:
    """Mean current and target maturity over all practices of the form, for one group."""
    codes = [item.code for item in _practice_items(items, form)]
    return PracticeMeans(current=_mean(tallies, codes, "current"), target=_mean(tallies, codes, "target"))


def practice_scores(
    *,
    items: Sequence[ItemMeta],
    dimensions: Mapping[str, Dimension],
    groups: Mapping[str, Tallies | None],
    form: str = "",
    top: int = TOP,
) -> PracticeScores:
    """Maturity per practice, per cluster and overall, and the largest target gaps.

    - `current`, `target` (1-5): mean of the numeric ratings; `gap` = target - current, per group
      ("business", "it", "overall"; a group mapped to None is not reported and stays None).
    - A cluster pools the answers to its practices (in the short form a cluster is one item).
      Cluster names are taken from the short form, where each cluster is one question: a
      cluster keeps the code of that question's dimension, presenters name it.
    - `largest_gaps`: the `top` practices with the largest positive overall gap.
    Only the practices of the campaign's `form` (short or full) are scored.
    """
    practices = _practice_items(items, form)
    cluster_dimensions = {
        item.group: item.dimension
        for item in items
        if item.kind == KIND and item.form == "short" and item.dimension in dimensions
    }
    entries = tuple(
        PracticeResult(
            code=item.code,
            dimension=item.dimension if item.dimension in dimensions else None,
            cluster=item.group,
            level=item.level,
            **vars(_block([item.code], groups)),
        )
        for item in practices
    )
    clusters = tuple(
        ClusterResult(
            code=cluster,
            dimension=cluster_dimensions.get(cluster),
            **vars(_block([item.code for item in practices if item.group == cluster], groups)),
        )
        for cluster in dict.fromkeys(item.group for item in practices)
    )
    largest = sorted(
        (e for e in entries if e.gap.overall is not None and e.gap.overall > 0),
        key=lambda e: -(e.gap.overall or 0.0),
    )[:top]
    return PracticeScores(
        form=form,
        clusters=clusters,
        items=entries,
        largest_gaps=tuple(largest),
        **vars(_block([item.code for item in practices], groups)),
    )
