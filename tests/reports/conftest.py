"""Fixtures for the PDF report tests: a campaign with enough answers to show every section, and
real Celery workers on the real Redis for the end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from tests.helpers import submit_columns


@pytest.fixture
def media_root(settings, tmp_path):
    """Report files go to a folder of this test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def scored_campaign(campaign):
    """`campaign` (org Acme Shipping) with 4 business (Sales) and 3 IT responses."""
    for i in range(4):
        submit_columns(
            campaign,
            "business",
            columns={"REL-PAS-1.today": "5", "REL-PAR-1.desired": "5", "TRU-1": str(1 + i % 2)},
            default=str(2 + i % 3),
            department="Sales",
        )
    for i in range(3):
        submit_columns(campaign, "it", columns={"BEH-IT-3": "5"}, default=str(3 + i % 2))
    return campaign


@pytest.fixture
def sent_tasks(monkeypatch):
    """Record report tasks handed to the broker instead of publishing them."""
    from reports.tasks import report_pdf_generate

    sent: list[int] = []

    def fake_apply_async(args=None, kwargs=None, **options):
        sent.append(args[0])

    monkeypatch.setattr(report_pdf_generate, "apply_async", fake_apply_async)
    return sent


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip("the worker test needs PostgreSQL (a worker cannot open the SQLite test database)")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _redis():
    import redis

    if not django_settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("the worker test needs CELERY_BROKER_URL=redis://... (make test sets it)")
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {django_settings.CELERY_BROKER_URL}: {exc}")
    return client


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # warm shutdown: closes its database connections
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def workers(settings, tmp_path):
    """Starts real Celery workers (`workers.start(name, **env)`) on a queue of this test only.

    The workers are separate processes with the test database and the same broker as the test
    settings (CI: redis://127.0.0.1:6379/15); the queue of their own means they never take
    another run's tasks. Each is stopped by its PID at the end. Rows must be committed for a
    worker to see them, hence `django_db(transaction=True)` in the tests that use this.
    """
    broker = _redis()
    queue = f"brm-test-reports-{uuid.uuid4().hex[:12]}"
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.REPORTS_TASK_QUEUE = queue
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brmportal.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(media),
        "REPORTS_TASK_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "workers.log"
    celery = Path(sys.executable).with_name("celery")
    started: list[subprocess.Popen] = []

    def start(name: str = queue, **extra_env: str) -> subprocess.Popen:
        command = [
            str(celery), "-A", "brmportal", "worker", "--loglevel=INFO", "--pool=solo", "--concurrency=1",
            "-Q", queue, "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        with log.open("ab") as out:
            process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env | extra_env, stdout=out, stderr=subprocess.STDOUT
            )
        started.append(process)
        return process

    try:
        yield SimpleNamespace(queue=queue, media=media, log=log, start=start)
    finally:
        for process in started:
            _stop(process)
        # Only this test's keys (the queue and its bindings, all named after it): the Redis db may
        # be shared with other runs, so it is never flushed.
        keys = list(broker.scan_iter(match=f"*{queue}*"))
        if keys:
            broker.delete(*keys)
