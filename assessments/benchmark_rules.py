"""The benchmark's rules (issue #20 item 5), as plain functions over numbers: which figures an
organisation contributes, the quartiles of a cell, when a cell may be shown, and where a figure
falls. No ORM and no rounding for display; docs/scoring.md section 13 explains them to readers.

No organisation's figure may be derived from the benchmark:
1. A cell (one figure: an item's mean for a side and aspect, a scale, the relationship index per
   side and aspect...) exists only when at least MIN_ORGANISATIONS organisations contribute.
2. Versions move in batches, as campaign results do (assessments.services.snapshots): a new
   version is published only when at least MIN_ORGANISATIONS contributions joined, left or
   changed since the current one (`differing`). And cell by cell, against EVERY
   earlier version that showed the cell: its contributors and their figures differ by none or by
   at least MIN_ORGANISATIONS organisations, else the cell is held back in this version
   (`cells_build`). So comparing any two versions never isolates fewer than five organisations,
   even when organisations opt out and in again.
3. Only the quartiles are kept (interpolated, read rounded): never the lowest or the highest
   figure, which is one organisation's own and often a recognisable outlier.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessments.presentation import figures
from assessments.results import CampaignScores
from assessments.texts import InstrumentTexts
from brmportal.lib.scoring import GROUP_NAMES, SIDES

MIN_ORGANISATIONS = 5
QUARTILES = {"p25": 0.25, "p50": 0.5, "p75": 0.75}

# An organisation's figures by cell key; contributions are keyed by the organisation's id as a
# string (the JSON the versions are stored in).
Figures = Mapping[str, float]
Contributions = Mapping[str, Figures]


def item_key(code: str, aspect: str, side: str) -> str:
    """The cell of one item aspect's mean for one side: "item.REL-PAS-1.today.business"."""
    return f"item.{code}.{aspect}.{side}"


def contribution_figures(scores: CampaignScores, texts: InstrumentTexts) -> dict[str, float]:
    """What a campaign contributes: its published figures as its own readers see them, the
    anonymity rules applied (a hidden side has none).

    The headline figures every reader compares rounds with (`assessments.presentation.figures`,
    keyed as there: the relationship index per side and aspect "relationship.business.today",
    behaviour groups, BiSL clusters and maturity, trust per side, overall maturity), and each
    item aspect's mean per side (`item_key`). `texts` only word the figures' labels, unused here.
    """
    found = {figure.key: figure.value for figure in figures(scores, texts) if figure.value is not None}
    for item in scores.items:
        for side in SIDES:
            counts = item.counts[GROUP_NAMES.index(side)]
            if counts is not None and counts[0] > 0:
                found[item_key(item.code, item.aspect, side)] = counts[1] / counts[0]
    return found


def percentile(ordered: Sequence[float], share: float) -> float:
    """The `share` quantile of sorted figures, interpolated between the two nearest (Hyndman and
    Fan's type 7: numpy's default, Excel's PERCENTILE.INC)."""
    position = (len(ordered) - 1) * share
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def differing(before: Mapping[str, object], after: Mapping[str, object]) -> int:
    """Organisations (the keys) that joined, left or changed: for one cell, their figure; for a
    version, all their figures (an opt-in or a first closed round joins, an opt-out leaves, a
    newer closed round changes)."""
    return sum(1 for org in before.keys() | after.keys() if before.get(org) != after.get(org))


@dataclass(frozen=True)
class Published:
    """An earlier version as the rules need it: each organisation's figures, the cells it showed."""

    contributions: Contributions
    shown: frozenset[str]


def _values(contributions: Contributions, key: str) -> dict[str, float]:
    return {org: found[key] for org, found in contributions.items() if key in found}


def cells_build(
    *, contributions: Contributions, history: Iterable[Published], minimum: int = MIN_ORGANISATIONS
) -> tuple[dict[str, dict[str, float]], int]:
    """The cells of a new version and how many were held back (rules 1 and 2 of the module).

    Each cell: {"organisations": n, "p25", "p50", "p75"} (unrounded), only with at least `minimum`
    contributors, and only when no earlier version that showed it had between 1 and `minimum` - 1
    contributions different from this one.
    """
    earlier = list(history)
    cells: dict[str, dict[str, float]] = {}
    withheld = 0
    for key in sorted({key for found in contributions.values() for key in found}):
        values = _values(contributions, key)
        if len(values) < minimum:
            continue
        if any(0 < differing(_values(v.contributions, key), values) < minimum for v in earlier if key in v.shown):
            withheld += 1
            continue
        ordered = sorted(values.values())
        cells[key] = {"organisations": len(ordered), **{name: percentile(ordered, q) for name, q in QUARTILES.items()}}
    return cells, withheld


# Where a figure falls among the organisations' (docs/scoring.md section 13).
BOTTOM, LOWER_MIDDLE, MEDIAN, UPPER_MIDDLE, TOP = "bottom", "lower_middle", "median", "upper_middle", "top"


def position(value: float, cell: Mapping[str, float], places: int) -> str:
    """Where `value` falls against the cell's quartiles, all read with `places` decimals, so the
    words never disagree with the figures printed beside them."""
    shown = round(value, places)
    p25, p50, p75 = (round(cell[name], places) for name in QUARTILES)
    if shown < p25:
        return BOTTOM
    if shown > p75:
        return TOP
    if shown == p50:
        return MEDIAN
    return LOWER_MIDDLE if shown < p50 else UPPER_MIDDLE
