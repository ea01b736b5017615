"""How a workspace view shows a domain error: in the service's own words, as a message or on a form.

Services raise `ApplicationError` (a broken domain rule) or `ValidationError` (invalid input);
both are safe to show as they are (style guide rule 11).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from brmportal.lib.exceptions import ApplicationError


def error_message(request: HttpRequest, exc: ApplicationError | ValidationError) -> None:
    """Show the error as one message on the next page."""
    text = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
    messages.error(request, text)


def form_error(form: forms.Form, field: str | None, exc: ApplicationError | ValidationError) -> None:
    """Show the error on the form: beside `field`, or above the form for None.

    A ValidationError keeps its structure, so one raised per field (`full_clean`) lands beside those fields.
    """
    form.add_error(field, exc.message if isinstance(exc, ApplicationError) else exc)
