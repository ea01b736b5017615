"""The relationship's candidate recommendations (the core keeps the clear ones, merges a model's
statements under it, ranks and numbers them: `assessments.recommendations.recommendations_rank`).

A candidate is a model, or a statement, that everyone wants more than they live it: desired -
today of its agreement (the two sides counting equally) with Welch's interval. Only a clear,
positive gap is kept, so a model lived more than wanted never gets advice to move toward it.
A reversed statement (agreeing with it speaks against its model) is a candidate when everyone
wants it less than they live it: its gap is taken on the model's side (today - desired of the
answers), and its "Why:" sentence quotes the answers as given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from assessments.recommendations import Recommendation, candidate, measured_items
from brmportal.lib.scoring import SIDES, Dimension, ItemMeta
from brmportal.lib.stats import Estimate, welch
from relationships.results import RelationshipGroup, RelationshipResult, StatementResult
from relationships.scoring import KIND

# Seed 004's order for rebuilding a relationship: 1 know what you do for the business and what it
# costs, 2 stop the bleeding with visible quick wins, 3 integrate with the business's planning.
MODEL_STAGES = {
    "passive": 1,  # budget owners and order routes: what is ordered, and what it costs
    "provider": 1,  # a menu of what IT offers and clear expectations: what IT does, when, at what cost
    "partner": 3,  # joint planning toward shared goals: integrating with the business's planning
    "peer": 3,  # a seat on the top team, shared accountability: integration at the top
}
# A statement takes its model's stage (budget ownership REL-PAS-1 and clear expectations
# REL-PRO-4/4A are stage 1, joint planning REL-PAR-1/1A stage 3; 2027.1's reversed statements
# too: a published list of IT's offer REL-PRO-5 is knowing what IT does, plans shared early
# REL-PAR-5 and IT as part of the business REL-PEE-5 are integration), except these quick,
# visible fixes. Codes of every bundled version: a campaign's items pick theirs.
STATEMENT_STAGES = {
    "REL-PAS-3": 2,  # one request channel, each request confirmed: nothing gets lost any more
    "REL-PAS-5": 2,  # agreeing, in writing, which work IT may start unasked: the same quick fix
    "REL-PRO-1": 2,  # a named contact person on each side: the quickest relief of day-to-day friction
    "REL-PRO-1A": 2,  # 2027.1's REL-PRO-1: the named contact person alone
    "REL-PRO-2": 2,  # one person gathering and ranking requirements: fewer crossed wires at once
}
# Advice toward a model assumes the one below it is in place: Partner after the Provider basics
# (contacts, a service menu, kept expectations), Peer after Partner's joint planning.
PREREQUISITE = {"partner": "provider", "peer": "partner"}


def _both(group: RelationshipGroup | None) -> bool:
    return group is not None and group.today is not None and group.desired is not None


def interval_numbers(prefix: str, estimate: Estimate) -> dict[str, float | None]:
    """An Estimate as the flat numbers a "Why:" sentence quotes: mean, 95 % interval and n."""
    ci = estimate.ci
    return {
        prefix: estimate.mean,
        f"{prefix}_low": ci[0] if ci else None,
        f"{prefix}_high": ci[1] if ci else None,
        f"{prefix}_n": float(estimate.n),
    }


def _score(group: RelationshipGroup, aspect: str, code: str) -> float | None:
    fit = group.fit(aspect)
    return fit.scores.get(code) if fit else None


def _models(
    overall: RelationshipGroup, sides: Mapping[str, RelationshipGroup], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    assert overall.today is not None and overall.desired is not None  # relationship_candidates
    groups = {**sides, "overall": overall}
    for code, dimension in dimensions.items():
        today, desired = overall.today.score_stats.get(code), overall.desired.score_stats.get(code)
        gap = overall.gap.score_stats.get(code)
        if today is None or desired is None or gap is None:
            continue
        yield candidate(
            None,
            dimension,
            instrument=KIND,
            gap=gap,
            gap_kind="desired_vs_today",
            numbers={**interval_numbers("today", today), **interval_numbers("desired", desired)},
            per_side={
                s: (t, d)
                for s, g in sides.items()
                if (t := _score(g, "today", code)) is not None and (d := _score(g, "desired", code)) is not None
            },
            measured={
                "today": {s: _score(g, "today", code) for s, g in groups.items()},
                "desired": {s: _score(g, "desired", code) for s, g in groups.items()},
            },
            stage=MODEL_STAGES.get(code, 0),
        )


def _toward_model(item: ItemMeta, estimate: Estimate) -> Estimate:
    """A statement's mean as it counts toward its model: mirrored (min + max - x) when reversed;
    the scale's ends are mirrored too, so its interval stays the same width."""
    return estimate.shifted(item.scale_min + item.scale_max - estimate.mean) if item.reversed else estimate


def _statements(
    result: RelationshipResult, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    for entry, item in measured_items(result.items, items, _statement_measured):
        statement: StatementResult = entry
        today, desired = statement.estimate("today", "overall"), statement.estimate("desired", "overall")
        gap = statement.stats["gap"].overall
        assert today is not None and desired is not None and gap is not None  # _statement_measured
        if item.reversed:
            gap = welch(_toward_model(item, desired), _toward_model(item, today)) or gap
        yield candidate(
            item,
            dimensions.get(item.dimension),
            instrument=KIND,
            gap=gap,
            gap_kind="desired_vs_today",
            numbers={
                **interval_numbers("today", today),
                **interval_numbers("desired", desired),
                # The sentence then says "today - desired": the answers as given, the gap the model's.
                **({"reversed": 1.0} if item.reversed else {}),
            },
            per_side={
                s: (t, d)
                for s in SIDES
                if (t := statement.today.get(s)) is not None and (d := statement.desired.get(s)) is not None
            },
            measured={"today": statement.today.to_json(), "desired": statement.desired.to_json()},
            stage=STATEMENT_STAGES.get(item.code, MODEL_STAGES.get(item.dimension, 0)),
        )


def _model_of(rec: Recommendation) -> str:
    return rec.code if rec.level == "dimension" else rec.dimension or ""


def with_prerequisites(found: Sequence[Recommendation]) -> list[Recommendation]:
    """Each candidate names what its advice assumes: the prerequisite model's recommendation when
    it is kept (clear), else that model's kept statements (none kept: nothing to wait for)."""
    kept = [c for c in found if c.clear]
    needs = {}
    for model, before in PREREQUISITE.items():
        models = [c.code for c in kept if c.level == "dimension" and c.code == before]
        needs[model] = tuple(models or [c.code for c in kept if c.level == "item" and c.dimension == before])
    return [replace(c, prerequisites=needs.get(_model_of(c), ())) for c in found]


def relationship_candidates(
    result: RelationshipResult, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> list[Recommendation]:
    """Gap = desired - today of everyone's agreement: each model (content order), then each
    statement; the per-side values quoted are those of the reported sides that answered both."""
    overall = result.group("overall")
    if overall is None or overall.today is None or overall.desired is None:
        return []
    sides = {s: g for s in SIDES if (g := result.group(s)) is not None and _both(g)}
    return with_prerequisites([*_models(overall, sides, dimensions), *_statements(result, items, dimensions)])


def _statement_measured(entry: StatementResult) -> bool:
    return entry.estimate("today", "overall") is not None and entry.estimate("desired", "overall") is not None
