"""The outbox: every e-mail the portal sends waits here for a Celery worker.

A request never talks to the mail server: it stores an `OutgoingEmail` and hands its id to the
broker (`assessments.services.mail`). The row outlives a broker or mail server that is down, so
nothing is lost: a periodic task queues again whatever is still waiting.

Two shapes of message, one task and one life (queued -> sending -> sent, failed or cancelled):

- an invitation's invitation or reminder (`invitation` set): rendered by the worker from the
  invitation, so queueing 5,000 of them is one INSERT, and the row is the invitation's e-mail
  state on the Respondents page (`invitation.mail`, one row per invitation, reused);
- any other message (`invitation` empty: a "continue on this device" link, a password reset):
  rendered when queued and stored here until it is sent.

What a row holds of a person (the recipient, the text with its link) is erased once the message
is sent, failed for good or cancelled: the outbox is a queue, not an archive.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation
from brmportal.lib.models import BaseModel


class EmailStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("e-mail state", "Queued")
    SENDING = "sending", pgettext_lazy("e-mail state", "Sending")
    SENT = "sent", pgettext_lazy("e-mail state", "Sent")
    # The mail server could not be reached or deferred the message: tried again automatically.
    RETRYING = "retrying", pgettext_lazy("e-mail state", "Will retry")
    # Refused for good (e.g. the address does not exist): sending again needs a person.
    FAILED = "failed", pgettext_lazy("e-mail state", "Failed")
    # Not sent because it no longer made sense (the campaign closed, the respondent submitted).
    CANCELLED = "cancelled", pgettext_lazy("e-mail state", "Not sent")


class CancelReason(models.TextChoices):
    """Why a CANCELLED message was not sent (stored in its `error`, worded where shown)."""

    CLOSED = "closed", _("The campaign closed before it was sent.")
    NOT_OPEN = "not_open", _("The campaign is not open.")
    SUBMITTED = "submitted", _("The respondent submitted before it was sent.")
    NO_ADDRESS = "no_address", _("The invitation no longer has an e-mail address.")
    EXPIRED = "expired", _("The link in it expired before it could be sent.")


# Waiting for a worker: what the periodic requeue looks at, and what a new send must not double.
EMAIL_PENDING = (EmailStatus.QUEUED, EmailStatus.SENDING, EmailStatus.RETRYING)


class OutgoingEmail(BaseModel):
    class Kind(models.TextChoices):
        INVITATION = "invitation", pgettext_lazy("e-mail kind", "Invitation")
        REMINDER = "reminder", pgettext_lazy("e-mail kind", "Reminder")
        RESUME = "resume", pgettext_lazy("e-mail kind", "Continue on another device")
        OTHER = "other", pgettext_lazy("e-mail kind", "Other")

    # Empty for mail that belongs to no tenant (a password reset).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="outgoing_emails"
    )
    invitation = models.OneToOneField(
        "assessments.Invitation", null=True, blank=True, on_delete=models.CASCADE, related_name="mail"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    # The stored message (empty for an invitation's, which is rendered when sent); erased after.
    to = models.EmailField(blank=True)
    reply_to = models.EmailField(blank=True)
    subject = models.TextField(blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    # Where links start (scheme://host[:port]), taken from the request of the person who asked.
    base_url = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why the last attempt did not send it, in the mail server's words; empty once sent.
    error = models.CharField(max_length=500, blank=True)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # Not worth sending after this (a one-time link that has expired); empty: no limit.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["status", "updated_at"],
                condition=Q(status__in=["queued", "sending", "retrying"]),
                name="outgoing_email_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} ({self.pk})"

    @property
    def pending(self) -> bool:
        return self.status in EMAIL_PENDING

    @property
    def reason(self) -> str:
        """Why it has not gone out: the mail server's words, or ours for a cancelled one."""
        if self.status == EmailStatus.CANCELLED and self.error in CancelReason.values:
            return str(CancelReason(self.error).label)
        return self.error
