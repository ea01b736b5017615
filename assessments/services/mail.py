"""Writes for e-mail: queue it (in a request), send it (in a worker), queue again what waits.

No request ever talks to the mail server. A request stores the message in the outbox
(`assessments.outbox.OutgoingEmail`) and, once that row is committed, hands its id to the broker;
a Celery worker sends it (`emails_send`). Whatever is down, the row stays: the task retries
itself with backoff, and the periodic `mail_requeue_stale` queues again what still waits, so
sending resumes by itself once the broker and the mail server are back.

Two ways in:
- `email_queue`: any message already written (a "continue on this device" link; reusable for a
  password reset, which has no organisation);
- `invitation_mails_queue`: the invitation or reminder of many invitations at once, written by
  the worker (one INSERT for 5,000 people, so the request returns at once).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from accounts.models import Organisation
from assessments.models import Campaign, Invitation
from assessments.outbox import CancelReason, EmailStatus, OutgoingEmail
from assessments.selectors.instruments import campaign_minutes
from assessments.selectors.invitations import invitation_languages, respondent_url
from assessments.tasks.mail import MailDeferred
from assessments.tasks.mail import emails_send as emails_send_task
from brmportal.lib.emails import email_build
from brmportal.lib.urls import site_url

logger = logging.getLogger(__name__)

ERROR_MAX_CHARS = 500
# Sent, failed or cancelled rows of stored messages (no invitation) are kept this long, without
# their content, for anyone looking into a delivery; then deleted by the periodic requeue.
KEEP_FINISHED = timedelta(days=30)
# What a finished row forgets: the recipient and the text (with its personal link).
_ERASED = {"to": "", "reply_to": "", "subject": "", "text": "", "html": ""}


def _broker_errors() -> tuple[type[BaseException], ...]:
    """What publishing a task raises when the broker cannot be reached."""
    from kombu.exceptions import OperationalError as KombuOperationalError
    from redis.exceptions import RedisError

    return (KombuOperationalError, ConnectionError, TimeoutError, RedisError)


def mail_publish(*, email_ids: Sequence[int]) -> bool:
    """Hand outbox rows to the broker, MAIL_BATCH_SIZE to a task; False when it is unreachable.

    The rows are already stored as QUEUED: with the broker down they wait for
    `mail_requeue_stale`, so a caller never needs to tell anyone.
    """
    ids = list(email_ids)
    if not ids:
        return True
    size = max(1, settings.MAIL_BATCH_SIZE)
    # Few publish retries: a person is waiting for the page, and the rows are kept either way.
    options: dict = {"retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}}
    if settings.MAIL_TASK_QUEUE:
        options["queue"] = settings.MAIL_TASK_QUEUE
    try:
        # The broker URL is read now (as reports and /healthz do), not from the app's pool.
        with emails_send_task.app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            for start in range(0, len(ids), size):
                emails_send_task.apply_async(args=[ids[start : start + size]], connection=connection, **options)
    except _broker_errors() as exc:
        logger.warning("mail: broker unreachable, %s message(s) left queued: %s", len(ids), exc)
        return False
    return True


def email_queue(
    *,
    message: EmailMultiAlternatives,
    kind: str = OutgoingEmail.Kind.OTHER,
    organisation: Organisation | None = None,
    expires_at: datetime | None = None,
) -> OutgoingEmail:
    """Store a written message (one recipient) and have a worker send it once it is committed.

    `expires_at`: not worth sending after (a one-time link); the row is then cancelled.
    """
    html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
    email = OutgoingEmail(
        organisation=organisation,
        kind=kind,
        to=message.to[0],
        reply_to=message.reply_to[0] if message.reply_to else "",
        subject=str(message.subject),
        text=str(message.body),
        html=str(html),
        language=message.extra_headers.get("Content-Language", ""),
        queued_at=timezone.now(),
        expires_at=expires_at,
    )
    email.full_clean()
    email.save()
    transaction.on_commit(lambda: mail_publish(email_ids=[email.pk]))
    return email


@transaction.atomic
def invitation_mails_queue(
    *, campaign: Campaign, invitation_ids: Sequence[int], kind: str, reply_to: str = "", base_url: str = ""
) -> int:
    """Queue the invitation (or reminder, `kind`) e-mail of each of `invitation_ids`; the count.

    Each invitation has one outbox row, its e-mail state, which a new send overwrites (an upsert,
    one statement for thousands). The worker writes each message when it sends it, so it says
    what is true then (a reminder to someone who has submitted meanwhile is not sent). The
    caller checks who may be e-mailed (`invitation_*_recipients`).
    """
    ids = list(invitation_ids)
    if not ids:
        return 0
    now = timezone.now()
    rows = [
        OutgoingEmail(
            organisation_id=campaign.organisation_id,
            invitation_id=invitation_id,
            kind=kind,
            status=EmailStatus.QUEUED,
            reply_to=reply_to,
            base_url=base_url or site_url(),
            queued_at=now,
        )
        for invitation_id in ids
    ]
    OutgoingEmail.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["invitation"],
        update_fields=[
            "kind",
            "status",
            "reply_to",
            "base_url",
            "queued_at",
            "attempts",
            "error",
            "sent_at",
            "updated_at",
        ],
    )
    email_ids = list(
        OutgoingEmail.objects.filter(invitation_id__in=ids, status=EmailStatus.QUEUED).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: mail_publish(email_ids=email_ids))
    return len(email_ids)


def invitation_email_build(
    *, invitation: Invitation, kind: str, language: str, reply_to: str = "", base_url: str = ""
) -> EmailMultiAlternatives:
    """The invitation or reminder e-mail of one invitation (its personal link, per-side wording)."""
    campaign = invitation.campaign
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "invitation": invitation,
        "url": respondent_url(token=invitation.token, base=base_url or site_url()),
        # The welcome page's estimate, from the same selector: they never disagree.
        "questionnaire_minutes": campaign_minutes(campaign=campaign, side=invitation.side),
    }
    return email_build(
        name=f"{kind}-{invitation.side}", to=invitation.email, context=context, reply_to=reply_to, language=language
    )


def _claim(email_ids: Sequence[int]) -> list[int]:
    """QUEUED or RETRYING -> SENDING; the rows this run got. Rows another worker holds are skipped
    (SKIP LOCKED), so of two runs handed the same ids (a redelivered message) only one sends each."""
    with transaction.atomic():
        claimed = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(email_ids), status__in=[EmailStatus.QUEUED, EmailStatus.RETRYING])
            .values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=claimed).update(
            status=EmailStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
        )
    return claimed


def _finish(email: OutgoingEmail, status: str, error: str = "") -> None:
    """A final state: the row forgets the message itself (recipient, text, link)."""
    now = timezone.now()
    fields = {"status": status, "error": error[:ERROR_MAX_CHARS], "updated_at": now, **_ERASED}
    if status == EmailStatus.SENT:
        fields["sent_at"] = now
    # Only while we hold it: a row queued again meanwhile (a new send) is left to that send.
    OutgoingEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(**fields)
    if status == EmailStatus.SENT and email.invitation_id:
        # From now on the link is presumed to be in its respondent's hands (Invitation.link_visible).
        Invitation.objects.filter(pk=email.invitation_id).update(emailed_at=now, updated_at=now)


def _release(emails: Sequence[OutgoingEmail], error: str) -> None:
    OutgoingEmail.objects.filter(pk__in=[e.pk for e in emails], status=EmailStatus.SENDING).update(
        status=EmailStatus.RETRYING, error=error[:ERROR_MAX_CHARS], updated_at=timezone.now()
    )


def mail_error(exc: BaseException) -> tuple[bool, str]:
    """(permanent, reason) of a failed send, the reason in the mail server's own words.

    Permanent: the server refused this message for good (5xx to its recipient or its content),
    or it could not be written. Everything else (refused connection, timeout, 4xx "try later",
    a login or sender the server rejects) is the server's state or set-up, and is retried.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (0, b""))
        return code >= 500, f"{code} {_text(text)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        permanent = exc.smtp_code >= 500 and isinstance(exc, smtplib.SMTPDataError)
        return permanent, f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPException | OSError):
        return False, f"{type(exc).__name__}: {exc}"
    return True, f"{type(exc).__name__}: {exc}"


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _invitation_cancel_reason(invitation: Invitation) -> str:
    campaign = invitation.campaign
    if campaign.availability() == "closed":
        return CancelReason.CLOSED
    if campaign.status != Campaign.Status.OPEN:
        return CancelReason.NOT_OPEN
    if invitation.state == Invitation.State.SUBMITTED:
        return CancelReason.SUBMITTED
    if not invitation.email:  # erased after the campaign (retention) or never given
        return CancelReason.NO_ADDRESS
    return ""


def _messages(emails: list[OutgoingEmail]) -> list[tuple[OutgoingEmail, EmailMultiAlternatives]]:
    """Each claimed row's message; rows that should no longer be sent are cancelled here."""
    now = timezone.now()
    invitations = [e.invitation for e in emails if e.invitation is not None]
    languages: dict[int, str] = {}
    for campaign_id in {i.campaign_id for i in invitations}:
        same = [i for i in invitations if i.campaign_id == campaign_id]
        languages |= invitation_languages(campaign=same[0].campaign, invitations=same)
    ready = []
    for email in emails:
        if email.expires_at is not None and email.expires_at <= now:
            _finish(email, EmailStatus.CANCELLED, CancelReason.EXPIRED)
            continue
        invitation = email.invitation
        if invitation is None:
            message = EmailMultiAlternatives(
                subject=email.subject,
                body=email.text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to],
                reply_to=[email.reply_to] if email.reply_to else None,
                headers={"Content-Language": email.language} if email.language else None,
            )
            if email.html:
                message.attach_alternative(email.html, "text/html")
        elif reason := _invitation_cancel_reason(invitation):
            _finish(email, EmailStatus.CANCELLED, reason)
            continue
        else:
            try:
                message = invitation_email_build(
                    invitation=invitation,
                    kind=email.kind,
                    language=languages[invitation.pk],
                    reply_to=email.reply_to,
                    base_url=email.base_url,
                )
            except Exception as exc:  # a template or data error: the same every time
                logger.exception("mail %s: could not be written", email.pk)
                _finish(email, EmailStatus.FAILED, mail_error(exc)[1])
                continue
        ready.append((email, message))
    return ready


def emails_send(*, email_ids: Sequence[int]) -> int:
    """Send the outbox rows among `email_ids` that are waiting, over one SMTP session; how many
    were sent.

    1. Claim them (`_claim`): rows already sent, or held by another run, are left alone.
    2. Write each message; one that no longer makes sense (campaign closed, respondent
       submitted, address erased, link expired) is cancelled with the reason.
    3. Send one at a time, marking each SENT as soon as the server took it, so a worker killed
       mid-batch sends only the rest again. One the server refuses for good is FAILED with its
       words, and the batch goes on.
    4. A transient failure (server down, timeout, 4xx): every message not yet sent goes back to
       RETRYING with the reason, and MailDeferred makes the task retry with backoff.
    """
    claimed = _claim(email_ids)
    if not claimed:
        return 0
    emails = list(
        OutgoingEmail.objects.filter(pk__in=claimed).select_related("invitation__campaign__organisation").order_by("pk")
    )
    ready = _messages(emails)
    if not ready:
        return 0
    connection = get_connection()
    sent = 0
    try:
        connection.open()
        for position, (email, message) in enumerate(ready):
            try:
                connection.send_messages([message])
            except Exception as exc:
                permanent, reason = mail_error(exc)
                if not permanent:
                    _release([e for e, _m in ready[position:]], reason)
                    raise MailDeferred(reason) from exc
                logger.warning("mail %s: refused for good: %s", email.pk, reason)
                _finish(email, EmailStatus.FAILED, reason)
                continue
            _finish(email, EmailStatus.SENT)
            sent += 1
    except MailDeferred:
        raise
    except Exception as exc:  # opening the session failed, or the database did: retry the rest
        reason = mail_error(exc)[1]
        _release([e for e, _m in ready[sent:]], reason)
        raise MailDeferred(reason) from exc
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):  # the session is gone anyway
            pass
    return sent


def mail_requeue_stale(*, older_than: timedelta) -> int:
    """Hand mail left waiting back to the broker; how many rows were queued again.

    Left waiting: QUEUED or RETRYING and untouched for `older_than` (the broker was down, the
    message was lost, or the task gave up its retries while the mail server was down), or
    SENDING past the hard time limit (its worker died: it may have sent part of its batch, so a
    message can go out twice, never not at all). A duplicate task is harmless: the claim lets
    one run send. Finished stored messages past KEEP_FINISHED are deleted.
    """
    now = timezone.now()
    dead = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    waiting = OutgoingEmail.objects.filter(
        Q(status__in=[EmailStatus.QUEUED, EmailStatus.RETRYING], updated_at__lt=now - older_than)
        | Q(status=EmailStatus.SENDING, updated_at__lt=dead)
    )
    ids = list(waiting.order_by("pk").values_list("pk", flat=True))
    if ids:
        # Touched, so each row is queued again at most once per `older_than`.
        OutgoingEmail.objects.filter(pk__in=ids).update(
            status=Case(When(status=EmailStatus.SENDING, then=Value(EmailStatus.RETRYING)), default=F("status")),
            updated_at=now,
        )
        mail_publish(email_ids=ids)
    OutgoingEmail.objects.filter(
        invitation__isnull=True,
        status__in=[EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.CANCELLED],
        updated_at__lt=now - KEEP_FINISHED,
    ).delete()
    return len(ids)
