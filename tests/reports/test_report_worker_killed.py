"""Fault: a worker killed in the middle of rendering (issue #8, 3b).

acks_late leaves the task unacknowledged in Redis; after the visibility timeout a second worker
gets it again, re-claims the report that was left RENDERING and finishes it: ready, once.
Timeouts are shortened through the workers' environment so the test takes seconds, not minutes.
"""

from __future__ import annotations

import signal
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reports.models import Report

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

VISIBILITY = 1  # seconds before Redis hands an unacknowledged task to another worker


def test_it_renders_again_on_another_worker_after_one_is_killed(client, workers):
    from assessments.demo import demo_seed

    queue, media, log = workers.queue, workers.media, workers.log
    timeouts = {
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        # The solo pool does not enforce time limits; these only decide when RENDERING is stale
        # (2 s after its last progress): before the second worker can even start (see 2.).
        "CELERY_TASK_SOFT_TIME_LIMIT": "1",
        "CELERY_TASK_TIME_LIMIT": "2",
        "REPORTS_STALE_MARGIN_SECONDS": "0",
    }
    # The first worker starts up while the data is written: its queue is empty until the request.
    first = workers.start(f"{queue}-a", **timeouts)
    demo = demo_seed(responses=60, seed=11)
    client.force_login(get_user_model().objects.get(username="brm"))
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
    second = workers.start(f"{queue}-b", **timeouts)
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
