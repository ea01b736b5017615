"""Invalid tokens are throttled per client address (issue #15): after the allowed failures, the
address gets 429 before its tokens are looked up; counts live in Django's cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/api/v1/campaigns/"


@pytest.fixture
def three_failures(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_auth_failure": "3/hour"},
    }


def _get(client, key: str, address: str = "198.51.100.7", **headers: str):
    return client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=address, **headers)


def test_it_refuses_an_address_after_its_failures_even_a_valid_token(
    client, api_key, campaign, three_failures, django_assert_num_queries
):
    assert [_get(client, f"brm_guess{n}").status_code for n in range(3)] == [401, 401, 401]
    # Refused before any lookup: no query, whatever the key.
    with django_assert_num_queries(0):
        refused = _get(client, "brm_guess4")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "throttled" in refused.json()["detail"]
    assert _get(client, api_key).status_code == 429
    # Another client address, and a client sending no token at all, are not affected.
    assert _get(client, api_key, address="198.51.100.8").status_code == 200
    assert client.get(URL, REMOTE_ADDR="198.51.100.7").status_code == 401


def test_it_counts_malformed_headers_and_revoked_tokens_as_failures(client, org, campaign, three_failures):
    from api.services import api_token_create, api_token_revoke

    token, key = api_token_create(organisation=org, name="Old")
    api_token_revoke(token=token)
    address = {"REMOTE_ADDR": "198.51.100.9"}
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer a b", **address).status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION="Token \u00e9", **address).status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}", **address).status_code == 401
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {key}", **address).status_code == 429


def test_it_does_not_count_successful_requests(client, api_key, campaign, three_failures):
    for _ in range(5):
        assert _get(client, api_key).status_code == 200
    assert [_get(client, "brm_wrong").status_code for _ in range(4)] == [401, 401, 401, 429]


def test_it_counts_the_client_behind_the_trusted_proxies(client, api_key, campaign, three_failures, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        _get(client, "brm_wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert _get(client, api_key, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    # Another client behind the same proxy still gets in.
    assert _get(client, api_key, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200


def test_it_has_a_failure_rate_configured():
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_THROTTLE_RATES["api_auth_failure"].endswith("/hour")
    assert reverse("api:campaign_list") == URL
