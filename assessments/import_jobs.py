"""An answers file uploaded in the workspace, imported by a Celery worker (issue #15).

A file of 20,000 rows takes minutes to read, check and store: far past a web request's
timeout. The request stores the upload (Django storage) and an `ImportJob`; a worker reads the
file, checks every row (all or nothing, as the command does), stores the responses and records
the outcome here, which the progress page polls. The stored file is deleted once the job has
finished either way: it holds answers, and is no longer needed.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation
from brmportal.lib.models import BaseModel


def progress_key(job_id: int) -> str:
    """The cache key of a running job's progress (its row cannot show it while the worker's
    storing transaction is open)."""
    return f"import-job:{job_id}:progress"


def import_upload_to(job: ImportJob, filename: str) -> str:
    """imports/<org-slug>/<campaign id>/<random>.<ext>: the person's file name is kept in
    `ImportJob.filename` only, never in a storage key."""
    return f"imports/{job.organisation.slug}/{job.campaign_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ImportJob(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import status", "Waiting for a worker")
        RUNNING = "running", pgettext_lazy("import status", "Importing")
        SUCCEEDED = "succeeded", pgettext_lazy("import status", "Imported")
        FAILED = "failed", pgettext_lazy("import status", "Nothing imported")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=import_upload_to, blank=True, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    # The uploader's language: the worker writes the errors in it.
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # Data rows in the file, and responses stored per side ({"business": n, "it": n}).
    rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    # Every problem found (up to the import's cap, then "... and N more"), each naming its row
    # and column; `error_count` counts them all.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="importjob_progress_max_100"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]), name="importjob_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status}) into {self.campaign_id}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
