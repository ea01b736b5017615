"""The business-partner portfolio (issue #20): the map and table of a campaign's pairs, each
pair's page and its one-page PDF.

Access as the dashboard's ("view_dashboards"): non-members get 404. The one-pager is rendered
on asking, so it needs "request_reports" as the campaign's PDF does (403 otherwise).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from accounts.models import Membership
from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign
from assessments.portfolio import PartnerResult, Portfolio
from assessments.selectors.consensus import partner_consensus_models
from assessments.selectors.partners import campaign_portfolio
from assessments.selectors.portfolio_trends import portfolio_trends
from assessments.texts import instrument_texts
from reports.partner import partner_view
from reports.partner_pdf import partner_pdf_html, partner_pdf_name, partner_pdf_render
from reports.portfolio import portfolio_view, sort_links
from workspace.access import org_permission_required


def _partner(portfolio: Portfolio, unit_id: int) -> PartnerResult:
    found = portfolio.partner(unit_id)
    if found is None:  # another campaign's unit, or none at all
        raise Http404("No such business unit in this campaign.")
    return found


@require_GET
@org_permission_required("view_dashboards")
def portfolio_detail(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    portfolio = campaign_portfolio(campaign=campaign)
    view = portfolio_view(
        portfolio=portfolio,
        instrument=campaign.instrument,
        texts=instrument_texts(campaign.instrument),
        trends=portfolio_trends(campaign=campaign, portfolio=portfolio) if portfolio.partners else {},
        sort=request.GET.get("sort"),
        y=request.GET.get("y"),
    )
    sort = f"-{view['sort']}" if view["descending"] else view["sort"]
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "permissions": membership.permissions,
        "portfolio": view,
        "sort_links": sort_links(column=view["sort"], descending=view["descending"]),
        # Each link keeps what the other one chose: the y axis with a sort, the order with the axis.
        "y_query": urlencode({"y": view["y"]}),
        "sort_query": urlencode({"sort": sort}),
    }
    return render(request, "assessments/portfolio.html", context)


def _pair(campaign: Campaign, business_unit_id: int, *, sections: bool) -> tuple[PartnerResult, dict[str, Any]]:
    """The pair of one business unit (404 for a unit the campaign does not cover) and its view:
    the same for its page (`sections`: the dashboard's cards too) and its one-pager."""
    portfolio = campaign_portfolio(campaign=campaign)
    partner = _partner(portfolio, business_unit_id)
    view = partner_view(
        partner=partner,
        instrument=campaign.instrument,
        texts=instrument_texts(campaign.instrument),
        threshold=portfolio.threshold,
        trend=portfolio_trends(campaign=campaign, portfolio=portfolio).get(business_unit_id),
        sections=sections,
        agreed=partner_consensus_models(campaign=campaign).get(business_unit_id),
    )
    return partner, view


@require_GET
@org_permission_required("view_dashboards")
def partner_detail(
    request: HttpRequest, campaign: Campaign, membership: Membership, business_unit_id: int
) -> HttpResponse:
    _partner_result, view = _pair(campaign, business_unit_id, sections=True)
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "permissions": membership.permissions,
        "partner": view,
    }
    return render(request, "assessments/portfolio_partner.html", context)


@require_GET
@org_permission_required("request_reports")
def partner_pdf(
    request: HttpRequest, campaign: Campaign, membership: Membership, business_unit_id: int
) -> HttpResponse:
    partner, view = _pair(campaign, business_unit_id, sections=False)
    if not partner.shown:
        raise Http404("This pair has no figures to print.")
    now = timezone.now()
    rendered = partner_pdf_render(html=partner_pdf_html(campaign=campaign, partner=view, generated_at=now))
    audit_record(
        actor=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.REPORT_DOWNLOAD,
        target=campaign,
        details={"partner": business_unit_id, "language": translation.get_language()},
    )
    response = HttpResponse(rendered.content, content_type="application/pdf")
    name = partner_pdf_name(campaign=campaign, name=partner.name, day=now)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
