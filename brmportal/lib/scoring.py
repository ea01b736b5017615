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

    def reversed(self, scale_min: int, scale_max: int) -> Tally:
        """The tally of a reverse-keyed item's answers scored `scale_min + scale_max - x` (on 1-5,
        5 becomes 1): n, "don't know" and "not applicable" unchanged."""
        c = scale_min + scale_max
        counts = [0] * (c + 1) if self.values else []
        for value, count in enumerate(self.values):
            if count:
                counts[c - value] += count
        while counts and not counts[-1]:
            counts.pop()
        return Tally(
            self.n,
            self.n * c - self.total,
            self.dk,
            self.na,
            self.n * c * c - 2 * c * self.total + self.sq,
            tuple(counts),
        )


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
        found = {group: value(group) for group in groups if group in GROUP_NAMES}
        return cls(found.get("business"), found.get("it"), found.get("overall"))

    def map(self, fn: Callable[[T], U | None]) -> ByGroup[U]:
        """fn of each value that is not None."""
        business, it, overall = self.business, self.it, self.overall
        return ByGroup(
            fn(business) if business is not None else None,
            fn(it) if it is not None else None,
            fn(overall) if overall is not None else None,
        )

    def to_json(self, fn: Callable[[T], Any] = lambda v: v) -> dict[str, Any]:
        return {group: fn(v) if v is not None else None for group, v in self.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        # Cached scores hold hundreds of these: the values as a tuple, not a dict keyed by name.
        return ByGroup, (self.business, self.it, self.overall)


# (item code, aspect) -> Tally, for one group of respondents.
Tallies = Mapping[tuple[str, str], Tally]


def pool(tallies: Tallies, keys: Iterable[tuple[str, str]]) -> Tally:
    """All answers to several item aspects as one tally.

    Pooling answers (sum of values / number of numeric answers) rather than averaging item means
    gives every answer the same weight, so an item that many people could not judge ("don't
    know") counts for less than one everybody answered.
    """
    found = [t for key in keys if (t := tallies.get(key)) is not None]
    if len(found) == 1:
        # Tallies are immutable and a pool of one is the tally itself (one item's figures).
        return found[0]
    n = total = dk = na = sq = 0
    counts: tuple[int, ...] = ()
    for t in found:
        n, total, dk, na, sq = n + t.n, total + t.total, dk + t.dk, na + t.na, sq + t.sq
        counts = _counts_add(counts, t.values, 1)
    return Tally(n, total, dk, na, sq, counts)


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
    reversed: bool = False  # relationship: `keyed: reversed`, scored scale_min + scale_max - x
