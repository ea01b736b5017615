"""manage.py campaign_scores' text summary of the method (issue #16): the main recommendations, then
"Appendix: N more", strengths, flagged respondents, low-reliability scales, and "not enough
answers" for a missing maturity. The JSON it summarises is the core's (`CampaignScores.to_json`)
of the records built by hand in tests/reports/method_records.py."""

from __future__ import annotations

import io

import pytest
from django.core.management.base import OutputWrapper

from assessments.management.commands.campaign_scores import Command
from assessments.scoring import campaign_scores
from assessments.texts import instrument_texts
from tests.helpers import submit_columns
from tests.reports import method_records as records

pytestmark = pytest.mark.django_db


def summary(campaign, **changes) -> str:
    scores = records.with_records(campaign_scores(campaign=campaign), **changes)
    data = scores.to_json(
        instrument_texts(campaign.instrument, "en"),
        records.worded(scores.recommendations),
        records.worded(scores.recommendations_appendix),
        records.strengths_worded(scores.strengths),
    )
    out = io.StringIO()
    Command(stdout=OutputWrapper(out))._summary(campaign, data)
    return out.getvalue()


@pytest.fixture
def answered(campaign):
    for _ in range(4):
        submit_columns(campaign, "business", columns={}, default="4")
    for _ in range(3):
        submit_columns(campaign, "it", columns={}, default="3")
    return campaign


def test_it_lists_the_main_recommendations_then_the_appendix(answered):
    text = summary(answered)
    lines = text.splitlines()
    assert "Recommendations: 10" in lines
    assert (
        "  1. BEH-IT-1 (quick win, stage: know what you do, gap 1.20 (0.80 to 1.60)): the business rates BEH-IT-1 low"
        in lines
    )
    assert (
        "  2. BEH-IT-2 (stage: stop the bleeding, gap 1.60 (1.20 to 2.00); waits for BEH-IT-1): the business rates BEH-IT-2 low"
        in lines
    )
    assert lines.index("Recommendations: 10") < lines.index("Appendix: 2 more")
    assert "BEH-IT-11" not in text  # the appendix is counted, not listed


def test_it_lists_strengths_flags_and_low_reliability(answered):
    text = summary(answered)
    assert "Strengths: 2" in text
    assert "  TRU-1 (strength, 4.20, 3.80 to 4.60): Sentence about TRU-1" in text
    assert "  BEH-BUS-2 (hidden strength, 0.90, 0.30 to 1.50): Sentence about BEH-BUS-2" in text
    assert (
        "Flagged respondents: business 3, straight_line 2, acquiescence 1; it 0; "
        "kept (leaving them out would show the answers of fewer than the threshold)" in text
    )
    assert "Low reliability (alpha under 0.6): 1" in text
    assert "  trust.all (value): business 0.45, it 0.81, overall 0.66" in text


def test_it_says_none_when_nothing_is_clear(answered):
    text = summary(answered, strengths=(), reliability=(), recommendations=(), recommendations_appendix=())
    assert "Recommendations: 0" in text and "Appendix: 0 more" in text
    assert "Strengths: none clear yet" in text
    assert "Low reliability (alpha under 0.6): none" in text


def test_it_says_not_enough_answers_for_a_missing_maturity(answered):
    text = summary(answered)
    assert "BRM maturity: not enough answers (overall maturity needs both sides)" in text
    assert "BRM maturity: ." not in text
