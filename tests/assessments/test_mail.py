"""E-mail goes through the outbox and a worker (assessments.services.mail), to a real SMTP server.

Each test sends through aiosmtpd listening on 127.0.0.1 (tests/outbox.py), so what is checked is
what a mail server received; "the mail server is down" is that port refusing connections.
The worker's part is called in-process here (`emails_send`); tests/assessments/test_mail_worker.py
runs it in a real Celery worker.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from assessments.models import Campaign, Invitation
from assessments.outbox import EmailStatus, OutgoingEmail
from assessments.services.invitations import invitation_create, invitations_remind, invitations_send
from assessments.services.mail import email_queue, emails_send, mail_error, mail_publish, mail_requeue_stale
from assessments.tasks.mail import MailDeferred
from assessments.tasks.mail import emails_send as emails_send_task
from tests.outbox import SmtpServer, deliver_queued_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    """A real SMTP server the portal sends to; started by the test when it should be up."""
    server = SmtpServer()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


@pytest.fixture
def people(campaign):
    return [
        invitation_create(campaign=campaign, side="business", email=f"person{n}@example.com", department="Sales")
        for n in range(3)
    ]


def _statuses(invitations) -> list[str]:
    return [OutgoingEmail.objects.get(invitation=i).status for i in invitations]


def test_it_queues_in_the_request_and_sends_from_the_worker(campaign, people, smtp, django_capture_on_commit_callbacks):
    smtp.start()
    with django_capture_on_commit_callbacks() as callbacks:
        assert invitations_send(campaign=campaign, invitations=people, reply_to="brm@acme.example") == 3
    # Nothing reached the mail server in the request: one callback hands the ids to the broker.
    assert smtp.messages == [] and len(callbacks) == 1
    assert _statuses(people) == ["queued"] * 3
    assert not Invitation.objects.filter(pk__in=[p.pk for p in people], emailed_at__isnull=False).exists()

    assert deliver_queued_mail() == 3
    assert smtp.recipients() == ["person0@example.com", "person1@example.com", "person2@example.com"]
    sent = OutgoingEmail.objects.get(invitation=people[0])
    assert (sent.status, sent.attempts, sent.error) == ("sent", 1, "")
    assert sent.sent_at is not None and sent.kind == "invitation"
    # The row keeps the state, not the message: no address, text or link once sent.
    assert (sent.to, sent.reply_to, sent.subject, sent.text, sent.html) == ("", "", "", "", "")
    assert Invitation.objects.filter(pk__in=[p.pk for p in people], emailed_at__isnull=False).count() == 3
    body = smtp.messages[0].content.decode()
    assert f"/r/{people[0].token}/" in body and "Reply-To: brm@acme.example" in body

    # Safe to run twice: a sent row is never sent again.
    assert emails_send(email_ids=[sent.pk]) == 0
    assert len(smtp.messages) == 3


def test_it_fails_a_refused_address_with_the_servers_words_and_sends_the_rest(campaign, people, smtp):
    smtp.refuse.add("person1@example.com")
    smtp.start()
    invitations_send(campaign=campaign, invitations=people)
    assert deliver_queued_mail() == 2
    assert _statuses(people) == ["sent", "failed", "sent"]
    failed = OutgoingEmail.objects.get(invitation=people[1])
    assert failed.error == "550 5.1.1 No such user here"
    assert failed.reason == "550 5.1.1 No such user here"
    # A failed one is not retried by itself: the periodic requeue leaves it alone.
    assert mail_requeue_stale(older_than=timedelta(0)) == 0


def test_it_loses_nothing_while_the_mail_server_is_down_and_sends_once_it_is_back(campaign, people, smtp):
    invitations_send(campaign=campaign, invitations=people)
    waiting = list(OutgoingEmail.objects.order_by("pk").values_list("pk", flat=True))

    # Down: the port refuses connections. The task is told to retry; every message waits.
    with pytest.raises(MailDeferred, match="ConnectionRefusedError"):
        emails_send(email_ids=waiting)
    assert _statuses(people) == ["retrying"] * 3
    assert "ConnectionRefusedError" in OutgoingEmail.objects.get(pk=waiting[0]).error
    assert not Invitation.objects.filter(emailed_at__isnull=False).exists()

    # The periodic requeue leaves recent ones to the task's own retries, then takes them back.
    assert mail_requeue_stale(older_than=timedelta(minutes=15)) == 0
    assert mail_requeue_stale(older_than=timedelta(0)) == 3

    smtp.start()  # back
    assert deliver_queued_mail() == 3
    assert _statuses(people) == ["sent"] * 3
    assert OutgoingEmail.objects.get(pk=waiting[0]).attempts == 2
    assert smtp.recipients() == sorted(p.email for p in people)


def test_it_sends_again_what_a_killed_worker_left_sending(campaign, people, smtp, settings):
    invitations_send(campaign=campaign, invitations=people[:1])
    email = OutgoingEmail.objects.get()
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING, updated_at=long_ago)
    assert mail_requeue_stale(older_than=timedelta(minutes=15)) == 1
    email.refresh_from_db()
    assert email.status == "retrying"
    smtp.start()
    assert deliver_queued_mail() == 1


def test_it_does_not_remind_who_submitted_or_was_never_emailed(campaign, people, smtp):
    smtp.start()
    never_emailed = invitation_create(campaign=campaign, side="it", email="new@example.com")
    invitations_send(campaign=campaign, invitations=people)
    deliver_queued_mail()
    Invitation.objects.filter(pk=people[2].pk).update(state=Invitation.State.SUBMITTED)

    assert invitations_remind(campaign=campaign) == 2
    # Someone submits between the click and the worker: their reminder is not sent.
    Invitation.objects.filter(pk=people[1].pk).update(state=Invitation.State.SUBMITTED)
    assert deliver_queued_mail() == 1
    reminded = [m for m in smtp.messages if b"Subject: Reminder" in m.content]
    assert [m.rcpt_tos for m in reminded] == [["person0@example.com"]]
    cancelled = OutgoingEmail.objects.get(invitation=people[1])
    assert (cancelled.status, cancelled.kind) == ("cancelled", "reminder")
    assert cancelled.reason == "The respondent submitted before it was sent."
    assert not OutgoingEmail.objects.filter(invitation=never_emailed).exists()


def test_it_does_not_send_what_waits_when_the_campaign_closes(campaign, people, smtp):
    smtp.start()
    invitations_send(campaign=campaign, invitations=people)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    assert deliver_queued_mail() == 0
    assert smtp.messages == []
    assert _statuses(people) == ["cancelled"] * 3
    assert OutgoingEmail.objects.first().reason == "The campaign closed before it was sent."


def test_it_sends_a_stored_message_once_and_forgets_it(org, smtp):
    smtp.start()
    message = EmailMultiAlternatives(
        subject="Continue",
        body="Open https://x.example/r/abc/",
        to=["kari@example.com"],
        headers={"Content-Language": "nb"},
    )
    message.attach_alternative("<p>Open</p>", "text/html")
    email = email_queue(message=message, kind=OutgoingEmail.Kind.RESUME, organisation=org)
    assert (email.to, email.language, email.status) == ("kari@example.com", "nb", "queued")

    assert deliver_queued_mail() == 1
    [received] = smtp.messages
    assert received.rcpt_tos == ["kari@example.com"]
    assert b"Content-Language: nb" in received.content and b"https://x.example/r/abc/" in received.content
    email.refresh_from_db()
    assert (email.status, email.to, email.text, email.html) == ("sent", "", "", "")


def test_it_does_not_send_a_link_that_expired_while_it_waited(org, smtp):
    smtp.start()
    message = EmailMultiAlternatives(subject="Continue", body="link", to=["kari@example.com"])
    email = email_queue(message=message, kind=OutgoingEmail.Kind.RESUME, organisation=org, expires_at=timezone.now())
    assert deliver_queued_mail() == 0
    email.refresh_from_db()
    assert (email.status, email.error, email.to) == ("cancelled", "expired", "")


def test_it_keeps_mail_queued_when_the_broker_is_down(campaign, people, settings):
    # Nothing listens on port 1: publishing fails at once, and the rows wait for the requeue.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    invitations_send(campaign=campaign, invitations=people)
    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))
    started = timezone.now()
    assert mail_publish(email_ids=ids) is False
    assert timezone.now() - started < timedelta(seconds=5)
    assert _statuses(people) == ["queued"] * 3


@pytest.mark.parametrize(
    ("exc", "permanent", "reason"),
    [
        (smtplib.SMTPRecipientsRefused({"a@x": (550, b"no such user")}), True, "550 no such user"),
        (smtplib.SMTPRecipientsRefused({"a@x": (450, b"greylisted")}), False, "450 greylisted"),
        (smtplib.SMTPDataError(554, b"spam"), True, "554 spam"),
        (smtplib.SMTPDataError(451, b"try later"), False, "451 try later"),
        (smtplib.SMTPAuthenticationError(535, b"bad login"), False, "535 bad login"),
        (smtplib.SMTPServerDisconnected("gone"), False, "SMTPServerDisconnected: gone"),
        (
            ConnectionRefusedError(111, "Connection refused"),
            False,
            "ConnectionRefusedError: [Errno 111] Connection refused",
        ),
        (TimeoutError("timed out"), False, "TimeoutError: timed out"),
    ],
)
def test_it_retries_only_what_may_work_later(exc, permanent, reason):
    assert mail_error(exc) == (permanent, reason)


def test_the_task_retries_with_backoff_and_acks_late():
    assert emails_send_task.acks_late is True
    assert emails_send_task.autoretry_for == (MailDeferred,)
    assert emails_send_task.retry_backoff and emails_send_task.max_retries == 5


def test_beat_queues_waiting_mail_again_every_five_minutes(settings):
    from assessments.tasks.mail import mail_requeue_stale as mail_requeue_stale_task

    entry = settings.CELERY_BEAT_SCHEDULE["mail-requeue-stale"]
    assert entry["task"] == mail_requeue_stale_task.name
    assert entry["schedule"].minute == set(range(0, 60, 5))
    assert settings.MAIL_REQUEUE_AFTER_SECONDS > 600  # longer than the task's own longest wait


def test_the_admin_shows_what_waits_but_never_the_message(admin_client, org):
    message = EmailMultiAlternatives(
        subject="Continue", body="https://x.example/r/secret-key/", to=["kari@example.com"]
    )
    email = email_queue(message=message, kind=OutgoingEmail.Kind.RESUME, organisation=org)
    for url in ("/admin/assessments/outgoingemail/", f"/admin/assessments/outgoingemail/{email.pk}/change/"):
        html = admin_client.get(url).content.decode()
        assert "Queued" in html
        assert "kari@example.com" not in html and "secret-key" not in html
