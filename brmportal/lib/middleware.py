from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turn a database that refuses connections into a friendly 503 page.

    A respondent whose database hiccups should see "try again in a moment", not a traceback;
    everything saved before the hiccup stays saved because each page is its own transaction.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("database unavailable: %s", exception)
            html = render_to_string("503.html", {"retry_after": 5})
            response = HttpResponse(html, status=503)
            response["Retry-After"] = "5"
            return response
        return None
