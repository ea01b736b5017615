"""Desired behaviours scoring: self and mirror ratings, blind spots, weakest behaviours.

Business-group behaviours are rated by business respondents about themselves (self) and by IT
respondents about the business (mirror), and the other way round for IT-group behaviours;
enterprise behaviours are rated by everyone and have neither (seeds 000-002). Pure functions over
counted answers; no ORM, no words (behaviours.results). Summarised for readers in docs/scoring.md
("2. Behaviours").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from assessments.recommendations import scale_norm
from assessments.slices import Scope
from behaviours.results import BehaviourItem, BehaviourRespondent, BehaviourScores, Ratings, RatingStats
from brmportal.lib.aggregates import Measures
from brmportal.lib.scoring import SIDES, ByGroup, ItemMeta, Tallies, Tally, pool
from brmportal.lib.stats import Distribution, Estimate, below_norm, welch

KIND = "behaviour"
BEHAVIOUR_GROUPS = ("enterprise", "business", "it")
# The respondent-level scales (assessments.profiles): each behaviour group's items, and all of them.
SCALE_ALL = "behaviour.all"
# How many behaviours each ranked finding lists.
TOP = 5

Keys = list[tuple[str, str]]


def _other(side: str) -> str:
    return SIDES[1] if side == SIDES[0] else SIDES[0]


def _behaviours(items: Sequence[ItemMeta]) -> list[ItemMeta]:
    return [item for item in items if item.kind == KIND]


def behaviour_scales(items: Sequence[ItemMeta]) -> dict[str, tuple[str, ...]]:
    """ "behaviour.<group>" per behaviour group and "behaviour.all": the items each pools."""
    behaviours = _behaviours(items)
    scales = {f"behaviour.{group}": tuple(i.code for i in behaviours if i.group == group) for group in BEHAVIOUR_GROUPS}
    scales[SCALE_ALL] = tuple(i.code for i in behaviours)
    return {name: codes for name, codes in scales.items() if codes}


def _estimate(scope: Scope, group: str, keys: Keys, scale: str | None) -> Estimate | None:
    """One group's mean of `keys`: a single item's answers are independent (tally.estimate); a
    scale of several items takes its spread from the respondents' own scale scores."""
    tallies = scope.groups.get(group)
    if tallies is None:
        return None
    pooled = pool(tallies, keys)
    return scope.scale(group, scale, "value", pooled) if scale else scope.estimate(pooled)


def overall_distribution(scope: Scope, of: Callable[[str], Distribution | None]) -> Distribution | None:
    """The overall shares with the two sides counting equally, as `Scope.overall` does for means:
    the mean of the sides' shares; everyone's pooled shares when neither side is reported."""
    if scope.groups.get("overall") is None:
        return None
    sides = [of(side) for side in SIDES if scope.groups.get(side) is not None]
    if not sides:
        return of("overall")
    found = [d for d in sides if d is not None]
    if not found:
        return None
    k = len(found)
    return Distribution(
        low=sum(d.low for d in found) / k,
        middle=sum(d.middle for d in found) / k,
        high=sum(d.high for d in found) / k,
        n=sum(d.n for d in found),
    )


def _ratings(scope: Scope, keys: Keys, owner: str | None, scale: str | None, scale_min: int, scale_max: int) -> Ratings:
    """The ratings of `keys` (one behaviour, or a group's pooled), `owner` the side it belongs to."""
    # Each group's answers pooled once: the means, the overall figure and the shares all read them.
    pooled = {group: pool(tallies, keys) for group, tallies in scope.groups.items() if tallies is not None}

    def estimate(group: str) -> Estimate | None:
        found = pooled.get(group)
        if found is None:
            return None
        return scope.scale(group, scale, "value", found) if scale else scope.estimate(found)

    estimates = {side: estimate(side) for side in SIDES}
    mean = scope.overall(lambda group: estimates[group] if group in estimates else estimate(group))
    own = estimates[owner] if owner else None
    mirror = estimates[_other(owner)] if owner else None
    tally = pooled.get("overall", Tally())

    def distribution(group: str) -> Distribution | None:
        found = pooled.get(group)
        return found.distribution(scale_min, scale_max) if found is not None else None

    blind = welch(own, mirror)
    return Ratings(
        mean=mean.mean if mean else None,
        business=e.mean if (e := estimates["business"]) else None,
        it=e.mean if (e := estimates["it"]) else None,
        self=own.mean if own else None,
        mirror=mirror.mean if mirror else None,
        blind_spot=blind.value if blind else None,
        to_top=scale_max - mean.mean if mean else None,
        answers=tally.n,
        dont_know=tally.dk,
        stats=RatingStats(
            mean=mean, business=estimates["business"], it=estimates["it"], self=own, mirror=mirror, blind_spot=blind
        ),
        distribution=ByGroup(
            business=distribution("business"),
            it=distribution("it"),
            overall=overall_distribution(scope, distribution),
        ),
    )


def behaviour_mean(*, items: Sequence[ItemMeta], tallies: Tallies) -> float | None:
    """The mean of every behaviour rating one group gave (a department row of the heat map)."""
    return pool(tallies, [(item.code, "value") for item in _behaviours(items)]).mean


def behaviour_scores(
    *,
    items: Sequence[ItemMeta],
    groups: Mapping[str, Tallies | None],
    measures: Mapping[str, Measures | None] | None = None,
    top: int = TOP,
) -> BehaviourScores:
    """Per behaviour, per behaviour group and ranked findings.

    For each behaviour (and pooled per group: enterprise, business people, IT people), each with
    its Estimate (n, sd, 95 % interval) and its distribution per group:
    - `business`, `it`: each side's mean; `mean`: the two sides counting equally.
    - `self`: the mean rating by the side the behaviour belongs to; `mirror`: by the other side
      (both None for enterprise behaviours).
    - `blind_spot` = self - mirror with Welch's interval: clear when it excludes 0.
    - `to_top` = scale maximum - mean (documented; drives nothing).
    `weakest`: the behaviours whose mean lies clearly below the scale's norm, lowest first;
    `blind_spots`: the clear positive blind spots, largest first; `hidden_strengths`: the clear
    negative ones (the other side rates the behaviour higher), largest first; at most `top`
    each, ties in questionnaire order. `groups` maps "business", "it", "overall" to tallies, or
    None when not reported; `measures` the same groups' respondent figures (scale spreads).
    """
    behaviours = _behaviours(items)
    scope = Scope(items=tuple(items), dimensions={}, groups=groups, measures=measures or {})
    low = min((item.scale_min for item in behaviours), default=1)
    high = max((item.scale_max for item in behaviours), default=5)
    norm = scale_norm(low, high)
    entries = [
        BehaviourItem(
            code=item.code,
            dimension=item.dimension,
            group=item.group,
            **vars(
                _ratings(
                    scope,
                    [(item.code, "value")],
                    item.group if item.group in SIDES else None,
                    None,
                    item.scale_min,
                    item.scale_max,
                )
            ),
        )
        for item in behaviours
    ]
    by_group = {
        group: _ratings(
            scope,
            [(item.code, "value") for item in behaviours if item.group == group],
            group if group in SIDES else None,
            f"behaviour.{group}",
            low,
            high,
        )
        for group in BEHAVIOUR_GROUPS
    }
    all_keys = [(item.code, "value") for item in behaviours]

    sides = {side: _estimate(scope, side, all_keys, SCALE_ALL) for side in SIDES}

    def everything(group: str) -> Estimate | None:
        return sides[group] if group in sides else _estimate(scope, group, all_keys, SCALE_ALL)

    mean_stats: ByGroup[Estimate] = ByGroup(
        business=sides["business"], it=sides["it"], overall=scope.overall(everything)
    )
    # sorted() is stable: ties keep questionnaire order.
    weakest = sorted((e for e in entries if below_norm(e.stats.mean, norm)), key=lambda e: e.mean or 0.0)
    blind = [e for e in entries if (d := e.stats.blind_spot) is not None and d.clear]
    blind_spots = sorted((e for e in blind if (e.blind_spot or 0) > 0), key=lambda e: -(e.blind_spot or 0.0))
    hidden = sorted((e for e in blind if (e.blind_spot or 0) < 0), key=lambda e: e.blind_spot or 0.0)
    return BehaviourScores(
        mean=mean_stats.map(lambda e: e.mean),
        mean_stats=mean_stats,
        enterprise_culture=by_group["enterprise"].mean,
        groups=by_group,
        items=tuple(entries),
        weakest=tuple(weakest[:top]),
        blind_spots=tuple(blind_spots[:top]),
        hidden_strengths=tuple(hidden[:top]),
        scale_min=low,
        scale_max=high,
        norm=norm,
    )


def behaviour_maturity(result: BehaviourScores, group: str) -> float | None:
    """The group's position on the behaviour scale, 0 (all "never") .. 1 (all "always"):
    (mean of every behaviour rating - scale min) / (scale max - scale min); None without answers."""
    mean = result.mean.get(group)
    if mean is None or result.scale_max <= result.scale_min:
        return None
    return (mean - result.scale_min) / (result.scale_max - result.scale_min)


def behaviour_respondent(*, items: Sequence[ItemMeta], tallies: Tallies, side: str) -> BehaviourRespondent:
    """One respondent's mean ratings: of their own side (`own_side`), of the other side
    (`other_side`) and of the enterprise, for their summary page."""
    behaviours = _behaviours(items)

    def mean_of(group: str) -> float | None:
        return pool(tallies, [(item.code, "value") for item in behaviours if item.group == group]).mean

    return BehaviourRespondent(
        own_side=mean_of(side), other_side=mean_of(_other(side)), enterprise=mean_of("enterprise")
    )
