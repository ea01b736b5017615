"""Fault: a worker killed in the middle of rendering (issue #8, 3b).

acks_late leaves the task unacknowledged in Redis; after the visibility timeout a second worker
gets it again, re-claims the report that was left RENDERING and finishes it: ready, once.
Timeouts are shortened through the workers' environment so the test takes seconds, not minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reports.models import Report
from tests.reports.test_report_worker import _database_url, _redis

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

VISIBILITY = 6  # seconds before Redis hands an unacknowledged task to another worker


def _start_worker(*, name: str, queue: str, env: dict, log: Path, cwd: Path) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    command = [
        str(celery), "-A", "brmportal", "worker", "--loglevel=INFO", "--pool=solo", "--concurrency=1",
        "-Q", queue, "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_it_renders_again_on_another_worker_after_one_is_killed(client, settings, tmp_path):
    from assessments.demo import demo_seed

    broker = _redis()
    queue = f"brm-test-killed-{uuid.uuid4().hex[:12]}"
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
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        # The solo pool does not enforce time limits; these only decide when RENDERING is stale.
        "CELERY_TASK_SOFT_TIME_LIMIT": "2",
        "CELERY_TASK_TIME_LIMIT": "3",
        "REPORTS_STALE_MARGIN_SECONDS": "1",
    }
    log = tmp_path / "workers.log"
    demo = demo_seed(responses=60, seed=11)
    client.force_login(get_user_model().objects.get(username="brm"))
    first = _start_worker(name=f"{queue}-a", queue=queue, env=env, log=log, cwd=settings.BASE_DIR)
    second = None
    try:
        assert client.post(reverse("reports:request", args=[demo.campaign.pk])).status_code == 302
        report = Report.objects.get(campaign=demo.campaign)

        # 1. Kill the first worker while it renders (SIGKILL: no warm shutdown, no ack).
        deadline = time.monotonic() + 90
        while Report.objects.get(pk=report.pk).status != Report.Status.RENDERING:
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            assert first.poll() is None, log.read_text(errors="replace")[-3000:]
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        report.refresh_from_db()
        assert report.status == Report.Status.RENDERING and not report.file

        # 2. After the visibility timeout a second worker restores the task and finishes it.
        time.sleep(max(0.0, VISIBILITY + 1 - (time.monotonic() - killed_at)))
        second = _start_worker(name=f"{queue}-b", queue=queue, env=env, log=log, cwd=settings.BASE_DIR)
        deadline = time.monotonic() + 90
        while (report := Report.objects.get(pk=report.pk)).status not in (Report.Status.READY, Report.Status.FAILED):
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            assert second.poll() is None, log.read_text(errors="replace")[-3000:]
            time.sleep(0.3)
        assert report.status == Report.Status.READY, report.error
        assert report.attempts == 2  # claimed by the killed worker, then by the second one
        files = list(media.rglob("*.pdf"))
        assert len(files) == 1 and files[0].read_bytes().startswith(b"%PDF")
        # The task ran to completion exactly once more: it is not handed out a third time.
        time.sleep(1)
        assert Report.objects.get(pk=report.pk).attempts == 2
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
        keys = list(broker.scan_iter(match=f"*{queue}*"))
        if keys:
            broker.delete(*keys)
