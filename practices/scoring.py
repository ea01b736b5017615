"""BiSL practice maturity scoring: current and target maturity per practice and cluster, with
their 95 % intervals, and the gap target - current called clear only when its interval excludes 0.

Each practice is rated on five maturity levels (1 initial .. 5 optimising) for `current` and
`target`; "not applicable" and "don't know" are counted and left out of every mean (BiSL, seed
001). Pure functions over counted answers; no ORM. Summarised for readers in docs/scoring.md,
section 3.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assessments.slices import Scope
from brmportal.lib.scoring import ByGroup, ItemMeta, Tallies, Tally, pool
from brmportal.lib.stats import Distribution, Estimate, welch
from practices.results import AspectCounts, ClusterResult, Maturity, PracticeMeans, PracticeResult, PracticeScores

KIND = "practice"
ASPECTS = ("current", "target")
FORMS = ("short", "full")
# How many practices the ranked "largest target gaps" lists.
TOP = 5


def _practice_items(items: Sequence[ItemMeta], form: str) -> list[ItemMeta]:
    return [item for item in items if item.kind == KIND and (not form or item.form == form)]


def scale_name(form: str, cluster: str | None = None) -> str:
    """The scale of all practices of a form ("practice.short.all") or of one full-form cluster
    ("practice.full.use")."""
    return f"practice.{form}.{cluster or 'all'}"


def practice_scales(items: Sequence[ItemMeta]) -> dict[str, tuple[str, ...]]:
    """Per form, all its practices; in the full form, each cluster of two or more processes.

    In the short form a cluster is one question, and one item is no scale (its interval is the
    item's own; alpha needs two items or more).
    """
    found: dict[str, tuple[str, ...]] = {}
    for form in FORMS:
        practices = _practice_items(items, form)
        if practices:
            found[scale_name(form)] = tuple(item.code for item in practices)
    full = _practice_items(items, "full")
    for cluster in dict.fromkeys(item.group for item in full):
        codes = tuple(item.code for item in full if item.group == cluster)
        if len(codes) > 1:
            found[scale_name("full", cluster)] = codes
    return found


def _by_group(scope: Scope, estimate_of: Callable[[str], Estimate | None]) -> ByGroup[Estimate]:
    """Each reported side's figure, and overall with the two sides counting equally."""

    def side(group: str) -> Estimate | None:
        return estimate_of(group) if scope.groups.get(group) is not None else None

    return ByGroup(business=side("business"), it=side("it"), overall=scope.overall(estimate_of))


def _block(scope: Scope, codes: Sequence[str], scale: str) -> Maturity:
    """current, target and gap = target - current (Welch), each per group, plus counts over everyone.

    One item: the answers' own mean and interval (`Tally.estimate`: one answer per respondent).
    Several items (a full-form cluster, all practices): the pooled mean with the spread of the
    respondents' own scale scores (`Scope.scale`), as one respondent's answers hang together.
    """

    def estimate(aspect: str) -> Callable[[str], Estimate | None]:
        keys = [(code, aspect) for code in codes]
        found: dict[str, Estimate | None] = {}  # _by_group asks for each side twice (its own, overall)

        def of(group: str) -> Estimate | None:
            if group in found:
                return found[group]
            tallies = scope.groups.get(group)
            if tallies is None:
                return None
            pooled = pool(tallies, keys)
            found[group] = scope.estimate(pooled) if len(codes) == 1 else scope.scale(group, scale, aspect, pooled)
            return found[group]

        return of

    current = _by_group(scope, estimate("current"))
    target = _by_group(scope, estimate("target"))
    overall = scope.groups.get("overall")
    tallies = {
        aspect: pool(overall, [(code, aspect) for code in codes]) if overall is not None else Tally()
        for aspect in ASPECTS
    }
    return Maturity(
        current=current,
        target=target,
        gap=ByGroup.of(lambda g: welch(target.get(g), current.get(g))),
        answers=AspectCounts(tallies["current"].n, tallies["target"].n),
        dont_know=AspectCounts(tallies["current"].dk, tallies["target"].dk),
        not_applicable=AspectCounts(tallies["current"].na, tallies["target"].na),
    )


def _distribution(scope: Scope, code: str, item: ItemMeta) -> dict[str, ByGroup[Distribution]]:
    """Per aspect, each side's shares of low, middle and high answers; overall the mean of the
    two sides' shares (each side counts equally, as in every overall figure)."""

    def of(aspect: str) -> ByGroup[Distribution]:
        def group(g: str) -> Distribution | None:
            tallies = scope.groups.get(g)
            found = tallies.get((code, aspect)) if tallies is not None else None
            return found.distribution(item.scale_min, item.scale_max) if found is not None else None

        business, it = group("business"), group("it")
        if business is not None and it is not None:
            overall: Distribution | None = Distribution(
                low=(business.low + it.low) / 2,
                middle=(business.middle + it.middle) / 2,
                high=(business.high + it.high) / 2,
                n=business.n + it.n,
            )
        elif scope.groups.get("overall") is None:
            overall = None
        else:
            overall = business or it or group("overall")
        return ByGroup(business=business, it=it, overall=overall)

    return {aspect: of(aspect) for aspect in ASPECTS}


def practice_means(*, items: Sequence[ItemMeta], tallies: Tallies, form: str = "") -> PracticeMeans:
    """Mean current and target maturity over all practices of the form, for one group (pooled
    answers: a heat map cell, or one respondent's own figures)."""
    codes = [item.code for item in _practice_items(items, form)]
    return PracticeMeans(
        current=pool(tallies, [(code, "current") for code in codes]).mean,
        target=pool(tallies, [(code, "target") for code in codes]).mean,
    )


def practice_scores(scope: Scope, top: int = TOP) -> PracticeScores:
    """Maturity per practice, per cluster and overall, and the largest clear target gaps.

    - `current`, `target` (1-5): mean of the numeric ratings with n, sd and 95 % interval, per
      group ("business", "it"; "overall" = the mean of the two side means); a group mapped to
      None is not reported and stays None.
    - `gap` = target - current with Welch's interval: clear when it excludes 0.
    - A cluster pools the answers to its practices (in the short form a cluster is one item).
      Cluster names are taken from the short form, where each cluster is one question: a
      cluster keeps the code of that question's dimension, presenters name it.
    - `largest_gaps`: the `top` practices with a clear positive overall gap, largest first.
    Only the practices of the campaign's form (`scope.form`: short or full) are scored.
    """
    form = scope.form
    practices = _practice_items(scope.items, form)
    cluster_dimensions = {
        item.group: item.dimension
        for item in scope.items
        if item.kind == KIND and item.form == "short" and item.dimension in scope.dimensions
    }
    entries = tuple(
        PracticeResult(
            code=item.code,
            dimension=item.dimension if item.dimension in scope.dimensions else None,
            cluster=item.group,
            level=item.level,
            distribution=_distribution(scope, item.code, item),
            **vars(_block(scope, [item.code], scale_name(form))),
        )
        for item in practices
    )
    clusters = tuple(
        ClusterResult(
            code=cluster,
            dimension=cluster_dimensions.get(cluster),
            **vars(
                _block(scope, [item.code for item in practices if item.group == cluster], scale_name(form, cluster))
            ),
        )
        for cluster in dict.fromkeys(item.group for item in practices)
    )
    largest = sorted(
        (e for e in entries if (gap := e.gap.overall) is not None and gap.clear and gap.value > 0),
        key=lambda e: -(e.gap.overall.value if e.gap.overall is not None else 0.0),
    )[:top]
    return PracticeScores(
        form=form,
        clusters=clusters,
        items=entries,
        largest_gaps=tuple(largest),
        scale_min=min((item.scale_min for item in practices), default=1),
        scale_max=max((item.scale_max for item in practices), default=5),
        **vars(_block(scope, [item.code for item in practices], scale_name(form))),
    )


def practice_maturity(result: PracticeScores, group: str) -> float | None:
    """The group's mean current maturity as a position on the scale, 0 (all 1) .. 1 (all 5)."""
    current = result.current.get(group)
    if current is None:
        return None
    return (current.mean - result.scale_min) / (result.scale_max - result.scale_min)
