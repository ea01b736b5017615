from __future__ import annotations

from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "organisation",
        "campaign",
        "department",
        "language",
        "status",
        "progress",
        "attempts",
        "created_at",
    )
    list_filter = ("status", "language", "organisation")
    search_fields = ("campaign__name", "organisation__name")
    raw_id_fields = ("campaign", "requested_by")
    readonly_fields = ("created_at", "updated_at", "enqueued_at", "started_at", "finished_at")
