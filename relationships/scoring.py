"""Relationship model scoring: where business and IT place their relationship on the ladder
Passive (1), Provider (2), Partner (3), Peer (4) of seed 003, today and desired.

The models are a progression ("each successive role involves a more proactive style of
interaction", seed 003), so the score is a cumulative (Guttman-type) reading, per respondent
first (method notes, "Classifying a profile of four models"):

1. A respondent's own **level** for an aspect is the highest model on the ladder whose
   statements they agree with: their mean over that model's answered statements >= AGREE.
   Agreeing with no model gives no level (counted apart, never a position on the ladder).
2. A group's **index** (1.0-4.0) is the mean of its respondents' levels, with n, sd and a 95 %
   interval: everyone Peer gives 4.0; Peer statements answered "disagree" give no level at all.
   A reverse-keyed statement (`keyed: reversed`: agreeing with it speaks against its model, e.g.
   "we have to work out for ourselves what IT can offer us" for Provider) enters its model's
   mean as min + max - x (6 - x on 1-5), today and desired alike; "don't know" stays "don't know".
3. Its **label** comes from the index itself, so a chart's marker and its label never disagree:
   the model whose band [k - 0.5, k + 0.5) holds the index, or "mixed" when the interval
   reaches into more than one band (`leaders`: the models whose bands it touches).

Pure functions over counted answers and respondents' summed figures (`brmportal.lib.scoring`,
`assessments.slices.Scope`); no ORM, no words. docs/scoring.md section 1 explains them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from assessments.slices import Scope
from brmportal.lib.aggregates import Measures
from brmportal.lib.scoring import SIDES, ByGroup, ItemMeta, Tallies, Tally, difference, pool
from brmportal.lib.stats import Estimate, welch
from relationships.results import (
    MIXED,
    NO_MODEL,
    ModelFit,
    RelationshipGap,
    RelationshipGroup,
    RelationshipResult,
    StatementResult,
)

KIND = "relationship"
# Ladder order: position k = 1..4 is the model's level and its value on the relationship index.
MODELS = ("passive", "provider", "partner", "peer")
ASPECTS = ("today", "desired")
# A respondent agrees with a model when their mean over its statements is at least 3.5 on the
# 1-5 scale: closer to "agree" (4) than to "neither agree nor disagree" (3).
AGREE = 3.5
# Agreeing (4+) with both the Passive and the Peer statements of one aspect describes two
# contradicting relationships at once: a response style (acquiescence), flagged, never dropped.
# So does agreeing (4+) with a model's reversed statement and with the mean of its forward ones:
# the reversed statement contradicts them (2027.1 on).
ACQUIESCENCE = 4.0
ACQUIESCENCE_FLAG = "flag:acquiescence"
# Means are ratios of integers; compare thresholds with a little slack so 14/4 counts as 3.5.
EPS = 1e-9


def level_key(aspect: str) -> str:
    """The Measures key of respondents' own levels: "relationship:level:today"."""
    return f"{KIND}:level:{aspect}"


def fit_mark(aspect: str, model: str) -> str:
    """The mark counting respondents whose own level is `model` ("none": no model)."""
    return f"fit:{aspect}:{model}"


def scale_name(model: str) -> str:
    return f"{KIND}.{model}"


def acquiescence_mark(aspect: str) -> str:
    """The mark counting respondents flagged for acquiescence in one aspect ("acquiescence:today").

    Set only where the instrument has reversed statements, so a version without them (2026.x)
    keeps the figures it always had; the respondent-wide ACQUIESCENCE_FLAG is set either way."""
    return f"acquiescence:{aspect}"


def keyed(item: ItemMeta, tally: Tally) -> Tally:
    """The tally as it counts toward the item's model: reversed for a reverse-keyed statement."""
    return tally.reversed(item.scale_min, item.scale_max) if item.reversed else tally


def relationship_items(items: Sequence[ItemMeta]) -> list[ItemMeta]:
    return [item for item in items if item.kind == KIND]


def relationship_scales(items: Sequence[ItemMeta]) -> dict[str, tuple[str, ...]]:
    """ "relationship.<model>" -> the codes of that model's statements (for intervals and alpha)."""
    rel = relationship_items(items)
    return {scale_name(m): tuple(i.code for i in rel if i.dimension == m) for m in MODELS}


def model_tallies(items: Sequence[ItemMeta], tallies: Tallies, aspect: str) -> dict[str, Tally]:
    """Each model's answers for `aspect`, pooled over its statements (reversed ones reversed)."""
    rel = relationship_items(items)
    if not any(i.reversed for i in rel):
        return {m: pool(tallies, [(i.code, aspect) for i in rel if i.dimension == m]) for m in MODELS}
    found = {m: Tally() for m in MODELS}
    for item in rel:
        tally = tallies.get((item.code, aspect))
        if tally is not None and item.dimension in found:
            found[item.dimension] = found[item.dimension] + keyed(item, tally)
    return found


# --- The label from the index -----------------------------------------------------------------


def band(index: float) -> int:
    """The ladder position whose band [k - 0.5, k + 0.5) holds `index`, clipped to 1-4."""
    return min(len(MODELS), max(1, math.floor(index + 0.5 + EPS)))


def index_label(index: Estimate | None) -> tuple[str, tuple[str, ...]]:
    """(model, leaders) of an index: the band of the mean; MIXED when its 95 % interval reaches
    into more than one band, leaders being the models whose bands it touches (ladder order).
    Without an interval (one respondent) the mean's band; NO_MODEL without an index."""
    if index is None:
        return NO_MODEL, ()
    low, high = index.ci or (index.mean, index.mean)
    leaders = MODELS[band(low) - 1 : band(high)]
    return (leaders[0] if len(leaders) == 1 else MIXED), leaders


# --- A group -----------------------------------------------------------------------------------


def _margin(scores: Mapping[str, float | None]) -> float | None:
    ranked = sorted((s for s in scores.values() if s is not None), reverse=True)
    return ranked[0] - ranked[1] if len(ranked) > 1 else None


def _shares(measures: Measures, aspect: str) -> tuple[dict[str, float], int]:
    """Share of the respondents who rated this aspect whose own level is each model (and none)."""
    counts = {code: measures.count(fit_mark(aspect, code)) for code in (*MODELS, NO_MODEL)}
    total = sum(counts.values())
    return ({code: n / total for code, n in counts.items()} if total else {}), total


def _fit(
    *,
    pooled: Mapping[str, Tally],
    scores: Mapping[str, Estimate | None],
    index: Estimate | None,
    shares: Mapping[str, float],
    respondents: int,
    no_model: int,
) -> ModelFit | None:
    if not any(t.n for t in pooled.values()):
        return None
    means = {m: e.mean if e is not None else None for m, e in scores.items()}
    model, leaders = index_label(index)
    return ModelFit(
        model=model,
        leaders=leaders,
        index=index.mean if index is not None else None,
        margin=_margin(means),
        scores=means,
        answers=sum(t.n for t in pooled.values()),
        dont_know=sum(t.dk for t in pooled.values()),
        index_stats=index,
        score_stats=dict(scores),
        shares=shares,
        respondents=respondents,
        no_model=no_model,
    )


def group_fit(scope: Scope, group: str, aspect: str) -> ModelFit | None:
    """One group's fit from its own answers and respondents (a side, or everyone pooled).

    None when the group is not reported or gave no numeric answer for `aspect`.
    """
    tallies = scope.groups.get(group)
    if tallies is None:
        return None
    measures = scope.measures.get(group) or Measures()
    pooled = model_tallies(scope.items, tallies, aspect)
    shares, respondents = _shares(measures, aspect)
    return _fit(
        pooled=pooled,
        scores={m: scope.scale(group, scale_name(m), aspect, pooled[m]) for m in MODELS},
        index=_on_ladder(measures.estimate(level_key(aspect))),
        shares=shares,
        respondents=respondents,
        no_model=measures.count(fit_mark(aspect, NO_MODEL)),
    )


def overall_fit(scope: Scope, aspect: str, fits: Mapping[str, ModelFit | None]) -> ModelFit | None:
    """Everyone, the two sides counting equally (`Scope.overall`): the index and each model's
    score are the mean of the side figures, the shares the mean of the sides' shares; answer
    and respondent counts are everyone's. `fits` holds the sides' and everyone's own fits."""
    own = fits.get("overall")
    if own is None:
        return None

    def of(value: Callable[[ModelFit], Estimate | None]) -> Callable[[str], Estimate | None]:
        return lambda group: value(fit) if (fit := fits.get(group)) is not None else None

    def score(model: str) -> Estimate | None:
        return scope.overall(of(lambda fit: fit.score_stats.get(model)))

    shown = [fit for side in SIDES if scope.groups.get(side) is not None and (fit := fits.get(side)) and fit.shares]
    reported = any(scope.groups.get(side) is not None for side in SIDES)
    shares = (
        {code: sum(f.shares.get(code, 0.0) for f in shown) / len(shown) for code in (*MODELS, NO_MODEL)}
        if reported and shown
        else dict(own.shares)
    )
    return _fit(
        pooled=model_tallies(scope.items, scope.groups.get("overall") or {}, aspect),
        scores={m: score(m) for m in MODELS},
        index=scope.overall(of(lambda fit: fit.index_stats)),
        shares=shares,
        respondents=own.respondents,
        no_model=own.no_model,
    )


def _by_aspect(items: Sequence[ItemMeta], measures: Measures | None) -> dict[str, int] | None:
    """Respondents flagged for acquiescence per aspect; None without reversed statements."""
    if not any(i.reversed for i in relationship_items(items)):
        return None
    return {aspect: measures.count(acquiescence_mark(aspect)) if measures is not None else 0 for aspect in ASPECTS}


def _group(
    today: ModelFit | None,
    desired: ModelFit | None,
    acquiescence: int,
    by_aspect: Mapping[str, int] | None = None,
) -> RelationshipGroup | None:
    """gap = desired - today of the index and of each model's score, with Welch's intervals."""
    if today is None and desired is None:
        return None
    t_index, d_index = (today.index_stats if today else None), (desired.index_stats if desired else None)
    t_scores = today.score_stats if today else {}
    d_scores = desired.score_stats if desired else {}
    gap = RelationshipGap(
        index=difference(d_index.mean if d_index else None, t_index.mean if t_index else None),
        scores={
            m: difference(desired.scores[m] if desired else None, today.scores[m] if today else None) for m in MODELS
        },
        stats=welch(d_index, t_index),
        score_stats={m: welch(d_scores.get(m), t_scores.get(m)) for m in MODELS},
    )
    return RelationshipGroup(
        today=today, desired=desired, gap=gap, acquiescence=acquiescence, acquiescence_by_aspect=by_aspect
    )


def relationship_groups(scope: Scope) -> ByGroup[RelationshipGroup]:
    """Business, IT and everyone (None where not reported or without answers)."""
    fits = {aspect: {g: group_fit(scope, g, aspect) for g in (*SIDES, "overall")} for aspect in ASPECTS}

    def acquiescence(group: str) -> int:
        measures = scope.measures.get(group)
        return measures.count(ACQUIESCENCE_FLAG) if measures is not None else 0

    found = {
        side: _group(
            fits["today"][side],
            fits["desired"][side],
            acquiescence(side),
            _by_aspect(scope.items, scope.measures.get(side)),
        )
        for side in SIDES
    }
    found["overall"] = _group(
        overall_fit(scope, "today", fits["today"]),
        overall_fit(scope, "desired", fits["desired"]),
        acquiescence("overall"),
        _by_aspect(scope.items, scope.measures.get("overall")),
    )
    return ByGroup.of(found.get, scope.groups)


def one_group(scope: Scope, tallies: Tallies, measures: Measures | None) -> RelationshipGroup | None:
    """A single group's result from its own tallies and respondents' figures (a department row
    of the heat map, or one respondent with `respondent_measures`)."""
    measures = measures or Measures()
    alone = Scope(
        items=scope.items, dimensions=scope.dimensions, groups={"overall": tallies}, measures={"overall": measures}
    )
    today, desired = group_fit(alone, "overall", "today"), group_fit(alone, "overall", "desired")
    return _group(today, desired, measures.count(ACQUIESCENCE_FLAG), _by_aspect(scope.items, measures))


# --- Statements and the whole instrument -------------------------------------------------------


def _statement(scope: Scope, item: ItemMeta) -> StatementResult:
    """One statement's mean per group for today and desired (everyone: the sides' mean), gap =
    desired - today with Welch's interval, and each group's answer distribution. As answered:
    a reversed statement's figures are not reversed (they say how far people agree with its words)."""

    def tally(group: str, aspect: str) -> Tally | None:
        tallies = scope.groups.get(group)
        return tallies.get((item.code, aspect), Tally()) if tallies is not None else None

    def estimates(aspect: str) -> ByGroup[Estimate]:
        def own(group: str) -> Estimate | None:
            return scope.bounded(t.estimate) if (t := tally(group, aspect)) is not None else None

        sides = {side: own(side) for side in SIDES}
        overall = scope.overall(lambda g: sides[g] if g in sides else own(g))
        return ByGroup.of(lambda g: sides[g] if g in sides else overall, scope.groups)

    def distributions(aspect: str) -> ByGroup:
        return ByGroup.of(
            lambda g: t.distribution(item.scale_min, item.scale_max) if (t := tally(g, aspect)) is not None else None,
            scope.groups,
        )

    today, desired = estimates("today"), estimates("desired")
    gaps = ByGroup.of(lambda g: welch(desired.get(g), today.get(g)), scope.groups)
    return StatementResult(
        code=item.code,
        model=item.dimension,
        reversed=item.reversed,
        today=today.map(lambda e: e.mean),
        desired=desired.map(lambda e: e.mean),
        gap=gaps.map(lambda d: d.value),
        stats={"today": today, "desired": desired, "gap": gaps},
        distribution={"today": distributions("today"), "desired": distributions("desired")},
    )


def relationship_scores(scope: Scope) -> RelationshipResult:
    """The relationship instrument for a campaign: per group, business vs IT, and per statement.

    `scope.groups` maps "business", "it" and "overall" to their tallies, or to None when the
    group is not reported (anonymity); a None group is None in the result too. Business and IT
    disagree about an aspect when business - IT of its index is clear (Welch, 95 %).
    """
    groups = relationship_groups(scope)

    def side_index(side: str, aspect: str) -> Estimate | None:
        found = groups.get(side)
        fit = found.fit(aspect) if found else None
        return fit.index_stats if fit else None

    differences = {aspect: welch(side_index("business", aspect), side_index("it", aspect)) for aspect in ASPECTS}
    return RelationshipResult(
        groups=groups,
        disagree_today=bool((d := differences["today"]) and d.clear),
        disagree_desired=bool((d := differences["desired"]) and d.clear),
        differences=differences,
        items=tuple(_statement(scope, item) for item in relationship_items(scope.items)),
    )


def relationship_position(index: float) -> float:
    """The index (1 Passive .. 4 Peer) on 0..1: the relationship's maturity component."""
    return (index - 1) / (len(MODELS) - 1)


def _on_ladder(index: Estimate | None) -> Estimate | None:
    """The index's interval never reaches past Passive (1) or Peer (4)."""
    return index.within(1, len(MODELS)) if index is not None else None
