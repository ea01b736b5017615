"""The campaign dashboard for the people who run assessments."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Membership
from accounts.selectors import consultancy_name
from assessments.models import Campaign
from brmportal.lib.exceptions import ApplicationError
from workspace.access import org_permission_required
from workspace.dashboard import dashboard_context


@org_permission_required("view_dashboards")
def campaign_dashboard(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    department = request.GET.get("department", "").strip() or None
    department_error = ""
    try:
        dashboard = dashboard_context(campaign=campaign, department=department)
    except ApplicationError as exc:
        # A stale or mistyped link: show the whole campaign and say why.
        department_error, department = exc.message, None
        dashboard = dashboard_context(campaign=campaign)
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "permissions": membership.permissions,
        "dashboard": dashboard,
        "department": department,
        "department_error": department_error,
        # The export links carry the department filter, so an export matches what is on screen.
        "filter_query": f"?{urlencode({'department': department})}" if department else "",
        # The consultant's foreword opens the dashboard as it opens the PDF's summary page.
        "foreword_by": consultancy_name(organisation=campaign.organisation) if campaign.foreword else "",
        # The business-partner portfolio (issue #20), linked when the campaign covers units (1 query).
        "covers_units": campaign.partners.exists(),
    }
    return render(request, "assessments/campaign_dashboard.html", context)
