"""Each respondent's own figures, summed per group: what means alone cannot give (pure; no ORM).

A mean over several items pools answers, but answers of one respondent are not independent, so
a scale's interval comes from the spread of respondents' own scale scores; Cronbach's alpha
needs each respondent's item total; the share of respondents whose answers fit each
relationship model and the response-style flags are per respondent by nature. This module turns
one respondent's answers into `Measures`, which add up per side x department like tallies, so
the published snapshot keeps sums only and a read stays one query (docs/scoring.md).

Flags (never a silent drop: flagged respondents are counted and kept unless the BRM leaves them
out, see assessments.scoring):
- `flag:straight_line`: at least STRAIGHT_LINE_MIN numeric answers, all the same value.
- the slices' own flags, e.g. the relationship's `flag:acquiescence`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments.slices import scale_key, slices
from brmportal.lib.aggregates import AlphaSums, CampaignAggregates, Cell, Flagged, Measures, Sums
from brmportal.lib.scoring import ItemMeta, Tallies, Tally

# Fewer answers than this, all equal, can be an honest view; this many cannot be told apart from
# clicking down one column.
STRAIGHT_LINE_MIN = 10
FLAG = "flag:"
RESPONDENTS = "respondents"
FLAGGED = "flagged"


@dataclass(frozen=True)
class Scale:
    """A scale of one aspect: its Measures key, and its items in a fixed order (for alpha)."""

    name: str
    aspect: str
    codes: tuple[str, ...]
    # Per code, min + max for a reverse-keyed item (it counts as min + max - x), 0 for the others;
    # empty when the scale has none.
    flips: tuple[int, ...] = ()


def instrument_scales(items: Sequence[ItemMeta]) -> tuple[Scale, ...]:
    """Every slice's scales, one per aspect its items are asked for."""
    aspects = {item.code: item.aspects for item in items}
    flips = {item.code: item.scale_min + item.scale_max for item in items if item.reversed}
    found = []
    for instrument in slices():
        for name, codes in instrument.scales(items).items():
            for aspect in dict.fromkeys(a for code in codes for a in aspects.get(code, ())):
                flip = tuple(flips.get(code, 0) for code in codes) if flips.keys() & set(codes) else ()
                found.append(Scale(name=name, aspect=aspect, codes=tuple(codes), flips=flip))
    return tuple(found)


def respondent_measures(
    items: Sequence[ItemMeta], scales: Sequence[Scale], tallies: Tallies, side: str
) -> tuple[Measures, bool]:
    """One respondent's Measures (to be summed per group) and whether they are flagged.

    `tallies` are their own answers in a group's shape (one answer per item aspect).
    """
    sums: dict[str, Sums] = {}
    alpha: dict[str, AlphaSums] = {}
    counts: dict[str, int] = {RESPONDENTS: 1}
    for scale in scales:
        if scale.flips:
            values = [
                flip - t.total if flip else t.total
                for code, flip in zip(scale.codes, scale.flips, strict=True)
                if (t := tallies.get((code, scale.aspect), _EMPTY)).n
            ]
        else:
            values = [t.total for code in scale.codes if (t := tallies.get((code, scale.aspect), _EMPTY)).n]
        if not values:
            continue
        mean = sum(values) / len(values)
        sums[scale_key(scale.name, scale.aspect)] = Sums(1, mean, mean * mean)
        if len(values) == len(scale.codes) and len(values) > 1:
            total = float(sum(values))
            alpha[f"{scale.name}:{scale.aspect}"] = AlphaSums(
                1, tuple(float(v) for v in values), tuple(float(v * v) for v in values), total, total * total
            )
    for instrument in slices():
        own = [item for item in items if item.kind == instrument.kind]
        figures, marks = instrument.respondent_figures(own, tallies, side)
        for key, value in figures.items():
            sums[key] = Sums(1, value, value * value)
        for mark in marks:
            counts[mark] = 1
    numeric = [t.total for t in tallies.values() if t.n]
    if len(numeric) >= STRAIGHT_LINE_MIN and len(set(numeric)) == 1:
        counts[f"{FLAG}straight_line"] = 1
    flagged = any(key.startswith(FLAG) for key in counts)
    if flagged:
        counts[FLAGGED] = 1
    return Measures(sums=sums, counts=counts, alpha=alpha), flagged


_EMPTY = Tally()


def answer_tally(value: int | None, special: str) -> Tally:
    """One answer as a tally: numeric, "don't know" or "not applicable"."""
    if value is not None:
        return Tally.of_answers(value)
    return Tally(0, 0, int(special == "dk"), int(special == "na"))


class RespondentSums:
    """Respondents' own figures added up per side x department, one respondent at a time.

    Only sums are kept. `answers=True` also counts the answers per item (what the database
    counts in production), which gives whole `CampaignAggregates` from plain data for tests.
    """

    def __init__(self, items: Sequence[ItemMeta], *, answers: bool = False) -> None:
        self.items = items
        self.scales = instrument_scales(items)
        self.answers = answers
        self.measures: dict[Cell, Measures] = {}
        self.tallies: dict[Cell, dict[tuple[str, str], Tally]] = {}
        self.sources: dict[Cell, dict[str, int]] = {}
        self.flagged_sources: dict[Cell, dict[str, int]] = {}
        self.flagged_tallies: dict[Cell, dict[tuple[str, str], Tally]] = {}
        self.flagged_measures: dict[Cell, Measures] = {}

    def add(self, cell: Cell, source: str, tallies: Mapping[tuple[str, str], Tally]) -> None:
        own, flagged = respondent_measures(self.items, self.scales, tallies, cell[0])
        _add_measures(self.measures, cell, own)
        if self.answers:
            _add_tallies(self.tallies, cell, tallies)
            _count(self.sources, cell, source)
        if flagged:
            _count(self.flagged_sources, cell, source)
            _add_measures(self.flagged_measures, cell, own)
            _add_tallies(self.flagged_tallies, cell, tallies)

    def flagged(self) -> Flagged:
        return Flagged(sources=self.flagged_sources, tallies=self.flagged_tallies, measures=self.flagged_measures)

    def aggregates(self) -> CampaignAggregates:
        """Everything added, as the snapshot would hold it (needs `answers=True`)."""
        return CampaignAggregates.from_sources(
            sources=self.sources, tallies=self.tallies, measures=self.measures, flagged=self.flagged()
        )


def _add_measures(found: dict[Cell, Measures], cell: Cell, measures: Measures) -> None:
    found[cell] = found[cell] + measures if cell in found else measures


def _add_tallies(
    found: dict[Cell, dict[tuple[str, str], Tally]], cell: Cell, tallies: Mapping[tuple[str, str], Tally]
) -> None:
    cell_tallies = found.setdefault(cell, {})
    for key, tally in tallies.items():
        cell_tallies[key] = cell_tallies[key] + tally if key in cell_tallies else tally


def _count(found: dict[Cell, dict[str, int]], cell: Cell, source: str) -> None:
    by_source = found.setdefault(cell, {})
    by_source[source] = by_source.get(source, 0) + 1


def flag_counts(measures: Mapping[str, Measures | None]) -> dict[str, dict[str, int]]:
    """Per group, how many respondents carry each flag and how many are flagged at all."""
    return {
        group: {
            key: n for key, n in sorted(m.counts.items(), key=_stored_order) if key.startswith(FLAG) or key == FLAGGED
        }
        for group, m in measures.items()
        if m is not None
    }


def _stored_order(item: tuple[str, int]) -> tuple[int, bytes]:
    """Shortest first, then bytewise: the order PostgreSQL's jsonb gave these keys back from a
    snapshot stored as a JSON object, kept now that the snapshot is read as text and whatever
    the path (counted live, SQLite)."""
    key = item[0].encode()
    return len(key), key
