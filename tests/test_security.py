"""Security contracts of issue #8.6: secret tokens, production cookies and transport settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_it_makes_every_secret_token_from_at_least_128_random_bits(monkeypatch, campaign, alice):
    from api.models import KEY_PREFIX
    from api.services import api_token_create
    from assessments.services.invitations import invitation_create
    from assessments.services.open_links import open_link_set_active

    requested: list[int] = []
    real = secrets.token_urlsafe

    def recording(nbytes: int | None = None) -> str:
        requested.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(secrets, "token_urlsafe", recording)
    invitation = invitation_create(campaign=campaign, side="business")
    link = open_link_set_active(campaign=campaign, side="it", active=True)
    _, key = api_token_create(organisation=campaign.organisation, name="BI", created_by=alice)

    # Respondent link, open link and API key: each from the CSPRNG, 32 bytes (256 bits) >= 128.
    assert len(requested) == 3 and all(n is not None and n * 8 >= 128 for n in requested)
    for token in (invitation.token, link.token, key.removeprefix(KEY_PREFIX)):
        assert len(token) >= 22  # 128 bits in URL-safe base64
    assert invitation.token != link.token


def _settings_under(env: dict[str, str]) -> dict[str, str]:
    """`manage.py diffsettings --all` in a fresh process with `env`: {NAME: repr of value}."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SESSION_", "CSRF_", "SECURE_", "AXES_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "diffsettings", "--all"],
        cwd=ROOT,
        env=keep | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = {}
    for line in result.stdout.splitlines():
        # "### NAME = v": Django's default; "NAME = v  ###": a setting Django does not define.
        name, sep, value = line.removeprefix("### ").partition(" = ")
        if sep:
            values[name] = value.removesuffix("###").strip()
    return values


def test_it_sends_cookies_only_over_https_in_production():
    values = _settings_under(
        {
            "DEBUG": "false",
            "SECRET_KEY": "p" * 20 + "-Zq8Lx3Vn7Rt2Wm5Kj9Hb4Yc6Fd1Gs0Ap",
            "ALLOWED_HOSTS": "brm.example.com",
        }
    )
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT"):
        assert values[name] == "True", name
    assert values["DEBUG"] == "False"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000
    assert values["AXES_ENABLED"] == "True"


def test_it_keeps_cookies_usable_over_plain_http_in_development():
    values = _settings_under({})
    assert values["SESSION_COOKIE_SECURE"] == "False"
    assert values["CSRF_COOKIE_SECURE"] == "False"
