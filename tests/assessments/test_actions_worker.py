"""End to end: the daily action reminders as Celery beat hands them over, run by a real worker on
the real Redis, e-mailed through the outbox to a real SMTP server (aiosmtpd in this process);
handed over twice, each owner still gets one e-mail. The worker is the reports' fixture
(tests/reports/conftest.py: its own queue, stopped by PID)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.actions import Action
from assessments.services.actions import action_create
from assessments.tasks.actions import action_reminders_send
from tests.outbox import SmtpServer
from tests.reports.conftest import workers  # noqa: F401 - the real-worker fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60  # seconds: worker start-up, then the two tasks


def test_a_worker_sends_each_reminder_once(campaign, workers, settings):  # noqa: F811
    smtp = SmtpServer().start()
    settings.MAIL_TASK_QUEUE = workers.queue
    process = workers.start(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        EMAIL_TIMEOUT="5",
        MAIL_TASK_QUEUE=workers.queue,
    )
    try:
        today = timezone.localdate()
        for title, email, due in (("Soon", "kari@example.com", 3), ("Late", "jonas@example.com", -2)):
            action_create(
                campaign=campaign, title=title, owner_name=title, owner_email=email, due_on=today + timedelta(days=due)
            )
        for _ in range(2):  # beat fired twice (a restart): the second run finds nothing to send
            action_reminders_send.apply_async(args=[today.isoformat()], queue=workers.queue)
        deadline = time.monotonic() + TIMEOUT
        while len(smtp.messages) < 2 and time.monotonic() < deadline:
            assert process.poll() is None, "the worker exited early"
            time.sleep(0.2)
        time.sleep(1)  # anything sent twice would arrive by now
        log = workers.log.read_text(errors="replace")
        assert smtp.recipients() == ["jonas@example.com", "kari@example.com"], log[-3000:]
        assert log.count("Task assessments.tasks.actions.action_reminders_send[") >= 2
        assert not Action.objects.filter(reminded_soon_at__isnull=True, title="Soon").exists()
        assert not Action.objects.filter(reminded_overdue_at__isnull=True, title="Late").exists()
    finally:
        smtp.stop()
