"""Relationship model scoring, worked by hand (pure functions, no database).

t(0.975, df), from a table of Student's t: df 3: 3.182446, df 5: 2.570582, df 6: 2.446912,
df 7: 2.364624; df 2: 4.302653.
"""

from __future__ import annotations

import pytest

from brmportal.lib.stats import Estimate
from relationships.respondents import respondent_figures, respondent_level
from relationships.scoring import (
    MODELS,
    band,
    index_label,
    relationship_position,
    relationship_scores,
)
from tests.relationships.helpers import ITEMS, group, levels, levels_of, respondent, scope

# --- One respondent: the highest model whose statements they agree with -----------------------


def test_it_gives_a_respondent_the_highest_model_they_agree_with():
    # means: passive 5, provider 4, partner (4 + 3) / 2 = 3.5 (agrees: 3.5 counts), peer 2
    mine = respondent(today={"passive": 5, "provider": 4, "partner": (4, 3), "peer": 2})
    figures, marks = respondent_figures(ITEMS, mine)
    assert figures == {"relationship:level:today": 3.0}
    assert marks == ["fit:today:partner"]


def test_it_reads_the_ladder_cumulatively_from_the_top():
    # Agreeing with Peer alone is level 4: the highest model agreed with, whatever lies below.
    assert respondent_level({"passive": 2.0, "provider": 2.0, "partner": 2.0, "peer": 4.0}) == 4
    # partner (4 + 2) / 2 = 3.0 is below 3.5: the level is provider's 2.
    mine = respondent(today={"passive": 4, "provider": (4, 3), "partner": (4, 2), "peer": 1})
    assert respondent_figures(ITEMS, mine)[0] == {"relationship:level:today": 2.0}


def test_it_gives_no_level_to_a_respondent_who_agrees_with_no_model():
    # Peer statements answered "disagree": no level at all (the old centroid gave 4.0).
    mine = respondent(today={"peer": 2}, desired={"peer": 5})
    figures, marks = respondent_figures(ITEMS, mine)
    assert figures == {"relationship:level:desired": 4.0}
    assert marks == ["fit:today:none", "fit:desired:peer"]


def test_it_averages_only_the_statements_answered_and_skips_an_aspect_not_rated():
    # partner: "don't know" and 4 -> mean 4 over the one answer; nothing desired: no desired mark.
    mine = respondent(today={"passive": 2, "partner": ("dk", 4)})
    assert respondent_figures(ITEMS, mine) == ({"relationship:level:today": 3.0}, ["fit:today:partner"])
    only_dont_know = respondent(today={"peer": ("dk", "dk")})
    assert respondent_figures(ITEMS, only_dont_know) == ({}, [])


def test_it_flags_agreeing_with_both_passive_and_peer():
    # passive 4.0 and peer (5 + 4) / 2 = 4.5, both >= 4: contradicting descriptions, flagged once.
    both = respondent(today={"passive": 4, "peer": (5, 4)}, desired={"passive": 5, "peer": 5})
    assert respondent_figures(ITEMS, both)[1] == ["fit:today:peer", "flag:acquiescence", "fit:desired:peer"]
    # peer (4 + 3) / 2 = 3.5 agrees (level 4) but is under 4: not flagged.
    agrees = respondent(today={"passive": 4, "peer": (4, 3)})
    assert respondent_figures(ITEMS, agrees)[1] == ["fit:today:peer"]


# --- The label from the index ----------------------------------------------------------------


def test_it_bands_the_index_around_each_model():
    # [k - 0.5, k + 0.5), clipped to 1-4
    assert [band(x) for x in (1.0, 1.49, 1.5, 2.49, 2.5, 3.49, 3.5, 4.0)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert band(0.7) == 1 and band(4.4) == 4


def test_it_labels_from_the_index_and_calls_a_wide_interval_mixed():
    # 2.125 with se 0.125 at df 7: 2.125 -+ 2.364624 x 0.125 = 1.829 .. 2.421, all in Provider's band
    assert index_label(Estimate(mean=2.125, n=8, sd=0.3536, se=0.125, df=7)) == ("provider", ("provider",))
    # 3.5 with se 0.288675 at df 3: 3.5 -+ 3.182446 x 0.288675 = 2.581 .. 4.419: Partner and Peer
    assert index_label(Estimate(mean=3.5, n=4, sd=0.5774, se=0.288675, df=3)) == ("mixed", ("partner", "peer"))
    # One respondent: no interval, the mean's band; no index: no model.
    assert index_label(Estimate(mean=1.0, n=1)) == ("passive", ("passive",))
    assert index_label(None) == ("none", ())


# --- A group: the index, its interval, its label and the shares --------------------------------


def test_it_places_a_group_by_the_mean_of_its_respondents_levels():
    # levels 2 x 7 and 3: index 17 / 8 = 2.125; squared deviations 7 x 0.125^2 + 0.875^2 = 0.875,
    # sd = sqrt(0.875 / 7) = 0.35355, se = 0.35355 / sqrt(8) = 0.125,
    # interval 2.125 -+ 2.364624 x 0.125 = 1.8294 .. 2.4206: inside Provider's band.
    result = relationship_scores(scope(levels(2, 2, 2, 2, 2, 2, 2, 3)))
    today = result.fit("business", "today")
    assert (today.index, today.index_stats.n, today.index_stats.sd) == (2.125, 8, pytest.approx(0.353553, abs=1e-6))
    assert today.index_stats.ci == pytest.approx((1.829422, 2.420578), abs=1e-6)
    assert (today.model, today.leaders) == ("provider", ("provider",))
    # Shares of respondents by their own level: 7 of 8 provider, 1 of 8 partner.
    assert today.shares == {"passive": 0.0, "provider": 0.875, "partner": 0.125, "peer": 0.0, "none": 0.0}
    assert (today.respondents, today.no_model) == (8, 0)


def test_it_reaches_the_top_of_the_ladder_for_a_clear_pattern():
    # Everyone Peer: 4.0 with sd 0, interval 4.0 .. 4.0: Peer (the old centroid needed every
    # other model rated 1 to get there).
    today = relationship_scores(scope(group(*[respondent(today={"partner": 4, "peer": 5})] * 5))).fit(
        "overall", "today"
    )
    assert (today.index, today.model, today.index_stats.ci) == (4.0, "peer", (4.0, 4.0))
    # Agreeing with every statement (4) is also level 4, not the old 2.5, and flags acquiescence.
    result = relationship_scores(scope(group(*[respondent(today=dict.fromkeys(MODELS, 4))] * 3)))
    assert result.fit("business", "today").index == 4.0
    assert result.group("business").acquiescence == 3


def test_it_counts_respondents_who_agree_with_no_model_apart():
    # Two at Partner (3), one at Provider (2), two who agree with nothing: index (3 + 3 + 2) / 3.
    # deviations 1/3, 1/3, -2/3: sum of squares 6/9, sd = sqrt((6/9) / 2) = 0.57735, se = 0.57735 /
    # sqrt(3) = 0.33333, interval 2.6667 -+ 4.302653 (t at df 2) x 0.33333 = 1.2325 .. 4.1009, drawn
    # to the top of the ladder (Peer, 4): 1.2325 .. 4. (A level is a classification: no spread floor.)
    today = relationship_scores(scope(levels(3, 3, 2, None, None))).fit("business", "today")
    assert today.index == pytest.approx(8 / 3)
    assert today.index_stats.sd == pytest.approx(0.57735, abs=1e-5)
    assert today.index_stats.ci == pytest.approx((1.232449, 4), abs=1e-5)
    assert (today.model, today.leaders) == ("mixed", ("passive", "provider", "partner", "peer"))
    assert (today.respondents, today.no_model) == (5, 2)
    assert today.shares["none"] == pytest.approx(0.4)


def test_it_gives_no_index_when_nobody_agrees_with_any_model():
    # Peer statements answered "disagree" (2) only: nobody has a level, so no index, never 4.0.
    today = relationship_scores(scope(group(*[respondent(today={"peer": 2})] * 4))).fit("business", "today")
    assert (today.model, today.leaders, today.index, today.index_stats) == ("none", (), None, None)
    assert today.scores["peer"] == 2.0
    assert today.no_model == 4


def test_it_gives_each_model_s_agreement_an_interval_from_the_respondents_spread():
    # passive: respondents' own means 5, 4, 2, 1 (both statements alike): pooled mean 24 / 8 = 3.0.
    # deviations 2, 1, -1, -2: sd = sqrt(10 / 3) = 1.825742, se = 1.825742 / 2 = 0.912871, df 3
    # (4 respondents, not 8 answers): interval 3.0 -+ 3.182446 x 0.912871 = 0.094837 .. 5.905163,
    # reaching past both ends of the 1-5 scale: drawn as 1 .. 5.
    business = group(*(respondent(today={"passive": v}) for v in (5, 4, 2, 1)))
    today = relationship_scores(scope(business)).fit("business", "today")
    passive = today.score_stats["passive"]
    assert (today.scores["passive"], passive.n, passive.df) == (3.0, 4, 3)
    assert (passive.sd, passive.se) == (pytest.approx(1.825742, abs=1e-6), pytest.approx(0.912871, abs=1e-6))
    assert passive.ci == (1, 5)
    # margin = highest agreement - runner-up: only passive was scored.
    assert today.margin is None


def test_it_counts_the_sides_equally_for_everyone():
    # business 2.125 (se^2 0.015625, 8 people), IT levels 3, 3, 4, 4: 3.5 (se^2 1/12, 4 people).
    # overall index = (2.125 + 3.5) / 2 = 2.8125 (pooling the 12 would give 31 / 12 = 2.583);
    # se = sqrt(0.015625 + 0.083333) / 2 = 0.157288.
    result = relationship_scores(scope(levels(2, 2, 2, 2, 2, 2, 2, 3), levels(3, 3, 4, 4)))
    overall = result.fit("overall", "today")
    assert (overall.index, overall.index_stats.n) == (2.8125, 12)
    assert overall.index_stats.se == pytest.approx(0.157288, abs=1e-6)
    # shares: the mean of the sides' (provider (0.875 + 0) / 2, partner (0.125 + 0.5) / 2, peer 0.5 / 2)
    assert overall.shares == pytest.approx(
        {"passive": 0, "provider": 0.4375, "partner": 0.3125, "peer": 0.25, "none": 0}
    )
    # agreement too: provider (3.75 + 2.0) / 2, business's mean being (7 x 4 + 2) / 8 = 3.75
    assert overall.scores["provider"] == pytest.approx(2.875)


def test_it_measures_desired_minus_today_with_welch():
    # The same 4 people: today levels 1, 1, 2, 2 (1.5, se^2 = (1/3) / 4 = 1/12), desired 3, 3, 4, 4
    # (3.5, se^2 1/12): gap 2.0, se sqrt(1/6) = 0.408248, df (1/6)^2 / (2 x (1/12)^2 / 3) = 6,
    # interval 2.0 -+ 2.446912 x 0.408248 = 1.001053 .. 2.998947: clear.
    people = [
        {**at, **dt} for at, dt in zip(levels_of("today", 1, 1, 2, 2), levels_of("desired", 3, 3, 4, 4), strict=True)
    ]
    result = relationship_scores(scope(group(*people)))
    gap = result.group("business").gap
    assert gap.index == 2.0
    assert (gap.stats.low, gap.stats.high) == (pytest.approx(1.001053, abs=1e-5), pytest.approx(2.998947, abs=1e-5))
    assert gap.stats.clear
    # Partner's agreement: today 2 for everyone (s^2 0, floored at 1/12: sd 0.288675, se^2 1/48);
    # desired 4, 4, 2, 2 (3.0, sd sqrt(4/3) = 1.154701, se^2 1/3): +1.0, se sqrt(1/48 + 1/3) =
    # 0.595119, df (17/48)^2 / ((1/48)^2 / 3 + (1/3)^2 / 3) = 3.37, t(0.975, 3.37) = 2.993627 (between
    # 3.182 at df 3 and 2.776 at df 4): 1.0 -+ 1.781564 = -0.782 .. 2.782, within the noise.
    partner = gap.score_stats["partner"]
    assert (partner.value, partner.clear) == (1.0, False)
    assert (partner.low, partner.high) == (pytest.approx(-0.781564, abs=1e-5), pytest.approx(2.781564, abs=1e-5))


def test_it_calls_business_and_it_apart_only_when_the_difference_is_clear():
    # business 1, 1, 2, 2 and IT 3, 3, 4, 4: -2.0, se sqrt(1/12 + 1/12) = 0.408248, df 6,
    # interval -2.0 -+ 0.998947: clear. The same levels on both sides: 0.0 -+ 0.998947, noise.
    clear = relationship_scores(scope(levels(1, 1, 2, 2), levels(3, 3, 4, 4)))
    assert clear.difference("today").value == -2.0
    assert clear.difference("today").high == pytest.approx(-1.001053, abs=1e-5)
    assert clear.disagree_today is True
    assert clear.disagree_desired is False and clear.difference("desired") is None
    noise = relationship_scores(scope(levels(1, 1, 2, 2), levels(1, 2, 1, 2)))
    assert noise.difference("today").value == 0.0
    assert noise.disagree_today is False


def test_it_judges_disagreement_about_desired_too():
    same_today = levels_of("today", 2, 2, 2, 2)
    business = group(*[{**t, **d} for t, d in zip(same_today, levels_of("desired", 3, 3, 3, 3), strict=True)])
    it = group(*[{**t, **d} for t, d in zip(same_today, levels_of("desired", 4, 4, 4, 4), strict=True)])
    # desired 3.0 vs 4.0, no spread on either side: -1.0 exactly, clear; today 2.0 vs 2.0: not.
    result = relationship_scores(scope(business, it))
    assert (result.disagree_today, result.disagree_desired) == (False, True)
    assert result.difference("desired").value == -1.0


def test_it_keeps_unreported_groups_null_and_uses_everyone_when_no_side_is_shown():
    business = levels(2, 2, 3)
    result = relationship_scores(scope(business, None))
    assert result.group("it") is None
    assert result.disagree_today is False
    # IT hidden: everyone is the business side alone (scope.overall).
    assert result.fit("overall", "today").index == result.fit("business", "today").index
    pooled = relationship_scores(scope(None, None, overall=business))
    assert pooled.group("business") is None
    assert pooled.fit("overall", "today").index == pytest.approx(7 / 3)


def test_it_averages_each_statement_per_group_with_everyone_as_the_sides_mean():
    # REL-PAR-1 today: business 7 x 2 + 4 = 18 / 8 = 2.25; IT 2 x 4 + 2 x 2 = 12 / 4 = 3.0.
    result = relationship_scores(scope(levels(2, 2, 2, 2, 2, 2, 2, 3), levels(3, 3, 4, 4)))
    statement = next(entry for entry in result.items if entry.code == "REL-PAR-1")
    assert (statement.today.business, statement.today.it) == (2.25, 3.0)
    assert statement.today.overall == pytest.approx((2.25 + 3.0) / 2)
    assert statement.estimate("today", "it").n == 4
    assert statement.distribution["today"].it.high == 0.5  # two 4s of four answers
    assert statement.gap.business is None  # nothing desired was answered


def test_it_puts_the_index_on_zero_to_one_for_maturity():
    assert [relationship_position(x) for x in (1.0, 2.5, 4.0)] == [0.0, 0.5, 1.0]
