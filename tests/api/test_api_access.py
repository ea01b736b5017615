"""Who gets in: organisation tokens only, scoped to their organisation, GET only, throttled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

CAMPAIGN_URLS = ("api:campaign_detail", "api:campaign_scores", "api:campaign_recommendations")


def _urls(campaign) -> list[str]:
    return [reverse("api:campaign_list")] + [reverse(name, args=[campaign.pk]) for name in CAMPAIGN_URLS]


def test_it_rejects_requests_without_a_token(client_for, campaign):
    for url in _urls(campaign):
        response = client_for(None).get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_ignores_a_logged_in_session(client, alice, campaign):
    # The API authenticates organisations, not people: even an admin of the organisation needs a token.
    client.force_login(alice)
    for url in _urls(campaign):
        assert client.get(url).status_code == 401, url


def test_it_accepts_bearer_and_token_keywords(client_for, api_key, campaign):
    for keyword in ("Bearer", "Token", "bearer"):
        assert client_for(api_key, keyword).get(reverse("api:campaign_list")).status_code == 200, keyword


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer brm_unknown", "Basic dXNlcjpwYXNz", "Token \u00e9"])
def test_it_rejects_bad_authorization_headers(client, campaign, header):
    response = client.get(reverse("api:campaign_list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_it_rejects_a_revoked_token(client_for, org, campaign):
    token, key = api_token_create(organisation=org, name="Old export")
    assert client_for(key).get(reverse("api:campaign_list")).status_code == 200
    api_token_revoke(token=token)
    for url in _urls(campaign):
        response = client_for(key).get(url)
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Invalid token."}


def test_it_hides_another_organisations_campaigns(client_for, other_key, campaign):
    api = client_for(other_key)
    for name in CAMPAIGN_URLS:
        response = api.get(reverse(name, args=[campaign.pk]))
        assert response.status_code == 404, name
        assert response.json() == {"detail": "No such campaign."}
    listed = api.get(reverse("api:campaign_list")).json()
    assert listed["count"] == 0 and listed["results"] == []


def test_it_answers_404_for_a_campaign_that_does_not_exist(api, campaign):
    for name in CAMPAIGN_URLS:
        assert api.get(reverse(name, args=[campaign.pk + 1000])).status_code == 404
        # Larger than any bigint: still a plain 404, not a database error.
        assert api.get(reverse(name, args=[10**30])).status_code == 404


def test_it_allows_get_only(api, campaign):
    for url in _urls(campaign):
        for method in ("post", "put", "patch", "delete", "options"):
            assert getattr(api, method)(url).status_code == 405, f"{method.upper()} {url}"


def test_it_serves_json_only(api, campaign):
    response = api.get(reverse("api:campaign_list"), HTTP_ACCEPT="text/html,*/*")
    assert response["Content-Type"] == "application/json"
    assert api.get(reverse("api:campaign_list"), {"format": "api"}).status_code == 404


def test_it_records_when_a_token_was_last_used_at_most_once_a_minute(api, org, campaign):
    token = ApiToken.objects.get(organisation=org)
    assert token.last_used_at is None
    api.get(reverse("api:campaign_list"))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=5)
    api.get(reverse("api:campaign_list"))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_it_throttles_each_token_on_its_own(settings, client_for, api_key, other_key, campaign):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "2/minute"}}
    url = reverse("api:campaign_list")
    api = client_for(api_key)
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert "Retry-After" in api.get(url)
    assert client_for(other_key).get(url).status_code == 200


def test_it_stores_only_a_hash_of_the_key(org):
    token, key = api_token_create(organisation=org, name="Power BI")
    token.refresh_from_db()
    assert key.startswith("brm_") and len(key) > 40
    assert key not in {token.key_hash, token.prefix, token.name}
    assert key.startswith(token.prefix) and len(token.prefix) == 12
    assert len(token.key_hash) == 64
