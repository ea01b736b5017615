"""Ranked recommendations from measured gaps (pure functions, no ORM, no text; see docs/scoring.md).

Every item and dimension in the content carries a recommendation, an effort (low, medium, high)
and a weight. A recommendation is made only where a real gap was measured, and each one says which
measurement triggered it, with the numbers, so a reader can check it against the dashboard.

The records here are language-free: codes and numbers only, unrounded. The words (title, the
recommendation text, the "Why:" sentence) are put in by `assessments.wording`, in the reader's
language, from the content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from brmportal.lib.scoring import SIDES, Dimension, ItemMeta

# A gap smaller than half a point on the 1-5 scales is within the noise of a survey: no advice.
MIN_GAP = 0.5
# "Quick wins" open the report: low effort, and at least a point and a half to gain.
QUICK_WIN_GAP = 1.5
# The instruments in report order, for stable ranking of equal priorities.
KINDS = ("relationship", "behaviour", "practice", "trust")


@dataclass(frozen=True)
class Recommendation:
    """One ranked recommendation: what it is about, the gap that triggered it and its numbers.

    `gap_kind` says what `gap` measures: "desired_vs_today" (relationship), "blind_spot" (self -
    mirror) or "to_top" (distance to the top of the scale; behaviour, trust), "target_vs_current"
    (practice). `numbers` are the values the "Why:" sentence quotes (today, desired, self, mirror,
    mean, current, target, deficit...), `per_side` the per-side values it lists (one value, or
    from -> to), `scale_max` the top of the scale. `measured` is the JSON contract's breakdown.
    """

    code: str
    level: str  # "item" or "dimension"
    instrument: str  # relationship, behaviour, practice, trust
    dimension: str | None
    gap: float
    gap_kind: str
    effort: str
    weight: float
    group: str = ""  # behaviour: whose behaviour it is (business, it, enterprise)
    numbers: Mapping[str, float | None] = field(default_factory=dict)
    per_side: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    scale_max: int = 5
    measured: Mapping[str, Any] = field(default_factory=dict)
    priority: float = 0.0
    quick_win: bool = False
    rank: int = 0

    def to_json(self, words: Mapping[str, str | None]) -> dict[str, Any]:
        """Today's documented shape, with `words` (title, text, dimension_recommendation, trigger)."""
        return {
            "code": self.code,
            "level": self.level,
            "dimension": self.dimension,
            "title": words["title"],
            "text": words["text"],
            "dimension_recommendation": words["dimension_recommendation"],
            "effort": self.effort,
            "weight": self.weight,
            "instrument": self.instrument,
            "gap": self.gap,
            "gap_kind": self.gap_kind,
            "trigger": words["trigger"],
            "measured": self.measured,
            "priority": self.priority,
            "quick_win": self.quick_win,
            "rank": self.rank,
        }


def _candidate(
    item: ItemMeta | None,
    dimension: Dimension | None,
    *,
    instrument: str,
    gap: float,
    gap_kind: str,
    measured: Mapping[str, Any],
    numbers: Mapping[str, float | None],
    per_side: Mapping[str, tuple[float, ...]],
    group: str = "",
) -> Recommendation:
    source: ItemMeta | Dimension | None = item or dimension
    if source is None:
        raise ValueError("A recommendation needs an item or a dimension.")
    # An item whose dimension shares its code (behaviours, practices, trust) is one recommendation:
    # the item's concrete action, with the dimension's broader advice beside it.
    return Recommendation(
        code=source.code,
        level="item" if item else "dimension",
        instrument=instrument,
        dimension=dimension.code if dimension else None,
        gap=gap,
        gap_kind=gap_kind,
        effort=source.effort,
        weight=source.weight,
        group=group,
        numbers=numbers,
        per_side=per_side,
        scale_max=item.scale_max if item else 5,
        measured=measured,
    )


def _measured(
    result: Mapping[str, Any], items: Sequence[ItemMeta], measured: Callable[[Mapping[str, Any]], bool]
) -> Iterator[tuple[Mapping[str, Any], ItemMeta]]:
    """(item result, item) for every item of `result` with a measurement to advise on."""
    by_code = {item.code: item for item in items}
    for entry in result.get("items", []):
        if measured(entry):
            yield entry, by_code[entry["code"]]


def _singles(values: Mapping[str, Any]) -> dict[str, tuple[float, ...]]:
    return {side: (values[side],) for side in SIDES if values.get(side) is not None}


def _relationship(
    result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = desired - today (overall): a model or statement wanted more than it is lived."""
    overall = result.get("overall")
    if not overall or not overall.get("today") or not overall.get("desired"):
        return
    for code, dimension in dimensions.items():
        today, desired = overall["today"]["scores"].get(code), overall["desired"]["scores"].get(code)
        if today is None or desired is None:
            continue
        # Sides that are reported (not None) and answered both aspects.
        sides = {s: result[s] for s in SIDES if result.get(s) and result[s]["today"] and result[s]["desired"]}
        groups = {**sides, "overall": overall}
        detail = {
            s: (g["today"]["scores"][code], g["desired"]["scores"][code])
            for s, g in sides.items()
            if None not in (g["today"]["scores"][code], g["desired"]["scores"][code])
        }
        yield _candidate(
            None,
            dimension,
            instrument="relationship",
            gap=desired - today,
            gap_kind="desired_vs_today",
            numbers={"today": today, "desired": desired},
            per_side=detail,
            measured={
                "today": {s: g["today"]["scores"][code] for s, g in groups.items()},
                "desired": {s: g["desired"]["scores"][code] for s, g in groups.items()},
            },
        )
    for entry, item in _measured(
        result, items, lambda entry: None not in (entry["today"].get("overall"), entry["desired"].get("overall"))
    ):
        detail = {
            s: (entry["today"][s], entry["desired"][s])
            for s in SIDES
            if None not in (entry["today"].get(s), entry["desired"].get(s))
        }
        today, desired = entry["today"]["overall"], entry["desired"]["overall"]
        yield _candidate(
            item,
            dimensions.get(item.dimension),
            instrument="relationship",
            gap=desired - today,
            gap_kind="desired_vs_today",
            numbers={"today": today, "desired": desired},
            per_side=detail,
            measured={"today": entry["today"], "desired": entry["desired"]},
        )


def _behaviour(
    result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = the larger of distance to the top (max - mean) and blind spot (self - mirror)."""
    for entry, item in _measured(result, items, lambda entry: entry["mean"] is not None):
        to_top, blind = entry["to_top"], entry["blind_spot"]
        gap, kind = (blind, "blind_spot") if blind is not None and blind > to_top else (to_top, "to_top")
        yield _candidate(
            item,
            dimensions.get(item.dimension),
            instrument="behaviour",
            gap=gap,
            gap_kind=kind,
            group=entry["group"],
            numbers={k: entry[k] for k in ("self", "mirror", "blind_spot", "mean", "to_top")},
            per_side=_singles(entry),
            measured={k: entry[k] for k in ("mean", "business", "it", "self", "mirror", "blind_spot", "to_top")},
        )


def _practice(
    result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = target - current maturity (overall)."""
    for entry, item in _measured(result, items, lambda entry: entry["gap"].get("overall") is not None):
        detail = {s: (entry["current"][s], entry["target"][s]) for s in SIDES if entry["gap"].get(s) is not None}
        yield _candidate(
            item,
            dimensions.get(item.dimension),
            instrument="practice",
            gap=entry["gap"]["overall"],
            gap_kind="target_vs_current",
            numbers={"current": entry["current"]["overall"], "target": entry["target"]["overall"]},
            per_side=detail,
            measured={"current": entry["current"], "target": entry["target"]},
        )


def _trust(
    result: Mapping[str, Any], items: Sequence[ItemMeta], dimensions: Mapping[str, Dimension]
) -> Iterator[Recommendation]:
    """Gap = max - mean (overall): how far the statement is from full agreement."""
    for entry, item in _measured(result, items, lambda entry: entry["deficit"] is not None):
        yield _candidate(
            item,
            dimensions.get(item.dimension),
            instrument="trust",
            gap=entry["deficit"],
            gap_kind="to_top",
            numbers={"mean": entry["overall"], "deficit": entry["deficit"]},
            per_side=_singles(entry),
            measured={k: entry[k] for k in ("overall", "business", "it", "index")},
        )


Builder = Callable[[Mapping[str, Any], Sequence[ItemMeta], Mapping[str, Dimension]], Iterator[Recommendation]]
BUILDERS: dict[str, Builder] = {
    "relationship": _relationship,
    "behaviour": _behaviour,
    "practice": _practice,
    "trust": _trust,
}


def recommendations_rank(
    *,
    items: Sequence[ItemMeta],
    dimensions: Mapping[str, Mapping[str, Dimension]],
    results: Mapping[str, Mapping[str, Any] | None],
) -> list[Recommendation]:
    """The ranked recommendations for the instrument results (keyed by kind, as scored).

    1. Candidates: every dimension and item with a measured gap (overall, i.e. all respondents):
       relationship desired - today; behaviour max(max - mean, self - mirror); practice
       target - current; trust max - mean. An item and a dimension with the same code are one.
    2. Keep those with gap >= MIN_GAP.
    3. priority = gap x weight; quick_win = effort is low and gap >= QUICK_WIN_GAP.
    4. Quick wins first, then the rest, each by priority (highest first); equal priorities keep
       instrument and questionnaire order. `rank` numbers the result from 1.
    """
    candidates = []
    for kind in KINDS:
        result = results.get(kind)
        if not result:
            continue
        kind_items = [item for item in items if item.kind == kind]
        for candidate in BUILDERS[kind](result, kind_items, dimensions.get(kind, {})):
            if candidate.gap < MIN_GAP:
                continue
            candidates.append(
                replace(
                    candidate,
                    priority=candidate.gap * candidate.weight,
                    quick_win=candidate.effort == "low" and candidate.gap >= QUICK_WIN_GAP,
                )
            )
    ranked = sorted(candidates, key=lambda c: (not c.quick_win, -c.priority))
    return [replace(candidate, rank=rank) for rank, candidate in enumerate(ranked, start=1)]
