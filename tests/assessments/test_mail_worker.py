"""End to end: invitation e-mails sent by a real Celery worker, on the real Redis, to a real SMTP
server (aiosmtpd in this process) that is down when the BRM clicks and comes back later.

The worker is the reports' fixture (tests/reports/conftest.py: its own queue, stopped by PID).
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from assessments.outbox import OutgoingEmail
from assessments.tasks.mail import mail_requeue_stale
from tests.outbox import SmtpServer
from tests.reports.conftest import workers  # noqa: F401 - the real-worker fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PEOPLE = 30
TIMEOUT = 60  # seconds: worker start-up, then a few retries


def _wait(condition, process, what: str, log) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        assert process.poll() is None, "the worker exited early"
        time.sleep(0.2)
    raise AssertionError(f"{what} after {TIMEOUT} s\n--- worker log ---\n{log.read_text(errors='replace')[-3000:]}")


def _statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in OutgoingEmail.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def test_it_loses_no_invitation_while_the_mail_server_is_down(client, alice, campaign, workers, settings):  # noqa: F811
    smtp = SmtpServer()  # not started: the mail server is down, its port refuses connections
    settings.MAIL_TASK_QUEUE = workers.queue
    process = workers.start(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        EMAIL_USE_TLS="false",
        EMAIL_TIMEOUT="5",
        MAIL_TASK_QUEUE=workers.queue,
        MAIL_RETRY_BACKOFF_SECONDS="1",
        MAIL_REQUEUE_AFTER_SECONDS="0",
    )
    try:
        client.force_login(alice)
        addresses = [f"person{i:02d}@example.com" for i in range(PEOPLE)]
        data = {"source": "paste", "paste-emails": "\n".join(addresses), "paste-side": "it", "paste-send_now": "on"}
        client.post(reverse("manage:invitation_add", args=[campaign.pk]), data)
        started = time.monotonic()
        r = client.post(reverse("manage:invitation_confirm", args=[campaign.pk]), follow=True)
        assert time.monotonic() - started < 5  # the request does not wait for any mail server
        assert f"{PEOPLE} invitation e-mails are on their way" in r.content.decode()

        # The worker tries, the server is down: every message waits, with the reason.
        _wait(lambda: _statuses().get("retrying") == PEOPLE, process, "not all retrying", workers.log)
        assert smtp.messages == []
        error = OutgoingEmail.objects.first().error
        assert "ConnectionRefusedError" in error
        page = client.get(reverse("manage:invitation_list", args=[campaign.pk])).content.decode()
        assert "Not sent yet, tried again automatically" in page

        # The server is back; the task's own retries or the periodic requeue (run here as beat
        # would) send everything, each message once.
        smtp.start()
        mail_requeue_stale.apply_async(queue=workers.queue)
        _wait(lambda: _statuses().get("sent") == PEOPLE, process, "not all sent", workers.log)
        assert smtp.recipients() == addresses
        log = workers.log.read_text(errors="replace")
        assert "Task assessments.tasks.mail.emails_send[" in log
        assert "Task assessments.tasks.mail.mail_requeue_stale[" in log
        page = client.get(reverse("manage:invitation_list", args=[campaign.pk])).content.decode()
        assert page.count("Invitation e-mailed") == PEOPLE
    finally:
        smtp.stop()
