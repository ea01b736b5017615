"""Reads of answers-file imports (assessments.services.import_jobs): one job, its progress."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from assessments.import_jobs import ImportJob, progress_key
from assessments.models import Campaign

# A job still waiting after this long has no worker taking it: the page says so.
WAITING_AFTER = timedelta(minutes=1)


def import_job_get(*, campaign: Campaign, job_id: int) -> ImportJob | None:
    """The campaign's job `job_id`, or None (another campaign's job is as good as none)."""
    return (
        ImportJob.objects.select_related("created_by")
        .filter(pk=job_id, campaign=campaign, organisation_id=campaign.organisation_id)
        .first()
    )


def import_job_progress(*, job: ImportJob) -> int:
    """0-100: the row's progress, or the cache's while the worker's storing transaction hides it."""
    if job.status != ImportJob.Status.RUNNING:
        return 100 if not job.is_active else job.progress
    cached = cache.get(progress_key(job.pk))
    return max(job.progress, cached if isinstance(cached, int) else 0)


def import_job_waiting(*, job: ImportJob) -> bool:
    """Queued for a minute or more: no worker has picked it up (none running, or all busy)."""
    return job.status == ImportJob.Status.QUEUED and job.created_at < timezone.now() - WAITING_AFTER


def import_jobs_recent(*, campaign: Campaign, limit: int = 5) -> list[ImportJob]:
    """The campaign's latest imports, newest first, with who uploaded them (one query)."""
    return list(
        ImportJob.objects.select_related("created_by")
        .filter(campaign=campaign, organisation_id=campaign.organisation_id)
        .order_by("-created_at", "-pk")[:limit]
    )
