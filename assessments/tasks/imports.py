"""Celery task for answers files uploaded in the workspace (assessments.services.import_jobs).
Thin: it takes the job's id and calls the service."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def readable_error(exc: BaseException) -> str:
    """Why an import stopped, for the person who uploaded the file."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("The import took too long and was stopped; nothing was imported. Split the file and try again.")
    return _("The import stopped on an unexpected error (%(error)s); nothing was imported.") % {
        "error": type(exc).__name__
    }


def _import_job_run_failure(
    self: Task, exc: Exception, task_id: str, args: tuple[Any, ...], kwargs: dict[str, Any], einfo: object
) -> None:
    """Any exception out of the service: the transaction rolled back, so the job failed whole."""
    from assessments.services.import_jobs import import_job_fail

    job_id = args[0] if args else kwargs.get("job_id")
    logger.error("import job %s failed: %r", job_id, exc)
    if job_id is not None:
        import_job_fail(job_id=job_id, errors=[readable_error(exc)])


# The longest import (20,000 rows) takes minutes; the default task limits (a few minutes) are
# meant for a PDF. Not retried: a second run would meet the same file.
@shared_task(
    acks_late=True,
    soft_time_limit=settings.IMPORTS_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.IMPORTS_TASK_SOFT_TIME_LIMIT + 60,
    on_failure=_import_job_run_failure,
)
def import_job_run(job_id: int) -> None:
    """Read, check and store one uploaded answers file; safe to run twice (the claim)."""
    from assessments.services.import_jobs import import_job_run as import_job_run_service

    import_job_run_service(job_id=job_id)
