"""Writes for PDF gap reports: request, enqueue, render and store, fail, re-queue.

The life of a report: `report_request` creates it QUEUED and hands its id to the broker after
commit; a worker runs `report_pdf_generate`, which claims it (QUEUED -> RENDERING) with a
conditional UPDATE, renders the PDF and stores it (READY), or `report_mark_failed` records why
it could not (FAILED). A report whose task never reached the broker, or whose worker died, is
picked up again by `reports_requeue_stale` (periodic task and `manage.py requeue_reports`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import Campaign
from assessments.selectors.campaigns import campaign_department_names
from reports import pdf
from reports.models import Report
from reports.selectors import report_active_get
from reports.tasks import report_pdf_generate as report_pdf_generate_task

logger = logging.getLogger(__name__)

ERROR_MAX_CHARS = 1000


def _broker_errors() -> tuple[type[BaseException], ...]:
    """What publishing a task raises when the broker cannot be reached."""
    from kombu.exceptions import OperationalError as KombuOperationalError

    errors: list[type[BaseException]] = [KombuOperationalError, ConnectionError, TimeoutError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a requirement, but the broker may be another
        pass
    return tuple(errors)


def stale_rendering_after() -> timedelta:
    """How long a report may sit in RENDERING before we assume its worker died.

    Past the hard time limit the worker process has been killed for certain, so nobody else
    can still be writing this report's file.
    """
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + settings.REPORTS_STALE_MARGIN_SECONDS)


def report_enqueue(*, report_id: int) -> bool:
    """Hand the report to the broker; True when it accepted the task.

    When the broker is down the report stays QUEUED with `enqueued_at` empty and the error
    recorded, so `reports_requeue_stale` (or the next request for the same report) tries again.
    """
    # Few publish retries: a person is waiting for the page, and the report is kept either way.
    options: dict = {"retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}}
    if settings.REPORTS_TASK_QUEUE:
        options["queue"] = settings.REPORTS_TASK_QUEUE
    try:
        # The broker URL is read now, like /healthz does, rather than from the app's pool.
        with report_pdf_generate_task.app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            report_pdf_generate_task.apply_async(args=[report_id], connection=connection, **options)
    except _broker_errors() as exc:
        logger.warning("report %s: broker unreachable, left queued: %s", report_id, exc)
        Report.objects.filter(id=report_id).update(
            enqueued_at=None, enqueue_error=f"{type(exc).__name__}: {exc}"[:300], updated_at=timezone.now()
        )
        return False
    Report.objects.filter(id=report_id).update(enqueued_at=timezone.now(), enqueue_error="")
    return True


def report_language(language: str | None) -> str:
    """One of the portal's languages for a report: `language` (e.g. the request's) or the default."""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def report_request(
    *, campaign: Campaign, user: User | AnonymousUser | None, department: str = "", language: str | None = None
) -> tuple[Report, bool]:
    """The campaign's report being prepared, or a new one queued for rendering: (report, created).

    The report is written in `language`, by default the active one (the requesting user's).
    1. If a report for the same campaign, department and language is QUEUED or RENDERING, return
       it (and if its task never reached the broker, try to hand it over again).
    2. Otherwise create one and enqueue its task once the row is committed, so a worker never
       looks for a report that is not visible yet.
    Two requests racing past step 1 both try to insert; the partial unique constraint lets one
    win and the other returns the winner's report.
    """
    department = department.strip()
    language = report_language(language or translation.get_language())
    if department and department not in campaign_department_names(campaign=campaign):
        raise ValidationError(
            {"department": _("The campaign has no department %(department)s.") % {"department": repr(department)}}
        )

    active = report_active_get(campaign=campaign, department=department, language=language)
    if active is not None:
        if active.is_waiting_for_broker:
            report_enqueue(report_id=active.id)
            active.refresh_from_db()
        return active, False

    report = Report(
        organisation=campaign.organisation,
        campaign=campaign,
        requested_by=user if user is not None and user.is_authenticated else None,
        department=department,
        language=language,
        instrument_version=campaign.instrument.version,
    )
    # The partial unique constraint is checked by the INSERT below, where a race is decided.
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        winner = report_active_get(campaign=campaign, department=department, language=language)
        if winner is None:  # the winner finished in between; extremely unlikely, so just retry once
            return report_request(campaign=campaign, user=user, department=department, language=language)
        return winner, False
    transaction.on_commit(lambda: report_enqueue(report_id=report.id))
    # on_commit runs at once outside a transaction; re-read so callers see whether the broker took it.
    if not transaction.get_connection().in_atomic_block:
        report.refresh_from_db()
    return report, True


def report_claim(*, report_id: int) -> bool:
    """Take the report for rendering; False when there is nothing to do.

    A conditional UPDATE, so of two workers handed the same id (a redelivered message, a task
    run twice) only one gets it. A report left RENDERING longer than the hard time limit had its
    worker killed mid-render and may be taken again.
    """
    now = timezone.now()
    claimable = Q(status=Report.Status.QUEUED) | Q(
        status=Report.Status.RENDERING, updated_at__lt=now - stale_rendering_after()
    )
    updated = Report.objects.filter(claimable, id=report_id).update(
        status=Report.Status.RENDERING,
        progress=5,
        error="",
        started_at=now,
        updated_at=now,
        attempts=F("attempts") + 1,
    )
    return updated == 1


def _progress_updater(report_id: int) -> Callable[[int], None]:
    def update(progress: int) -> None:
        # Only while we still own it: a report reclaimed or failed meanwhile is left alone.
        Report.objects.filter(id=report_id, status=Report.Status.RENDERING).update(
            progress=max(0, min(progress, 99)), updated_at=timezone.now()
        )

    return update


def report_release(*, report_id: int, error: str) -> None:
    """Give a claimed report back to the queue after a transient error, so a retry can claim it."""
    Report.objects.filter(id=report_id, status=Report.Status.RENDERING).update(
        status=Report.Status.QUEUED, progress=0, error=error[:ERROR_MAX_CHARS], updated_at=timezone.now()
    )


def report_pdf_generate(*, report_id: int) -> Report | None:
    """Render the report's PDF and store it; None when there was nothing to claim.

    1. Claim it (QUEUED -> RENDERING), or stop: another run has it or it is already done.
    2. Render through the same `reports.pdf.render_report` as `manage.py render_report`, in the
       report's language (a worker has no request, so nothing else would choose it).
    3. Delete the previous file, if any, then save the new one through the storage API, so
       running this twice leaves one file.
    4. READY, progress 100, finished_at.
    On an error the report is handed back to the queue (transient errors, retried by the task)
    by the caller; see reports.tasks.
    """
    if not report_claim(report_id=report_id):
        logger.info("report %s: nothing to claim (already taken, done or gone)", report_id)
        return None
    report = Report.objects.select_related("campaign", "campaign__organisation", "campaign__instrument").get(
        id=report_id
    )
    rendered = pdf.render_report(
        campaign=report.campaign,
        department=report.department,
        language=report.language,
        on_progress=_progress_updater(report_id),
    )
    storage = report.file.storage
    name = report.file.field.generate_filename(report, "report.pdf")
    for old in {report.file.name or "", name} - {""}:
        if storage.exists(old):
            storage.delete(old)
    # The name is fixed per report; the storage keeps it since the old file is gone.
    saved = storage.save(name, ContentFile(rendered.content))
    report.response_count = rendered.response_count
    report.instrument_version = rendered.instrument_version
    report.mark_ready(name=saved)
    try:
        # In a savepoint: a caller's transaction stays usable when the row turns out to be gone.
        with transaction.atomic():
            report.save(
                update_fields=[
                    "file",
                    "status",
                    "progress",
                    "error",
                    "finished_at",
                    "response_count",
                    "instrument_version",
                    "updated_at",
                ]
            )
    except DatabaseError:
        if Report.objects.filter(id=report_id).exists():
            raise
        # Its campaign (or organisation) was deleted while this rendered: leave no file behind.
        storage.delete(saved)
        logger.info("report %s: deleted while rendering, file removed", report_id)
        return None
    logger.info("report %s: ready, %s pages, %s bytes", report_id, rendered.pages, len(rendered.content))
    return report


def report_mark_failed(*, report_id: int, error: str) -> Report | None:
    """Record that the report could not be rendered, with a readable reason."""
    report = Report.objects.filter(id=report_id).first()
    if report is None or report.status == Report.Status.READY:
        return report
    report.status = Report.Status.FAILED
    report.error = (error or _("Unknown error."))[:ERROR_MAX_CHARS]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return report


def reports_requeue_stale(*, older_than: timedelta) -> list[int]:
    """Hand reports left waiting back to the broker; the ids that were queued again.

    Left waiting: QUEUED and not handed to a broker since `older_than` ago (the broker was down,
    or the message was lost), or RENDERING longer than the hard time limit (the worker died;
    the claim lets a new run take it over). A duplicate message is harmless: the claim lets only
    one run render.
    """
    now = timezone.now()
    cutoff = now - older_than
    waiting = Report.objects.filter(
        Q(status=Report.Status.QUEUED, enqueued_at__isnull=True, updated_at__lt=cutoff)
        | Q(status=Report.Status.QUEUED, enqueued_at__lt=cutoff)
        | Q(status=Report.Status.RENDERING, updated_at__lt=now - stale_rendering_after())
    ).values_list("id", flat=True)
    requeued = []
    for report_id in waiting:
        if report_enqueue(report_id=report_id):
            requeued.append(report_id)
    return requeued
