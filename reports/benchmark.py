""" "You vs the benchmark" (issue #20 item 5), built once for the dashboard's card and the PDF's
section: the campaign's figures beside the quartiles of the organisations that take part.

Shown only to a contributor (`assessments.selectors.benchmark.benchmark_for`), for the whole
campaign (a department's figures are not what organisations contribute), and only for the cells
the current version has. Every figure is read rounded as the comparison with the previous
campaign reads it, and where it falls is worded from those same digits.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.benchmark import BenchmarkSnapshot
from assessments.benchmark_rules import (
    BOTTOM,
    LOWER_MIDDLE,
    MEDIAN,
    MIN_ORGANISATIONS,
    QUARTILES,
    TOP,
    UPPER_MIDDLE,
    item_key,
    position,
)
from assessments.models import Campaign
from assessments.presentation import figures
from assessments.results import CampaignScores
from assessments.selectors.benchmark import benchmark_for
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import MEAN_PLACES, decimal
from brmportal.lib.labels import ALL_ASPECT_LABELS, SIDE_LABELS, SIDES


def _position_words() -> dict[str, str]:
    return {
        BOTTOM: _("below the 25th percentile"),
        LOWER_MIDDLE: _("between the 25th percentile and the median"),
        MEDIAN: _("at the median"),
        UPPER_MIDDLE: _("between the median and the 75th percentile"),
        TOP: _("above the 75th percentile"),
    }


def _row(heading: str, label: str, value: float | None, cell: dict[str, float], places: int) -> dict[str, Any]:
    where = position(value, cell, places) if value is not None else ""
    return {
        "heading": heading,
        "label": label,
        "you": value,
        "you_text": decimal(value, places) if value is not None else _("not shown"),
        **{f"{name}_text": decimal(cell[name], places) for name in QUARTILES},
        "organisations": int(cell["organisations"]),
        "position": where,
        "position_text": _position_words()[where] if where else "",
    }


def benchmark_build(*, benchmark: BenchmarkSnapshot, scores: CampaignScores, texts: InstrumentTexts) -> dict[str, Any]:
    """The campaign's headline figures (`rows`: the relationship index per side and aspect, the
    scales, trust, maturity) and its items per side (`items`) beside the benchmark's cells (pure)."""
    rows = [
        _row(figure.heading, figure.label, figure.value, cell, min(figure.decimals, MEAN_PLACES))
        for figure in figures(scores, texts)
        if not figure.words and (cell := benchmark.cells.get(figure.key)) is not None
    ]
    items = []
    for item in scores.items:
        aspect = str(ALL_ASPECT_LABELS.get(item.aspect, ""))
        for side in SIDES:
            cell = benchmark.cells.get(item_key(item.code, item.aspect, side))
            found = item.figures(side)
            if cell is None or found is None or found.estimate is None:
                continue
            title = texts.item_title(item.kind, item.code)
            label = f"{SIDE_LABELS[side]}, {aspect}" if aspect else str(SIDE_LABELS[side])
            items.append(_row(f"{item.code} {title}".strip(), label, found.estimate.mean, cell, MEAN_PLACES))
    return {
        "version": benchmark.version,
        "published_at": benchmark.published_at,
        "organisations": len(benchmark.organisations),
        "minimum": MIN_ORGANISATIONS,
        "rows": rows,
        "items": items,
    }


def benchmark_section(*, campaign: Campaign, scores: CampaignScores, texts: InstrumentTexts) -> dict[str, Any] | None:
    """The section of a campaign whose organisation sees the benchmark, or None (no query when
    the organisation does not take part, else 1)."""
    current = benchmark_for(organisation=campaign.organisation)
    if current is None:
        return None
    found = benchmark_build(benchmark=current, scores=scores, texts=texts)
    return found if found["rows"] or found["items"] else None
