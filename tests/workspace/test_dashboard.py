"""The campaign dashboard: access, what it shows, anonymity, comparison, filter, query count."""

from __future__ import annotations

import json
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from assessments.demo import _seed_responses
from assessments.models import Campaign, Invitation, Item, Response
from assessments.presentation import change
from assessments.scoring import campaign_scores
from assessments.services.invitations import invitation_create
from assessments.texts import instrument_texts
from assessments.wording import recommendations_worded
from brmportal.lib.labels import heat_shade
from respondent.presenters import respondent_summary
from tests.assessments.test_charts import assert_valid
from tests.helpers import cache_clear, open_campaign, scores_of, submit_columns
from workspace.dashboard import dashboard_build, dashboard_context
from workspace.dashboard.sections import response_rates


@pytest.fixture
def instrument(instrument_2026):
    """Worked by hand on 2026.2's items (BEH-IT-1, BEH-IT-7, seven trust statements): the archived
    version, which its campaigns keep (tests/assessments/test_content_versions.py)."""
    return instrument_2026


PREFIX = {"passive": "PAS", "provider": "PRO", "partner": "PAR", "peer": "PEE"}
TRUST = [f"TRU-{i}" for i in range(1, 8)]
HIDDEN_TEXT = "Fewer than 3 responses: not shown on its own to protect anonymity"


def model_columns(model: str, aspect: str, value: str) -> dict[str, str]:
    return {f"REL-{PREFIX[model]}-{i}.{aspect}": value for i in range(1, 5)}


def submit(campaign, side: str, count: int, columns: dict | None = None, department: str = "") -> None:
    for _ in range(count):
        submit_columns(campaign, side, columns=columns or {}, department=department)


def url(campaign, **query: str) -> str:
    base = reverse("campaigns:dashboard", args=[campaign.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def chart_specs(content: bytes) -> dict[str, dict]:
    """The Vega-Lite spec of every chart on the page, by chart name (templates/assessments/dashboard/chart.html)."""
    found = re.findall(rb'<script id="chart-([a-z-]+)-spec" type="application/json">(.*?)</script>', content, re.S)
    return {name.decode(): json.loads(spec) for name, spec in found}


def chart_rows(spec: dict) -> list[dict]:
    """The data rows of a spec (inline `data.values`, in a layer or at the top)."""
    parts = [spec, *spec.get("layer", []), *spec.get("vconcat", []), *spec.get("hconcat", [])]
    return [row for part in parts for row in (part.get("data") or {}).get("values", [])]


def later_campaign(org, instrument, name: str = "Round 2", departments: tuple[str, ...] = ("Sales", "Finance")):
    return open_campaign(org, instrument, name, departments=list(departments))


@pytest.fixture
def scored(campaign):
    """Business: today passive, desired partner; IT: today provider, desired partner; 3 each."""
    business = {
        **model_columns("passive", "today", "5"),
        **model_columns("partner", "desired", "5"),
        "BEH-IT-7": "1",  # the business rates IT's reporting low: a large gap, a quick win
        **dict.fromkeys(TRUST, "2"),
    }
    it = {**model_columns("provider", "today", "5"), **model_columns("partner", "desired", "5")}
    submit(campaign, "business", 3, business, department="Sales")
    submit(campaign, "it", 3, it)
    return campaign


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_checks_access(client, alice, bob, charlie, scored):
    client.force_login(charlie)
    assert client.get(url(scored)).status_code == 404
    client.force_login(bob)  # a viewer may read the dashboard
    assert client.get(url(scored)).status_code == 200
    client.force_login(alice)
    assert client.get(url(scored)).status_code == 200


@pytest.mark.django_db
def test_it_sends_anonymous_users_to_login(client, campaign):
    r = client.get(url(campaign))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_it_returns_404_for_an_unknown_campaign(client, alice):
    client.force_login(alice)
    assert client.get("/campaigns/999999/").status_code == 404


@pytest.mark.django_db
def test_it_hides_exports_from_viewers(client, bob, scored):
    client.force_login(bob)
    r = client.get(url(scored))
    assert reverse("campaigns:scores_export", args=[scored.pk, "csv"]).encode() not in r.content
    assert b"Download PDF gap report" not in r.content


# --- What it shows -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_empty_state(client, alice, campaign):
    client.force_login(alice)
    r = client.get(url(campaign))
    text = r.content.decode()
    assert "No responses yet: invite respondents" in text
    invitations = reverse("manage:invitation_list", args=[campaign.pk]) if _has_url("manage:invitation_list") else ""
    if invitations:
        assert invitations in text
    assert 'id="dashboard-data"' not in text
    assert "chart.umd.min.js" not in text


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


@pytest.mark.django_db
def test_it_shows_models_disagreement_and_recommendations(client, alice, scored):
    client.force_login(alice)
    r = client.get(url(scored))
    assert r.status_code == 200
    text = r.content.decode()
    assert "Business and IT disagree on today's model" in text
    # Each side's model in words next to the markers, on the 4-step scale: the words the
    # relationship's card gives (its classification is tested in tests/relationships).
    card = next(s.context for s in dashboard_context(campaign=scored)["sections"] if "relationships/" in s.template)
    for aspect in card["aspects"]:
        for marker in aspect["markers"]:
            assert f"<strong>{marker['label']}:</strong> {marker['model_name']}" in text
    for step in ("Passive", "Provider", "Partner", "Peer"):
        assert f"<span>{step}</span>" in text
    # The markers are the index chart's, the PDF's spec (relationships.charts).
    assert 'id="chart-relationship-index-spec"' in text
    # The recommendations in rank order, each with the sentence that triggered it (the marks of
    # quick wins, stages and the appendix: tests/workspace/test_dashboard_method.py).
    scores = scores_of(campaign=scored)
    for rec in recommendations_worded(campaign_scores(campaign=scored).recommendations, instrument=scored.instrument):
        assert rec["title"] in text
    # Overall maturity with the ladder level's name.
    assert f"Level {scores['maturity']['overall']['level']}: <strong>{scores['maturity']['overall']['name']}" in text


@pytest.mark.django_db
def test_it_shows_response_rates_per_side_and_department(client, alice, campaign):
    for _ in range(3):
        invitation_create(campaign=campaign, side="business", department="Sales")
    invitation_create(campaign=campaign, side="business", department="Finance")
    done = invitation_create(campaign=campaign, side="it")
    Invitation.objects.filter(campaign=campaign, department="Sales").update(state=Invitation.State.SUBMITTED)
    Invitation.objects.filter(pk=done.pk).update(state=Invitation.State.STARTED)
    submit(campaign, "business", 3, department="Sales")
    client.force_login(alice)
    text = client.get(url(campaign)).content.decode()
    assert "3 of 4 submitted (75 %), 0 in progress" in text  # business
    assert "0 of 1 submitted (0 %), 1 in progress" in text  # IT
    assert "3 of 3 submitted (100 %), 0 in progress" in text  # business x Sales
    assert 'aria-label="Business: 3 of 4 submitted (75 %), 0 in progress"' in text


@pytest.mark.django_db
def test_it_explains_hidden_groups(client, alice, campaign):
    submit(campaign, "business", 4)
    submit(campaign, "it", 2)
    client.force_login(alice)
    text = client.get(url(campaign)).content.decode()
    assert HIDDEN_TEXT in text
    # Business is hidden too: everyone minus business would give IT away.
    assert "<strong>Business:</strong> Not shown on its own" in text
    # Everyone (6) is still shown (its model named by the relationship's card, not a hidden note).
    assert "<strong>Everyone:</strong>" in text
    assert "<strong>Everyone:</strong> Not shown" not in text


@pytest.mark.django_db
def test_it_shows_departments_under_the_threshold_with_the_reason(client, alice, campaign):
    submit(campaign, "business", 3, department="Sales")
    submit(campaign, "business", 2, department="Finance")
    submit(campaign, "it", 3)
    client.force_login(alice)
    r = client.get(url(campaign))
    heat = r.context["dashboard"]["heatmap"]["rows"]
    by_department = {row["department"]: row for row in heat}
    assert by_department["Finance"]["reason"].startswith("Fewer than 3 responses: not shown on its own")
    # Sales would give Finance away (business - Sales = Finance): hidden too.
    assert by_department["Sales"]["reason"].startswith("Not shown on its own")
    assert by_department["Sales"]["cells"] == []
    # Not rows of "not shown": one line names what is left out and why (issue #18 item 5).
    text = r.content.decode()
    assert "Left out to protect anonymity (fewer than 3 responses, or it would reveal a smaller group):" in text
    assert "Sales (Business, 3 responses); Finance (Business, 2 responses)." in text
    assert HIDDEN_TEXT not in text


@pytest.mark.django_db
def test_it_shows_a_heat_map_of_reported_departments(client, alice, campaign):
    submit(campaign, "business", 3, department="Sales")
    submit(campaign, "business", 3, department="Finance", columns=dict.fromkeys(TRUST, "5"))
    submit(campaign, "it", 3)
    client.force_login(alice)
    r = client.get(url(campaign))
    rows = {row["department"]: row for row in r.context["dashboard"]["heatmap"]["rows"]}
    trust = {name: next(c for c in row["cells"] if c["key"] == "trust") for name, row in rows.items()}
    assert trust["Finance"] == {"key": "trust", "value": 100.0, "text": "100", "shade": 4, "css": "heat-5"}
    assert trust["Sales"] == {"key": "trust", "value": 50.0, "text": "50", "shade": 2, "css": "heat-3"}
    assert 'class="text-end heat heat-4">100</td>' in r.content.decode()  # an index, whole (issue #18)


@pytest.mark.django_db
def test_it_passes_each_charts_spec_with_a_text_alternative(client, alice, scored):
    client.force_login(alice)
    r = client.get(url(scored))
    specs = chart_specs(r.content)
    assert {"behaviours", "practices", "maturity", "relationship-profile", "trust"} <= set(specs)
    text = r.content.decode()
    assert "vendor/vega/vega-embed" in text and "js/campaign_dashboard.js" in text
    assert "chartjs" not in text
    # The numbers drawn are the scores' (the chart specs are tested in tests/assessments/test_charts.py).
    scores = scores_of(campaign=scored)
    practices = chart_rows(specs["practices"])
    for cluster in scores["practices"]["clusters"]:
        current = cluster["current"]["overall"]
        if current is not None:
            assert any(abs(row.get("value", -1) - current) < 0.01 for row in practices if isinstance(row, dict))
    for spec in specs.values():
        assert_valid(spec)  # valid Vega-Lite, as both renderers read it
    # Every chart has a text alternative and a table with the same numbers.
    for box in re.findall(r'<div class="chart-box[^>]*>', text):
        assert 'role="img"' in box and 'aria-label="' in box and 'aria-label=""' not in box
    assert "Table: behaviours, self and mirror" in text
    assert "Table: BiSL maturity per cluster" in text


@pytest.mark.django_db
def test_it_compares_with_the_previous_campaign(client, alice, org, instrument, campaign):
    submit(campaign, "business", 3)  # trust 3 everywhere: index 50
    submit(campaign, "it", 3)
    current = later_campaign(org, instrument)
    submit(current, "business", 3, dict.fromkeys(TRUST, "5"))  # index 100: up 50
    submit(current, "it", 3, dict.fromkeys(TRUST, "1"))  # index 0: down 50
    client.force_login(alice)
    r = client.get(url(current))
    rows = {row["key"]: row for row in r.context["dashboard"]["comparison"]}
    assert rows["trust.business"]["direction"] == "up"
    assert rows["trust.business"]["text"] == "up 50"  # an index changes in whole numbers (issue #18)
    assert rows["trust.it"]["text"] == "down 50"
    assert rows["behaviours.enterprise"]["text"] == "no change"
    text = r.content.decode()
    assert "Round 1" in text
    assert '<span aria-hidden="true">▲</span> up 50' in text
    assert '<span aria-hidden="true">▼</span> down 50' in text


@pytest.mark.django_db
def test_it_compares_only_with_earlier_campaigns_with_responses(org, instrument, campaign):
    current = later_campaign(org, instrument)
    submit(current, "business", 3)
    # The earlier campaign has no submitted responses; a later one is not "previous".
    later = later_campaign(org, instrument, name="Round 3")
    submit(later, "business", 3)
    data = dashboard_context(campaign=current)
    assert data["previous_campaign"] is None
    assert data["comparison"] == []
    submit(campaign, "business", 3)
    assert dashboard_context(campaign=current)["previous_campaign"] == campaign


@pytest.mark.django_db
def test_it_filters_by_department(client, alice, campaign):
    submit(campaign, "business", 3, dict.fromkeys(TRUST, "5"), department="Sales")
    submit(campaign, "business", 3, dict.fromkeys(TRUST, "1"), department="Finance")
    submit(campaign, "it", 3)
    # Closed by date: the answers export (closed campaigns only) is offered too.
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now())
    client.force_login(alice)
    r = client.get(url(campaign, department="Sales"))
    dashboard = r.context["dashboard"]
    assert dashboard["department"] == "Sales"
    assert dashboard["responses"] == {"business": 3, "it": 0, "total": 3}
    trust = next(s.context for s in dashboard["sections"] if s.template == "trust/dashboard.html")
    business_trust = next(s for s in trust["sides"] if s["side"] == "business")
    assert business_trust["value"]["index"] == 100.0
    text = r.content.decode()
    assert '<option value="Sales" selected>Sales</option>' in text
    # The filter carries into every export link.
    for kind in ("scores_export", "answers_export"):
        for fmt in ("csv", "xlsx"):
            assert reverse(f"campaigns:{kind}", args=[campaign.pk, fmt]) + "?department=Sales" in text
    # The heat map keeps every department for context and marks the chosen one.
    assert {row["department"] for row in dashboard["heatmap"]["rows"]} == {"Sales", "Finance"}
    assert 'class="heat-selected"' in text


@pytest.mark.django_db
def test_it_falls_back_to_the_whole_campaign_for_an_unknown_department(client, alice, scored):
    client.force_login(alice)
    r = client.get(url(scored, department="Nowhere"))
    assert r.status_code == 200
    assert r.context["dashboard"]["department"] is None
    assert "no department &#x27;Nowhere&#x27;" in r.content.decode()


@pytest.mark.django_db
def test_it_says_when_nothing_in_a_department_can_be_shown(client, alice, campaign):
    submit(campaign, "business", 2, department="Finance")
    submit(campaign, "business", 3, department="Sales")
    submit(campaign, "it", 3)
    client.force_login(alice)
    r = client.get(url(campaign, department="Finance"))
    assert r.context["dashboard"]["nothing_shown"]
    assert "No scores to show for Finance" in r.content.decode()


# --- Query count -------------------------------------------------------------------------------


def _dashboard_queries(client, campaign, **query: str) -> int:
    client.get(url(campaign, **query))  # a department's scores are computed and stored on first read
    cache_clear()  # the uncached page: the stored scores are read, not the cache
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url(campaign, **query))
    assert r.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_it_makes_the_same_number_of_queries_for_10_and_200_responses(client, alice, org, instrument, campaign):
    rng = random.Random(7)
    _seed_responses(campaign=campaign, count=6, rng=rng)  # the previous campaign
    current = later_campaign(org, instrument, departments=("Sales", "Finance", "Operations"))
    _seed_responses(campaign=current, count=10, rng=rng)
    client.force_login(alice)
    client.get(url(current))  # warms the per-process instrument cache
    few = _dashboard_queries(client, current)
    few_filtered = _dashboard_queries(client, current, department="Sales")
    _seed_responses(campaign=current, count=190, rng=rng)
    assert _dashboard_queries(client, current) == few
    assert _dashboard_queries(client, current, department="Sales") == few_filtered


@pytest.mark.django_db
def test_it_builds_the_context_in_a_fixed_number_of_queries(org, instrument, campaign, django_assert_num_queries):
    submit(campaign, "business", 3)
    current = later_campaign(org, instrument)
    submit(current, "business", 3, department="Sales")
    dashboard_context(campaign=current)  # warms the instrument cache
    # Scores not cached yet: scores (1: the published snapshot) + invitations per side x
    # department (1) + previous campaign (1) + its scores (1) + responses waiting for the next
    # batch (1) + the published comments (1; a department view reads none) + what the consensus
    # workshop agreed (2: values, models; a department view reads none) + the action plan (1; a
    # department view reads none) + the rounds of the trend (1; their scores are cached by then)
    cache_clear()
    with django_assert_num_queries(10):
        dashboard_context(campaign=current)
    # A department's first read computes its scores and stores them: per campaign (this one and
    # the previous), the stored copy looked for (1), the snapshot (1), the copy stored (1); the
    # rounds (1: the earlier one has no Sales, so no trend and no more scores)
    cache_clear()
    with django_assert_num_queries(11):
        dashboard_context(campaign=current, department="Sales")
    # Stored since: one query per campaign's scores again
    cache_clear()
    with django_assert_num_queries(7):
        dashboard_context(campaign=current, department="Sales")
    # Scores from the cache: only the invitations, the previous campaign, the rounds and the waiting count.
    with django_assert_num_queries(4):
        dashboard_context(campaign=current, department="Sales")


# --- Pure reshaping ----------------------------------------------------------------------------


def test_it_words_changes_with_arrows_and_text():
    assert vars(change(3.4, 3.0)) == {"delta": 0.4, "direction": "up", "symbol": "▲", "text": "up 0.4"}
    assert vars(change(2.8, 3.0)) == {"delta": -0.2, "direction": "down", "symbol": "▼", "text": "down 0.2"}
    assert change(3.02, 3.0).text == "no change"
    assert change(None, 3.0).text == "not comparable"


def test_it_shades_heat_map_cells_on_their_own_scale():
    assert heat_shade(1.0, 1, 5) == 0
    assert heat_shade(3.0, 1, 5) == 2
    assert heat_shade(5.0, 1, 5) == 4
    assert heat_shade(75.0, 0, 100) == 3
    assert heat_shade(None, 1, 5) is None


def test_it_sums_response_rates_per_side_from_department_rows():
    counts = {
        ("business", "Sales"): {"invited": 4, "started": 1, "submitted": 2},
        ("business", ""): {"invited": 2, "started": 0, "submitted": 2},
        ("it", "Apps"): {"invited": 5, "started": 0, "submitted": 5},
    }
    business, it = response_rates(counts=counts, responses={"business": 4, "it": 7}, department=None)
    assert (business["invited"], business["started"], business["submitted"], business["submitted_pct"]) == (6, 1, 4, 67)
    assert [d["department"] for d in business["departments"]] == ["Sales", "No department given"]
    assert it["departments"] == []  # one department only repeats the side
    assert it["responses"] == 7  # imported responses count in the scores, not as invitations
    only_sales, _ = response_rates(counts=counts, responses={}, department="Sales")
    assert (only_sales["invited"], only_sales["submitted"]) == (4, 2)


@pytest.mark.django_db
def test_it_builds_the_dashboard_from_campaign_scores_only(scored):
    scores = campaign_scores(campaign=scored)
    # dashboard_build takes the recommendations worded (dashboard_context words them).
    worded = recommendations_worded(scores.recommendations, instrument=scored.instrument)
    data = dashboard_build(
        scores=scores,
        campaign_wide=scores,
        counts={},
        texts=instrument_texts(scored.instrument),
        recommendations=worded,
    )
    overall = scores.maturity.overall
    assert (data["maturity"]["overall"]["score"], data["maturity"]["overall"]["level"]) == (
        overall.score,
        overall.level,
    )
    # The main list in rank order (at most 10), each row the worded record with its stage and waits.
    assert [r["code"] for r in data["recommendations"]["main"]] == [r["code"] for r in worded]
    assert all(row.items() >= rec.items() for row, rec in zip(data["recommendations"]["main"], worded, strict=True))
    assert data["recommendations"]["appendix"] == []
    assert len(worded) <= 10
    relationship = next(s.context for s in data["sections"] if s.template == "relationships/dashboard.html")
    assert relationship["disagree_today"] is scores.results["relationship"].disagree_today
    assert data["comparison"] == []
    assert data["department_options"] == ["Sales"]
    assert not data["nothing_shown"]


# --- Languages ---------------------------------------------------------------------------------


def content_names(campaign, kind: str) -> dict[str, dict[str, str]]:
    """{dimension code: {"en": ..., "nb": ..., "nl": ...}} from the campaign's content."""
    return {d["code"]: d["name"] for d in campaign.instrument.content["instruments"][kind]["dimensions"]}


@pytest.mark.django_db
def test_it_shows_content_texts_in_the_active_language_one_language_after_the_other(scored):
    models = content_names(scored, "relationship")
    behaviours = content_names(scored, "behaviour")
    ladder = scored.instrument.content["overview"]["ladder"]
    it7 = Item.objects.get(instrument=scored.instrument, code="BEH-IT-7")
    assert models["provider"]["nb"] != models["provider"]["en"] != models["provider"]["nl"]
    # The same process, one language after the other: nothing picked in one may stick to the next.
    for language in ("nb", "en", "nl", "en", "nb"):
        with translation.override(language):
            data = dashboard_context(campaign=scored)
        cards = {section.template.split("/")[0]: section.context for section in data["sections"]}
        assert [str(name) for name in cards["relationships"]["models"]] == [
            models[code][language] for code in ("passive", "provider", "partner", "peer")
        ]
        assert [step["name"] for step in data["maturity"]["ladder"]] == [step["name"][language] for step in ladder]
        mirrored = {b["code"]: b["name"] for b in cards["behaviours"]["mirrored"]}
        assert mirrored["BEH-IT-7"] == behaviours[it7.dimension][language]
        it_today = cards["relationships"]["aspects"][0]["markers"][1]
        assert any(models[code][language] in it_today["model_name"] for code in models), it_today["model_name"]


@pytest.mark.django_db
def test_it_renders_the_page_in_the_users_language(client, alice, scored, settings):
    models = content_names(scored, "relationship")
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    norwegian = client.get(url(scored)).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url(scored)).content.decode()
    assert models["provider"]["nb"] in norwegian and models["provider"]["nb"] not in english
    assert models["provider"]["en"] in english
    # The charts' words and numbers come in the page's language too: model names, decimal comma.
    specs = json.dumps(chart_specs(norwegian.encode()), ensure_ascii=False)
    assert models["provider"]["nb"] in specs and models["provider"]["en"] not in specs
    assert re.search(r'"\d,\d"', specs) and not re.search(r'"\d\.\d"', specs)


@pytest.mark.django_db
def test_it_gives_a_respondent_their_summary_in_their_language(scored):
    models = content_names(scored, "relationship")
    response = Response.objects.filter(campaign=scored, side="it").first()
    with translation.override("nl"):
        summary = respondent_summary(response=response)
    relationship = next(s.context for s in summary["sections"] if s.template == "relationships/respondent.html")
    assert relationship["relationship"]["today"]["model"].name == models["provider"]["nl"]
    assert [m.name for m in relationship["models"]] == [
        models[code]["nl"] for code in ("passive", "provider", "partner", "peer")
    ]
