"""The consensus workshop pages (issue #19 item 1): access, one item at a time, saving, the JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from assessments.consensus import ConsensusModel, ConsensusValue
from assessments.management.commands.campaign_scores import Command
from assessments.selectors.consensus import consensus_agenda
from assessments.services.consensus import consensus_model_record, consensus_record
from tests.helpers import cache_clear, submit_columns

pytestmark = pytest.mark.django_db


def _url(campaign, name: str = "workshop") -> str:
    return reverse(f"manage:{name}", args=[campaign.pk])


@pytest.fixture
def answered(campaign):
    for side, value in (("business", "4"), ("it", "2")):
        for _ in range(3):
            submit_columns(campaign, side, columns={}, default=value)
    cache_clear()
    return campaign


def test_it_checks_access(client, bob, charlie, campaign):
    urls = [_url(campaign), _url(campaign, "workshop_relationship")]
    posts = [_url(campaign, "workshop_record"), _url(campaign, "workshop_relationship_record")]
    client.force_login(charlie)
    for url in urls + posts:
        method = client.post if url in posts else client.get
        assert method(url).status_code == 404, url
    client.force_login(bob)  # a viewer reads the dashboard, but does not run the workshop
    for url in urls + posts:
        method = client.post if url in posts else client.get
        assert method(url).status_code == 403, url
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_it_rejects_get(client, brm, campaign):
    client.force_login(brm)
    assert client.get(_url(campaign, "workshop_record")).status_code == 405
    assert client.get(_url(campaign, "workshop_relationship_record")).status_code == 405


def test_it_shows_one_item_at_a_time_with_each_sides_figures(client, brm, answered):
    client.force_login(brm)
    agenda = consensus_agenda(campaign=answered)
    page = client.get(_url(answered), {"item": 2})
    assert page.status_code == 200
    html = page.content.decode()
    second = agenda[1].item
    assert f"Item 2 of {len(agenda)}" in html
    assert second.text_for(second.sides[0]) in html
    assert agenda[0].item.text_for(agenda[0].item.sides[0]) not in html
    # Business 4, IT 2 on every item: the gap is clear, with n 3 on each side.
    assert "n 3" in html and "+2.0, clear" in html
    assert f'data-next-url="{_url(answered)}?item=3"' in html
    assert f'data-previous-url="{_url(answered)}?item=1"' in html
    assert "js/workshop.js" in html and "<script>" not in html
    # Client-facing: no internal item codes on the projector.
    assert second.code not in html.replace(f'value="{second.code}"', "")
    # Out of range goes to the nearest end.
    assert f"Item {len(agenda)} of {len(agenda)}" in client.get(_url(answered), {"item": 9999}).content.decode()
    assert "Item 1 of" in client.get(_url(answered), {"item": "x"}).content.decode()


def test_it_saves_through_the_view_and_goes_to_the_next_item(client, brm, answered):
    client.force_login(brm)
    first = consensus_agenda(campaign=answered)[0].item
    response = client.post(
        _url(answered, "workshop_record"),
        {"item": "1", "code": first.code, "current": "2.5", "target": "4", "rationale": "We agree"},
    )
    assert response.status_code == 302 and response["Location"] == f"{_url(answered)}?item=2"
    value = ConsensusValue.objects.get(campaign=answered, code=first.code)
    assert (value.current, value.target, value.rationale, value.recorded_by) == (
        Decimal("2.5"),
        Decimal("4"),
        "We agree",
        brm,
    )
    assert LogEntry.objects.get_for_object(value).get().actor == brm
    # Shown again, the form holds what was recorded.
    html = client.get(_url(answered), {"item": 1}).content.decode()
    assert 'value="2.50"' in html and 'value="We agree"' in html


def test_it_shows_the_services_error_on_the_form(client, brm, answered):
    client.force_login(brm)
    first = consensus_agenda(campaign=answered)[0].item
    response = client.post(
        _url(answered, "workshop_record"), {"item": "1", "code": first.code, "current": "9", "target": ""}
    )
    assert response.status_code == 400
    assert f"between {first.scale_min} and {first.scale_max}" in response.content.decode()
    assert not ConsensusValue.objects.exists()


def test_it_records_the_relationship_models(client, brm, answered):
    campaign = answered
    client.force_login(brm)
    page = client.get(_url(campaign, "workshop_relationship"))
    assert page.status_code == 200
    # The survey's model per side beside the form (business answered 4, IT 2 everywhere).
    assert "(index " in page.content.decode()
    response = client.post(
        _url(campaign, "workshop_relationship_record"), {"today": "provider", "target": "partner", "rationale": "Why"}
    )
    assert response.status_code == 302
    found = ConsensusModel.objects.get(campaign=campaign)
    assert (found.today, found.target, found.rationale, found.recorded_by) == ("provider", "partner", "Why", brm)
    bad = client.post(_url(campaign, "workshop_relationship_record"), {"today": "", "target": ""})
    assert bad.status_code == 400 and "Choose the agreed model" in bad.content.decode()


def test_it_adds_the_consensus_to_the_json(answered, brm, api_token_client):
    first = consensus_agenda(campaign=answered)[0].item
    consensus_record(
        campaign=answered, code=first.code, current=Decimal("2.5"), target=Decimal("4"), rationale="R", user=brm
    )
    consensus_model_record(campaign=answered, today="provider", target="partner", rationale="M", user=brm)
    out = StringIO()
    Command(stdout=out).handle(campaign_id=answered.pk, json=True, department=None)
    data = json.loads(out.getvalue())
    consensus = data["consensus"]
    assert consensus["values"][first.code]["current"] == 2.5
    assert consensus["values"][first.code]["target"] == 4.0
    assert consensus["values"][first.code]["aspect"] == "/".join(first.aspects)
    assert consensus["values"][first.code]["rationale"] == "R"
    assert {k: consensus["model"][k] for k in ("today", "target", "rationale")} == {
        "today": "provider",
        "target": "partner",
        "rationale": "M",
    }
    # Added beside the documented keys, none changed; the API gives the same section.
    assert {"responses", "relationship", "recommendations", "comments"} <= set(data)
    api = api_token_client.get(reverse("api:campaign_scores", args=[answered.pk])).json()
    assert api["consensus"] == consensus


@pytest.fixture
def api_token_client(org):
    from rest_framework.test import APIClient

    from api.services import api_token_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(organisation=org, name='BI')[1]}")
    return client


def test_it_shows_an_item_in_the_same_number_of_queries_whatever_the_responses(client, brm, answered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(brm)
    url = _url(answered)
    client.get(url, {"item": 1})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"item": 1}).status_code == 200
    for side in ("business", "it"):
        for _ in range(5):
            submit_columns(answered, side, columns={}, default="3")
    cache_clear()
    client.get(url, {"item": 1})
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"item": 1}).status_code == 200
    assert len(many) == len(few)


def test_the_dashboard_links_to_it_for_those_who_may_run_it(client, brm, bob, answered):
    dashboard = reverse("campaigns:dashboard", args=[answered.pk])
    client.force_login(brm)
    assert _url(answered) in client.get(dashboard).content.decode()
    client.force_login(bob)  # a viewer: the dashboard, without the link
    page = client.get(dashboard)
    assert page.status_code == 200 and _url(answered) not in page.content.decode()


def test_the_dashboard_and_the_pdf_show_the_agreed_values_beside_the_survey(client, brm, bob, answered):
    from tests.reports.reading import html_text, report_html

    first = consensus_agenda(campaign=answered)[0].item
    consensus_record(
        campaign=answered,
        code=first.code,
        current=Decimal("2.5"),
        target=Decimal("4"),
        rationale="We meet halfway",
        user=brm,
    )
    consensus_model_record(
        campaign=answered, today="provider", target="partner", rationale="Leadership chose", user=brm
    )
    cache_clear()
    client.force_login(brm)
    page = client.get(reverse("campaigns:dashboard", args=[answered.pk])).content.decode()
    assert "What the consensus workshop agreed" in page
    # Beside the survey figures: business answered 4 and IT 2 on every item, 3 each.
    assert "Business 4.0 (n 3), IT 2.0 (n 3)" in page
    assert "2.5" in page and "4.0" in page and "We meet halfway" in page
    assert "today Provider; target chosen by leadership: Partner." in page and "Leadership chose" in page
    # An agreed item becomes an action in one click (issue #19 item 2), for who may plan them.
    plan = reverse("manage:action_create", args=[answered.pk]) + f"?item={first.code}"
    assert f'class="small consensus-plan" href="{plan}"' in page
    client.force_login(bob)  # a viewer reads what was agreed, plans nothing
    viewed = client.get(reverse("campaigns:dashboard", args=[answered.pk])).content.decode()
    assert "We meet halfway" in viewed and "consensus-plan" not in viewed
    client.force_login(brm)
    # The PDF says it too (its HTML's words: what is on which page is not the point here).
    text = html_text(report_html(campaign=answered))
    assert "What the consensus workshop agreed" in text and "Plan an action" not in text
    assert "We meet" in text and "halfway" in text and "target chosen by leadership: Partner" in text
    # A department view shows none of it (the decisions are the campaign's).
    filtered = client.get(reverse("campaigns:dashboard", args=[answered.pk]) + "?department=Sales")
    assert "What the consensus workshop agreed" not in filtered.content.decode()


def test_the_survey_target_column_is_left_out_when_no_agreed_item_has_one(brm, answered):
    from assessments.models import Item
    from assessments.scoring import campaign_scores
    from assessments.selectors.consensus import campaign_consensus
    from assessments.texts import instrument_texts
    from reports.consensus import consensus_view

    once = Item.objects.filter(instrument=answered.instrument, kind="behaviour").first()
    consensus_record(campaign=answered, code=once.code, current=Decimal("3"), target=Decimal("4"), user=brm)
    view = consensus_view(
        consensus=campaign_consensus(campaign=answered),
        scores=campaign_scores(campaign=answered),
        texts=instrument_texts(answered.instrument),
    )
    assert view is not None and view["rows"][0]["survey_current"] and not view["survey_targets"]
