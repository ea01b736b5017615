"""campaign_scores and response_scores on the real database, with hand-made and demo campaigns."""

from __future__ import annotations

import json
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.demo import _seed_responses, demo_seed
from assessments.instrument_meta import _instrument_meta
from assessments.models import Campaign
from assessments.scoring import campaign_scores, response_scores
from assessments.selectors.instruments import _instrument_sections, instrument_items
from assessments.services.campaigns import campaign_create, campaign_update
from assessments.services.responses import response_answers_save, response_start
from assessments.stored_scores import StoredScores
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import cache_clear, scores_of, submit_columns


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (four statements a model, seven trust statements, BEH-IT-7):
    the archived version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


PREFIX = {"passive": "PAS", "provider": "PRO", "partner": "PAR", "peer": "PEE"}
MODELS = ["passive", "provider", "partner", "peer"]
TRUST = [f"TRU-{i}" for i in range(1, 8)]


def model_columns(model: str, aspect: str, value: str) -> dict[str, str]:
    """All four statements of a model, for one aspect."""
    return {f"REL-{PREFIX[model]}-{i}.{aspect}": value for i in range(1, 5)}


def business_answers(**extra: str | None) -> dict[str, str | None]:
    # Today passive, desired partner; the business rates IT's reporting 2; everything else 3.
    return {
        **model_columns("passive", "today", "5"),
        **model_columns("partner", "desired", "5"),
        "BEH-IT-7": "2",
        **extra,
    }


def it_answers(**extra: str | None) -> dict[str, str | None]:
    # Today provider, desired partner; IT rates its own reporting 5 and trusts fully.
    return {
        **model_columns("provider", "today", "5"),
        **model_columns("partner", "desired", "5"),
        "BEH-IT-7": "5",
        **dict.fromkeys(TRUST, "5"),
        **extra,
    }


def submit(campaign, side: str, count: int, columns: dict, department: str = "") -> None:
    for _ in range(count):
        submit_columns(campaign, side, columns=columns, department=department)


@pytest.fixture
def scored_campaign(campaign):
    submit(campaign, "business", 3, business_answers())
    submit(campaign, "it", 3, it_answers())
    return campaign


@pytest.mark.django_db
def test_it_scores_a_hand_made_campaign(scored_campaign):
    scores = scores_of(campaign=scored_campaign)
    assert scores["responses"] == {"business": 3, "it": 3}
    relationship = scores["relationship"]

    business_today = relationship["business"]["today"]
    assert business_today["scores"] == {"passive": 5.0, "provider": 3.0, "partner": 3.0, "peer": 3.0}
    # Each of the three agrees (>= 3.5) with Passive only: level 1 each, index 1.0 with no spread;
    # margin (best agreement - runner-up) 5 - 3 = 2.
    assert (business_today["model"], business_today["index"], business_today["margin"]) == ("passive", 1.0, 2.0)
    assert business_today["stats"]["index"] == {"mean": 1.0, "n": 3, "sd": 0.0, "ci": [1.0, 1.0]}
    # Desired: Partner (level 3) for all three.
    assert (relationship["business"]["desired"]["model"], relationship["business"]["desired"]["index"]) == (
        "partner",
        3.0,
    )
    assert relationship["business"]["gap"]["index"] == 2.0  # 3.0 - 1.0
    assert (relationship["it"]["today"]["model"], relationship["it"]["today"]["index"]) == ("provider", 2.0)

    # Everyone today: the mean of the two sides' indices, (1.0 + 2.0) / 2 = 1.5, which lies in
    # Provider's band [1.5, 2.5); the model agreement is the mean of the sides too: passive
    # (5 + 3) / 2 = 4.0, provider (3 + 5) / 2 = 4.0.
    overall_today = relationship["overall"]["today"]
    assert (overall_today["model"], overall_today["index"]) == ("provider", 1.5)
    assert overall_today["scores"]["passive"] == overall_today["scores"]["provider"] == 4.0
    # Business 1.0 vs IT 2.0, each without spread: a clear difference today, none desired.
    assert (relationship["disagree_today"], relationship["disagree_desired"]) == (True, False)

    reporting = next(b for b in scores["behaviours"]["items"] if b["code"] == "BEH-IT-7")
    # IT rates itself 5, the business rates IT 2: blind spot 3; overall (2 + 5) / 2 = 3.5 (sides equal)
    assert (reporting["self"], reporting["mirror"], reporting["blind_spot"], reporting["mean"]) == (5.0, 2.0, 3.0, 3.5)
    # Each side's answers are all equal: the spread floor s^2 = 1/12 gives se = 0.1667 a side,
    # se of the difference 0.2357, Welch df 4, t 2.776: 3.0 +- 0.65 -> 2.35 .. 3.65, clear.
    assert reporting["stats"]["blind_spot"] == {"value": 3.0, "ci": [2.35, 3.65], "clear": True}
    assert scores["behaviours"]["blind_spots"][0]["code"] == "BEH-IT-7"

    # trust: business all 3 -> 50; IT all 5 -> 100; never pooled (two different questions)
    trust = scores["trust"]
    assert (trust["business"]["index"], trust["it"]["index"], trust["overall"]) == (50.0, 100.0, None)
    assert trust["perception_gap"] == 50.0

    # practices all 3: no target gap anywhere
    assert scores["practices"]["gap"] == {"business": 0.0, "it": 0.0, "overall": 0.0}
    assert scores["practices"]["largest_gaps"] == []

    # maturity, each instrument's position on its own scale (0..1), weights .30/.30/.25/.15:
    # business: relationship (1 - 1) / 3 = 0; behaviours (19 x 3 + 2) / 20 = 2.95 -> 0.4875;
    # practices 3 -> 0.5; trust 50 -> 0.5: 1 + 4 x (0 + 0.14625 + 0.125 + 0.075) = 2.385, level 2.
    # IT: (2 - 1) / 3 = 0.333; (19 x 3 + 5) / 20 = 3.1 -> 0.525; 0.5; IT's view 100 -> 1.0:
    # 1 + 4 x (0.1 + 0.1575 + 0.125 + 0.15) = 3.13. Everyone: (2.385 + 3.13) / 2 = 2.7575, level 3.
    maturity = scores["maturity"]
    assert (maturity["business"]["score"], maturity["business"]["level"]) == (2.38, 2)
    assert (maturity["it"]["score"], maturity["it"]["level"]) == (3.13, 3)
    assert (maturity["overall"]["score"], maturity["overall"]["level"], maturity["overall"]["name"]) == (
        2.76,
        3,
        "Service provider",
    )
    assert maturity["available"] is True

    # The clear blind spot (near end 2.35 of 4 points: priority 0.59) ranks first; it is low effort
    # and waits for nothing, so it is a quick win. Its trigger quotes both sides with intervals.
    record = campaign_scores(campaign=scored_campaign).recommendations[0]
    assert (record.code, record.quick_win, record.gap, record.gap_kind) == ("BEH-IT-7", True, 3.0, "blind_spot")
    first = scores["recommendations"][0]
    assert (first["code"], first["quick_win"], first["gap"], first["gap_kind"], first["clear"]) == (
        "BEH-IT-7",
        True,
        3.0,
        "blind_spot",
        True,
    )
    assert first["trigger"] == (
        "IT rates its own “Plain, honest reporting” 5.0 (4.3–5.0); the business rates it 2.0 (1.3–2.7): "
        "a clear blind spot of +3.0 points (+2.3 to +3.7)."
    )
    assert len(scores["recommendations"]) <= 10
    json.dumps(scores)  # JSON-ready


@pytest.mark.django_db
def test_it_never_counts_unsubmitted_responses(scored_campaign, invitation):
    before = scores_of(campaign=scored_campaign)
    response = response_start(invitation=invitation)
    items = {item.code: item for item in instrument_items(instrument=scored_campaign.instrument)}
    fields = [(item.code, aspect) for item in items.values() for aspect in item.aspects]
    response_answers_save(response=response, items=items, answers=dict.fromkeys(fields, "1"))
    after = scores_of(campaign=scored_campaign)
    assert after["responses"] == {"business": 3, "it": 3}
    assert after == before


@pytest.mark.django_db
def test_it_excludes_dont_know_and_not_applicable_and_missing_answers(campaign):
    submit(campaign, "business", 2, business_answers())
    # The third person: "don't know" on TRU-1, skips TRU-2, "not applicable" on one practice.
    submit(campaign, "business", 1, business_answers(**{"TRU-1": "dk", "TRU-2": None, "BISL-USE.current": "na"}))
    scores = scores_of(campaign=campaign)
    trust_items = {t["code"]: t for t in scores["trust"]["items"]}
    assert (trust_items["TRU-1"]["answers"], trust_items["TRU-1"]["dont_know"]) == (2, 1)
    assert (trust_items["TRU-2"]["answers"], trust_items["TRU-2"]["dont_know"]) == (2, 0)
    # 3 x 7 trust answers less the two that are not scores; every score is 3
    assert scores["trust"]["business"]["answers"] == 19
    assert scores["trust"]["business"]["mean"] == 3.0
    use = next(p for p in scores["practices"]["items"] if p["code"] == "BISL-USE")
    assert use["answers"] == {"current": 2, "target": 3}
    assert use["not_applicable"] == {"current": 1, "target": 0}
    assert use["current"]["business"] == 3.0


@pytest.mark.django_db
def test_it_hides_a_side_under_the_threshold_but_counts_it_overall(campaign):
    submit(campaign, "business", 3, business_answers())
    submit(campaign, "it", 2, it_answers())
    scores = scores_of(campaign=campaign)
    assert scores["responses"] == {"business": 3, "it": 2}
    assert scores["relationship"]["it"] is None
    # Business shown beside everyone would give IT away (everyone - business): hidden too.
    assert scores["relationship"]["business"] is None
    assert scores["relationship"]["overall"]["today"]["model"] is not None
    assert scores["relationship"]["disagree_today"] is False
    assert scores["trust"]["it"] is None and scores["trust"]["business"] is None
    assert scores["maturity"]["it"] is None
    assert scores["anonymity"]["hidden"] == [
        {"side": "it", "department": None, "responses": 2, "reason": "under_threshold"},
        {"side": "business", "department": None, "responses": 3, "reason": "complementary"},
    ]
    reporting = next(b for b in scores["behaviours"]["items"] if b["code"] == "BEH-IT-7")
    assert (reporting["self"], reporting["mirror"], reporting["it"]) == (None, None, None)
    # IT's answers still count for everyone: BEH-IT-7 pooled (3 x 2 + 2 x 5) / 5 = 3.2, since with
    # neither side reported apart the equal-weight figure would give both sides away.
    assert reporting["mean"] == 3.2
    # Trust is two questions (the business's trust, IT's view of it), never pooled: no figure at all.
    assert scores["trust"]["overall"] is None
    # No advice quotes a side.
    for rec in scores["recommendations"] + scores["recommendations_appendix"]:
        assert "business" not in rec["trigger"] and "IT rates" not in rec["trigger"]


@pytest.mark.django_db
def test_it_scores_a_single_side_campaign(campaign):
    submit(campaign, "business", 3, business_answers())
    scores = scores_of(campaign=campaign)
    assert scores["responses"] == {"business": 3, "it": 0}
    assert scores["anonymity"]["hidden"] == []
    assert scores["relationship"]["it"] is None
    assert scores["relationship"]["overall"] == scores["relationship"]["business"]
    assert scores["relationship"]["disagree_today"] is False
    # One side only: trust is the business's own, never pooled; no maturity without both sides.
    assert scores["trust"]["business"]["index"] == 50.0 and scores["trust"]["overall"] is None
    assert scores["maturity"]["overall"] is None and scores["maturity"]["available"] is False
    reporting = next(b for b in scores["behaviours"]["items"] if b["code"] == "BEH-IT-7")
    assert (reporting["self"], reporting["mirror"]) == (None, 2.0)
    # The business's three answers of 2 to BEH-IT-7 (s floored at 0.289, t(2) 4.303: 2.0 +- 0.72)
    # lie wholly below the norm 3: a clear weakness.
    assert any(r["code"] == "BEH-IT-7" and r["gap_kind"] == "weakness" for r in scores["recommendations"])


@pytest.mark.django_db
def test_it_suppresses_a_second_department(campaign):
    submit(campaign, "business", 2, business_answers(), department="Sales")
    submit(campaign, "business", 4, business_answers(), department="Finance")
    submit(campaign, "it", 3, it_answers())
    scores = scores_of(campaign=campaign)
    # Sales (2) is under the threshold; Finance shown would give Sales away as business - Finance.
    assert [
        (d["department"], d["responses"], d["reported"], d["reason"], d["scores"]) for d in scores["departments"]
    ] == [
        ("Sales", 2, False, "under_threshold", None),
        ("Finance", 4, False, "complementary", None),
    ]
    assert scores["relationship"]["business"]["today"]["model"] == "passive"  # the side itself is shown

    finance = scores_of(campaign=campaign, department="Finance")
    assert finance["responses"] == {"business": 4, "it": 0}
    assert finance["relationship"]["business"] is None
    assert finance["relationship"]["overall"] is None
    assert finance["trust"]["overall"] is None
    assert finance["recommendations"] == []


@pytest.mark.django_db
def test_it_scores_a_department_of_its_own(campaign):
    submit(campaign, "business", 3, business_answers(), department="Sales")
    submit(campaign, "business", 3, business_answers(**model_columns("peer", "today", "5")), department="Finance")
    scores = scores_of(campaign=campaign)
    sales_row = scores["departments"][0]
    assert (sales_row["department"], sales_row["reported"]) == ("Sales", True)
    today = sales_row["scores"]["relationship"]["today"]
    assert (today["model"], today["index"], today["margin"]) == ("passive", 1.0, 2.0)
    assert sales_row["scores"]["trust"] == 50.0

    sales = scores_of(campaign=campaign, department="Sales")
    assert sales["department"] == "Sales"
    assert sales["responses"] == {"business": 3, "it": 0}
    assert sales["relationship"]["business"]["today"]["index"] == 1.0
    assert sales["relationship"]["overall"] == sales["relationship"]["business"]
    # Finance agrees (5) with both Passive and Peer: each respondent's level is the highest model
    # agreed with, Peer (4), and each is flagged for agreeing with contradicting descriptions.
    finance = scores_of(campaign=campaign, department="Finance")
    assert finance["relationship"]["business"]["today"]["model"] == "peer"
    assert finance["relationship"]["business"]["today"]["index"] == 4.0
    assert finance["flags"]["counts"]["business"]["flag:acquiescence"] == 3


@pytest.mark.django_db
def test_it_rejects_an_unknown_department(scored_campaign):
    with pytest.raises(ApplicationError, match="no department 'Legal'"):
        scores_of(campaign=scored_campaign, department="Legal")


@pytest.mark.django_db
def test_it_uses_the_same_few_queries_for_10_and_500_responses(org, campaign, django_assert_num_queries):
    big = campaign_create(organisation=org, instrument=campaign.instrument, name="Round 2", status="open")
    _seed_responses(campaign=campaign, count=10, rng=random.Random(1))
    _seed_responses(campaign=big, count=500, rng=random.Random(2))
    # Warm up: loads each campaign's instrument row and this process's cached item structure, so
    # what is measured is the scoring itself.
    campaign_scores(campaign=campaign)
    campaign_scores(campaign=big)
    # One query: the stored snapshot is read, never the answers (assessments.services.snapshots).
    cache_clear()
    with django_assert_num_queries(1):
        small_scores = campaign_scores(campaign=campaign)
    with django_assert_num_queries(1):
        big_scores = campaign_scores(campaign=big)
    assert small_scores.total == 10
    assert big_scores.total == 500
    # Then from the cache, with no query at all.
    with django_assert_num_queries(0):
        assert campaign_scores(campaign=big) == big_scores

    def cold_count(of: Campaign) -> int:
        _instrument_sections.cache_clear()
        _instrument_meta.cache_clear()
        cache_clear()
        fresh = Campaign.objects.get(pk=of.pk)
        with CaptureQueriesContext(connection) as queries:
            campaign_scores(campaign=fresh)
        return len(queries)

    # Cold process, empty cache: the scores the publication stored, still one query.
    assert cold_count(campaign) == cold_count(big) == 1
    # Nothing stored (settings changed since, a new deployment): + the stored copy looked for, the
    # instrument row, its sections and items, the copy stored; still the same for both sizes.
    StoredScores.objects.all().delete()
    assert cold_count(campaign) == cold_count(big) == 6
    assert StoredScores.objects.count() == 2


@pytest.mark.django_db
def test_it_gives_sane_scores_on_demo_data():
    campaign = demo_seed(responses=60).campaign
    scores = scores_of(campaign=campaign)
    assert sum(scores["responses"].values()) == 60
    assert scores["anonymity"]["hidden"] == []
    relationship = scores["relationship"]
    for group in ("business", "it", "overall"):
        for aspect in ("today", "desired"):
            fit = relationship[group][aspect]
            assert 1.0 <= fit["index"] <= 4.0
            assert fit["model"] in [*MODELS, "mixed"]
            assert fit["margin"] >= 0
            # The marker (index) and the label can never contradict: the label's band holds it.
            if fit["model"] in MODELS:
                position = MODELS.index(fit["model"]) + 1
                assert position - 0.5 <= fit["index"] < position + 0.5 or fit["index"] == position
            assert all(1 <= fit["scores"][m] <= 5 for m in MODELS)
    business = relationship["business"]
    # the business lives a more passive relationship than it wants
    assert business["today"]["index"] < business["desired"]["index"]
    assert business["today"]["scores"]["partner"] < business["desired"]["scores"]["partner"]
    # IT wants more than it lives too.
    assert relationship["it"]["today"]["index"] < relationship["it"]["desired"]["index"]

    behaviours = scores["behaviours"]
    # each side rates itself higher than the other side rates it
    assert behaviours["groups"]["it"]["self"] > behaviours["groups"]["it"]["mirror"]
    assert behaviours["groups"]["business"]["self"] > behaviours["groups"]["business"]["mirror"]
    it_items = [b for b in behaviours["items"] if b["group"] == "it"]
    assert all(b["blind_spot"] > 0 for b in it_items)

    trust = scores["trust"]
    assert all(0 <= trust[g]["index"] <= 100 for g in ("business", "it")) and trust["overall"] is None
    assert trust["business"]["index"] < trust["it"]["index"]
    practices = scores["practices"]
    assert all(1 <= practices["current"][g] < practices["target"][g] <= 5 for g in ("business", "it", "overall"))
    assert 1 <= scores["maturity"]["overall"]["score"] <= 5

    recommendations = scores["recommendations"]
    assert 0 < len(recommendations) <= 10
    assert [r["rank"] for r in recommendations + scores["recommendations_appendix"]] == list(
        range(1, len(recommendations) + len(scores["recommendations_appendix"]) + 1)
    )
    # Every recommendation comes from a clear finding, and says so with its numbers.
    assert all(r["clear"] and r["ci"][0] > 0 and any(ch.isdigit() for ch in r["trigger"]) for r in recommendations)
    # Never before a prerequisite or an earlier stage.
    seen: set[str] = set()
    for r in recommendations:
        assert not any(p in {x["code"] for x in recommendations} - seen for p in r["prerequisites"])
        seen.add(r["code"])
    stages = [r["stage"] for r in recommendations if r["stage"]]
    assert stages == sorted(stages)
    assert scores["strengths"] and all(s["ci"][0] > 0 for s in scores["strengths"] if s["kind"] == "hidden_strength")
    # The demo's scales hang together.
    assert all(r["alpha"]["overall"] is None or r["alpha"]["overall"] >= 0.6 for r in scores["reliability"])
    json.dumps(scores)


@pytest.mark.django_db
def test_it_scores_one_respondents_own_answers(campaign):
    response = submit_columns(campaign, "business", columns=business_answers(**{"TRU-1": "dk"}))
    scores = response_scores(response=response)
    assert scores.side == "business"
    relationship = scores.results["relationship"]
    # Their own level: the highest model they agree with (Passive, 5), as in the worked example above.
    assert relationship.today.model == "passive"
    assert relationship.today.index == pytest.approx(1.0)
    assert relationship.desired.model == "partner"
    trust = scores.results["trust"]
    assert trust.index == 50.0
    assert trust.dont_know == 1
    # own side: business behaviours, all 3; other side: IT behaviours (7 x 3 + 2) / 8 = 2.875
    behaviours = scores.results["behaviours"]
    assert (behaviours.own_side, behaviours.other_side, behaviours.enterprise) == (3.0, 2.875, 3.0)
    assert scores.results["practices"].to_json() == {"current": 3.0, "target": 3.0}


@pytest.mark.django_db
def test_it_scores_a_campaign_without_responses(campaign):
    scores = scores_of(campaign=campaign)
    assert scores["responses"] == {"business": 0, "it": 0}
    assert [scores["relationship"][g] for g in ("business", "it", "overall")] == [None, None, None]
    assert scores["trust"]["overall"] is None
    assert scores["maturity"]["overall"] is None
    assert scores["recommendations"] == []
    assert scores["departments"] == []


def test_it_forgets_cached_scores_when_a_batch_is_published_or_the_campaign_changes(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={"REL-PAS-1.today": "2"})
    assert scores_of(campaign=campaign)["responses"]["business"] == 3
    for _ in range(3):
        submit_columns(campaign, "business", columns={"REL-PAS-1.today": "2"})
    assert scores_of(campaign=campaign)["responses"]["business"] == 6  # a new batch
    fields = ("name", "instrument", "opens_at", "closes_at", "departments", "practice_form", "show_summary")
    campaign_update(campaign=campaign, anonymity_threshold=7, **{f: getattr(campaign, f) for f in fields})
    assert scores_of(campaign=campaign)["anonymity"]["threshold"] == 7  # new settings
