"""How the demo's synthetic answers are drawn (`assessments.demo`).

The answers differ by side the way real assessments tend to: each side rates itself higher than
the other side rates it, the business sees today's relationship as more passive than IT does,
and both want a partner.

They also hang together the way real answers do: each respondent has a disposition per scale
(a relationship model and aspect, a behaviour group, the BiSL practices per aspect, trust),
drawn once, which moves all their answers on that scale together; each answer adds its own
noise. The two spreads are split so that a scale of k items has a Cronbach's alpha of about
TARGET_ALPHA before answers are rounded to whole points (which lowers it a little), as a
well-built questionnaire does; independent draws per answer would give alphas near 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence

from assessments.models import Item
from assessments.selectors.instruments import Page

# A scale as `latent_scale` names it: (kind, model or group or "", aspect).
Scale = tuple[str, str, str]

# Mean answer per (side, what is rated). Relationship: per model and aspect.
RELATIONSHIP_MEANS = {
    "business": {
        "today": {"passive": 3.9, "provider": 3.2, "partner": 2.2, "peer": 1.6},
        "desired": {"passive": 1.7, "provider": 2.9, "partner": 4.3, "peer": 3.4},
    },
    "it": {
        "today": {"passive": 2.9, "provider": 3.8, "partner": 2.9, "peer": 1.8},
        "desired": {"passive": 1.5, "provider": 2.6, "partner": 4.4, "peer": 3.9},
    },
}
# Behaviours: a side rating its own group (self), the other side's (mirror), enterprise.
BEHAVIOUR_MEANS = {"self": 3.8, "mirror": 2.7, "enterprise": 3.0}
PRACTICE_MEANS = {"business": {"current": 2.3, "target": 3.9}, "it": {"current": 2.7, "target": 3.8}}
TRUST_MEANS = {"business": 2.6, "it": 3.4}
# The spread of one answer around its side's mean (scale points), as the demo has always drawn it,
# now split between the respondent's disposition on the scale and the answer's own noise.
ANSWER_SD = 0.8
TARGET_ALPHA = 0.9
DONT_KNOW_RATE = 0.04
NOT_APPLICABLE_RATE = 0.04


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _mean_for(item: Item, side: str, aspect: str) -> float:
    if item.kind == "relationship":
        return RELATIONSHIP_MEANS[side][aspect][item.dimension]
    if item.kind == "behaviour":
        if item.group == "enterprise":
            return BEHAVIOUR_MEANS["enterprise"]
        return BEHAVIOUR_MEANS["self" if item.group == side else "mirror"]
    if item.kind == "practice":
        return PRACTICE_MEANS[side][aspect]
    return TRUST_MEANS[side]


def latent_scale(item: Item, aspect: str) -> Scale:
    """The scale whose disposition moves an answer: the instrument's scales (a relationship
    model; a behaviour group, whoever's behaviour it is; all BiSL practices; all of trust), per
    aspect."""
    if item.kind == "relationship":
        return item.kind, item.dimension, aspect
    if item.kind == "behaviour":
        return item.kind, item.group, aspect
    return item.kind, "", aspect


def scale_spreads(k: int, alpha: float = TARGET_ALPHA) -> tuple[float, float]:
    """(disposition sd, answer noise sd) for a scale of k items, ANSWER_SD in all.

    Items that correlate r have alpha = k r / (1 + (k - 1) r) (Spearman-Brown), so
    r = alpha / (k - (k - 1) alpha): 0.69 for 4 items, 0.56 for 7, at alpha 0.9. The disposition
    carries the share r of an answer's variance.
    """
    r = alpha / (k - (k - 1) * alpha) if k > 1 else 0.0
    return ANSWER_SD * math.sqrt(r), ANSWER_SD * math.sqrt(1 - r)


def synthetic_answer(
    rng: random.Random,
    item: Item,
    side: str,
    aspect: str,
    offset: float,
    disposition: float = 0.0,
    noise: float = ANSWER_SD,
) -> tuple[int | None, str]:
    """One answer: "don't know" or "not applicable" at their rates, else the side's mean for the
    item, its fixed `offset` and the respondent's `disposition` on its scale, plus `noise`.

    A reverse-keyed statement (`keyed: reversed`) gets that answer mirrored (min + max - x): a
    respondent who agrees with a model disagrees with the statement that contradicts it, as an
    attentive respondent does, so the demo does not flag everyone for acquiescence."""
    roll = rng.random()
    if item.allow_dont_know and roll < DONT_KNOW_RATE:
        return None, "dk"
    if item.allow_not_applicable and roll < DONT_KNOW_RATE + NOT_APPLICABLE_RATE:
        return None, "na"
    mean = _mean_for(item, side, aspect) + offset + disposition
    value = _clamp(rng.gauss(mean, noise), item.scale_min, item.scale_max)
    if item.data.get("keyed") == "reversed":
        value = item.scale_min + item.scale_max - value
    return value, ""


def earlier(item: Item, aspect: str, lag: float) -> float:
    """How far an earlier round's answer lies from today's design means (`lag` points behind):
    what is rated now lower, a relationship further from Partner (more Passive, less Partner and
    Peer); what is desired or targeted, as today (issue #19's demo rounds)."""
    if not lag or aspect in ("desired", "target"):
        return 0.0
    if item.kind == "relationship":
        return {"passive": lag, "provider": 0.0, "partner": -lag, "peer": -lag / 2}[item.dimension]
    return -lag


def answers_draw(
    rng: random.Random,
    pages: Sequence[Page],
    side: str,
    disposition: dict[Scale, float],
    noise: dict[Scale, float],
    offset: Callable[[Item, str, Scale], float],
    kinds: frozenset[str] | None = None,
) -> Iterator[tuple[Item, str, int | None, str]]:
    """One respondent's answers to the items of `pages` (of `kinds` only, when given), in
    questionnaire order: (item, aspect, value, special)."""
    for page in pages:
        for item in page.items:
            if kinds is not None and item.kind not in kinds:
                continue
            for aspect in item.aspects:
                scale = latent_scale(item, aspect)
                value, special = synthetic_answer(
                    rng, item, side, aspect, offset(item, aspect, scale), disposition[scale], noise[scale]
                )
                yield item, aspect, value, special
