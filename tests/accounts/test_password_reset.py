"""Password reset (issue #15): throttled per client address and per account, e-mail sent by a worker.

The page only queues the e-mail (an outbox row, handed to the broker after commit); the Celery
task `assessments.tasks.mail.emails_send` sends it. Here the task is called directly, as a
worker would run it.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from assessments.outbox import OutgoingEmail
from assessments.tasks.mail import emails_send

pytestmark = pytest.mark.django_db

URL = "/accounts/password_reset/"


def _ask(client, email: str, address: str = "10.0.0.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_it_queues_the_email_for_a_worker_and_the_link_works(
    client, alice, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    with django_capture_on_commit_callbacks() as callbacks:
        r = _ask(client, "ALICE@example.com")
    assert r.status_code == 302 and r.url == reverse("password_reset_done")
    # Nothing is sent inside the request: one row waits, and its id goes to the broker after commit.
    assert mail.outbox == []
    [row] = OutgoingEmail.objects.all()
    assert (row.to, row.status, row.organisation_id) == ("alice@example.com", "queued", None)
    assert row.expires_at is not None
    assert len(callbacks) == 1

    assert emails_send([row.pk]) == 1
    assert emails_send([row.pk]) == 0  # a second run (a redelivered task) sends nothing more
    [message] = mail.outbox
    assert message.subject == "Reset your BRM Portal password"
    # The link starts with the address the request came to (SITE_URL unset).
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    r = client.get(link, follow=True)
    assert b"Choose a new password" in r.content
    r = client.post(
        r.redirect_chain[-1][0], {"new_password1": "a-Much-longer-pass-42", "new_password2": "a-Much-longer-pass-42"}
    )
    assert r.url == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password("a-Much-longer-pass-42")


def test_it_starts_the_link_with_site_url_when_set(client, alice, settings):
    settings.SITE_URL = "https://brm.example.com"
    _ask(client, "alice@example.com")
    assert "https://brm.example.com/accounts/reset/" in OutgoingEmail.objects.get().text


def test_it_throttles_per_account_whatever_the_client_address(client, alice, settings):
    settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR = 2
    assert _ask(client, "alice@example.com", "10.0.0.1").status_code == 302
    assert _ask(client, "Alice@Example.com", "10.0.0.2").status_code == 302
    r = _ask(client, "alice@example.com", "10.0.0.3")
    assert r.status_code == 429
    assert "asked for several times in the last hour" in r.content.decode()
    assert OutgoingEmail.objects.count() == 2  # the refused request queued nothing
    # Another account is not held up, and an address without an account gets the same answer
    # as one with (the page must not tell who has an account).
    assert _ask(client, "bob@example.com", "10.0.0.3").status_code == 302
    for _ in range(2):
        assert _ask(client, "nobody@example.com", "10.0.0.4").status_code == 302
    assert _ask(client, "nobody@example.com", "10.0.0.4").status_code == 429


def test_it_throttles_per_client_address(client, alice, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 3
    for n in range(3):
        assert _ask(client, f"someone{n}@example.com", "10.0.0.9").status_code == 302
    r = _ask(client, "alice@example.com", "10.0.0.9")
    assert r.status_code == 429
    assert "from your network" in r.content.decode()
    assert not OutgoingEmail.objects.filter(to="alice@example.com").exists()
    # The form is shown again with what was typed, and other machines are not affected.
    assert 'value="alice@example.com"' in r.content.decode()
    assert _ask(client, "alice@example.com", "10.0.0.10").status_code == 302


def test_it_counts_the_client_behind_the_trusted_proxies(client, alice, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    first = client.post(URL, {"email": "a@example.com"}, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    again = client.post(URL, {"email": "b@example.com"}, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = client.post(URL, {"email": "c@example.com"}, REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert (first.status_code, again.status_code, other.status_code) == (302, 429, 302)


def test_it_does_not_count_invalid_input_or_page_views(client, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 1
    assert client.get(URL).status_code == 200
    r = _ask(client, "not an address")
    assert r.status_code == 200 and "valid email" in r.content.decode()
    assert _ask(client, "nobody@example.com").status_code == 302
