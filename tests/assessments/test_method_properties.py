"""Properties the method must have whatever the answers (hypothesis), on the real instrument.

Scores are built the way production builds them (assessments.profiles sums each respondent's
own figures; assessments.scoring.scores_build does the rest), from generated respondents:
- reordering respondents changes nothing;
- a respondent at the mean of every item leaves every mean unchanged;
- all 1s and all 5s give the bottom and the top of overall maturity;
- raising one answer never lowers any mean of answers (the relationship index is a position).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.instrument_meta import InstrumentMeta, instrument_meta
from assessments.profiles import RespondentSums, answer_tally
from assessments.results import CampaignRef, CampaignScores
from assessments.scoring import scores_build
from brmportal.lib.stats import Estimate

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
REF = CampaignRef(id=1, name="Property", organisation_id=1, instrument_version="2026.2", practice_form="short")
Respondent = tuple[str, tuple[int, ...]]  # side, one answer per (item, aspect) of the instrument


def _keys(meta: InstrumentMeta) -> list[tuple[str, str]]:
    return [(item.code, aspect) for item in meta.items for aspect in item.aspects]


def _scores(meta: InstrumentMeta, respondents: Sequence[Respondent]) -> CampaignScores:
    sums = RespondentSums(meta.items, answers=True)
    keys = _keys(meta)
    for side, answers in respondents:
        sums.add((side, ""), "link", {key: answer_tally(value, "") for key, value in zip(keys, answers, strict=True)})
    return scores_build(aggregates=sums.aggregates(), meta=meta, campaign=REF, threshold=3)


def _estimates(value: Any, path: str = "") -> Iterator[tuple[str, Estimate]]:
    """Every Estimate anywhere in a result, by its path."""
    if isinstance(value, Estimate):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _estimates(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _estimates(item, f"{path}[{key}]")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _estimates(item, f"{path}[{i}]")


# Ranked lists (the weakest, the largest gaps...) hold different entries when answers change.
RANKED = ("weakest", "blind_spots", "hidden_strengths", "strengths", "deficits", "largest_gaps")


def _means(scores: CampaignScores) -> dict[str, float]:
    return {
        path: e.mean
        for key, result in scores.results.items()
        for path, e in _estimates(result, key)
        if not any(f".{name}[" in path for name in RANKED)
    }


def _respondents(n_keys: int, min_size: int = 6) -> st.SearchStrategy[list[Respondent]]:
    """At least three respondents a side (the threshold), so every group is reported."""
    answers = st.lists(st.integers(1, 5), min_size=n_keys, max_size=n_keys).map(tuple)
    sides = ["business", "it"] * 3
    return st.lists(answers, min_size=min_size, max_size=8).map(
        lambda rows: [(sides[i] if i < len(sides) else "business", row) for i, row in enumerate(rows)]
    )


@pytest.fixture
def meta(instrument) -> InstrumentMeta:
    return instrument_meta(instrument=instrument)


@SETTINGS
@given(data=st.data())
def test_reordering_respondents_changes_nothing(meta, data):
    respondents = data.draw(_respondents(len(_keys(meta))))
    shuffled = data.draw(st.permutations(respondents))
    a, b = _scores(meta, respondents), _scores(meta, shuffled)
    assert _means(a) == pytest.approx(_means(b), abs=1e-9)
    assert [r.code for r in a.recommendations] == [r.code for r in b.recommendations]
    assert a.maturity.overall == b.maturity.overall or (
        a.maturity.overall is not None
        and b.maturity.overall is not None
        and math.isclose(a.maturity.overall.score, b.maturity.overall.score)
    )


@SETTINGS
@given(data=st.data())
def test_a_respondent_at_the_mean_leaves_every_mean_unchanged(meta, data):
    # Pairs answering a and 6 - a put every item's mean at exactly 3 on each side, so a respondent
    # answering 3 everywhere is at the mean of every item, every scale and every side.
    n = len(_keys(meta))
    half = data.draw(_respondents(n, min_size=6))
    mirrored = [(side, tuple(6 - v for v in answers)) for side, answers in half]
    respondents = half + mirrored
    before = _means(_scores(meta, respondents))
    after = _means(_scores(meta, [*respondents, ("business", (3,) * n)]))
    for path, mean in before.items():
        if path in after:
            assert after[path] == pytest.approx(mean, abs=1e-9), path


@pytest.mark.parametrize(("value", "score", "level"), [(1, 1.0, 1), (5, 5.0, 5)])
def test_all_ones_and_all_fives_give_the_ends_of_the_ladder(meta, value, score, level):
    n = len(_keys(meta))
    scores = _scores(meta, [(side, (value,) * n) for side in ("business", "it") for _ in range(3)])
    overall = scores.maturity.overall
    assert overall is not None and overall.score == pytest.approx(score) and overall.level == level


@SETTINGS
@given(data=st.data())
def test_raising_one_answer_never_lowers_a_mean(meta, data):
    n = len(_keys(meta))
    respondents = data.draw(_respondents(n))
    who = data.draw(st.integers(0, len(respondents) - 1))
    side, answers = respondents[who]
    # "Raising" is agreeing more with what the item measures: for a reversed relationship statement
    # (2027.1, counted min + max - x) that is a lower answer, which lowers its own mean as answered.
    flips = {
        index: item.scale_min + item.scale_max
        for index, (item, _aspect) in enumerate((i, a) for i in meta.items for a in i.aspects)
        if item.reversed
    }
    which = data.draw(st.integers(0, n - 1).filter(lambda i: (answers[i] > 1) if i in flips else (answers[i] < 5)))
    step = -1 if which in flips else 1
    raised = list(respondents)
    raised[who] = (side, tuple(v + step if i == which else v for i, v in enumerate(answers)))
    before, after = _means(_scores(meta, respondents)), _means(_scores(meta, raised))
    for path, mean in before.items():
        # The relationship index is a position on the ladder, not a scale score: agreeing more with
        # the Passive statements rightly moves it toward Passive. Its models' agreement is checked.
        # A reversed statement's own figures are as answered, so they go down with its answer.
        if path in after and "index" not in path and not (step < 0 and ".items[" in path):
            assert after[path] >= mean - 1e-9, path
