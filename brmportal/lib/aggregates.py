"""What a campaign's snapshot holds: answers counted per side x department, and the figures that
need each respondent's own answers, summed (no ORM, no Django).

`CampaignAggregates` is what `assessments.selectors.aggregates` reads and what the stored
`PublishedSnapshot` keeps; `Measures` are respondents' own figures (assessments.profiles) summed
so groups add up like tallies; `Flagged` is the part flagged respondents gave.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from brmportal.lib.scoring import ONLINE_SOURCES, Tallies, Tally, merge
from brmportal.lib.stats import MIN_VARIANCE, Estimate, cronbach_alpha


@dataclass(frozen=True)
class Sums:
    """n, sum and sum of squares of one measure over respondents (a respondent's scale score...)."""

    n: int = 0
    total: float = 0.0
    sq: float = 0.0

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.n + other.n, self.total + other.total, self.sq + other.sq)

    def __sub__(self, other: Sums) -> Sums:
        return Sums(self.n - other.n, self.total - other.total, self.sq - other.sq)

    def estimate(self, min_variance: float = 0.0) -> Estimate | None:
        return Estimate.of(self.n, self.total, self.sq, min_variance)


@dataclass(frozen=True)
class AlphaSums:
    """What Cronbach's alpha of one scale needs, summed over the respondents who answered all its
    items: their number, each item's sum and sum of squares, and the same of their totals."""

    n: int = 0
    item_sums: tuple[float, ...] = ()
    item_sqs: tuple[float, ...] = ()
    total: float = 0.0
    total_sq: float = 0.0

    def __add__(self, other: AlphaSums) -> AlphaSums:
        return self._combine(other, 1)

    def __sub__(self, other: AlphaSums) -> AlphaSums:
        return self._combine(other, -1)

    def _combine(self, other: AlphaSums, sign: int) -> AlphaSums:
        if not other.item_sums:
            return self
        if not self.item_sums:
            self = AlphaSums(item_sums=(0.0,) * len(other.item_sums), item_sqs=(0.0,) * len(other.item_sums))
        return AlphaSums(
            self.n + sign * other.n,
            tuple(a + sign * b for a, b in zip(self.item_sums, other.item_sums, strict=True)),
            tuple(a + sign * b for a, b in zip(self.item_sqs, other.item_sqs, strict=True)),
            self.total + sign * other.total,
            self.total_sq + sign * other.total_sq,
        )

    @property
    def alpha(self) -> float | None:
        return cronbach_alpha(
            n=self.n, item_sums=self.item_sums, item_sqs=self.item_sqs, total=self.total, total_sq=self.total_sq
        )


@dataclass(frozen=True)
class Measures:
    """Figures of one group of respondents that need each respondent's own answers, summed so
    groups add up like tallies (assessments.profiles computes them once per published response).

    `sums`: per measure key, e.g. "scale:relationship.passive:today" (each respondent's mean on
    that scale) or "relationship:level:today" (the model a respondent's own answers fit best);
    `counts`: respondents marked, e.g. "respondents", "fit:today:peer", "flag:acquiescence";
    `alpha`: per "<scale>:<aspect>", the sums behind Cronbach's alpha.
    """

    sums: Mapping[str, Sums] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    alpha: Mapping[str, AlphaSums] = field(default_factory=dict)

    def __add__(self, other: Measures) -> Measures:
        return self._combine(other, 1)

    def __sub__(self, other: Measures) -> Measures:
        return self._combine(other, -1)

    def _combine(self, other: Measures, sign: int) -> Measures:
        sums = dict(self.sums)
        for key, found in other.sums.items():
            base = sums.get(key, Sums())
            sums[key] = base + found if sign > 0 else base - found
        counts = dict(self.counts)
        for key, n in other.counts.items():
            counts[key] = counts.get(key, 0) + sign * n
        alpha = dict(self.alpha)
        for key, value in other.alpha.items():
            base_alpha = alpha.get(key, AlphaSums())
            alpha[key] = base_alpha + value if sign > 0 else base_alpha - value
        return Measures(sums=sums, counts={k: n for k, n in counts.items() if n}, alpha=alpha)

    def estimate(self, key: str) -> Estimate | None:
        """The mean of a summed figure over respondents. Scale scores are means of answers and get
        their floor on the spread (brmportal.lib.stats.MIN_VARIANCE); a figure such as a
        respondent's relationship level is a classification and gets none."""
        found = self.sums.get(key)
        return found.estimate(MIN_VARIANCE if key.startswith("scale:") else 0.0) if found else None

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "sums": {key: [s.n, s.total, s.sq] for key, s in self.sums.items()},
            "counts": dict(self.counts),
            "alpha": {
                key: [a.n, list(a.item_sums), list(a.item_sqs), a.total, a.total_sq] for key, a in self.alpha.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Measures:
        return cls(
            sums={key: Sums(n, total, sq) for key, (n, total, sq) in data.get("sums", {}).items()},
            counts=dict(data.get("counts", {})),
            alpha={
                key: AlphaSums(n, tuple(sums), tuple(sqs), total, total_sq)
                for key, (n, sums, sqs, total, total_sq) in data.get("alpha", {}).items()
            },
        )


def merge_measures(groups: Iterable[Measures]) -> Measures:
    merged = Measures()
    for measures in groups:
        merged = merged + measures
    return merged


Cell = tuple[str, str]
# The stored snapshot's shape (assessments.models.PublishedSnapshot.data); an older one is rebuilt.
SNAPSHOT_VERSION = 5
GROUPS = ("business", "it", "overall")


@dataclass(frozen=True)
class Flagged:
    """The part of a campaign's aggregates that comes from flagged respondents (straight-lining,
    acquiescence: assessments.profiles), per cell, so a reader can leave them out by subtraction."""

    sources: Mapping[Cell, Mapping[str, int]] = field(default_factory=dict)
    tallies: Mapping[Cell, Tallies] = field(default_factory=dict)
    measures: Mapping[Cell, Measures] = field(default_factory=dict)

    def __add__(self, other: Flagged) -> Flagged:
        return Flagged(
            sources=_cells_add(self.sources, other.sources, _sources_add),
            tallies=_cells_add(self.tallies, other.tallies, lambda a, b: merge([a, b])),
            measures=_cells_add(self.measures, other.measures, lambda a, b: a + b),
        )

    def counts(self) -> dict[Cell, int]:
        return {cell: sum(by_source.values()) for cell, by_source in self.sources.items()}


def _sources_add(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    return {source: a.get(source, 0) + b.get(source, 0) for source in {*a, *b}}


V = TypeVar("V")


def _cells_add(a: Mapping[Cell, V], b: Mapping[Cell, V], add: Callable[[V, V], V]) -> dict[Cell, V]:
    found = dict(a)
    for cell, value in b.items():
        found[cell] = add(found[cell], value) if cell in found else value
    return found


@dataclass(frozen=True)
class CampaignAggregates:
    """What the database counted for one campaign, by (side, department); department "" = none given.

    `counts`: submitted responses per (side, department). `tallies`: per (side, department),
    the answers per (item code, aspect). `online`: how many of `counts` answered online
    themselves (personal or open link) rather than being imported; only they can lift a group
    over the anonymity threshold. Every coarser group (a side, everyone) is a merge of these.
    `sources`: the responses per (side, department) and source ("link", "open", "import").
    `measures`: per (side, department), the figures that need each respondent's own answers
    (`Measures`); `flagged`: the part of all of these that flagged respondents gave.
    """

    counts: Mapping[Cell, int]
    tallies: Mapping[Cell, Tallies]
    online: Mapping[Cell, int] | None = None
    sources: Mapping[Cell, Mapping[str, int]] = field(default_factory=dict)
    measures: Mapping[Cell, Measures] = field(default_factory=dict)
    flagged: Flagged = field(default_factory=Flagged)
    # The sides and everyone, merged once when the snapshot is stored (a read then merges nothing).
    merged: Mapping[str, tuple[Tallies, Measures]] = field(default_factory=dict)

    def group(self, name: str) -> tuple[Tallies, Measures]:
        """The tallies and measures of a side ("business", "it") or of everyone ("overall")."""
        if name in self.merged:
            return self.merged[name]
        cells = [cell for cell in self.tallies.keys() | self.measures.keys() if name == "overall" or cell[0] == name]
        return (
            merge(self.tallies.get(cell, {}) for cell in cells),
            merge_measures(self.measures[cell] for cell in cells if cell in self.measures),
        )

    @classmethod
    def from_sources(
        cls,
        *,
        sources: Mapping[Cell, Mapping[str, int]],
        tallies: Mapping[Cell, Tallies],
        measures: Mapping[Cell, Measures] | None = None,
        flagged: Flagged | None = None,
    ) -> CampaignAggregates:
        return cls(
            counts={cell: sum(by_source.values()) for cell, by_source in sources.items()},
            tallies=tallies,
            online={
                cell: sum(n for source, n in by_source.items() if source in ONLINE_SOURCES)
                for cell, by_source in sources.items()
            },
            sources=sources,
            measures=measures or {},
            flagged=flagged or Flagged(),
        )

    def __add__(self, other: CampaignAggregates) -> CampaignAggregates:
        """Both campaigns' (or batches') responses together, cell by cell."""
        return CampaignAggregates.from_sources(
            sources=_cells_add(self.sources, other.sources, _sources_add),
            tallies=_cells_add(self.tallies, other.tallies, lambda a, b: merge([a, b])),
            measures=_cells_add(self.measures, other.measures, lambda a, b: a + b),
            flagged=self.flagged + other.flagged,
        )

    def without_flagged(self) -> CampaignAggregates:
        """The same campaign with its flagged respondents left out (assessments.scoring decides
        when that is allowed: it must not let two readings differ by fewer than threshold people)."""
        flagged = self.flagged
        sources = {
            cell: {source: n - flagged.sources.get(cell, {}).get(source, 0) for source, n in by_source.items()}
            for cell, by_source in self.sources.items()
        }
        sources = {cell: s for cell, s in sources.items() if sum(s.values()) > 0}
        tallies = {
            cell: {key: tally - flagged.tallies.get(cell, {}).get(key, Tally()) for key, tally in cell_tallies.items()}
            for cell, cell_tallies in self.tallies.items()
            if cell in sources
        }
        measures = {
            cell: m - flagged.measures[cell] if cell in flagged.measures else m
            for cell, m in self.measures.items()
            if cell in sources
        }
        return CampaignAggregates.from_sources(sources=sources, tallies=tallies, measures=measures)

    # Stored form (assessments.models.PublishedSnapshot.data): lists of rows, since JSON object
    # keys are strings and cells and items are tuples, packed into JSON text (`_pack`).
    def to_json(self) -> dict[str, Any]:
        flagged = _pack(
            {
                "sources": _sources_rows(self.flagged.sources),
                "tallies": _tallies_rows(self.flagged.tallies),
                "measures": [
                    [side, department, m.to_json()] for (side, department), m in self.flagged.measures.items()
                ],
            }
        )
        packed = {
            "version": SNAPSHOT_VERSION,
            "sources": _sources_rows(self.sources),
            "tallies": _tallies_rows(self.tallies),
            "measures": [[side, department, m.to_json()] for (side, department), m in self.measures.items()],
            "merged": {
                name: {"tallies": _tallies_rows({(name, ""): tallies}), "measures": measures.to_json()}
                for name in GROUPS
                for tallies, measures in [self.group(name)]
            },
            # Packed once more: a read parses it only to leave flagged respondents out.
            "flagged": flagged,
        }
        return {"version": SNAPSHOT_VERSION, "packed": _pack(packed)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CampaignAggregates:
        found = cls.from_packed(data.get("packed"))
        if found is None:
            raise ValueError(f"Not a snapshot stored in version {SNAPSHOT_VERSION}.")
        return found

    @classmethod
    def from_packed(cls, packed: str | None) -> CampaignAggregates | None:
        """From the stored form's packed text (`to_json`); None when there is none or it was
        stored in another version (rebuild it)."""
        main = json.loads(packed) if packed is not None else None
        if not isinstance(main, dict) or main.get("version") != SNAPSHOT_VERSION:
            return None
        found = cls.from_sources(
            sources=_sources_of(main["sources"]),
            tallies=_tallies_of(main["tallies"]),
            measures={(side, department): Measures.from_json(m) for side, department, m in main["measures"]},
            flagged=_PackedFlagged(main["flagged"]),
        )
        merged = {
            name: (_tallies_of(group["tallies"]).get((name, ""), {}), Measures.from_json(group["measures"]))
            for name, group in main["merged"].items()
        }
        return replace(found, merged=merged)


def _pack(data: Mapping[str, Any]) -> str:
    """JSON text in the jsonb column rather than a JSON object: PostgreSQL keeps every number of
    an object as a numeric and writes each one out as text again on every read (some 20,000, about
    1 ms of a 2.8 ms read at 10,000 responses); a string is copied out as it is (bench/results.md)."""
    return json.dumps(data, separators=(",", ":"))


class _PackedFlagged(Flagged):
    """The flagged part of a stored snapshot, parsed on first use: a read leaves flagged
    respondents out only when asked to (campaign setting) and allowed to."""

    def __init__(self, packed: str) -> None:
        object.__setattr__(self, "_packed", packed)

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set yet: the fields, until the first of them is read.
        if name not in ("sources", "tallies", "measures"):
            raise AttributeError(name)
        data = json.loads(self._packed)
        object.__setattr__(self, "sources", _sources_of(data["sources"]))
        object.__setattr__(self, "tallies", _tallies_of(data["tallies"]))
        object.__setattr__(
            self, "measures", {(side, department): Measures.from_json(m) for side, department, m in data["measures"]}
        )
        return object.__getattribute__(self, name)


def _sources_rows(sources: Mapping[Cell, Mapping[str, int]]) -> list[list[Any]]:
    return [
        [side, department, source, n]
        for (side, department), by_source in sources.items()
        for source, n in by_source.items()
    ]


def _sources_of(rows: Iterable[Sequence[Any]]) -> dict[Cell, dict[str, int]]:
    sources: dict[Cell, dict[str, int]] = {}
    for side, department, source, n in rows:
        sources.setdefault((side, department), {})[source] = n
    return sources


def _tallies_rows(tallies: Mapping[Cell, Tallies]) -> list[list[Any]]:
    return [
        [side, department, code, aspect, t.n, t.total, t.dk, t.na, t.sq, list(t.values)]
        for (side, department), cell_tallies in tallies.items()
        for (code, aspect), t in cell_tallies.items()
    ]


def _tallies_of(rows: Iterable[Sequence[Any]]) -> dict[Cell, dict[tuple[str, str], Tally]]:
    tallies: dict[Cell, dict[tuple[str, str], Tally]] = {}
    cell: Cell | None = None
    group: dict[tuple[str, str], Tally] = {}
    for side, department, code, aspect, n, total, dk, na, sq, values in rows:
        if cell != (side, department):  # rows come cell by cell (_tallies_rows)
            cell = (side, department)
            group = tallies.setdefault(cell, {})
        group[(code, aspect)] = Tally(n, total, dk, na, sq, tuple(values))
    return tallies
