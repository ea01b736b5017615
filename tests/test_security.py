"""Security contracts of issue #8.6: secret tokens, production cookies and transport settings."""

from __future__ import annotations

import os
import re
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


# --- Content-Security-Policy (issue #15) -------------------------------------------------------

# Templates a browser is served. The PDF templates (rendered by WeasyPrint) and e-mails are not.
SERVED_TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
NOT_SERVED = ("templates/pdf/", "templates/emails/", "/report.html", "/report_summary.html")
INLINE = {
    "a <script> without src": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle=", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+=[\"']", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_it_leaves_nothing_inline_that_the_policy_would_block():
    found = []
    for directory in SERVED_TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            name = path.relative_to(ROOT).as_posix()
            if any(part in "/" + name for part in NOT_SERVED):
                continue
            text = path.read_text()
            found += [f"{name}: {what}" for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == []


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_without_unsafe_inline(client, invitation, alice):
    from django.urls import reverse

    pages = ["/", "/accounts/login/", "/accounts/password_reset/", f"/r/{invitation.token}/", "/nowhere/"]
    client.force_login(alice)
    pages += [
        reverse("manage:campaign_list", args=["acme"]),
        reverse("campaigns:dashboard", args=[invitation.campaign_id]),
    ]
    for url in pages:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'", url
        assert "unsafe" not in policy, url


# --- /healthz (issue #15) ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_it_reports_outages_without_internal_error_text_or_addresses(client, settings):
    from django.db import connection

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["broker"] == {"status": "down"}
    assert r.json()["workers"] == {"status": "unknown", "count": 0}

    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1
    try:
        r = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert r.status_code == 503
    assert r.json()["database"] == {"status": "down"}
    body = r.content.decode()
    for internal in ("127.0.0.1", "localhost", "port", "Error", "refused", "postgres"):
        assert internal not in body, internal


@pytest.fixture
def worker_queue(settings):
    """A real Celery worker on the test broker consuming only a queue of this test (so it never
    takes another run's tasks); stopped by its PID."""
    import redis

    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL=redis://... (make test sets it)")
    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable: {exc}")
    queue = f"brm-test-health-{secrets.token_hex(6)}"
    command = [
        str(Path(sys.executable).with_name("celery")), "-A", "brmportal", "worker", "--pool=solo", "--concurrency=1",
        "-Q", queue, "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=WARNING",
    ]  # fmt: skip
    env = {**os.environ, "CELERY_BROKER_URL": settings.CELERY_BROKER_URL, "CELERY_TASK_ALWAYS_EAGER": "false"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        keys = list(redis.Redis.from_url(settings.CELERY_BROKER_URL).scan_iter(match=f"*{queue}*"))
        if keys:
            redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(*keys)


@pytest.mark.worker
@pytest.mark.django_db
def test_it_says_when_no_worker_consumes_a_queue(client, settings, worker_queue):
    import time

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = worker_queue
    settings.REPORTS_TASK_QUEUE = ""
    settings.MAIL_TASK_QUEUE = ""
    deadline = time.monotonic() + 30
    while (workers := client.get("/healthz").json()["workers"])["status"] != "ok":
        assert time.monotonic() < deadline, f"the worker never answered: {workers}"
    assert workers["queues"] == {worker_queue: 1} and workers["count"] >= 1
    # Worker names carry their host: never shown.
    assert "workers" not in workers and "@" not in str(workers)

    # A queue of its own for reports that no worker consumes: its tasks would wait forever.
    settings.REPORTS_TASK_QUEUE = "brm-test-reports-nobody"
    workers = client.get("/healthz").json()["workers"]
    assert workers["status"] == "missing"
    assert workers["queues"] == {worker_queue: 1, "brm-test-reports-nobody": 0}
    assert workers["detail"] == "no worker is consuming the queue brm-test-reports-nobody"
