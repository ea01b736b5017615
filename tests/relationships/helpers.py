"""Hand-made relationship answers and a scores view around them, for pure tests of the slice."""

from __future__ import annotations

from assessments.slices import Scope, View
from assessments.texts import InstrumentTexts
from brmportal.lib.scoring import Dimension, ItemMeta, Tallies, Tally
from relationships.scoring import MODELS
from tests.helpers import slice_view

# Two statements per model, as in a short instrument (codes of the bundled content).
ITEMS = tuple(
    ItemMeta(code=f"REL-{model[:3].upper()}-{i}", kind="relationship", dimension=model, aspects=("today", "desired"))
    for model in MODELS
    for i in (1, 2)
)
DIMENSIONS = {model: Dimension(code=model, effort="high" if model == "peer" else "medium") for model in MODELS}
# today: passive 4.0, provider 3.0, partner 2.0, peer 1.0 (index 10/6)
TODAY = {"passive": 32, "provider": 24, "partner": 16, "peer": 8}
# desired: passive 1.5, provider 2.5, partner 4.5, peer 4.0 (index 26/8.5)
DESIRED = {"passive": 12, "provider": 20, "partner": 36, "peer": 32}


def tallies(aspect: str, totals: dict[str, int], n: int = 4) -> dict[tuple[str, str], Tally]:
    """Each model's two statements answered by `n` people; `totals[model]` is the sum over both."""
    result = {}
    for model, total in totals.items():
        first, second = [item.code for item in ITEMS if item.dimension == model]
        result[(first, aspect)] = Tally(n=n, total=total // 2)
        result[(second, aspect)] = Tally(n=n, total=total - total // 2)
    return result


def answers(today: dict[str, int] | None = None, desired: dict[str, int] | None = None) -> Tallies:
    return {**tallies("today", today or {}), **tallies("desired", desired or {})}


def scope(groups: dict[str, Tallies | None]) -> Scope:
    return Scope(items=ITEMS, dimensions=DIMENSIONS, groups=groups)


def view(result, texts: InstrumentTexts, notes: dict[str, str], responses: dict[str, int]) -> View:
    return slice_view("relationship", result, texts, notes=notes, responses=responses)
