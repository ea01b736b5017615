"""Plain records shared by the scoring functions of every instrument (no ORM, no Django).

The database counts (`assessments.selectors.aggregates.campaign_aggregates`); the scoring modules
(`relationships/scoring.py`, `behaviours/scoring.py`, `practices/scoring.py`, `trust/scoring.py`)
turn those counts into findings. They meet on the records below, so every formula can be
unit-tested with hand-made numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

SIDES = ("business", "it")
# How a response came in (assessments.models.Response.Source); the first two answered online.
SOURCES = ("link", "open", "import")
ONLINE_SOURCES = ("link", "open")


@dataclass(frozen=True)
class Tally:
    """The answers to one item aspect (e.g. REL-PAS-1 `today`) given by one group of respondents.

    `n` and `total` count numeric answers only; "don't know" (`dk`) and "not applicable" (`na`)
    are counted apart and never enter a mean.
    """

    n: int = 0
    total: int = 0
    dk: int = 0
    na: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.n + other.n, self.total + other.total, self.dk + other.dk, self.na + other.na)

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None


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
    result = Tally()
    for key in keys:
        result += tallies.get(key, Tally())
    return result


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


@dataclass(frozen=True)
class CampaignAggregates:
    """What the database counted for one campaign, by (side, department); department "" = none given.

    `counts`: submitted responses per (side, department). `tallies`: per (side, department),
    the answers per (item code, aspect). `online`: how many of `counts` answered online
    themselves (personal or open link) rather than being imported; only they can lift a group
    over the anonymity threshold. Every coarser group (a side, everyone) is a merge of these.
    `sources`: the responses per (side, department) and source ("link", "open", "import").
    """

    counts: Mapping[tuple[str, str], int]
    tallies: Mapping[tuple[str, str], Tallies]
    online: Mapping[tuple[str, str], int] | None = None
    sources: Mapping[tuple[str, str], Mapping[str, int]] = field(default_factory=dict)

    @classmethod
    def from_sources(
        cls, *, sources: Mapping[tuple[str, str], Mapping[str, int]], tallies: Mapping[tuple[str, str], Tallies]
    ) -> CampaignAggregates:
        return cls(
            counts={cell: sum(by_source.values()) for cell, by_source in sources.items()},
            tallies=tallies,
            online={
                cell: sum(n for source, n in by_source.items() if source in ONLINE_SOURCES)
                for cell, by_source in sources.items()
            },
            sources=sources,
        )

    # Stored form (assessments.models.PublishedSnapshot.data): lists of rows, since JSON object
    # keys are strings and cells and items are tuples.
    def to_json(self) -> dict[str, Any]:
        return {
            "sources": [
                [side, department, source, n]
                for (side, department), by_source in self.sources.items()
                for source, n in by_source.items()
            ],
            "tallies": [
                [side, department, code, aspect, t.n, t.total, t.dk, t.na]
                for (side, department), tallies in self.tallies.items()
                for (code, aspect), t in tallies.items()
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CampaignAggregates:
        sources: dict[tuple[str, str], dict[str, int]] = {}
        for side, department, source, n in data.get("sources", []):
            sources.setdefault((side, department), {})[source] = n
        tallies: dict[tuple[str, str], dict[tuple[str, str], Tally]] = {}
        for side, department, code, aspect, n, total, dk, na in data.get("tallies", []):
            tallies.setdefault((side, department), {})[(code, aspect)] = Tally(n, total, dk, na)
        return cls.from_sources(sources=sources, tallies=tallies)
