"""The "forgot your password?" form: Django's, with its e-mail handed to the outbox instead of sent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.services.mail import email_queue


class QueuedPasswordResetForm(PasswordResetForm):
    """Writes the reset e-mail in the request (the person's language, the link Django signs) and
    queues it: a Celery worker sends it, so a slow or unreachable mail server never holds up the
    page, and a message that cannot be sent yet is kept and retried (assessments.services.mail)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        language = translation.get_language() or settings.LANGUAGE_CODE
        # A subject must be one line: a newline in it would let template text inject headers.
        subject = " ".join(render_to_string(subject_template_name, context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(email_template_name, context),
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            to=[to_email],
            headers={"Content-Language": language},
        )
        if html_email_template_name:
            message.attach_alternative(render_to_string(html_email_template_name, context), "text/html")
        # Not worth sending once the link it carries has expired.
        expires_at = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        email_queue(message=message, expires_at=expires_at)
