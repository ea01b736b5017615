"""Hand-made respondents and groups of them, and a scores view around a result, for pure tests.

A group is built as the portal builds it: each respondent's own answers become their tallies
and their own figures (`assessments.profiles.respondent_measures`: scale scores, the
relationship's level and marks), and a group is the sum of its respondents.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessments.profiles import answer_tally, instrument_scales, respondent_measures
from assessments.slices import Scope, View
from assessments.texts import InstrumentTexts
from brmportal.lib.aggregates import Measures, merge_measures
from brmportal.lib.scoring import Dimension, ItemMeta, Tallies, merge
from relationships.scoring import MODELS
from tests.helpers import slice_view

# Two statements per model, as in a short instrument (codes of the 2026.2 content, tests/relationships/conftest.py).
ITEMS = tuple(
    ItemMeta(code=f"REL-{model[:3].upper()}-{i}", kind="relationship", dimension=model, aspects=("today", "desired"))
    for model in MODELS
    for i in (1, 2)
)
DIMENSIONS = {model: Dimension(code=model, effort="high" if model == "peer" else "medium") for model in MODELS}
CODES = {model: [item.code for item in ITEMS if item.dimension == model] for model in MODELS}

# An answer to both statements of a model (5), to each of them ((4, 3)), or "don't know" ("dk").
Answer = int | tuple[int | str, int | str] | str
Ratings = Mapping[str, Answer]


def respondent(today: Ratings | None = None, desired: Ratings | None = None) -> Tallies:
    """One respondent's answers: per aspect, per model, both statements' values."""
    found = {}
    for aspect, ratings in (("today", today or {}), ("desired", desired or {})):
        for model, answer in ratings.items():
            values = answer if isinstance(answer, tuple) else (answer, answer)
            for code, value in zip(CODES[model], values, strict=True):
                found[(code, aspect)] = answer_tally(value if isinstance(value, int) else None, str(value))
    return found


def at_level(level: int | None, aspect: str = "today") -> Tallies:
    """A respondent whose own level is `level` (None: agrees with no model): they agree (4) with
    that model's statements and disagree (2) with every other model's."""
    ratings = {model: 4 if k == level else 2 for k, model in enumerate(MODELS, start=1)}
    return respondent(**{aspect: ratings})


def levels_of(aspect: str, *values: int | None) -> list[Tallies]:
    """Respondents at these levels for one aspect (to be joined with another aspect's)."""
    return [at_level(value, aspect) for value in values]


def group(*respondents: Tallies) -> tuple[Tallies, Measures]:
    """A group's tallies and measures: the sums of its respondents'."""
    scales = instrument_scales(ITEMS)
    measures = [respondent_measures(ITEMS, scales, tallies, "business")[0] for tallies in respondents]
    return merge(respondents), merge_measures(measures)


def levels(*values: int | None, aspect: str = "today") -> tuple[Tallies, Measures]:
    """A group of respondents at these levels."""
    return group(*(at_level(value, aspect) for value in values))


def scope(
    business: tuple[Tallies, Measures] | None = None,
    it: tuple[Tallies, Measures] | None = None,
    overall: tuple[Tallies, Measures] | None | bool = True,
) -> Scope:
    """A scope of the two sides; everyone is their merge (True), hidden (None) or given."""
    sides = {"business": business, "it": it}
    if overall is True:
        shown = [found for found in sides.values() if found is not None]
        overall = (merge(t for t, _ in shown), merge_measures(m for _, m in shown)) if shown else None
    groups = {**sides, "overall": overall if isinstance(overall, tuple) else None}
    return Scope(
        items=ITEMS,
        dimensions=DIMENSIONS,
        groups={name: found[0] if found else None for name, found in groups.items()},
        measures={name: found[1] if found else None for name, found in groups.items()},
    )


def view(result, texts: InstrumentTexts, notes: dict[str, str], responses: dict[str, int]) -> View:
    return slice_view("relationship", result, texts, notes=notes, responses=responses)
