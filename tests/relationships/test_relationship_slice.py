"""The relationship slice's hooks: registration, content checks, scoring, JSON, advice and figures
(pure: no database). t(0.975, 3) = 3.182446 (table)."""

from __future__ import annotations

import json

import pytest

from assessments.recommendations import recommendations_rank
from assessments.slices import slice_for
from brmportal.lib.scoring import Tally
from relationships.results import RelationshipGroup
from relationships.scoring import relationship_scales
from relationships.slice import RelationshipSlice
from tests.relationships.helpers import ITEMS, group, levels, levels_of, respondent, scope


def people(today: tuple[int | None, ...], desired: tuple[int | None, ...]):
    """A group whose i-th respondent is at level today[i] today and desired[i] desired."""
    pairs = zip(levels_of("today", *today), levels_of("desired", *desired), strict=True)
    return group(*({**t, **d} for t, d in pairs))


# Each level-k respondent agrees (4) with model k and disagrees (2) with the others.
# business: today 1, 1, 2, 2 (index 1.5), desired 3, 3, 4, 4 (3.5); IT: today 2 x 4, desired 3 x 4.
BUSINESS = people((1, 1, 2, 2), (3, 3, 4, 4))
IT = people((2, 2, 2, 2), (3, 3, 3, 3))
BOTH = scope(BUSINESS, IT)


def test_it_is_registered_first_with_its_key_and_constants():
    instrument = slice_for("relationship")
    assert isinstance(instrument, RelationshipSlice)
    assert instrument.key == "relationship"
    assert dict(instrument.constants) == {"relationship_agree": 3.5, "relationship_acquiescence": 4.0}
    assert instrument.content_file.is_file()


def test_it_accepts_the_bundled_content(relationship, content):
    doc = content["instruments"]["relationship"]
    assert relationship.validate(doc, "relationships/content/relationship.yaml") == []


def test_it_wants_exactly_the_four_models(relationship, content):
    doc = {**content["instruments"]["relationship"]}
    doc["dimensions"] = [d for d in doc["dimensions"] if d["code"] != "peer"] + [{"code": "owner"}]
    assert relationship.validate(doc, "relationships/content/relationship.yaml") == [
        "relationships/content/relationship.yaml: dimensions must be exactly ['passive', 'provider', 'partner', 'peer']"
    ]


def test_it_names_its_scales_and_respondent_figures(relationship):
    assert relationship_scales(ITEMS)["relationship.partner"] == ("REL-PAR-1", "REL-PAR-2")
    assert list(relationship.scales(ITEMS)) == [
        "relationship.passive",
        "relationship.provider",
        "relationship.partner",
        "relationship.peer",
    ]
    figures, marks = relationship.respondent_figures(ITEMS, respondent(today={"provider": 5}), "it")
    assert (figures, list(marks)) == ({"relationship:level:today": 2.0}, ["fit:today:provider"])


def test_it_writes_the_documented_json(relationship, texts):
    result = relationship.score(scope(BUSINESS, None))
    data = relationship.to_json(result, texts)
    json.dumps(data)  # plain JSON types only
    assert list(data) == ["business", "it", "overall", "disagree_today", "disagree_desired", "items", "stats"]
    assert data["it"] is None
    assert (data["disagree_today"], data["disagree_desired"]) == (False, False)
    assert data["stats"] == {"disagree_today": None, "disagree_desired": None}
    business = data["business"]
    assert list(business) == ["today", "desired", "gap", "acquiescence"]
    today = business["today"]
    assert list(today) == [
        *("model", "leaders", "index", "margin", "scores", "answers", "dont_know"),
        *("stats", "shares", "respondents", "no_model"),
    ]
    # index 1.5 -+ 3.182446 x sqrt((4 x 0.25 / 3) / 4) = 1.5 -+ 0.918689 = 0.581311 .. 2.418689, drawn
    # from the bottom of the ladder (Passive, 1): 1 .. 2.418689, Passive to Provider.
    assert (today["model"], today["leaders"], today["index"]) == ("mixed", ["passive", "provider"], 1.5)
    assert today["stats"]["index"]["n"] == 4
    assert today["stats"]["index"]["ci"] == pytest.approx([1, 2.418689], abs=1e-5)
    # agreement: passive (4 + 4 + 2 + 2) / 4 = 3.0, provider 3.0, partner and peer 2.0; margin 3 - 3
    assert today["scores"] == {"passive": 3.0, "provider": 3.0, "partner": 2.0, "peer": 2.0}
    assert today["margin"] == 0.0
    # partner: all four 2, s^2 0 floored at 1/12: sd 0.288675, se 0.144338, 2.0 -+ 3.182446 x 0.144338
    # = 2.0 -+ 0.459347
    assert today["stats"]["scores"]["partner"] == {
        "mean": 2.0,
        "n": 4,
        "sd": pytest.approx(0.288675, abs=1e-6),
        "ci": pytest.approx([1.540653, 2.459347], abs=1e-6),
    }
    assert today["shares"] == {"passive": 0.5, "provider": 0.5, "partner": 0.0, "peer": 0.0, "none": 0.0}
    assert (today["respondents"], today["no_model"], today["answers"], today["dont_know"]) == (4, 0, 32, 0)
    gap = business["gap"]
    # desired - today: 3.5 - 1.5 = 2.0, se sqrt(1/12 + 1/12), df 6: 2.0 -+ 0.998947, clear
    assert gap["index"] == 2.0
    assert gap["stats"]["index"]["clear"] is True
    assert gap["scores"] == {"passive": -1.0, "provider": -1.0, "partner": 1.0, "peer": 1.0}
    assert set(gap["stats"]["scores"]) == {"passive", "provider", "partner", "peer"}
    statement = data["items"][0]
    assert list(statement) == ["code", "model", "today", "desired", "gap", "stats", "distribution"]
    # REL-PAS-1 today: 4, 4, 2, 2 -> 3.0; desired all 2 -> 2.0; everyone = business (IT hidden)
    assert statement["today"] == {"business": 3.0, "it": None, "overall": 3.0}
    assert statement["gap"] == {"business": -1.0, "it": None, "overall": -1.0}
    assert statement["stats"]["today"]["business"]["n"] == 4
    assert statement["distribution"]["today"]["business"] == {"low": 0.5, "middle": 0.0, "high": 0.5, "n": 4}


def test_it_gives_the_maturity_component_and_the_answer_counts(relationship):
    result = relationship.score(BOTH)
    # overall today index (1.5 + 2.0) / 2 = 1.75 -> (1.75 - 1) / 3 = 0.25
    assert relationship.maturity(result, "overall") == pytest.approx(0.25)
    assert relationship.maturity(result, "it") == pytest.approx(1 / 3)  # (2.0 - 1) / 3
    nobody = relationship.score(scope(group(*[respondent(today={"peer": 2})] * 3)))
    assert relationship.maturity(nobody, "business") is None  # no index: no component
    counts = relationship.answer_counts(result)
    # 8 statements x 8 people, today and desired
    assert (counts.answers, counts.dont_know, counts.not_applicable) == (128, 0, None)


def test_it_summarises_a_department_row_from_its_respondents(relationship):
    tallies, measures = levels(2, 2, 3)
    department = scope(None, None, overall=(tallies, measures))
    summary = relationship.summary(department, tallies)
    assert isinstance(summary, RelationshipGroup)
    data = relationship.summary_json(summary)
    assert data["desired"] is None
    # (2 + 2 + 3) / 3 = 2.3333, sd 0.57735, se 0.33333, df 2: Passive-ish to Peer-ish, mixed
    assert (data["today"]["model"], data["today"]["index"]) == ("mixed", pytest.approx(7 / 3))
    assert data["today"]["stats"]["index"]["n"] == 3
    assert relationship.summary_json(None) == {"today": None, "desired": None}
    today, desired = relationship.heat_columns
    assert (today.key, today.scale, today.low, today.high) == ("rel_today", "1-4", 1, 4)
    assert today.value(summary) == pytest.approx(7 / 3)
    assert desired.value(summary) is None
    assert today.value(None) is None


def test_it_scores_one_respondent_by_their_own_level(relationship):
    mine = respondent(today={"passive": 5, "provider": 4, "partner": 2}, desired={"partner": 4, "peer": (4, 3)})
    own = relationship.respondent(scope(), mine, "business")
    # today: provider is the highest model agreed with; desired: peer (4 + 3) / 2 = 3.5
    assert (own.today.model, own.today.index) == ("provider", 2.0)
    assert (own.desired.model, own.desired.index) == ("peer", 4.0)
    nothing = relationship.respondent(scope(), respondent(today={"peer": 1}), "it")
    assert (nothing.today.model, nothing.today.index) == ("none", None)


def test_it_recommends_only_models_clearly_wanted_more_than_lived(relationship):
    candidates = list(relationship.recommend(relationship.score(BOTH), BOTH))
    # The four models first (content order), then every statement.
    assert [(c.level, c.code) for c in candidates[:5]] == [
        ("dimension", "passive"),
        ("dimension", "provider"),
        ("dimension", "partner"),
        ("dimension", "peer"),
        ("item", "REL-PAS-1"),
    ]
    by_code = {c.code: c for c in candidates}
    partner = by_code["partner"]
    # today: business 2, 2, 2, 2 and IT the same: s^2 0, floored at 1/12 (se^2 1/48 a side): everyone
    # 2.0, se sqrt(2/48) / 2 = 0.102062, df 6. desired: business (4+4+2+2)/4 = 3.0 (se^2 1/3), IT
    # 4, 4, 4, 4 (floored, se^2 1/48): everyone (3.0 + 4.0) / 2 = 3.5, se sqrt(1/3 + 1/48) / 2 =
    # 0.297560, df (17/48)^2 / ((1/3)^2 / 3 + (1/48)^2 / 3) = 3.37. gap 1.5, se sqrt(0.297560^2 +
    # 0.102062^2) = 0.314576, df 0.098958^2 / (0.088542^2 / 3.37 + 0.010417^2 / 6) = 4.18,
    # t(0.975, 4.18) = 2.729923 (between 2.776 at df 4 and 2.571 at df 5):
    # 1.5 -+ 0.858769 = 0.641231 .. 2.358769: still clear with the floor.
    assert (partner.gap, partner.gap_kind, partner.clear) == (1.5, "desired_vs_today", True)
    assert (partner.gap_low, partner.gap_high) == (
        pytest.approx(0.641231, abs=1e-5),
        pytest.approx(2.358769, abs=1e-5),
    )
    assert partner.numbers["today"] == 2.0 and partner.numbers["desired"] == 3.5
    assert partner.numbers["desired_n"] == 8
    assert partner.per_side == {"business": (2.0, 3.0), "it": (2.0, 4.0)}
    assert partner.measured == {
        "today": {"business": 2.0, "it": 2.0, "overall": 2.0},
        "desired": {"business": 3.0, "it": 4.0, "overall": 3.5},
    }
    # Joint planning is stage 3 of seed 004; Peer assumes Partner, which is recommended.
    assert (partner.stage, partner.prerequisites) == (3, ())
    assert (by_code["peer"].stage, by_code["peer"].prerequisites) == (3, ("partner",))
    # provider: today (3.0 + 4.0) / 2 = 3.5, desired 2.0: -1.5, clear but lived more than wanted.
    assert by_code["provider"].gap == -1.5 and by_code["provider"].gap_high < 0
    ranked = recommendations_rank(candidates)
    # Only partner is clear and positive; its two statements merge under it.
    assert [(r.code, r.children) for r in ranked.main] == [("partner", ("REL-PAR-1", "REL-PAR-2"))]
    assert ranked.appendix == ()


def test_it_orders_partner_advice_after_the_provider_basics(relationship):
    # Everyone disagrees with everything today (2) and wants Provider and Partner (4) desired, all
    # alike: each side's s^2 0 floored at 1/12 (se^2 1/48), everyone se sqrt(2/48) / 2 = 0.102062 (df 6)
    # per aspect; +2.0, se sqrt(2) x 0.102062 = 0.144338, df 12, t 2.179: 2.0 -+ 0.3145, still clear.
    today = dict.fromkeys(("passive", "provider", "partner", "peer"), 2)
    wants = [respondent(today=today, desired={**today, "provider": 4, "partner": 4})] * 4
    both = scope(group(*wants), group(*wants))
    candidates = {c.code: c for c in relationship.recommend(relationship.score(both), both)}
    assert candidates["partner"].prerequisites == ("provider",)
    # Provider's service menu and expectations: stage 1; a contact person each side: a stage 2 quick
    # win; a Partner statement takes its model's stage 3.
    assert (candidates["provider"].stage, candidates["REL-PRO-1"].stage, candidates["REL-PAR-1"].stage) == (1, 2, 3)
    ranked = recommendations_rank(candidates.values())
    assert [r.code for r in ranked.main] == ["provider", "partner"]


def test_it_recommends_nothing_without_desired(relationship):
    only_today = scope(levels(1, 2, 2), None)
    assert list(relationship.recommend(relationship.score(only_today), only_today)) == []


def test_it_words_the_trigger_with_intervals_and_whether_the_gap_is_clear(relationship, texts):
    candidates = {c.code: c for c in relationship.recommend(relationship.score(BOTH), BOTH)}
    model = candidates["partner"]
    title, name = relationship.recommendation_names(model, texts)
    assert (title, name) == ("Partner", "Partner")
    # today 2.0 -+ 2.446912 x 0.102062 = 1.750 .. 2.250; desired 3.5 -+ 2.993627 (df 3.37) x 0.297560
    # = 2.609 .. 4.391; shown to one decimal
    assert relationship.trigger(model, name) == (
        "Agreement with the Partner model: today 2.0 (1.8–2.2, n 8), desired 3.5 (2.6–4.4, n 8); "
        "desired − today +1.5, clear (business 2.0 → 3.0; IT 2.0 → 4.0)."
    )
    statement = candidates["REL-PAR-1"]
    title, name = relationship.recommendation_names(statement, texts)
    assert title == name == "IT takes part in our business planning, working toward goals we share."
    assert relationship.trigger(statement, name) == (
        "“IT takes part in our business planning, working toward goals we share.”: today 2.0 (1.8–2.2, n 8), "
        "desired 3.5 (2.6–4.4, n 8); desired − today +1.5, clear (business 2.0 → 3.0; IT 2.0 → 4.0)."
    )
    peer = candidates["peer"]
    assert "desired − today +0.5, within the noise" in relationship.trigger(peer, "Peer")


def test_it_compares_today_s_model_and_both_indices(relationship, texts):
    figures = relationship.figures(relationship.score(scope(BUSINESS, levels(2, 2, 2), overall=None)), texts)
    assert [f.key for f in figures] == [
        "relationship.business.model",
        "relationship.it.model",
        "relationship.overall.model",
        "relationship.business.today",
        "relationship.it.today",
        "relationship.overall.today",
        "relationship.business.desired",
        "relationship.it.desired",
        "relationship.overall.desired",
    ]
    by_key = {f.key: f for f in figures}
    assert by_key["relationship.business.model"].words == "between Passive and Provider"
    assert by_key["relationship.it.model"].words == "Provider"
    assert by_key["relationship.overall.model"].words == ""
    assert by_key["relationship.business.today"].value == 1.5
    assert by_key["relationship.business.today"].heading == "Relationship index (1 Passive – 4 Peer)"
    assert by_key["relationship.business.today"].label == "Today, Business"
    assert by_key["relationship.it.desired"].value is None
    assert {f.group for f in figures} == {"business", "it", "overall"}


def test_it_counts_dont_know_apart(relationship):
    tallies, measures = levels(1, 2, 2)
    tallies = {**tallies, ("REL-PAS-1", "today"): tallies[("REL-PAS-1", "today")] + Tally(dk=1)}
    result = relationship.score(scope(None, None, overall=(tallies, measures)))
    assert relationship.answer_counts(result).dont_know == 1
