"""Templated e-mail: every message comes from a triple of templates in `templates/emails/`.

`<name>-subject.txt`, `<name>-body-text.txt` and `<name>-body-html.html`: the plain text part is
what most clients show in previews and what screen readers and filters rely on, so it is
written, not derived from the HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation


def email_build(
    *, name: str, to: str, context: Mapping[str, Any], reply_to: str = "", language: str | None = None
) -> EmailMultiAlternatives:
    """One message from the `name` triple, not yet sent, written in `language` (default: the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    # The reader's language, not the sender's: a BRM working in English invites Dutch managers.
    with translation.override(language):
        # A subject must be one line: a newline in it would let template text inject headers.
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body-text.txt", context)
        html = render_to_string(f"emails/{name}-body-html.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


def emails_send(messages: Iterable[EmailMultiAlternatives]) -> int:
    """Send messages over one connection (one SMTP session for a whole batch); returns the count sent."""
    messages = list(messages)
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
