"""The OpenAPI document is valid, and a schemathesis run against it finds no server error and no
response that differs from what the document says."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from brmportal.wsgi import application
from tests.helpers import submit_columns

pytestmark = pytest.mark.django_db

API_PATHS = {
    "/api/v1/campaigns/",
    "/api/v1/campaigns/{campaign_id}/",
    "/api/v1/campaigns/{campaign_id}/scores/",
    "/api/v1/campaigns/{campaign_id}/recommendations/",
}


def test_it_serves_a_valid_openapi_document(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(document).validate()  # raises on anything against the OpenAPI 3 meta-schema
    assert set(document["paths"]) == API_PATHS
    assert document["components"]["securitySchemes"]["organisationToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An organisation token: `Authorization: Bearer <key>` (`Token <key>` works too).",
    }
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path
        assert {"200", "401"} <= set(operations["get"]["responses"]), path
    schemas = document["components"]["schemas"]
    scores = schemas["CampaignScores"]["properties"]
    assert {"relationship", "behaviours", "practices", "trust", "maturity", "recommendations"} <= set(scores)


def test_it_documents_the_method_keys(client):
    """Issue #16's keys are documented beside the old ones (which all stay)."""
    schemas = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    scores = schemas["CampaignScores"]
    assert {"recommendations_appendix", "strengths", "flags", "reliability"} <= set(scores["properties"])
    # The convention of "stats" and "distribution" beside a record's numbers.
    assert '"stats"' not in scores["description"] and "`stats`" in scores["description"]
    assert "`distribution`" in scores["description"] and "weigh both sides equally" in scores["description"]
    recommendation = schemas["Recommendation"]["properties"]
    old = {"rank", "code", "level", "instrument", "dimension", "title", "text", "dimension_recommendation"}
    old |= {"effort", "weight", "gap", "gap_kind", "trigger", "measured", "priority", "quick_win"}
    assert old | {"ci", "clear", "stage", "prerequisites", "children"} <= set(recommendation)
    assert "waiting for no other" in recommendation["quick_win"]["description"]
    assert "know what you do" in recommendation["stage"]["description"]
    assert {"kind", "value", "ci", "title", "text"} <= set(schemas["Strength"]["properties"])
    assert {"counts", "requested", "excluded", "refused"} <= set(schemas["Flags"]["properties"])
    assert {"scale", "aspect", "alpha", "respondents", "low"} <= set(schemas["Reliability"]["properties"])
    assert "recommendations_appendix" in schemas["CampaignRecommendations"]["properties"]


def test_it_serves_the_docs_page_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    # Every script and stylesheet comes from this site's static files.
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)


# --- Schemathesis ----------------------------------------------------------------------------
# Driven through plain Hypothesis `@given` rather than schemathesis' pytest plugin: its lazy
# `from_fixture` loader (needed to load the schema inside a test's database) does not run on
# pytest 9.2 (it sets `Node._nodeid`, which pytest 9.2 no longer has).


@pytest.fixture
def _in_process_wsgi(settings):
    # Requests go through the WSGI handler in this thread and database transaction. The handler
    # closes "old" connections around each request, which would end the test's transaction;
    # Django's own test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Hundreds of requests from one token in a few seconds: throttling is tested elsewhere.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/minute"}}
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def scored_campaign(campaign):
    for side in ("business", "it"):
        for _ in range(3):
            submit_columns(campaign, side, columns={}, department="Sales")
    return campaign


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_it_never_answers_with_a_server_error(_in_process_wsgi, api_key, scored_campaign, mode):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    headers = {"Authorization": f"Bearer {api_key}"}
    checks = [not_a_server_error]
    if mode == GenerationMode.POSITIVE:
        # Valid requests also get exactly what the schema documents. (Invalid ones may not: a
        # non-numeric campaign id never reaches the API and gets the portal's HTML 404 page.)
        checks += [response_schema_conformance, status_code_conformance, content_type_conformance]
    calls: list[tuple[str, int]] = []

    def check(case: Case) -> None:
        response = case.call(headers=headers)
        calls.append((case.operation.path, response.status_code))
        case.validate_response(response, checks=checks)

    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=20,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Case) -> None:
            check(case)
            if "campaign_id" in (case.path_parameters or {}):
                # The same generated query against a campaign that exists, so the scoring code runs too.
                case.path_parameters["campaign_id"] = scored_campaign.pk
                check(case)

        run()

    assert {path for path, _ in calls} == API_PATHS
    if mode == GenerationMode.POSITIVE:
        assert {status for path, status in calls if path.endswith("/scores/")} >= {200, 404}
