"""Downloads of a campaign's data: aggregated scores and anonymised answers, as CSV or XLSX.

Every download is recorded in the audit log. Row-level answers exist only for closed campaigns
(workspace.exports.answers_export_allowed): before that the page says so, with status 409.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Membership
from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign
from brmportal.lib.exceptions import ApplicationError
from workspace.access import org_permission_required
from workspace.exports import (
    CONTENT_TYPES,
    Table,
    answers_export_allowed,
    answers_table,
    comments_table,
    export_filename,
    partners_table,
    scores_table,
    table_bytes,
)


def _export(
    request: HttpRequest, campaign: Campaign, membership: Membership, fmt: str, kind: str, build: Callable[..., Table]
) -> HttpResponse:
    if kind == "answers" and not answers_export_allowed(campaign=campaign):
        context = {"campaign": campaign, "organisation": campaign.organisation, "membership": membership}
        return render(request, "assessments/export_refused.html", context, status=409)
    department = request.GET.get("department", "").strip() or None
    try:
        table = build(campaign=campaign, department=department)
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    audit_record(
        actor=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.EXPORT,
        target=campaign,
        details={"format": fmt, "kind": kind, "department": department or "", "rows": len(table.rows)},
    )
    filename = export_filename(
        campaign=campaign, kind=kind, fmt=fmt, department=department, day=timezone.localdate().isoformat()
    )
    response = HttpResponse(table_bytes(table, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Answers of people: never kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@org_permission_required("export_data")
def campaign_scores_export(request: HttpRequest, campaign: Campaign, membership: Membership, fmt: str) -> HttpResponse:
    return _export(request, campaign, membership, fmt, "scores", scores_table)


@require_GET
@org_permission_required("export_data")
def campaign_answers_export(request: HttpRequest, campaign: Campaign, membership: Membership, fmt: str) -> HttpResponse:
    return _export(request, campaign, membership, fmt, "answers", answers_table)


@require_GET
@org_permission_required("export_data")
def campaign_comments_export(
    request: HttpRequest, campaign: Campaign, membership: Membership, fmt: str
) -> HttpResponse:
    return _export(request, campaign, membership, fmt, "comments", comments_table)


@require_GET
@org_permission_required("export_data")
def campaign_partners_export(
    request: HttpRequest, campaign: Campaign, membership: Membership, fmt: str
) -> HttpResponse:
    return _export(request, campaign, membership, fmt, "partners", partners_table)
