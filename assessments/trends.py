"""Trends across every round of an organisation (issue #19 item 3): lining the rounds up.

A round is a campaign of the organisation with published results, created up to and including
the campaign read, oldest first (`assessments.selectors.trends` reads them and their stored
scores). Every figure the comparison with the previous campaign knows
(`assessments.presentation.figures`: relationship index per side and aspect, behaviours, BiSL
clusters and sides, trust, maturity; keyed the same way) and every item aspect per side becomes
a `Line`: its value per round with n and the 95 % interval, nothing where that round did not
show it (its own anonymity rules, or no answers). Items line up across content versions by their
code, else through the content's `replaces` (docs/scoring.md, "Versions"): a successor of one
predecessor continues its line ("rewritten"), each part of a split continues it too ("split"),
and a successor of several (a merge) starts a line of its own.

Pure: no ORM, no rounding; the only words are those of the figures the caller hands in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assessments.item_stats import ItemStats
from assessments.results import rounded
from assessments.slices import Figure
from brmportal.lib.scoring import GROUP_NAMES, SIDES, Tally
from brmportal.lib.stats import MIN_VARIANCE, Difference, Estimate, welch

REWRITTEN = "rewritten"
SPLIT = "split"


@dataclass(frozen=True)
class RoundRef:
    campaign_id: int
    name: str
    created_at: datetime
    version: str
    responses: Mapping[str, int]


@dataclass(frozen=True)
class RoundInput:
    """What `trend_build` reads of one round: its figures (worded by the caller), its item
    statistics (`CampaignScores.items`), every item code of its version in questionnaire order,
    and each item's predecessors (`replaces`)."""

    ref: RoundRef
    figures: Sequence[Figure]
    items: Sequence[ItemStats]
    codes: Sequence[str]
    replaces: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Point:
    """A line's figure in one round; `value` None when the round did not show it. `code`: the
    item code that round asked (a predecessor's where the line continues one)."""

    value: float | None = None
    estimate: Estimate | None = None
    words: str = ""
    code: str = ""

    @property
    def shown(self) -> bool:
        return self.value is not None or bool(self.words)


@dataclass(frozen=True)
class Movement:
    """From round `start` to round `end` (indices into the rounds): the change and Welch's
    difference (None when either round has no interval: maturity, or a single answer)."""

    start: int
    end: int
    delta: float
    difference: Difference | None
    before: Point
    after: Point

    @property
    def clear(self) -> bool:
        return self.difference is not None and self.difference.clear


@dataclass(frozen=True)
class Line:
    """One figure (`key` as `figures` keys it) or one item aspect of one side ("item.<code>.<aspect>.<side>")."""

    key: str
    group: str
    points: tuple[Point, ...]
    heading: str = ""
    label: str = ""
    decimals: int = 2
    kind: str = ""  # an item's instrument kind; "" for a figure
    code: str = ""
    aspect: str = ""
    continues: str = ""  # REWRITTEN or SPLIT: an earlier round asked a predecessor

    @property
    def words(self) -> bool:
        return any(p.words for p in self.points)

    def movement(self, start: int) -> Movement | None:
        """From round `start` to the last round; None unless both show a number."""
        end = len(self.points) - 1
        if start < 0 or start >= end:
            return None
        before, after = self.points[start], self.points[end]
        if before.value is None or after.value is None:
            return None
        return Movement(start, end, after.value - before.value, welch(after.estimate, before.estimate), before, after)

    @property
    def since_first(self) -> Movement | None:
        """From the first round that shows the figure (a figure hidden in the first round, or an
        item new since, starts later) to the last."""
        first = next((i for i, p in enumerate(self.points) if p.value is not None), -1)
        return self.movement(first)

    @property
    def since_previous(self) -> Movement | None:
        return self.movement(len(self.points) - 2)


@dataclass(frozen=True)
class Trend:
    department: str | None
    rounds: tuple[RoundRef, ...]
    figures: tuple[Line, ...]
    items: tuple[Line, ...]


# --- Figures ---------------------------------------------------------------------------------


def figure_lines(rounds: Sequence[RoundInput]) -> tuple[Line, ...]:
    """One line per figure key, in the last round's order (keys only earlier rounds had after),
    labelled as the last round that has it; none for a figure no round shows."""
    by_round = [{f.key: f for f in r.figures} for r in rounds]
    keys = list(dict.fromkeys(f.key for r in reversed(rounds) for f in r.figures))
    order = {f.key: i for i, f in enumerate(rounds[-1].figures)}
    keys.sort(key=lambda k: order.get(k, len(order)))
    lines = []
    for key in keys:
        found = [figures.get(key) for figures in by_round]
        points = tuple(Point(f.value, f.estimate, f.words) if f is not None else Point() for f in found)
        if not any(p.shown for p in points):
            continue
        named = next(f for f in reversed(found) if f is not None)
        lines.append(Line(key, named.group, points, heading=named.heading, label=named.label, decimals=named.decimals))
    return tuple(lines)


# --- Items -----------------------------------------------------------------------------------


def lineage(
    code: str, rounds_codes: Sequence[frozenset[str]], replaces: Mapping[str, Sequence[str]]
) -> tuple[tuple[str | None, ...], str]:
    """The code that stands for `code` in each round (None: the round has no such item), and how
    the line continues an earlier code ("" when every round asked `code` itself; SPLIT when a
    predecessor was split into several items, else REWRITTEN). Only a single predecessor is
    followed: an item merged from several has no earlier figure to continue."""
    successors: dict[str, set[str]] = {}
    for new, old in replaces.items():
        for predecessor in old:
            successors.setdefault(predecessor, set()).add(new)
    found: list[str | None] = []
    how = ""
    for codes in rounds_codes:
        current: str | None = code
        seen, steps = {code}, []
        while current is not None and current not in codes:
            before = replaces.get(current, ())
            # A cycle (an uploaded version naming a later code as its predecessor) ends the walk.
            current = before[0] if len(before) == 1 and before[0] not in seen else None
            if current is not None:
                seen.add(current)
                steps.append(SPLIT if len(successors.get(current, ())) > 1 else REWRITTEN)
        found.append(current)
        if current is not None and steps:
            how = SPLIT if SPLIT in steps or how == SPLIT else REWRITTEN
    return tuple(found), how


def item_estimate(stats: ItemStats, side: str) -> Estimate | None:
    """A side's mean answer to an item aspect with its interval, with the variance floor every
    interval gets (so two unanimous rounds are not called clearly apart)."""
    counts = stats.counts[GROUP_NAMES.index(side)] if stats.answered_by(side) else None
    if counts is None:
        return None
    tally = Tally(*counts)
    return Estimate.of(tally.n, tally.total, tally.sq, MIN_VARIANCE, stats.scale)


def item_lines(rounds: Sequence[RoundInput]) -> tuple[Line, ...]:
    """One line per item aspect and side of the last round's version, in questionnaire order,
    continued through `lineage`; none for an item aspect no round shows for that side."""
    replaces: dict[str, Sequence[str]] = {}
    for r in rounds:
        replaces.update(r.replaces)
    stats = [{(s.code, s.aspect): s for s in r.items} for r in rounds]
    rounds_codes = [frozenset(r.codes) for r in rounds]
    lines = []
    for code in rounds[-1].codes:
        codes, how = lineage(code, rounds_codes, replaces)
        aspects = list(dict.fromkeys(a for found, c in zip(stats, codes, strict=True) for (k, a) in found if k == c))
        for aspect in aspects:
            for side in SIDES:
                points = []
                for found, c in zip(stats, codes, strict=True):
                    entry = found.get((c, aspect)) if c is not None else None
                    estimate = item_estimate(entry, side) if entry is not None else None
                    points.append(Point(estimate.mean if estimate else None, estimate, code=c or ""))
                if not any(p.shown for p in points):
                    continue
                kind = next(s.kind for found in stats for s in found.values() if s.code in codes)
                continued = how if any(p.code not in ("", code) and p.shown for p in points) else ""
                lines.append(
                    Line(
                        f"item.{code}.{aspect}.{side}",
                        side,
                        tuple(points),
                        kind=kind,
                        code=code,
                        aspect=aspect,
                        continues=continued,
                    )
                )
    return tuple(lines)


def trend_build(*, rounds: Sequence[RoundInput], department: str | None = None) -> Trend:
    """Every line of the rounds (at least two, oldest first)."""
    return Trend(
        department=department,
        rounds=tuple(r.ref for r in rounds),
        figures=figure_lines(rounds),
        items=item_lines(rounds),
    )


# --- JSON ------------------------------------------------------------------------------------


def _point_json(point: Point, item: bool) -> dict[str, Any] | None:
    if not point.shown:
        return None
    estimate = point.estimate
    found: dict[str, Any] = {
        "value": point.value,
        "n": estimate.n if estimate is not None else None,
        "ci": list(ci) if estimate is not None and (ci := estimate.ci) else None,
    }
    if point.words:
        found["words"] = point.words
    if item:
        found["code"] = point.code
    return found


def _movement_json(movement: Movement | None, rounds: Sequence[RoundRef]) -> dict[str, Any] | None:
    if movement is None:
        return None
    difference = movement.difference
    return {
        "from": rounds[movement.start].campaign_id,
        "to": rounds[movement.end].campaign_id,
        "delta": movement.delta,
        "ci": [difference.low, difference.high] if difference is not None and difference.low is not None else None,
        "clear": movement.clear,
    }


def _lines_json(lines: Iterable[Line], rounds: Sequence[RoundRef], item: bool) -> list[dict[str, Any]]:
    found = []
    for line in lines:
        head: dict[str, Any] = (
            {"code": line.code, "aspect": line.aspect, "side": line.group, "continues": line.continues or None}
            if item
            else {"key": line.key, "group": line.group}
        )
        found.append(
            {
                **head,
                "values": [_point_json(p, item) for p in line.points],
                "since_first": _movement_json(line.since_first, rounds),
                "since_previous": _movement_json(line.since_previous, rounds),
            }
        )
    return found


def trend_json(trend: Trend | None) -> dict[str, Any] | None:
    """The `trend` key of the scores JSON (docs/api.md): null with fewer than two rounds; numbers
    rounded to 2 decimals like the rest of it."""
    if trend is None:
        return None
    rounds = trend.rounds
    data = {
        "department": trend.department,
        "rounds": [
            {
                "campaign_id": r.campaign_id,
                "name": r.name,
                "created_at": r.created_at.isoformat(),
                "instrument_version": r.version,
                "responses": dict(r.responses),
            }
            for r in rounds
        ],
        "figures": _lines_json(trend.figures, rounds, item=False),
        "items": _lines_json(trend.items, rounds, item=True),
    }
    return rounded(data)
