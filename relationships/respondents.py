"""One respondent's reading of the relationship ladder (docs/scoring.md section 1): their own
level per aspect, their best-fitting model and the acquiescence flag. Summed into the snapshot
by `assessments.profiles` without keeping any one person's figure; a group's index is the mean
of these levels (`relationships.scoring`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from brmportal.lib.aggregates import Measures, Sums
from brmportal.lib.scoring import ItemMeta, Tallies, Tally
from relationships.results import NO_MODEL
from relationships.scoring import (
    ACQUIESCENCE,
    ACQUIESCENCE_FLAG,
    AGREE,
    ASPECTS,
    EPS,
    MODELS,
    acquiescence_mark,
    fit_mark,
    level_key,
    model_tallies,
    relationship_items,
)


def _acquiesces(items: Sequence[ItemMeta], tallies: Tallies, aspect: str) -> bool:
    """One respondent gives 4+ to a model's reversed statement and to the mean of its forward ones."""
    rel = relationship_items(items)
    for model in MODELS:
        answered = [(i, t) for i in rel if i.dimension == model and (t := tallies.get((i.code, aspect))) and t.n]
        forward = sum((t for i, t in answered if not i.reversed), Tally())
        agrees = any(i.reversed and (t.mean or 0) >= ACQUIESCENCE - EPS for i, t in answered)
        if agrees and (mean := forward.mean) is not None and mean >= ACQUIESCENCE - EPS:
            return True
    return False


def respondent_level(means: Mapping[str, float | None]) -> int | None:
    """The highest ladder position k whose model the respondent agrees with (mean >= AGREE)."""
    agreed = [k for k, model in enumerate(MODELS, start=1) if (m := means.get(model)) is not None and m >= AGREE - EPS]
    return max(agreed) if agreed else None


def respondent_figures(items: Sequence[ItemMeta], tallies: Tallies) -> tuple[dict[str, float], list[str]]:
    """One respondent's level per aspect ("relationship:level:today": 3) and marks: their fit per
    aspect ("fit:today:partner", "fit:today:none" when they rated statements but agree with no
    model; no mark for an aspect they did not rate), "flag:acquiescence" and, where the
    statements include reversed ones, the aspects it was found in ("acquiescence:today")."""
    figures: dict[str, float] = {}
    marks: list[str] = []
    reversed_items = any(i.reversed for i in relationship_items(items))
    for aspect in ASPECTS:
        means = {m: t.mean for m, t in model_tallies(items, tallies, aspect).items()}
        if all(mean is None for mean in means.values()):
            continue
        level = respondent_level(means)
        if level is not None:
            figures[level_key(aspect)] = float(level)
        marks.append(fit_mark(aspect, MODELS[level - 1] if level else NO_MODEL))
        passive, peer = means["passive"], means["peer"]
        both = passive is not None and peer is not None and min(passive, peer) >= ACQUIESCENCE - EPS
        if reversed_items and (both or _acquiesces(items, tallies, aspect)):
            marks.append(acquiescence_mark(aspect))
            both = True
        if both and ACQUIESCENCE_FLAG not in marks:
            marks.append(ACQUIESCENCE_FLAG)
    return figures, marks


def respondent_measures(items: Sequence[ItemMeta], tallies: Tallies) -> Measures:
    """A respondent's own figures as a group of one (their summary page)."""
    figures, marks = respondent_figures(items, tallies)
    return Measures(
        sums={key: Sums(1, value, value * value) for key, value in figures.items()},
        counts=dict.fromkeys(marks, 1),
    )
