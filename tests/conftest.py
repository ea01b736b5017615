"""Shared fixtures: the tenant personas, an instrument and an open campaign.

alice: admin of `org`; bob: viewer (read-only) of `org`; charlie: BRM of `other_org`.
"""

from __future__ import annotations

import os

import pytest

# Required with live_server + the sync Playwright API (tests/browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The bundled instrument loaded once into the test database: each test's transaction rolls
    back to it, so the `instrument` fixture below finds it in one query instead of writing ~300
    rows. Transactional tests (the browser suite) empty the tables; `instrument_load` then
    loads it again for the next test that asks."""
    from assessments.services.instruments import instrument_load

    with django_db_blocker.unblock():
        instrument_load()


@pytest.fixture(autouse=True)
def _empty_cache_after_each_test():
    # The cache is Redis under `make test` and outlives the test's rolled-back transaction:
    # cached scores, rate-limit counters and throttles must not leak into the next test.
    yield
    from tests.helpers import cache_clear

    cache_clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # Respondent views activate the respondent's language for the rest of the thread, as the
    # middleware does for every request; a test that calls a service after such a request must
    # not inherit Dutch from the test before it.
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture
def instrument(db):
    from assessments.services.instruments import instrument_load

    return instrument_load()


@pytest.fixture
def org(db):
    from accounts.models import Organisation

    return Organisation.objects.create(name="Acme Shipping", slug="acme")


@pytest.fixture
def other_org(db):
    from accounts.models import Organisation

    return Organisation.objects.create(name="Globex Utilities", slug="globex")


def _member(django_user_model, username, organisation, role):
    from accounts.models import Membership

    user = django_user_model.objects.create_user(
        username=username, password="password", email=f"{username}@example.com"
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def alice(django_user_model, org):
    return _member(django_user_model, "alice", org, "admin")


@pytest.fixture
def bob(django_user_model, org):
    return _member(django_user_model, "bob", org, "viewer")


@pytest.fixture
def charlie(django_user_model, other_org):
    return _member(django_user_model, "charlie", other_org, "brm")


@pytest.fixture
def campaign(org, instrument):
    from tests.helpers import open_campaign

    return open_campaign(org, instrument, "Round 1", departments=["Sales", "Finance"])


@pytest.fixture
def invitation(campaign):
    from assessments.services.invitations import invitation_create

    return invitation_create(campaign=campaign, side="business", email="pat@example.com", department="Sales")


@pytest.fixture
def it_invitation(campaign):
    from assessments.services.invitations import invitation_create

    return invitation_create(campaign=campaign, side="it", email="sam@example.com")
