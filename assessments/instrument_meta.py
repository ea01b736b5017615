"""What scoring needs of an instrument version: items, dimensions and weights, detached from the ORM.

Apart from assessments.scoring so the aggregating reads (assessments.selectors.aggregates), which
work out each respondent's own figures (assessments.profiles), can use it without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from assessments.models import Instrument, Item
from assessments.profiles import Scale, instrument_scales
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
            items=self._by_kind.get(kind, ()),
            dimensions=self.dimensions.get(kind, {}),
            groups=groups,
            form=form,
            measures=measures or {},
        )

    @cached_property
    def scales(self) -> tuple[Scale, ...]:
        """Every slice's scales (`assessments.profiles.instrument_scales`), worked out once."""
        return instrument_scales(self.items)

    @cached_property
    def _by_kind(self) -> dict[str, tuple[ItemMeta, ...]]:
        # A read scores four slices and every department row: split the items once.
        found: dict[str, list[ItemMeta]] = {}
        for item in self.items:
            found.setdefault(item.kind, []).append(item)
        return {kind: tuple(items) for kind, items in found.items()}


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
        reversed=data.get("keyed") == "reversed",
    )


def instrument_meta(*, instrument: Instrument) -> InstrumentMeta:
    """Items (from the per-process structure cache) and the content's dimensions and weights,
    built once per process and version like that structure (a version's content never changes
    under its hash)."""
    return _instrument_meta(instrument.pk, instrument.content_hash, instrument)


@lru_cache(maxsize=64)
def _instrument_meta(instrument_id: int, content_hash: str, instrument: Instrument) -> InstrumentMeta:
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
