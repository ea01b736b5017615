"""Views for the people who run assessments (the full workspace grows in issue #5)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import get_campaign_for_user
from assessments.selectors import campaign_response_counts


@login_required
def campaign_dashboard(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, membership = get_campaign_for_user(request, campaign_id, "view_dashboards")
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "counts": campaign_response_counts(campaign=campaign),
    }
    return render(request, "assessments/campaign_dashboard.html", context)
