"""Tokens and clients for the JSON API tests."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create
from tests.helpers import cache_clear


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # Throttle counts live in the cache, which outlives a test's database transaction.
    cache_clear()
    yield
    cache_clear()


@pytest.fixture
def api_key(org) -> str:
    """The key of a live token of `org`."""
    return api_token_create(organisation=org, name="Power BI")[1]


@pytest.fixture
def other_key(other_org) -> str:
    """The key of a live token of `other_org`."""
    return api_token_create(organisation=other_org, name="Globex BI")[1]


def _client_for(key: str | None, keyword: str = "Bearer") -> APIClient:
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


@pytest.fixture
def client_for():
    """client_for(key, keyword="Bearer"): a client sending `Authorization: <keyword> <key>` (None: no header)."""
    return _client_for


@pytest.fixture
def api(api_key) -> APIClient:
    """A client sending `org`'s token."""
    return _client_for(api_key)
