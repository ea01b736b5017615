"""The dashboard shows the method of issue #16: the ranked main list with "More recommendations",
stages, what a recommendation waits for, quick wins, "What works", flagged respondents, scales
that do not hang together, a missing maturity in words and how to read the figures.

The scores are a real campaign's, carrying the core's records built by hand
(tests/reports/method_records.py), so the presentation is tested whatever the slices propose.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.scoring import campaign_scores
from assessments.texts import instrument_texts
from tests.helpers import submit_columns
from tests.reports import method_records as records
from workspace.dashboard import dashboard_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(campaign):
    """4 business (Sales) and 3 IT responses."""
    for i in range(4):
        submit_columns(campaign, "business", columns={}, default=str(2 + i % 3), department="Sales")
    for i in range(3):
        submit_columns(campaign, "it", columns={}, default=str(3 + i % 2))
    return campaign


def build(campaign, **changes):
    scores = records.with_records(campaign_scores(campaign=campaign), **changes)
    return dashboard_build(
        scores=scores,
        campaign_wide=scores,
        counts={},
        texts=instrument_texts(campaign.instrument),
        recommendations=records.worded(scores.recommendations),
        appendix=records.worded(scores.recommendations_appendix),
        strengths=records.strengths_worded(scores.strengths),
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_it_shows_the_main_list_and_more_recommendations(answered):
    data = build(answered)
    recs = data["recommendations"]
    assert [r["rank"] for r in recs["main"]] == list(range(1, 11))
    assert [r["code"] for r in recs["appendix"]] == ["BEH-IT-11", "BEH-IT-12"]
    assert (recs["total"], recs["quick_wins"]) == (12, 1)
    html = render_to_string("assessments/dashboard/recommendations.html", {"dashboard": data})
    text = text_of(html)
    # The appendix in a collapsed part, after the main list.
    main, more = html.split("<details", 1)
    assert "Title BEH-IT-10" in main and "Title BEH-IT-11" not in main
    assert "More recommendations (2)" in more and "Title BEH-IT-12" in more
    assert "<details open" not in html
    # Rank order (BEH-IT-2 has the highest priority but waits for BEH-IT-1), the Why: sentence,
    # the stage, what it waits for, the gap with its interval.
    assert text.index("1. Title BEH-IT-1 ") < text.index("2. Title BEH-IT-2 ") < text.index("3. Title BEH-IT-3 ")
    assert "Why: the business rates BEH-IT-2 low (gap +1.6 (1.2–2.0))" in text
    assert "Stage: Know what you do" in text and "Stage: Stop the bleeding" in text
    assert "Waits for: 1. Title BEH-IT-1" in text
    # The one quick win is marked in words (not colour only).
    assert html.count('<span class="badge badge-quick-win">Quick win</span>') == 1
    assert "1 quick win: low effort, waiting for nothing." in text
    assert "gap of 1.5" not in text  # the old rule


def test_it_says_when_there_is_nothing_to_recommend(answered):
    data = build(answered, recommendations=(), recommendations_appendix=())
    text = text_of(render_to_string("assessments/dashboard/recommendations.html", {"dashboard": data}))
    assert "No clear gap or weakness: nothing to recommend yet." in text


def test_it_shows_what_works(answered):
    text = text_of(render_to_string("assessments/dashboard/strengths.html", {"dashboard": build(answered)}))
    assert "What works" in text
    # The strength's mean with its interval, the hidden strength's difference with its interval.
    assert "Strength TRU-1 4.2 (3.8–4.6) Sentence about TRU-1" in text
    assert "Hidden strengths" in text
    assert "Strength BEH-BUS-2 +0.9 (0.3–1.5) Sentence about BEH-BUS-2" in text


def test_it_says_why_no_strength_is_clear(answered):
    data = build(answered, strengths=())
    text = text_of(render_to_string("assessments/dashboard/strengths.html", {"dashboard": data}))
    assert "No strength is clear yet: with 4 business and 3 IT respondents, intervals are wide." in text


def test_it_counts_flagged_respondents_and_warns_of_low_reliability(answered):
    data = build(answered)
    text = text_of(render_to_string("assessments/dashboard/reading.html", {"dashboard": data}))
    assert "How to read these figures" in text
    assert "“3.2 (2.9–3.5, n 24)”" in text
    assert "within the noise and shown in grey" in text
    # Business: 3 of 4 flagged (2 straight-lining, 1 acquiescence); IT: none of 3.
    assert "Business: 3 of 4 respondents flagged (2 straight-lining" in text
    assert "IT: 0 of 3 respondents flagged" in text
    assert "but that would show the answers of fewer than 3 people" in text
    # Trust's business alpha is 0.45, under 0.6; the relationship scale is not named.
    assert "Read with care: the items of Trust: all items do not hang together (Cronbach's alpha under 0.6)." in text
    assert "Passive" not in text


def test_it_says_nothing_of_reliability_when_every_scale_holds(answered):
    data = build(answered, reliability=records.reliability()[1:])
    assert data["reliability"]["warning"] == ""
    assert "Read with care" not in render_to_string("assessments/dashboard/reading.html", {"dashboard": data})


def test_it_says_not_enough_answers_for_a_missing_maturity(answered):
    data = build(answered)
    html = render_to_string("assessments/dashboard/maturity.html", {"dashboard": data})
    text = text_of(html)
    assert "Not enough answers: overall maturity needs both sides." in text
    assert "Business: not enough answers · IT: not enough answers" in text
    assert "Indicative: it combines four instruments on different scales with set weights" in text


def test_it_says_not_enough_answers_on_the_page_when_one_side_answered(client, alice, campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="4")
    client.force_login(alice)
    text = text_of(client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode())
    assert "Not enough answers: overall maturity needs both sides." in text
    assert "IT: no responses" in text
    assert "How to read these figures" in text
    assert "What works" in text
    assert "Overall maturity: ." not in text


def test_it_greys_differences_within_the_noise(settings):
    css = (Path(settings.BASE_DIR) / "static/css/campaign_dashboard.css").read_text()
    assert re.search(r"\.noise\s*\{[^}]*color", css)


# --- The campaign's setting ----------------------------------------------------------------------


def _settings_data(campaign, **overrides):
    data = {
        "name": campaign.name,
        "instrument": campaign.instrument_id,
        "anonymity_threshold": str(campaign.anonymity_threshold),
        "departments": "\n".join(campaign.departments),
        "practice_form": campaign.practice_form,
        "show_summary": "on",
        "language": "en",
    }
    return {**data, **overrides}


def test_it_sets_leaving_flagged_respondents_out(client, alice, campaign):
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert 'name="exclude_flagged"' in page
    assert "Respondents who gave the same answer to every question" in page  # its help text
    assert client.post(url, _settings_data(campaign, exclude_flagged="on")).status_code == 302
    campaign.refresh_from_db()
    assert campaign.exclude_flagged
    # Unticked again: kept.
    assert client.post(url, _settings_data(campaign)).status_code == 302
    campaign.refresh_from_db()
    assert not campaign.exclude_flagged


def test_it_audits_leaving_flagged_respondents_out(client, alice, campaign, org):
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    assert client.post(url, _settings_data(campaign, exclude_flagged="on")).status_code == 302
    entry = LogEntry.objects.get_for_object(campaign).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.changes_dict["exclude_flagged"] == ["False", "True"]
    audit = client.get(reverse("manage:audit_log", args=[org.slug])).content.decode()
    assert "leave flagged respondents out" in audit


def test_it_offers_the_setting_only_on_an_existing_campaign(client, alice, org):
    client.force_login(alice)
    assert (
        'name="exclude_flagged"' not in client.get(reverse("manage:campaign_create", args=[org.slug])).content.decode()
    )
