"""Reads for PDF gap reports: a campaign's reports, the active one, names.

A campaign's departments are `assessments.selectors.campaigns.campaign_department_names`.

What a report shows is built by `reports.presenter.report_context`.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Organisation
from assessments.models import Campaign
from reports.models import Report

# --- Reports ---------------------------------------------------------------------------------


def report_active_get(*, campaign: Campaign, department: str = "", language: str = "en") -> Report | None:
    """The campaign's report (for this department, in this language) that is queued or rendering, if any."""
    return (
        Report.objects.filter(
            organisation=campaign.organisation,
            campaign=campaign,
            department=department,
            language=language,
            status__in=Report.ACTIVE,
        )
        .order_by("-created_at")
        .first()
    )


def report_list(*, organisation: Organisation, campaign: Campaign) -> list[Report]:
    return list(
        Report.objects.filter(organisation=organisation, campaign=campaign)
        .select_related("requested_by")
        .order_by("-created_at")
    )


def report_download_name(*, report: Report) -> str:
    """brm-gap-report-<org-slug>-<campaign-slug or id>[-<department>]-<YYYY-MM-DD>.pdf"""
    campaign_part = slugify(report.campaign.name) or str(report.campaign_id)
    department_part = f"-{slugify(report.department)}" if report.department and slugify(report.department) else ""
    day = timezone.localdate(report.finished_at or report.created_at)
    return f"brm-gap-report-{report.organisation.slug}-{campaign_part}{department_part}-{day:%Y-%m-%d}.pdf"
