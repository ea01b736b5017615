"""The demo's synthetic answers behave like real ones: items of one scale hang together (Cronbach's
alpha about 0.7-0.9), each side's means keep the demo's story, and the findings include clear
differences and differences within the noise (real PostgreSQL)."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict

import pytest

from assessments.demo import demo_seed
from assessments.demo_answers import (
    ANSWER_SD,
    PRACTICE_MEANS,
    RELATIONSHIP_MEANS,
    TARGET_ALPHA,
    latent_scale,
    scale_spreads,
)
from assessments.models import Answer
from assessments.scoring import campaign_scores
from brmportal.lib.stats import Estimate, welch


def test_the_spreads_split_an_answers_variance_so_the_scale_reaches_the_target_alpha():
    disposition, noise = scale_spreads(4, 0.9)
    # r = 0.9 / (4 - 3 x 0.9) = 0.9 / 1.3 = 0.692: disposition 0.8 x sqrt(0.692) = 0.666, noise
    # 0.8 x sqrt(0.308) = 0.444; together 0.666^2 + 0.444^2 = 0.64 = 0.8^2, as before.
    assert (disposition, noise) == pytest.approx((0.6656, 0.4438), abs=1e-4)
    assert disposition**2 + noise**2 == pytest.approx(ANSWER_SD**2)
    r = disposition**2 / ANSWER_SD**2
    assert 4 * r / (1 + 3 * r) == pytest.approx(0.9)  # Spearman-Brown gives the alpha back
    # More items need less correlation for the same alpha: 0.9 / (7 - 6 x 0.9) = 0.5625
    assert scale_spreads(7, 0.9)[0] == pytest.approx(0.8 * math.sqrt(0.5625))
    assert scale_spreads(1) == (0.0, ANSWER_SD)  # one item: nothing to hang together with
    assert TARGET_ALPHA == 0.9


def _alpha(rows: list[dict[str, int]], codes: set[str]) -> float:
    """Cronbach's alpha over the respondents who answered every item (numbers, not "don't know")."""
    full = [row for row in rows if set(row) >= codes]
    k = len(codes)
    items = sum(statistics.variance([row[code] for row in full]) for code in codes)
    totals = statistics.variance([sum(row[code] for code in codes) for row in full])
    return k / (k - 1) * (1 - items / totals)


@pytest.fixture
def demo(db):
    return demo_seed(responses=60, seed=42).campaign


@pytest.mark.django_db
def test_its_scales_hang_together_and_its_means_keep_the_story(demo):
    answers: dict[tuple, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    codes: dict[tuple, set[str]] = defaultdict(set)
    for answer in Answer.objects.filter(campaign=demo).select_related("item", "response"):
        scale = (*latent_scale(answer.item, answer.aspect), answer.response.side)
        codes[scale].add(answer.item.code)
        if answer.value is not None:
            # As a model's scale counts it: a reversed statement (2027.1) mirrored, 6 - x.
            item = answer.item
            value = item.scale_min + item.scale_max - answer.value if item.data.get("keyed") else answer.value
            answers[scale][answer.response_id][item.code] = value
    alphas = {scale: _alpha(list(answers[scale].values()), codes[scale]) for scale in answers}
    assert len(alphas) == 28  # 4 models x 2 aspects, 3 behaviour groups, 2 BiSL aspects, trust; x 2 sides
    # Each side's items of one scale hang together, as in a well-built questionnaire (seed 42:
    # 0.71 to 0.92); independent draws per answer gave alphas near 0.
    assert min(alphas.values()) >= 0.65
    assert statistics.median(alphas.values()) >= 0.8

    def respondents(kind: str, name: str, aspect: str, side: str) -> Estimate:
        """The side's mean of its respondents' own scale scores (respondents are independent)."""
        scores = [statistics.mean(row.values()) for row in answers[(kind, name, aspect, side)].values()]
        return Estimate.of(len(scores), sum(scores), sum(s * s for s in scores))

    # The story: the business lives a more passive relationship than IT sees (design 3.9 vs 2.9),
    # clearly; both want a partner about equally (4.3 vs 4.4), within the noise.
    passive = welch(
        respondents("relationship", "passive", "today", "business"),
        respondents("relationship", "passive", "today", "it"),
    )
    assert passive.clear and passive.value > 0.5
    partner = welch(
        respondents("relationship", "partner", "desired", "business"),
        respondents("relationship", "partner", "desired", "it"),
    )
    assert not partner.clear
    # Each side rates its own people's behaviours higher than the other side does (a blind spot).
    blind_spot = welch(
        respondents("behaviour", "business", "value", "business"), respondents("behaviour", "business", "value", "it")
    )
    assert blind_spot.clear and blind_spot.value > 0.5
    # Everyone's view of the enterprise culture is alike (design 3.0 for both): within the noise.
    assert not welch(
        respondents("behaviour", "enterprise", "value", "business"),
        respondents("behaviour", "enterprise", "value", "it"),
    ).clear
    # Dispositions are centred per side, so a side's mean stays near the design (less the item
    # offsets' mean and the floor's lift): the relationship's passive model today, business.
    passive_business = respondents("relationship", "passive", "today", "business").mean
    assert abs(passive_business - RELATIONSHIP_MEANS["business"]["today"]["passive"]) < 0.4
    assert abs(respondents("practice", "", "target", "it").mean - PRACTICE_MEANS["it"]["target"]) < 0.4


@pytest.mark.django_db
def test_its_bisl_practices_have_a_cluster_clearly_below_the_norm_and_reliable_scales(demo):
    scores = campaign_scores(campaign=demo)
    practices = scores.results["practices"]
    # The business's weakest cluster (which one depends on the draw of item offsets, so on the
    # content version's items) lies clearly below the middle of the scale (3): its whole interval.
    weakest = min(practices.clusters, key=lambda c: c.current.business.mean)
    assert weakest.current.business.high < 3
    # Every cluster's target gap is clear in the demo; the two sides' targets are alike.
    assert all(c.gap.overall.clear for c in practices.clusters)
    assert not welch(practices.target.business, practices.target.it).clear
    (current,) = [r for r in scores.reliability if (r.scale, r.aspect) == ("practice.short.all", "current")]
    assert current.alpha.overall >= 0.7 and not current.low


@pytest.mark.django_db
def test_its_respondents_disagree_with_reversed_statements_and_none_acquiesces(demo):
    """A demo respondent who agrees with a model disagrees with its reversed statement (the
    answer mirrored), so nobody is flagged for acquiescence by design."""
    scores = campaign_scores(campaign=demo)
    relationship = scores.results["relationship"]
    for side in ("business", "it", "overall"):
        group = relationship.group(side)
        assert group is not None
        assert group.acquiescence == 0 and group.acquiescence_by_aspect == {"today": 0, "desired": 0}
    # Everyone wants Partner (design 4.3 / 4.4 desired): REL-PAR-5 "IT hears about our plans only
    # after they are decided" is rejected as desired, while the forward Partner statements are agreed.
    partner_5 = next(item for item in relationship.items if item.code == "REL-PAR-5")
    partner_1 = next(item for item in relationship.items if item.code == "REL-PAR-1A")
    assert partner_5.reversed and partner_5.desired.overall < 2.5 < 3.5 < partner_1.desired.overall
    assert relationship.fit("overall", "desired").scores["partner"] > 3.5
