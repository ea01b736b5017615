"""Item-level statistics (the report's appendix, issue #18 item 8): for every item and aspect, each
reported group's n, mean, standard deviation, answer distribution and "don't know" count.

Pure (no ORM, no words, no rounding): built by `assessments.scoring.scores_build` from the same
tallies as every other score, after the anonymity rules chose the groups, so a hidden side has no
figures here either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from brmportal.lib.scoring import GROUP_NAMES, ItemMeta, Tallies, Tally
from brmportal.lib.stats import Distribution, Estimate


@dataclass(frozen=True)
class ItemFigures:
    """One group's answers to one item aspect. `estimate` describes the numeric answers as given
    (the plain sample sd, without the floor an interval gets: the appendix describes answers, it
    does not compare them); None when all answers were "don't know" or "not applicable"."""

    estimate: Estimate | None
    distribution: Distribution | None
    dont_know: int
    not_applicable: int

    @property
    def answered(self) -> int:
        """Everyone who gave this item an answer of any kind."""
        n = self.estimate.n if self.estimate is not None else 0
        return n + self.dont_know + self.not_applicable

    @property
    def dont_know_share(self) -> float | None:
        return self.dont_know / self.answered if self.answered else None


# A group's answers to one item aspect as plain numbers, a Tally's fields in its order: n, total,
# dk, na, sq, values. Cached scores hold some 160 of these per group; tuples unpickle about ten
# times faster than dataclasses, and the dashboard, which never shows them, reads the scores too.
Counts = tuple[int, int, int, int, int, tuple[int, ...]]


@dataclass(frozen=True)
class ItemStats:
    """An item aspect (REL-PAS-1 `today`) with each group's answers (`counts`, in GROUP_NAMES
    order; None: not reported, or nobody in the group answered it); `figures` describes them."""

    code: str
    kind: str
    aspect: str
    reversed: bool
    scale: tuple[int, int]
    counts: tuple[Counts | None, ...]

    def answered_by(self, group: str) -> bool:
        return group in GROUP_NAMES and self.counts[GROUP_NAMES.index(group)] is not None

    def figures(self, group: str) -> ItemFigures | None:
        if not self.answered_by(group):
            return None
        found = self.counts[GROUP_NAMES.index(group)]
        if found is None:
            return None
        tally = Tally(*found)
        return ItemFigures(
            # 0.0: the plain sample sd (see ItemFigures).
            estimate=Estimate.of(tally.n, tally.total, tally.sq, 0.0, self.scale),
            distribution=tally.distribution(*self.scale),
            dont_know=tally.dk,
            not_applicable=tally.na,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return ItemStats, (self.code, self.kind, self.aspect, self.reversed, self.scale, self.counts)


def _counts(tallies: Tallies | None, key: tuple[str, str]) -> Counts | None:
    tally = tallies.get(key) if tallies else None
    if tally is None or tally.n + tally.dk + tally.na <= 0:
        return None
    return (tally.n, tally.total, tally.dk, tally.na, tally.sq, tally.values)


def item_stats(items: Iterable[ItemMeta], groups: Mapping[str, Tallies | None]) -> tuple[ItemStats, ...]:
    """Every item aspect that some reported group answered, in instrument order (an item of the
    other BiSL form, or one nobody was asked, has no row)."""
    found = []
    for item in items:
        for aspect in item.aspects:
            key = (item.code, aspect)
            counts = tuple(_counts(groups.get(group), key) for group in GROUP_NAMES)
            if any(c is not None for c in counts):
                found.append(
                    ItemStats(
                        code=item.code,
                        kind=item.kind,
                        aspect=aspect,
                        reversed=item.reversed,
                        scale=(item.scale_min, item.scale_max),
                        counts=counts,
                    )
                )
    return tuple(found)
