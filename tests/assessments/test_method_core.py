"""The core of the method (issue #16): respondents' own figures, flags, the ranking of priorities,
overall maturity, and leaving flagged respondents out only where it cannot single anyone out."""

from __future__ import annotations

import pytest

from assessments.instrument_meta import instrument_meta
from assessments.maturity import brm_maturity
from assessments.profiles import RespondentSums, answer_tally, instrument_scales, respondent_measures
from assessments.recommendations import Recommendation, recommendations_rank
from assessments.scoring import campaign_scores, flagged_exclusion
from assessments.services.campaigns import campaign_close
from brmportal.lib.aggregates import CampaignAggregates, Flagged
from brmportal.lib.scoring import Tally
from tests.helpers import all_fields, submit_columns


def _rec(code: str, gap_low: float | None, *, weight: float = 1.0, **fields) -> Recommendation:
    return Recommendation(
        code=code,
        level=fields.pop("level", "item"),
        instrument=fields.pop("instrument", "behaviour"),
        dimension=fields.pop("dimension", code),
        gap=1.0,
        gap_low=gap_low,
        gap_high=2.0,
        gap_kind="weakness",
        effort=fields.pop("effort", "medium"),
        weight=weight,
        **fields,
    )


# --- Ranking -----------------------------------------------------------------------------------


def test_it_keeps_only_clear_candidates_ranked_by_what_is_sure():
    # priority = weight x near end of the interval / scale range (4 on 1-5):
    # A 1 x 0.8 / 4 = 0.2; B 2 x 0.6 / 4 = 0.3; C not clear (interval reaches below 0); D no interval.
    ranked = recommendations_rank([_rec("A", 0.8), _rec("B", 0.6, weight=2.0), _rec("C", -0.1), _rec("D", None)])
    assert [r.code for r in ranked.main] == ["B", "A"]
    assert [r.priority for r in ranked.main] == [pytest.approx(0.3), pytest.approx(0.2)]
    assert [r.rank for r in ranked.main] == [1, 2]


def test_it_never_ranks_a_recommendation_before_its_prerequisites_or_an_earlier_stage():
    # Z has the highest priority but waits for Y (named) and for every stage-1 recommendation (X).
    ranked = recommendations_rank(
        [
            _rec("Z", 1.6, stage=3, prerequisites=("Y",)),
            _rec("Y", 0.4, stage=2),
            _rec("X", 0.2, stage=1),
            _rec("W", 1.2),  # no stage: only its priority places it
        ]
    )
    assert [r.code for r in ranked.main] == ["W", "X", "Y", "Z"]
    quick = {r.code: r.quick_win for r in ranked.main}
    assert quick == {"W": False, "X": False, "Y": False, "Z": False}  # none is low effort


def test_it_marks_quick_wins_as_low_effort_in_the_main_list_waiting_for_nothing():
    ranked = recommendations_rank(
        [_rec("A", 1.0, effort="low"), _rec("B", 0.5, effort="low", prerequisites=("C",)), _rec("C", 0.1)]
    )
    assert {r.code: r.quick_win for r in ranked.main} == {"A": True, "B": False, "C": False}


def test_it_merges_a_model_and_its_statements_and_keeps_one_per_code():
    ranked = recommendations_rank(
        [
            _rec("peer", 0.5, level="dimension", instrument="relationship", dimension="peer"),
            _rec("REL-PEE-1", 0.9, instrument="relationship", dimension="peer"),
            _rec("REL-PEE-2", 0.3, instrument="relationship", dimension="peer"),
            _rec("BEH-1", 0.2),
            _rec("BEH-1", 0.7),  # the same behaviour as a blind spot and a weakness: the surer one
        ]
    )
    codes = [(r.code, r.children) for r in ranked.main]
    assert codes == [("BEH-1", ()), ("peer", ("REL-PEE-1", "REL-PEE-2"))]
    assert ranked.main[0].gap_low == 0.7


def test_it_keeps_the_main_list_short_and_the_rest_in_the_appendix():
    ranked = recommendations_rank([_rec(f"R{i}", 0.1 * i) for i in range(1, 14)])
    assert len(ranked.main) == 10 and len(ranked.appendix) == 3
    assert [r.rank for r in ranked.appendix] == [11, 12, 13]
    assert all(r.appendix for r in ranked.appendix) and not any(r.quick_win for r in ranked.appendix)


# --- Maturity ----------------------------------------------------------------------------------

WEIGHTS = {"relationship": 0.3, "behaviour": 0.3, "practice": 0.25, "trust": 0.15}


def test_it_puts_all_ones_at_the_bottom_and_all_fives_at_the_top_of_the_ladder():
    # Components are positions on each instrument's own scale, 0..1: score = 1 + 4 x weighted mean.
    assert brm_maturity(components=dict.fromkeys(WEIGHTS, 0.0), weights=WEIGHTS) == (1.0, 1)
    assert brm_maturity(components=dict.fromkeys(WEIGHTS, 1.0), weights=WEIGHTS) == (5.0, 5)
    # Relationship 0.5, the rest 0.25: (0.3 x 0.5 + 0.7 x 0.25) / 1 = 0.325 -> 1 + 1.3 = 2.3, level 2.
    found = brm_maturity(components={**dict.fromkeys(WEIGHTS, 0.25), "relationship": 0.5}, weights=WEIGHTS)
    assert found is not None and found[0] == pytest.approx(2.3) and found[1] == 2
    assert brm_maturity(components=dict.fromkeys(WEIGHTS), weights=WEIGHTS) is None


# --- Respondents' own figures and flags -------------------------------------------------------


@pytest.mark.django_db
def test_it_flags_a_straight_liner_and_sums_scale_scores_per_respondent(instrument):
    items = instrument_meta(instrument=instrument).items
    scales = instrument_scales(items)
    everything = {(item.code, aspect): answer_tally(4, "") for item in items for aspect in item.aspects}
    measures, flagged = respondent_measures(items, scales, everything, "business")
    assert flagged and measures.count("flag:straight_line") == 1 and measures.count("flagged") == 1
    varied = dict(everything)
    first = next(iter(varied))
    varied[first] = answer_tally(2, "")
    measures, flagged = respondent_measures(items, scales, varied, "business")
    assert measures.count("flag:straight_line") == 0 and measures.count("respondents") == 1
    # Each scale's respondent score is the mean of that respondent's answers on it.
    for scale in scales:
        found = measures.sums.get(f"scale:{scale.name}:{scale.aspect}")
        assert found is not None and found.n == 1


@pytest.mark.django_db
def test_it_gives_alpha_from_respondents_who_hang_together(instrument):
    items = instrument_meta(instrument=instrument).items
    sums = RespondentSums(items, answers=True)
    # Three respondents who answer every item at their own level (2, 3, 4) but one item 1 point
    # off: items move together, so every scale of two or more items has a high alpha. A reversed
    # statement (2027.1) is answered 6 - level, as an attentive respondent does.
    for level in (2, 3, 4):
        own = {
            (item.code, aspect): answer_tally(6 - level if item.reversed else level, "")
            for item in items
            for aspect in item.aspects
        }
        own[(items[0].code, items[0].aspects[0])] = answer_tally(level + 1, "")
        sums.add(("business", ""), "link", own)
    aggregates = sums.aggregates()
    alphas = [a.alpha for a in aggregates.measures[("business", "")].alpha.values()]
    assert alphas and all(a is not None and a > 0.9 for a in alphas)


def test_it_leaves_flagged_respondents_out_only_after_close_and_in_groups_of_the_threshold():
    def aggregates(flagged_in_cell: int) -> CampaignAggregates:
        return CampaignAggregates.from_sources(
            sources={("business", ""): {"link": 10}},
            tallies={("business", ""): {("X", "value"): Tally(10, 30)}},
            flagged=Flagged(sources={("business", ""): {"link": flagged_in_cell}}),
        )

    assert flagged_exclusion(aggregates=aggregates(3), threshold=3, closed=False) == "open"
    # One real flagged person and two made-up imported straight-liners: still "small", or the
    # importer would read the real one's answers by difference.
    padded = CampaignAggregates.from_sources(
        sources={("business", ""): {"link": 8, "import": 2}},
        tallies={("business", ""): {("X", "value"): Tally(10, 30)}},
        flagged=Flagged(sources={("business", ""): {"link": 1, "import": 2}}),
    )
    assert flagged_exclusion(aggregates=padded, threshold=3, closed=True) == "small"
    assert flagged_exclusion(aggregates=aggregates(2), threshold=3, closed=True) == "small"
    assert flagged_exclusion(aggregates=aggregates(3), threshold=3, closed=True) is None
    assert flagged_exclusion(aggregates=aggregates(0), threshold=3, closed=True) is None


@pytest.mark.django_db
def test_a_closed_campaign_can_leave_its_straight_liners_out(campaign):
    campaign.anonymity_threshold = 3
    campaign.save()
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="5", source="link")  # straight-liners
    for side in ("business", "it", "it", "it"):
        fields = all_fields(campaign, side)
        columns = {
            code if aspect == "value" else f"{code}.{aspect}": str(2 + i % 3) for i, (code, aspect) in enumerate(fields)
        }
        submit_columns(campaign, side, columns=columns, default=None)
    campaign.exclude_flagged = True
    campaign.save()
    open_scores = campaign_scores(campaign=campaign)
    assert open_scores.flags.refused == "open" and not open_scores.flags.excluded
    assert open_scores.flags.counts["business"]["flag:straight_line"] == 3
    assert open_scores.responses["business"] == 4
    campaign_close(campaign=campaign)
    campaign.refresh_from_db()
    closed = campaign_scores(campaign=campaign)
    assert closed.flags.excluded and closed.flags.refused is None
    # The three straight-liners are left out of the figures, still counted as flagged.
    assert closed.responses["business"] == 1 and closed.flags.counts["business"]["flagged"] == 3


@pytest.mark.django_db
def test_it_refuses_to_leave_out_fewer_flagged_respondents_than_the_threshold(campaign):
    campaign.anonymity_threshold = 3
    campaign.exclude_flagged = True
    campaign.save()
    submit_columns(campaign, "business", columns={}, default="5", source="link")  # one straight-liner, online
    for side in ("business", "business", "it", "it", "it"):
        fields = all_fields(campaign, side)
        columns = {
            code if aspect == "value" else f"{code}.{aspect}": str(1 + i % 5) for i, (code, aspect) in enumerate(fields)
        }
        submit_columns(campaign, side, columns=columns, default=None)
    campaign_close(campaign=campaign)
    campaign.refresh_from_db()
    scores = campaign_scores(campaign=campaign)
    assert scores.flags.refused == "small" and not scores.flags.excluded
    assert scores.responses["business"] == 3


@pytest.mark.django_db
def test_it_gives_no_maturity_without_both_sides(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="4")
    campaign_close(campaign=campaign)
    campaign.refresh_from_db()
    scores = campaign_scores(campaign=campaign)
    assert scores.maturity.business is None and scores.maturity.overall is None


# --- This campaign vs the previous -------------------------------------------------------------


def test_it_calls_a_change_since_last_time_only_when_welch_says_it_is_clear():
    from assessments.presentation import change
    from brmportal.lib.stats import Estimate

    # 3.4 vs 3.0 with 5 respondents each, s 1 (se 0.447): se of the difference 0.632, df 8,
    # t 2.306: +0.4 +- 1.46, within the noise: no arrow, greyed.
    small_now, small_before = Estimate(3.4, 5, 1.0, 0.447, 4), Estimate(3.0, 5, 1.0, 0.447, 4)
    moved = change(3.4, 3.0, small_now, small_before)
    assert (moved.direction, moved.symbol, moved.text) == ("noise", "", "within the noise (+0.4)")
    # The same +0.4 with 100 respondents each, s 1 (se 0.1): +0.4 +- 0.28, clear: up.
    big_now, big_before = Estimate(3.4, 100, 1.0, 0.1, 99), Estimate(3.0, 100, 1.0, 0.1, 99)
    assert change(3.4, 3.0, big_now, big_before).direction == "up"
    # Without intervals (overall maturity), the shown-precision rule: under 0.05 is no change.
    assert change(3.42, 3.40).direction == "same" and change(3.5, 3.0).direction == "up"
