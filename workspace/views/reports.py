"""The PDF gap report pages: request one, watch it render, download it, list a campaign's reports.

Access: non-members of the report's organisation get 404 (nothing reveals that a report or
campaign exists); members may see and download their organisation's reports; asking for a new
one needs the "request_reports" permission (403 otherwise).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership
from accounts.selectors import membership_get
from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign
from assessments.selectors.campaigns import campaign_department_names
from reports import selectors
from reports.models import Report
from reports.services import report_request as report_request_service
from workspace.access import org_permission_required

BROKER_DOWN_MESSAGE = gettext_lazy(
    "The report is queued and will be rendered as soon as the background workers are reachable."
)
NO_WORKER_MESSAGE = gettext_lazy(
    "No background worker has picked the report up for over a minute. It stays queued and is rendered "
    "as soon as a worker runs; if this lasts, ask your administrator to check the portal's workers."
)


def _waiting_for_worker(report: Report) -> bool:
    """Handed to the broker, yet still queued a while later: no worker is taking reports.

    Without this the page would wait forever with nothing to say (`/healthz` says which queue
    has no worker).
    """
    if report.status != Report.Status.QUEUED or report.enqueued_at is None:
        return False
    waited = (timezone.now() - report.enqueued_at).total_seconds()
    return waited >= settings.REPORTS_NO_WORKER_WARNING_SECONDS


def _get_report_for_user(request: HttpRequest, report_id: int, permission: str) -> tuple[Report, Membership]:
    report = Report.objects.select_related("organisation", "campaign").filter(pk=report_id).first()
    if report is None:
        raise Http404("No such report.")
    membership = membership_get(user=request.user, organisation=report.organisation)
    if membership is None or permission not in membership.permissions:
        # Members who may not view reports are treated like strangers: nothing to show them.
        raise Http404("No such report.")
    return report, membership


def _status_payload(report: Report) -> dict:
    ready = report.status == Report.Status.READY and bool(report.file)
    return {
        "status": report.status,
        "status_display": report.get_status_display(),
        "progress": report.progress,
        "error": report.error if report.status == Report.Status.FAILED else "",
        "waiting_for_broker": report.is_waiting_for_broker,
        "waiting_for_worker": _waiting_for_worker(report),
        "download_url": reverse("reports:download", args=[report.pk]) if ready else None,
    }


@require_POST
@org_permission_required("request_reports")
def report_request(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    try:
        # The PDF is written in the language the person is using the portal in.
        report, created = report_request_service(
            campaign=campaign,
            user=request.user,
            department=request.POST.get("department", ""),
            language=translation.get_language(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:list", campaign_id=campaign.pk)
    audit_record(
        actor=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.REPORT_REQUEST,
        target=campaign,
        details={"report": report.pk, "department": report.department, "language": report.language},
    )
    if report.is_waiting_for_broker:
        messages.warning(request, BROKER_DOWN_MESSAGE)
    elif created:
        messages.success(request, _("The report is being prepared. This page shows its progress."))
    else:
        messages.info(request, _("A report for this campaign is already being prepared; this is the one."))
    return redirect("reports:detail", report_id=report.pk)


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report, membership = _get_report_for_user(request, report_id, "view_dashboards")
    context = {
        "report": report,
        "campaign": report.campaign,
        "organisation": report.organisation,
        "status": _status_payload(report),
        "broker_down_message": BROKER_DOWN_MESSAGE,
        "no_worker_message": NO_WORKER_MESSAGE,
        "can_request": "request_reports" in membership.permissions,
    }
    return render(request, "reports/report_status.html", context)


@login_required
@require_GET
def report_status(request: HttpRequest, report_id: int) -> JsonResponse:
    report, _membership = _get_report_for_user(request, report_id, "view_dashboards")
    response = JsonResponse(_status_payload(report))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def report_download(request: HttpRequest, report_id: int) -> FileResponse:
    report, _membership = _get_report_for_user(request, report_id, "view_dashboards")
    if report.status != Report.Status.READY or not report.file:
        raise Http404("The report is not ready.")
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The report file is missing.") from exc
    audit_record(
        actor=request.user,
        organisation=report.organisation,
        action=AuditEvent.REPORT_DOWNLOAD,
        target=report.campaign,
        details={"report": report.pk, "department": report.department},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=selectors.report_download_name(report=report),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@org_permission_required("view_dashboards")
def report_list(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "reports": selectors.report_list(organisation=campaign.organisation, campaign=campaign),
        "departments": campaign_department_names(campaign=campaign),
        "can_request": "request_reports" in membership.permissions,
    }
    return render(request, "reports/report_list.html", context)
