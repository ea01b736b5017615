"""Celery tasks for e-mail (assessments.services.mail). Thin: they take ids and call the services."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings


class MailDeferred(Exception):  # noqa: N818 - a state, not a bug: the message waits for a retry
    """The mail server could not take the messages now (down, timed out, deferred with a 4xx).

    Raised by `emails_send` after the messages went back to RETRYING; the task retries itself
    with backoff, and when it gives up the periodic `mail_requeue_stale` queues them again.
    """


# Backoff 30 s, 60 s, 120 s... (MAIL_RETRY_BACKOFF_SECONDS) capped at 10 min, with jitter, 5
# retries: about a quarter of an hour of trying before the periodic requeue takes over
# (MAIL_REQUEUE_AFTER_SECONDS).
@shared_task(
    acks_late=True,
    autoretry_for=(MailDeferred,),
    retry_backoff=settings.MAIL_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def emails_send(email_ids: list[int]) -> int:
    """Send the outbox rows `email_ids` (a small batch, one SMTP session); how many went out.

    Safe to run twice: a row is claimed before it is sent, and a sent row is never sent again.
    """
    from assessments.services.mail import emails_send as emails_send_service

    return emails_send_service(email_ids=email_ids)


@shared_task(acks_late=True)
def mail_requeue_stale() -> int:
    """Periodic (beat): hand mail left waiting (broker or mail server down, worker killed) back to
    the broker; how many rows were queued again."""
    from assessments.services.mail import mail_requeue_stale as mail_requeue_stale_service

    return mail_requeue_stale_service(older_than=timedelta(seconds=settings.MAIL_REQUEUE_AFTER_SECONDS))
