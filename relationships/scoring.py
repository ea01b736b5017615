"""Relationship model scoring: which of Passive, Provider, Partner, Peer fits best (seed 003).

Pure functions over counted answers (see `brmportal.lib.scoring`); no ORM, no words. They return
the typed records of `relationships.results`. The formulas are summarised for readers in
docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from brmportal.lib.scoring import SIDES, ByGroup, ItemMeta, Tallies, Tally, difference, pool
from relationships.results import (
    MIXED,
    ModelFit,
    RelationshipGap,
    RelationshipGroup,
    RelationshipResult,
    StatementResult,
)

KIND = "relationship"
# Ladder order: position k = 1..4 is the model's value on the relationship index.
MODELS = ("passive", "provider", "partner", "peer")
ASPECTS = ("today", "desired")
# A best fit that leads the runner-up by less than a quarter of a scale point (on the 1-5
# agreement scale) is reported as "mixed": a group of respondents cannot tell the two apart, and
# one respondent's four statements per model move the mean in steps of exactly 0.25.
MIXED_MARGIN = 0.25
# Business and IT disagree on today's model when their leading models do not overlap, or their
# indices are at least half a model apart.
DISAGREE_INDEX_GAP = 0.5
# Means are ratios of integers; compare thresholds with a little slack so 3.75 - 3.5 counts as 0.25.
_EPS = 1e-9


def _relationship_items(items: Sequence[ItemMeta]) -> list[ItemMeta]:
    return [item for item in items if item.kind == KIND]


def model_fit(*, items: Sequence[ItemMeta], tallies: Tallies, aspect: str) -> ModelFit | None:
    """How well each model fits one group's answers for `aspect` (today or desired).

    - `scores[k]`: mean agreement with model k = sum of the numeric answers to k's statements /
      their number ("don't know" excluded). None when nobody gave a score to any of them.
    - `model`: the model with the highest mean, or "mixed" when `margin` < MIXED_MARGIN.
      `leaders` lists every model within MIXED_MARGIN of the best (one model unless mixed);
      exact ties keep ladder order.
    - `margin`: best mean minus runner-up mean (None when only one model has scores).
    - `index` (1.0 Passive .. 4.0 Peer): the agreement-weighted position on the ladder,
      index = sum_k k * w_k / sum_k w_k with w_k = scores[k] - scale minimum, so a model rated
      "strongly disagree" throughout adds nothing. All w_k = 0 (no agreement with any model)
      gives the middle of the ladder, 2.5, as equal weights would. Models without scores are
      left out of both sums.

    Returns None when the group gave no numeric answer for this aspect.
    """
    rel_items = _relationship_items(items)
    scale_min = min((item.scale_min for item in rel_items), default=1)
    tallies_by_model: dict[str, Tally] = {
        model: pool(tallies, [(item.code, aspect) for item in rel_items if item.dimension == model]) for model in MODELS
    }
    scores = {model: tally.mean for model, tally in tallies_by_model.items()}
    available = [(model, score) for model, score in scores.items() if score is not None]
    if not available:
        return None
    # sorted() is stable, so tied models stay in ladder order.
    ranked = sorted(available, key=lambda pair: -pair[1])
    best = ranked[0][1]
    margin = best - ranked[1][1] if len(ranked) > 1 else None
    leaders = tuple(model for model, score in ranked if best - score < MIXED_MARGIN - _EPS)

    weights = {model: score - scale_min for model, score in available}
    total_weight = sum(weights.values())
    if total_weight > _EPS:
        index = sum((MODELS.index(model) + 1) * weight for model, weight in weights.items()) / total_weight
    else:
        index = sum(MODELS.index(model) + 1 for model, _ in available) / len(available)

    return ModelFit(
        model=leaders[0] if len(leaders) == 1 else MIXED,
        leaders=leaders,
        index=index,
        margin=margin,
        scores=scores,
        answers=sum(t.n for t in tallies_by_model.values()),
        dont_know=sum(t.dk for t in tallies_by_model.values()),
    )


def relationship_group(*, items: Sequence[ItemMeta], tallies: Tallies) -> RelationshipGroup | None:
    """Today, desired and the gap between them for one group (a side, everyone, a respondent).

    gap.index = desired index - today index (positive: the group wants a more proactive model);
    gap.scores[k] = desired mean - today mean for model k (positive: k is wanted more than it is
    lived; negative: k is lived more than wanted). None when the group answered nothing.
    """
    today = model_fit(items=items, tallies=tallies, aspect="today")
    desired = model_fit(items=items, tallies=tallies, aspect="desired")
    if today is None and desired is None:
        return None
    gap = RelationshipGap(
        index=difference(desired.index if desired else None, today.index if today else None),
        scores={
            model: difference(
                desired.scores[model] if desired else None,
                today.scores[model] if today else None,
            )
            for model in MODELS
        },
    )
    return RelationshipGroup(today=today, desired=desired, gap=gap)


def relationship_disagree(business: RelationshipGroup | None, it: RelationshipGroup | None) -> bool:
    """Whether business and IT see today's relationship differently (a finding in itself).

    True when both sides are reported and either their leading models do not overlap (business
    "passive" vs IT "provider"; a mixed side overlaps with each of its leaders) or their today
    indices differ by DISAGREE_INDEX_GAP or more. False when a side is not reported.
    """
    if not business or not it or not business.today or not it.today:
        return False
    b, i = business.today, it.today
    if not set(b.leaders) & set(i.leaders):
        return True
    return abs(b.index - i.index) >= DISAGREE_INDEX_GAP - _EPS


def _statement(item: ItemMeta, groups: Mapping[str, Tallies | None]) -> StatementResult:
    """One statement's mean per group for today and desired, and gap = desired - today."""

    def mean(aspect: str) -> ByGroup[float]:
        def of(name: str) -> float | None:
            tallies = groups[name]
            return tallies.get((item.code, aspect), Tally()).mean if tallies is not None else None

        return ByGroup[float].of(of, groups)

    today, desired = mean("today"), mean("desired")
    return StatementResult(
        code=item.code,
        model=item.dimension,
        today=today,
        desired=desired,
        gap=ByGroup[float].of(lambda name: difference(desired.get(name), today.get(name)), groups),
    )


def relationship_scores(*, items: Sequence[ItemMeta], groups: Mapping[str, Tallies | None]) -> RelationshipResult:
    """The relationship instrument for a campaign: per group, disagreement, and per statement.

    `groups` maps "business", "it" and "overall" to their tallies, or to None when the group is
    not reported (under the anonymity threshold); a None group is None in the result too.
    """

    def group(name: str) -> RelationshipGroup | None:
        tallies = groups[name]
        return relationship_group(items=items, tallies=tallies) if tallies is not None else None

    results = ByGroup[RelationshipGroup].of(group, groups)
    return RelationshipResult(
        groups=results,
        disagree_today=relationship_disagree(results.get(SIDES[0]), results.get(SIDES[1])),
        items=tuple(_statement(item, groups) for item in _relationship_items(items)),
    )


def relationship_on_five(index: float) -> float:
    """The relationship index (1 Passive .. 4 Peer) on the 1-5 scale of the other instruments:
    the relationship's component of overall BRM maturity (assessments.maturity)."""
    return 1 + (index - 1) * 4 / 3
