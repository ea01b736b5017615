"""Writes for answers files imported by a Celery worker (issue #15): create, enqueue, run, fail.

The life of a job (`assessments.import_jobs.ImportJob`):

1. `import_job_create`, in the web request: the cheap checks of the file (type, size, a
   workbook's zip directory and element counts, a CSV's cell count: a hostile file is refused
   here, in well under a second), then the upload is stored and the job created QUEUED; its id
   goes to the broker once the row is committed (`import_job_enqueue`).
2. `import_job_run`, in a worker: claims the job (QUEUED -> RUNNING, a conditional UPDATE, so a
   redelivered message does nothing), reads and checks every row as the command does (all or
   nothing), and stores them in one transaction that also marks the job SUCCEEDED and writes
   the audit entry: responses, outcome and log entry are committed together or not at all.
3. Otherwise every error is kept on the job (FAILED, nothing stored). The stored file is
   deleted either way.

Progress: on the job row while the file is read and checked; the storing transaction's writes
are invisible to the progress page until the commit, so meanwhile it goes to the cache
(`assessments.selectors.import_jobs.import_job_progress`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from assessments.audit import AuditEvent, audit_record
from assessments.import_jobs import ImportJob, progress_key
from assessments.models import Campaign
from assessments.services.imports import responses_check, responses_store
from assessments.tasks.imports import import_job_run as import_job_run_task
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tabular import check_file, parse_file

logger = logging.getLogger(__name__)

PROGRESS_TTL = 6 * 3600
# Where each step ends on the progress bar: reading the file, checking it, storing the rows.
READ_END, CHECK_END, STORE_END = 30, 40, 90


def _broker_errors() -> tuple[type[BaseException], ...]:
    """What publishing a task raises when the broker cannot be reached."""
    from kombu.exceptions import OperationalError as KombuOperationalError
    from redis.exceptions import RedisError

    return (KombuOperationalError, ConnectionError, TimeoutError, RedisError)


def stale_running_after() -> timedelta:
    """Past the task's hard time limit its worker is gone for certain: the job may be run again."""
    return timedelta(seconds=settings.IMPORTS_TASK_SOFT_TIME_LIMIT + 60 + 30)


def import_job_create(*, campaign: Campaign, user: User | AnonymousUser | None, upload: UploadedFile) -> ImportJob:
    """Check `upload` cheaply, store it and queue its import; ApplicationError when refused."""
    filename = Path(upload.name or "").name
    check_file(upload, filename)
    upload.seek(0)
    job = ImportJob(
        organisation=campaign.organisation,
        campaign=campaign,
        created_by=user if user is not None and user.is_authenticated else None,
        filename=filename[:255],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.file.save(filename, upload, save=False)
    job.full_clean(exclude=["file"])
    job.save()
    transaction.on_commit(lambda: import_job_enqueue(job_id=job.pk))
    return job


def import_job_enqueue(*, job_id: int) -> bool:
    """Hand the job to the broker; when it cannot be reached, the job fails with a message that
    says so (the person still has the file, and nothing was imported)."""
    options: dict = {"retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}}
    if settings.IMPORTS_TASK_QUEUE:
        options["queue"] = settings.IMPORTS_TASK_QUEUE
    try:
        # The broker URL is read now (as reports, mail and /healthz do), not from the app's pool.
        with import_job_run_task.app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            import_job_run_task.apply_async(args=[job_id], connection=connection, **options)
    except _broker_errors() as exc:
        logger.warning("import job %s: broker unreachable: %s", job_id, exc)
        language = ImportJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
        with translation.override(language or settings.LANGUAGE_CODE):
            message = gettext(
                "The import could not be started: the background workers cannot be reached. "
                "Nothing was imported; upload the file again in a few minutes."
            )
        import_job_fail(job_id=job_id, errors=[message])
        return False
    return True


def import_job_claim(*, job_id: int) -> bool:
    """Take the job; False when there is nothing to do (already taken, finished, or unknown).

    A job left RUNNING past the task's hard time limit lost its worker and may be taken again:
    its storing transaction never committed, so nothing of it was stored.
    """
    now = timezone.now()
    claimable = Q(status=ImportJob.Status.QUEUED) | Q(
        status=ImportJob.Status.RUNNING, updated_at__lt=now - stale_running_after()
    )
    updated = ImportJob.objects.filter(claimable, pk=job_id).update(
        status=ImportJob.Status.RUNNING, progress=1, started_at=now, updated_at=now
    )
    return updated == 1


def _progress(job_id: int, value: float) -> None:
    value = int(max(1, min(value, 99)))
    cache.set(progress_key(job_id), value, PROGRESS_TTL)
    if not transaction.get_connection().in_atomic_block:
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
            progress=value, updated_at=timezone.now()
        )


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Import the job's file, all or nothing (see the module docstring); None when not claimed."""
    if not import_job_claim(job_id=job_id):
        return None
    job = ImportJob.objects.select_related("campaign__instrument", "campaign__organisation", "created_by").get(
        pk=job_id
    )
    with translation.override(job.language):
        try:
            _run(job)
        except ApplicationError as exc:
            errors = exc.extra.get("errors") or [exc.message]
            import_job_fail(job_id=job.pk, errors=errors, error_count=exc.extra.get("error_count"))
        finally:
            _file_delete(job.pk)
    job.refresh_from_db()
    return job


def _run(job: ImportJob) -> None:
    campaign = job.campaign

    def reading(rows: int, estimate: int) -> None:
        _progress(job.pk, 1 + (READ_END - 1) * rows / max(estimate, rows, 1))

    with job.file.open("rb") as handle:
        header, rows = parse_file(handle, job.filename, progress=reading)
    ImportJob.objects.filter(pk=job.pk).update(rows=len(rows))
    _progress(job.pk, READ_END)
    valid = responses_check(campaign=campaign, header=header, rows=rows, filename=job.filename)
    del rows
    _progress(job.pk, CHECK_END)

    def storing(done: int, total: int) -> None:
        _progress(job.pk, CHECK_END + (STORE_END - CHECK_END) * done / max(total, 1))

    with transaction.atomic():
        counts = responses_store(campaign=campaign, rows=valid, progress=storing)
        finished = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.SUCCEEDED,
            progress=100,
            imported=len(valid),
            counts=counts,
            errors=[],
            error_count=0,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if finished != 1:
            # Failed or taken again meanwhile (a stale claim): this run must store nothing.
            transaction.set_rollback(True)
            return
        audit_record(
            actor=job.created_by,
            organisation=campaign.organisation,
            action=AuditEvent.ANSWERS_IMPORT,
            target=campaign,
            details={"via": "upload", "job": job.pk, "responses": len(valid), **counts},
        )
    cache.delete(progress_key(job.pk))


def import_job_fail(*, job_id: int, errors: Sequence[str], error_count: int | None = None) -> None:
    """Record why nothing was imported (every error, as the import lists them) and drop the file.

    A job that succeeded meanwhile is left alone: its responses are stored.
    """
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.SUCCEEDED).update(
        status=ImportJob.Status.FAILED,
        errors=list(errors),
        error_count=error_count if error_count is not None else len(errors),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    cache.delete(progress_key(job_id))
    _file_delete(job_id)


def _file_delete(job_id: int) -> None:
    """The uploaded file holds answers: once the job has finished it is of no further use."""
    job = ImportJob.objects.filter(pk=job_id).exclude(status__in=ImportJob.ACTIVE).first()
    if job is None or not job.file:
        return
    try:
        job.file.delete(save=False)
    except OSError:  # already gone, or the storage hiccupped: the key is forgotten either way
        logger.warning("import job %s: could not delete %s", job_id, job.file.name)
    ImportJob.objects.filter(pk=job_id).update(file="")
