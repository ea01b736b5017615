"""Ranked recommendations from measured gaps (pure functions, no ORM, no text; see docs/scoring.md).

Every item and dimension in the content carries a recommendation, an effort (low, medium, high)
and a weight. A recommendation is made only where a real gap was measured, and each one says which
measurement triggered it, with the numbers, so a reader can check it against the dashboard.

The records here are language-free: codes and numbers only, unrounded. The words (title, the
recommendation text, the "Why:" sentence) are put in by `assessments.wording`, in the reader's
language, from the content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from brmportal.lib.scoring import SIDES, Dimension, ItemMeta

# A gap smaller than half a point on the 1-5 scales is within the noise of a survey: no advice.
MIN_GAP = 0.5
# "Quick wins" open the report: low effort, and at least a point and a half to gain.
QUICK_WIN_GAP = 1.5


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


def candidate(
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
    """A candidate recommendation of an instrument slice, about an item or else a dimension."""
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


def measured_items(
    entries: Iterable[Any], items: Sequence[ItemMeta], measured: Callable[[Any], bool]
) -> Iterator[tuple[Any, ItemMeta]]:
    """(item result, item) for every item result (with a `code`) that has a measurement to advise on."""
    by_code = {item.code: item for item in items}
    for entry in entries:
        if measured(entry):
            yield entry, by_code[entry.code]


def singles(values: Mapping[str, float | None]) -> dict[str, tuple[float, ...]]:
    """{side: (value,)} for the sides measured: the per-side part of a "Why:" sentence."""
    return {side: (value,) for side in SIDES if (value := values.get(side)) is not None}


def recommendations_rank(candidates: Iterable[Recommendation]) -> list[Recommendation]:
    """The ranked recommendations from the instrument slices' candidates (in slice order).

    1. Candidates (each slice's `recommend`): every dimension and item with a measured gap
       (overall, i.e. all respondents): relationship desired - today; behaviour
       max(max - mean, self - mirror); practice target - current; trust max - mean. An item and a
       dimension with the same code are one.
    2. Keep those with gap >= MIN_GAP.
    3. priority = gap x weight; quick_win = effort is low and gap >= QUICK_WIN_GAP.
    4. Quick wins first, then the rest, each by priority (highest first); equal priorities keep
       instrument and questionnaire order. `rank` numbers the result from 1.
    """
    kept = [
        replace(
            c,
            priority=c.gap * c.weight,
            quick_win=c.effort == "low" and c.gap >= QUICK_WIN_GAP,
        )
        for c in candidates
        if c.gap >= MIN_GAP
    ]
    ranked = sorted(kept, key=lambda c: (not c.quick_win, -c.priority))
    return [replace(c, rank=rank) for rank, c in enumerate(ranked, start=1)]
