"""The relationship's candidate recommendations (the core filters, ranks and numbers them:
`assessments.recommendations.recommendations_rank`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from assessments.recommendations import Recommendation, candidate, measured_items
from brmportal.lib.scoring import SIDES, Dimension, ItemMeta
from relationships.results import RelationshipGroup, RelationshipResult, StatementResult
from relationships.scoring import KIND


def _both(group: RelationshipGroup | None) -> bool:
    return group is not None and group.today is not None and group.desired is not None


def relationship_candidates(
    result: RelationshipResult, items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = desired - today (overall): a model or statement wanted more than it is lived.

    First each model (dimension, in content order), then each statement; the per-side values
    quoted are those of the sides that are reported and answered both aspects.
    """
    overall = result.group("overall")
    if overall is None or overall.today is None or overall.desired is None:
        return
    # Sides that are reported (not None) and answered both aspects.
    sides = {s: g for s in SIDES if (g := result.group(s)) is not None and _both(g)}
    groups = {**sides, "overall": overall}
    for code, dimension in dimensions.items():
        today, desired = overall.today.scores.get(code), overall.desired.scores.get(code)
        if today is None or desired is None:
            continue
        detail = {
            s: (t, d)
            for s, g in sides.items()
            if (t := _score(g, "today", code)) is not None and (d := _score(g, "desired", code)) is not None
        }
        yield candidate(
            None,
            dimension,
            instrument=KIND,
            gap=desired - today,
            gap_kind="desired_vs_today",
            numbers={"today": today, "desired": desired},
            per_side=detail,
            measured={
                "today": {s: _score(g, "today", code) for s, g in groups.items()},
                "desired": {s: _score(g, "desired", code) for s, g in groups.items()},
            },
        )
    for entry, item in measured_items(result.items, items, _statement_measured):
        statement: StatementResult = entry
        detail = {
            s: (t, d)
            for s in SIDES
            if (t := statement.today.get(s)) is not None and (d := statement.desired.get(s)) is not None
        }
        today, desired = statement.today.overall, statement.desired.overall
        assert today is not None and desired is not None  # _statement_measured
        yield candidate(
            item,
            dimensions.get(item.dimension),
            instrument=KIND,
            gap=desired - today,
            gap_kind="desired_vs_today",
            numbers={"today": today, "desired": desired},
            per_side=detail,
            measured={"today": statement.today.to_json(), "desired": statement.desired.to_json()},
        )


def _score(group: RelationshipGroup, aspect: str, code: str) -> float | None:
    fit = group.fit(aspect)
    return fit.scores.get(code) if fit else None


def _statement_measured(entry: StatementResult) -> bool:
    return entry.today.overall is not None and entry.desired.overall is not None
