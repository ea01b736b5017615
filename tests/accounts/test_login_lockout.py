"""Login rate limiting (django-axes, issue #8.6): 5 failures lock a username + address pair for 15 minutes."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse

from brmportal.lib.client_ip import client_ip_address

pytestmark = pytest.mark.django_db


def login(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def lock_out(client, username: str = "alice", address: str = "203.0.113.7") -> None:
    for attempt in range(1, 6):
        r = login(client, username, "wrong", address)
        assert r.status_code == (429 if attempt == 5 else 200), attempt


def test_it_is_configured_as_issue_8_asks():
    assert settings.AXES_ENABLED is True
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_it_locks_out_after_five_wrong_passwords_even_with_the_right_one(client, alice):
    lock_out(client)
    r = login(client, "alice", "password")
    assert r.status_code == 429
    body = r.content.decode()
    assert "Too many failed log-ins" in body
    assert "wait 15 minutes" in body
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_out_other_users_or_other_addresses(client, alice, bob):
    lock_out(client)
    assert login(client, "bob", "password").status_code == 302
    client.post(reverse("logout"))
    # The same user from another address: an attacker cannot lock a user out everywhere.
    assert login(client, "alice", "password", address="198.51.100.9").status_code == 302


def test_it_forgets_failures_after_a_successful_login(client, alice):
    for _ in range(4):
        login(client, "alice", "wrong")
    assert login(client, "alice", "password").status_code == 302
    client.post(reverse("logout"))
    assert login(client, "alice", "wrong").status_code == 200  # a fresh count: not the 5th failure


def test_it_lets_the_user_in_again_after_a_reset(client, alice):
    lock_out(client)
    assert reset(username="alice") == 1
    assert login(client, "alice", "password").status_code == 302


def test_it_resets_locks_with_the_management_command(client, alice):
    lock_out(client)
    call_command("axes_reset", stdout=io.StringIO())
    assert not AccessAttempt.objects.exists()
    assert login(client, "alice", "password").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_it_takes_the_client_address_appended_by_our_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip_address(request) == "203.0.113.7"  # the forged left-hand entry is ignored
    direct = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert client_ip_address(direct) == "10.0.0.2"


def test_it_takes_remote_addr_without_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip_address(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_it_locks_the_client_behind_the_proxy_not_the_proxy(client, alice):
    def via_proxy(client_address: str, password: str):
        return client.post(
            reverse("login"),
            {"username": "alice", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    for _ in range(5):
        via_proxy("203.0.113.7", "wrong")
    assert via_proxy("203.0.113.7", "password").status_code == 429
    assert via_proxy("198.51.100.9", "password").status_code == 302
