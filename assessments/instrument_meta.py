"""What scoring needs of an instrument version: items, dimensions and weights, detached from the ORM.

Apart from assessments.scoring so the aggregating reads (assessments.selectors.aggregates), which
work out each respondent's own figures (assessments.profiles), can use it without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessments.models import Instrument, Item
from assessments.selectors.instruments import instrument_items
from assessments.slices import Scope
from brmportal.lib.aggregates import Measures
from brmportal.lib.scoring import Dimension, ItemMeta, Tallies


@dataclass(frozen=True)
class InstrumentMeta:
    """What scoring needs of an instrument version: items, dimensions and weights, no words."""

    items: tuple[ItemMeta, ...]
    dimensions: Mapping[str, Mapping[str, Dimension]]
    weights: Mapping[str, float]

    def scope(
        self,
        kind: str,
        groups: Mapping[str, Tallies | None],
        form: str,
        measures: Mapping[str, Measures | None] | None = None,
    ) -> Scope:
        return Scope(
            items=tuple(item for item in self.items if item.kind == kind),
            dimensions=self.dimensions.get(kind, {}),
            groups=groups,
            form=form,
            measures=measures or {},
        )


def item_meta(item: Item) -> ItemMeta:
    data = item.data
    return ItemMeta(
        code=item.code,
        kind=item.kind,
        dimension=item.dimension,
        group=item.group,
        aspects=tuple(item.aspects),
        scale_min=item.scale_min,
        scale_max=item.scale_max,
        effort=data.get("effort", "medium"),
        weight=float(data.get("weight", 1.0)),
        form=data.get("form", ""),
        level=data.get("level", ""),
    )


def instrument_meta(*, instrument: Instrument) -> InstrumentMeta:
    """Items (from the per-process structure cache) and the content's dimensions and weights."""
    content = instrument.content
    dimensions = {
        kind: {
            d["code"]: Dimension(code=d["code"], effort=d.get("effort", "medium"), weight=float(d.get("weight", 1.0)))
            for d in doc.get("dimensions", [])
        }
        for kind, doc in content["instruments"].items()
    }
    return InstrumentMeta(
        items=tuple(item_meta(item) for item in instrument_items(instrument=instrument)),
        dimensions=dimensions,
        weights={kind: float(w) for kind, w in content["overview"]["weights"].items()},
    )
