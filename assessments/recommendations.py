"""Priorities and strengths from measured differences (pure functions, no ORM, no text; docs/scoring.md).

A recommendation comes only from a **clear** finding: a difference of two measured things whose
95 % interval excludes zero (Welch; business vs IT, today vs desired, self vs mirror, current vs
target), or a clear weakness (a mean whose whole interval lies below its scale's norm). The
instrument slices propose candidates (`candidate`), the core ranks them all with one model
(`recommendations_rank`):

1. Only clear candidates are kept.
2. priority = weight x the near end of the gap's interval / the scale's range: what we are sure
   of, on a common 0-1 footing across instruments, so a noisy gap ranks below a certain one.
3. The same code of one instrument proposed twice (a behaviour both a weakness and a blind spot)
   is one recommendation: the higher priority is kept.
4. A dimension-level recommendation and the item-level ones under it merge into one (the items
   are listed as its `children`).
5. Order: by priority, except that a recommendation never comes before its prerequisites: the
   codes it names (`prerequisites`) and every kept recommendation of an earlier stage (seed 004's
   order: 1 know what you do and what it costs, 2 stop the bleeding, 3 integrate).
6. The first MAIN_LIST form the main list; the rest go to the appendix. A quick win is a
   low-effort recommendation of the main list that waits for no other.

The records are language-free: codes and numbers, unrounded; `assessments.wording` words them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from brmportal.lib.scoring import SIDES, Dimension, ItemMeta
from brmportal.lib.stats import Difference, Estimate

# Executives act on a short list; the rest is in the appendix (method notes: "a short list wins").
MAIN_LIST = 10
# How many strengths and hidden strengths are listed.
STRENGTHS = 5
# Seed 004's order for rebuilding a relationship: know what you do, stop the bleeding, integrate.
STAGES = (1, 2, 3)


def scale_norm(scale_min: int, scale_max: int) -> float:
    """A scale's norm: its middle (3 on 1-5: neither agree nor disagree, "sometimes", "defined").
    A mean clearly below it is a weakness; clearly above it, a strength."""
    return (scale_min + scale_max) / 2


@dataclass(frozen=True)
class Recommendation:
    """One ranked recommendation: what it is about, the clear finding that triggered it, its numbers.

    `gap_kind` says what `gap` measures, always oriented so that positive calls for action:
    "desired_vs_today" (relationship), "target_vs_current" (practice), "blind_spot" (self -
    mirror), "weakness" (norm - mean), "perception_gap" (trust: IT's view - the business's own).
    `gap_low`/`gap_high` is its 95 % interval; it is `clear` when `gap_low` > 0. `numbers` are
    the values the "Why:" sentence quotes, `per_side` the per-side values it lists (one value,
    or from -> to), `measured` the JSON contract's breakdown. `stage` (0: none) and
    `prerequisites` order the list; `children` are the item codes merged into a dimension's one.
    """

    code: str
    level: str  # "item" or "dimension"
    instrument: str  # relationship, behaviour, practice, trust
    dimension: str | None
    gap: float
    gap_kind: str
    effort: str
    weight: float
    gap_low: float | None = None
    gap_high: float | None = None
    group: str = ""  # behaviour: whose behaviour it is (business, it, enterprise)
    numbers: Mapping[str, float | None] = field(default_factory=dict)
    per_side: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    scale_min: int = 1
    scale_max: int = 5
    measured: Mapping[str, Any] = field(default_factory=dict)
    stage: int = 0
    prerequisites: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    priority: float = 0.0
    quick_win: bool = False
    rank: int = 0
    appendix: bool = False

    @property
    def clear(self) -> bool:
        return self.gap_low is not None and self.gap_low > 0

    def to_json(self, words: Mapping[str, str | None]) -> dict[str, Any]:
        """The documented shape, with `words` (title, text, dimension_recommendation, trigger)."""
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
            "ci": [self.gap_low, self.gap_high] if self.gap_low is not None else None,
            "clear": self.clear,
            "trigger": words["trigger"],
            "measured": self.measured,
            "stage": self.stage,
            "prerequisites": list(self.prerequisites),
            "children": list(self.children),
            "priority": self.priority,
            "quick_win": self.quick_win,
            "rank": self.rank,
        }


def candidate(
    item: ItemMeta | None,
    dimension: Dimension | None,
    *,
    instrument: str,
    gap: Difference | float,
    gap_kind: str,
    measured: Mapping[str, Any],
    numbers: Mapping[str, float | None],
    per_side: Mapping[str, tuple[float, ...]],
    group: str = "",
    stage: int = 0,
    prerequisites: Sequence[str] = (),
) -> Recommendation:
    """A candidate recommendation of an instrument slice, about an item or else a dimension.

    `gap` is the measured difference oriented so that positive calls for action (desired -
    today, self - mirror, norm - mean...), with its interval (`brmportal.lib.stats.welch`).
    """
    source: ItemMeta | Dimension | None = item or dimension
    if source is None:
        raise ValueError("A recommendation needs an item or a dimension.")
    if not isinstance(gap, Difference):  # a bare number has no interval: never clear
        gap = Difference(value=gap, low=None, high=None)
    # An item whose dimension shares its code (behaviours, practices, trust) is one recommendation:
    # the item's concrete action, with the dimension's broader advice beside it.
    return Recommendation(
        code=source.code,
        level="item" if item else "dimension",
        instrument=instrument,
        dimension=dimension.code if dimension else None,
        gap=gap.value,
        gap_low=gap.low,
        gap_high=gap.high,
        gap_kind=gap_kind,
        effort=source.effort,
        weight=source.weight,
        group=group,
        numbers=numbers,
        per_side=per_side,
        scale_min=item.scale_min if item else 1,
        scale_max=item.scale_max if item else 5,
        measured=measured,
        stage=stage,
        prerequisites=tuple(prerequisites),
    )


def candidates(
    item: ItemMeta | None, dimension: Dimension | None, gaps: Mapping[str, Difference | None], **fields: Any
) -> Iterator[Recommendation]:
    """One `candidate` per measured gap of an item ({gap_kind: difference}; None: not measured).
    The core keeps the clear ones and, of one code's, the surest."""
    for kind, gap in gaps.items():
        if gap is not None:
            yield candidate(item, dimension, gap=gap, gap_kind=kind, **fields)


def weakness(estimate: Estimate | None, norm: float) -> Difference | None:
    """norm - mean as a gap with the mean's interval: clear when the whole interval is below norm."""
    if estimate is None:
        return None
    ci = estimate.ci
    return Difference(value=norm - estimate.mean, low=norm - ci[1] if ci else None, high=norm - ci[0] if ci else None)


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


def priority(rec: Recommendation) -> float:
    """weight x the near end of the gap's interval / the scale's range (0 when not clear)."""
    if not rec.clear or rec.gap_low is None:
        return 0.0
    return rec.weight * rec.gap_low / max(1, rec.scale_max - rec.scale_min)


def _waits(c: Recommendation, first_stage: int, pending: set[str]) -> bool:
    """Whether `c` must wait: for an earlier stage still waiting, or a prerequisite still `pending`."""
    if 0 < first_stage < c.stage:
        return True
    return any(p in pending and p != c.code for p in c.prerequisites)


def _replaced(c: Recommendation, **changes: Any) -> Recommendation:
    """dataclasses.replace(c, **changes) without its walk over the 24 fields and their checks on
    every call (a read ranks dozens): a copy of the fields with the changed ones set."""
    found: Recommendation = object.__new__(Recommendation)
    found.__dict__.update(c.__dict__, **changes)
    return found


@dataclass(frozen=True)
class Ranked:
    """The main list (at most MAIN_LIST) and the appendix, each numbered on from the other."""

    main: tuple[Recommendation, ...]
    appendix: tuple[Recommendation, ...]


def recommendations_rank(candidates: Iterable[Recommendation], main_list: int = MAIN_LIST) -> Ranked:
    """The ranked recommendations from the slices' candidates (rules 1-6 of the module doc)."""
    best: dict[tuple[str, str], tuple[float, Recommendation]] = {}
    for c in candidates:
        if not c.clear:
            continue
        key, surety = (c.instrument, c.code), priority(c)
        if key not in best or surety > best[key][0]:
            best[key] = (surety, c)
    kept = [c for _surety, c in best.values()]
    surety_of = {(c.instrument, c.code): surety for surety, c in best.values()}
    # A dimension and the items under it are one recommendation.
    dimensions = {(c.instrument, c.code) for c in kept if c.level == "dimension"}
    children: dict[tuple[str, str], list[str]] = {}
    merged = []
    for c in kept:
        parent = (c.instrument, c.dimension or "")
        if c.level == "item" and parent in dimensions and c.dimension != c.code:
            children.setdefault(parent, []).append(c.code)
        else:
            merged.append(c)
    # Stable sort: equal priorities keep slice and questionnaire order.
    waiting = sorted(merged, key=lambda c: -surety_of[(c.instrument, c.code)])
    codes = {c.code for c in waiting}
    placed: list[Recommendation] = []
    pending = set(codes)
    while waiting:
        # The first (highest priority) that waits for nothing; a cycle of prerequisites takes the first.
        first_stage = min((c.stage for c in waiting if c.stage > 0), default=0)
        ready = next((i for i, c in enumerate(waiting) if not _waits(c, first_stage, pending)), 0)
        c = waiting.pop(ready)
        placed.append(c)
        pending.discard(c.code)
    lowest_stage = min((c.stage for c in placed if c.stage > 0), default=0)
    ranked = []
    for rank, c in enumerate(placed, start=1):
        appendix = rank > main_list
        waits = any(p in codes and p != c.code for p in c.prerequisites) or 0 < lowest_stage < c.stage
        ranked.append(
            _replaced(
                c,
                priority=surety_of[(c.instrument, c.code)],
                children=tuple(children.get((c.instrument, c.code), ())),
                rank=rank,
                appendix=appendix,
                quick_win=c.effort == "low" and not appendix and not waits,
            )
        )
    return Ranked(main=tuple(r for r in ranked if not r.appendix), appendix=tuple(r for r in ranked if r.appendix))


@dataclass(frozen=True)
class Strength:
    """Something that works, clearly: a mean whose interval lies above its scale's norm
    ("strength"), or a behaviour the other side rates clearly higher than the side itself
    ("hidden_strength": mirror - self). `value` is the mean or the difference, `low`/`high` its
    interval; `numbers` and `per_side` are what its sentence quotes."""

    code: str
    instrument: str
    dimension: str | None
    kind: str  # "strength" or "hidden_strength"
    value: float
    low: float
    high: float
    norm: float = 0.0
    group: str = ""
    scale_min: int = 1
    scale_max: int = 5
    numbers: Mapping[str, float | None] = field(default_factory=dict)
    per_side: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    @property
    def certainty(self) -> float:
        """The near end of the interval beyond the norm (0 for a difference), on a 0-1 footing."""
        return (self.low - self.norm) / max(1, self.scale_max - self.scale_min)

    def to_json(self, words: Mapping[str, str | None]) -> dict[str, Any]:
        return {
            "code": self.code,
            "instrument": self.instrument,
            "dimension": self.dimension,
            "kind": self.kind,
            "title": words["title"],
            "text": words["text"],
            "value": self.value,
            "ci": [self.low, self.high],
            "group": self.group or None,
        }


def strength(
    *,
    code: str,
    instrument: str,
    dimension: str | None,
    kind: str,
    estimate: Estimate | Difference | None,
    norm: float = 0.0,
    group: str = "",
    scale_min: int = 1,
    scale_max: int = 5,
    numbers: Mapping[str, float | None] | None = None,
    per_side: Mapping[str, tuple[float, ...]] | None = None,
) -> Strength | None:
    """A Strength when the interval of `estimate` (a mean, or a difference with norm 0) lies
    wholly above `norm`; None otherwise."""
    if estimate is None:
        return None
    if isinstance(estimate, Estimate):
        ci = estimate.ci
        value, low, high = estimate.mean, ci[0] if ci else None, ci[1] if ci else None
    else:
        value, low, high = estimate.value, estimate.low, estimate.high
    if low is None or high is None or low <= norm:
        return None
    return Strength(
        code=code,
        instrument=instrument,
        dimension=dimension,
        kind=kind,
        value=value,
        low=low,
        high=high,
        norm=norm,
        group=group,
        scale_min=scale_min,
        scale_max=scale_max,
        numbers=numbers or {},
        per_side=per_side or {},
    )


def strengths_rank(candidates: Iterable[Strength], top: int = STRENGTHS) -> tuple[Strength, ...]:
    """The `top` strengths of each kind, surest first (the near end of the interval)."""
    found = list(candidates)
    ranked: list[Strength] = []
    for kind in ("strength", "hidden_strength"):
        ranked.extend(sorted((s for s in found if s.kind == kind), key=lambda s: -s.certainty)[:top])
    return tuple(ranked)
