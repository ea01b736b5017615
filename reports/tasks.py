"""Celery tasks for PDF reports. Thin: they take ids and call the services in reports.services."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_RETRIES = 3
# Worth another try: the database or the file storage hiccupped. Anything else (a template or
# data error) would fail the same way again, so it fails the report at once.
TRANSIENT_ERRORS = (OperationalError, OSError)


def readable_error(exc: BaseException) -> str:
    """Why a report failed, for the person who asked, in the active language."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Rendering took too long and was stopped. Try again later, or ask for one department at a time.")
    detail = str(exc).strip() or _("no details")
    return _("The PDF could not be rendered (%(error)s: %(detail)s).") % {"error": type(exc).__name__, "detail": detail}


def _report_language(report_id: int) -> str:
    from reports.models import Report

    return Report.objects.filter(id=report_id).values_list("language", flat=True).first() or "en"


def _report_pdf_generate_failure(
    self: Task, exc: Exception, task_id: str, args: tuple[Any, ...], kwargs: dict[str, Any], einfo: object
) -> None:
    """Terminal failure (not retried, or out of retries): mark the report FAILED with the reason."""
    from reports.services import report_mark_failed

    report_id = args[0] if args else kwargs.get("report_id")
    logger.error("report %s: rendering failed: %r", report_id, exc)
    if report_id is None:  # the task was called without its argument: no report to mark
        return
    # The reason is stored and shown to whoever asked, so it is worded in the report's language.
    with translation.override(_report_language(report_id)):
        report_mark_failed(report_id=report_id, error=readable_error(exc))


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, on_failure=_report_pdf_generate_failure)
def report_pdf_generate(self: Task, report_id: int) -> None:
    """Render and store one report; safe to run twice (the claim lets only one run render)."""
    from reports.services import report_pdf_generate as report_pdf_generate_service
    from reports.services import report_release

    try:
        report_pdf_generate_service(report_id=report_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            raise
        # Give the claim back so the retry can take it; if the database is what failed this may
        # fail too, and the report is then re-claimed once its RENDERING state goes stale.
        try:
            with translation.override(_report_language(report_id)):
                report_release(report_id=report_id, error=readable_error(exc))
        except OperationalError:
            logger.warning("report %s: could not release after %r", report_id, exc)
        raise self.retry(exc=exc, countdown=2**self.request.retries * 5) from exc


@shared_task(acks_late=True)
def reports_requeue_stale() -> list[int]:
    """Periodic: hand reports left waiting (broker down, worker killed) back to the broker."""
    from django.conf import settings

    from reports.services import reports_requeue_stale as reports_requeue_stale_service

    return reports_requeue_stale_service(older_than=timedelta(seconds=settings.REPORTS_REQUEUE_AFTER_SECONDS))
