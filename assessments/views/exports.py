"""Downloads of a campaign's data: aggregated scores and anonymised answers, as CSV or XLSX.

Every download is recorded in the audit log. Row-level answers exist only for closed campaigns
(assessments.exports.answers_export_allowed): before that the page says so, with status 409.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import get_campaign_for_user
from assessments.audit import AuditEvent, audit_record
from assessments.exports import (
    CONTENT_TYPES,
    Table,
    answers_export_allowed,
    answers_table,
    export_filename,
    scores_table,
    table_bytes,
)
from assessments.models import Campaign
from brmportal.lib.exceptions import ApplicationError


def _export(request: HttpRequest, campaign_id: int, fmt: str, kind: str, build: Callable[..., Table]) -> HttpResponse:
    campaign: Campaign
    campaign, membership = get_campaign_for_user(request, campaign_id, "export_data")
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


@login_required
@require_GET
def campaign_scores_export(request: HttpRequest, campaign_id: int, fmt: str) -> HttpResponse:
    return _export(request, campaign_id, fmt, "scores", scores_table)


@login_required
@require_GET
def campaign_answers_export(request: HttpRequest, campaign_id: int, fmt: str) -> HttpResponse:
    return _export(request, campaign_id, fmt, "answers", answers_table)
