"""Desired behaviours scoring: self and mirror ratings, blind spots, weakest behaviours.

Business-group behaviours are rated by business respondents about themselves (self) and by IT
respondents about the business (mirror), and the other way round for IT-group behaviours;
enterprise behaviours are rated by everyone and have neither (seeds 000-002). Pure functions over
counted answers; no ORM, no words (behaviours.results). Summarised for readers in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from behaviours.results import BehaviourItem, BehaviourRespondent, BehaviourScores, Ratings
from brmportal.lib.scoring import SIDES, ByGroup, ItemMeta, Tallies, Tally, difference, pool

KIND = "behaviour"
BEHAVIOUR_GROUPS = ("enterprise", "business", "it")
# How many behaviours the ranked findings list.
TOP = 5


def _other(side: str) -> str:
    return SIDES[1] if side == SIDES[0] else SIDES[0]


def _behaviours(items: Sequence[ItemMeta]) -> list[ItemMeta]:
    return [item for item in items if item.kind == KIND]


def _means(keys: list[tuple[str, str]], groups: Mapping[str, Tallies | None]) -> dict[str, float | None]:
    return {name: pool(tallies, keys).mean if tallies is not None else None for name, tallies in groups.items()}


def _ratings(
    keys: list[tuple[str, str]], self_side: str | None, scale_max: int, groups: Mapping[str, Tallies | None]
) -> Ratings:
    means = _means(keys, groups)
    own = means.get(self_side) if self_side else None
    mirror = means.get(_other(self_side)) if self_side else None
    overall = groups.get("overall")
    tally = pool(overall, keys) if overall is not None else Tally()
    return Ratings(
        mean=means.get("overall"),
        business=means.get("business"),
        it=means.get("it"),
        self=own,
        mirror=mirror,
        blind_spot=difference(own, mirror),
        to_top=difference(scale_max, means.get("overall")),
        answers=tally.n,
        dont_know=tally.dk,
    )


def behaviour_mean(*, items: Sequence[ItemMeta], tallies: Tallies) -> float | None:
    """The mean of every behaviour rating one group gave (used by the overall maturity score)."""
    return pool(tallies, [(item.code, "value") for item in _behaviours(items)]).mean


def behaviour_scores(
    *,
    items: Sequence[ItemMeta],
    groups: Mapping[str, Tallies | None],
    top: int = TOP,
) -> BehaviourScores:
    """Per behaviour, per behaviour group and ranked findings.

    For each behaviour (and pooled per group: enterprise, business people, IT people):
    - `mean`: mean of all numeric ratings (everyone); `business`, `it`: each side's mean.
    - `self`: the mean rating by the side the behaviour belongs to; `mirror`: by the other side
      (both None for enterprise behaviours).
    - `blind_spot` = self - mirror: positive when a side sees itself better than the other side
      sees it. None when either side is not reported (under the anonymity threshold) or silent.
    - `to_top` = scale maximum - mean: how far the behaviour is from "always".
    `weakest`: the `top` behaviours with the lowest mean; `blind_spots`: the `top` largest
    positive blind spots; ties keep questionnaire order. `enterprise_culture` is the enterprise
    group's mean. `groups` maps "business", "it", "overall" to tallies, or None when not reported.
    """
    behaviours = _behaviours(items)
    scale_max = max((item.scale_max for item in behaviours), default=5)
    entries = [
        BehaviourItem(
            code=item.code,
            dimension=item.dimension,
            group=item.group,
            **vars(
                _ratings([(item.code, "value")], item.group if item.group in SIDES else None, item.scale_max, groups)
            ),
        )
        for item in behaviours
    ]
    by_group = {
        group: _ratings(
            [(item.code, "value") for item in behaviours if item.group == group],
            group if group in SIDES else None,
            scale_max,
            groups,
        )
        for group in BEHAVIOUR_GROUPS
    }
    means = _means([(item.code, "value") for item in behaviours], groups)
    # sorted() is stable: ties keep questionnaire order.
    rated = [(e.mean, e) for e in entries if e.mean is not None]
    blind = [(-e.blind_spot, e) for e in entries if e.blind_spot is not None and e.blind_spot > 0]
    weakest = [e for _mean, e in sorted(rated, key=lambda pair: pair[0])][:top]
    blind_spots = [e for _gap, e in sorted(blind, key=lambda pair: pair[0])][:top]
    return BehaviourScores(
        mean=ByGroup.of(lambda group: means[group], means),
        enterprise_culture=by_group["enterprise"].mean,
        groups=by_group,
        items=tuple(entries),
        weakest=tuple(weakest),
        blind_spots=tuple(blind_spots),
    )


def behaviour_respondent(*, items: Sequence[ItemMeta], tallies: Tallies, side: str) -> BehaviourRespondent:
    """One respondent's mean ratings: of their own side (`own_side`), of the other side
    (`other_side`) and of the enterprise, for their summary page."""
    behaviours = _behaviours(items)

    def mean_of(group: str) -> float | None:
        return pool(tallies, [(item.code, "value") for item in behaviours if item.group == group]).mean

    return BehaviourRespondent(
        own_side=mean_of(side), other_side=mean_of(_other(side)), enterprise=mean_of("enterprise")
    )
