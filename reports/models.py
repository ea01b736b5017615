from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation
from assessments.models import Campaign
from brmportal.lib.models import BaseModel


def report_upload_to(report: Report, filename: str) -> str:
    """reports/<org-slug>/<campaign id>/report-<id>.pdf: one stable name per report.

    The name does not change between renders, so a re-render (old file deleted first) writes the
    same key instead of piling up files with random suffixes.
    """
    return f"reports/{report.organisation.slug}/{report.campaign_id}/report-{report.pk}.pdf"


class Report(BaseModel):
    """A request for a campaign's PDF gap report and, once rendered, the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report status", "Queued")
        RENDERING = "rendering", pgettext_lazy("report status", "Rendering")
        READY = "ready", pgettext_lazy("report status", "Ready")
        FAILED = "failed", pgettext_lazy("report status", "Failed")

    ACTIVE = (Status.QUEUED, Status.RENDERING)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.CharField(max_length=100, blank=True, help_text=_("Only this department; empty for all."))
    # The language of the person who asked: the PDF is written in it (static texts and content).
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=report_upload_to, blank=True, max_length=255)
    error = models.TextField(blank=True)
    instrument_version = models.CharField(max_length=40, blank=True)
    response_count = models.PositiveIntegerField(default=0, help_text=_("Submitted responses the report is based on."))
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the broker last accepted the task; empty while it never did.")
    )
    enqueue_error = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # "Asking again while one is queued or rendering returns that one": two requests racing
            # past the lookup both try to insert, and the database lets only one of them win. A
            # report in another language is another report.
            models.UniqueConstraint(
                fields=["campaign", "department", "language"],
                condition=Q(status__in=["queued", "rendering"]),
                name="report_one_active_per_campaign",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max_100"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "rendering", "ready", "failed"]), name="report_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.status}) for {self.campaign_id}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_waiting_for_broker(self) -> bool:
        """Queued, and the last attempt to hand it to the broker failed (the broker was down)."""
        return self.status == self.Status.QUEUED and bool(self.enqueue_error)

    def mark_ready(self, *, name: str) -> None:
        """Set the fields that change together when a render succeeds."""
        self.file.name = name
        self.status = self.Status.READY
        self.progress = 100
        self.error = ""
        self.finished_at = timezone.now()
