"""Plain records shared by the scoring functions of every instrument (no ORM, no Django).

The database counts (`assessments.selectors.aggregates.campaign_aggregates`); the scoring modules
(`relationships/scoring.py`, `behaviours/scoring.py`, `practices/scoring.py`, `trust/scoring.py`)
turn those counts into findings. They meet on the records below, so every formula can be
unit-tested with hand-made numbers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from brmportal.lib.stats import Distribution, Estimate

SIDES = ("business", "it")
# How a response came in (assessments.models.Response.Source); the first two answered online.
SOURCES = ("link", "open", "import")
ONLINE_SOURCES = ("link", "open")


@dataclass(frozen=True)
class Tally:
    """The answers to one item aspect (e.g. REL-PAS-1 `today`) given by one group of respondents.

    `n`, `total` and `sq` (sum of squares) count numeric answers only, and `values[v]` how many
    gave the answer v (a tuple indexed by the answer, so tallies add element by element);
    "don't know" (`dk`) and "not applicable" (`na`) are counted apart and never enter a mean.
    """

    n: int = 0
    total: int = 0
    dk: int = 0
    na: int = 0
    sq: int = 0
    values: tuple[int, ...] = ()

    @classmethod
    def of_answers(cls, *answers: int, dk: int = 0, na: int = 0) -> Tally:
        """The tally of these numeric answers (plus "don't know" and "not applicable")."""
        counts = [0] * (max(answers, default=-1) + 1)
        for answer in answers:
            counts[answer] += 1
        return cls(len(answers), sum(answers), dk, na, sum(a * a for a in answers), tuple(counts))

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.n + other.n,
            self.total + other.total,
            self.dk + other.dk,
            self.na + other.na,
            self.sq + other.sq,
            _counts_add(self.values, other.values, 1),
        )

    def __sub__(self, other: Tally) -> Tally:
        return Tally(
            self.n - other.n,
            self.total - other.total,
            self.dk - other.dk,
            self.na - other.na,
            self.sq - other.sq,
            _counts_add(self.values, other.values, -1),
        )

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def estimate(self) -> Estimate | None:
        """The mean with its n, sd and 95 % interval (answers as independent: right for one item,
        too narrow for answers pooled over several items of one respondent; see `Measures`)."""
        return Estimate.of(self.n, self.total, self.sq)

    def distribution(self, scale_min: int = 1, scale_max: int = 5) -> Distribution | None:
        return Distribution.of_counts(self.values, scale_min, scale_max)


def _counts_add(a: tuple[int, ...], b: tuple[int, ...], sign: int) -> tuple[int, ...]:
    if not b:
        return a
    if not a:
        return b if sign > 0 else tuple(-c for c in b)
    if len(a) != len(b):
        size = max(len(a), len(b))
        a, b = a + (0,) * (size - len(a)), b + (0,) * (size - len(b))
    return tuple(map(operator.add if sign > 0 else operator.sub, a, b))


T = TypeVar("T")
U = TypeVar("U")
GROUP_NAMES = (*SIDES, "overall")


@dataclass(frozen=True)
class ByGroup(Generic[T]):
    """One value per group of respondents: the business side, the IT side and everyone.

    None where the group is not reported (anonymity) or gave no answer to it.
    """

    business: T | None = None
    it: T | None = None
    overall: T | None = None

    def get(self, group: str) -> T | None:
        return getattr(self, group) if group in GROUP_NAMES else None

    def items(self) -> Iterator[tuple[str, T | None]]:
        return ((group, getattr(self, group)) for group in GROUP_NAMES)

    @classmethod
    def of(cls, value: Callable[[str], T | None], groups: Iterable[str] = GROUP_NAMES) -> ByGroup[T]:
        """`value(group)` for each of `groups` (the others None)."""
        return cls(**{group: value(group) for group in groups if group in GROUP_NAMES})

    def map(self, fn: Callable[[T], U | None]) -> ByGroup[U]:
        """fn of each value that is not None."""
        return ByGroup(*(fn(v) if v is not None else None for _g, v in self.items()))

    def to_json(self, fn: Callable[[T], Any] = lambda v: v) -> dict[str, Any]:
        return {group: fn(v) if v is not None else None for group, v in self.items()}


# (item code, aspect) -> Tally, for one group of respondents.
Tallies = Mapping[tuple[str, str], Tally]


def pool(tallies: Tallies, keys: Iterable[tuple[str, str]]) -> Tally:
    """All answers to several item aspects as one tally.

    Pooling answers (sum of values / number of numeric answers) rather than averaging item means
    gives every answer the same weight, so an item that many people could not judge ("don't
    know") counts for less than one everybody answered.
    """
    n = total = dk = na = sq = 0
    counts: list[int] = []
    for key in keys:
        t = tallies.get(key)
        if t is None:
            continue
        n, total, dk, na, sq = n + t.n, total + t.total, dk + t.dk, na + t.na, sq + t.sq
        if len(counts) < len(t.values):
            counts.extend([0] * (len(t.values) - len(counts)))
        for answer, count in enumerate(t.values):
            counts[answer] += count
    return Tally(n, total, dk, na, sq, tuple(counts))


def merge(groups: Iterable[Tallies]) -> dict[tuple[str, str], Tally]:
    """Several groups of respondents as one (a side from its departments, overall from the sides)."""
    merged: dict[tuple[str, str], Tally] = {}
    for tallies in groups:
        for key, tally in tallies.items():
            merged[key] = merged.get(key, Tally()) + tally
    return merged


def difference(a: float | None, b: float | None) -> float | None:
    return a - b if a is not None and b is not None else None


@dataclass(frozen=True)
class Dimension:
    """What items feed: a relationship model, a behaviour, a BiSL practice or a trust statement.

    Codes and numbers only: its name and advice are words, looked up by presenters
    (assessments.texts) in the reader's language.
    """

    code: str
    effort: str = "medium"
    weight: float = 1.0


@dataclass(frozen=True)
class ItemMeta:
    """The parts of an instrument item that scoring needs, detached from the ORM row."""

    code: str
    kind: str
    dimension: str
    group: str = ""  # behaviour group (enterprise, business, it) or BiSL cluster
    aspects: tuple[str, ...] = ("value",)
    scale_min: int = 1
    scale_max: int = 5
    effort: str = "medium"
    weight: float = 1.0
    form: str = ""  # BiSL: short or full
    level: str = ""  # BiSL: operational, managing or strategic
