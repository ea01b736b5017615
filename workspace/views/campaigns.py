"""Campaigns in the workspace: every campaign of the user's organisations, an organisation's
list, and creating, editing, opening, closing and duplicating one.

Every view but `workspace` (which shows only the user's own memberships) loads its organisation
or campaign through `org_permission_required`: non-members get 404, members whose role lacks the
permission get 403.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Organisation
from accounts.permissions import AuthenticatedHttpRequest
from accounts.selectors import membership_list
from assessments.models import Campaign
from assessments.selectors.campaigns import (
    campaign_has_responses,
    campaign_list_for_user,
    campaign_list_with_counts,
    campaign_response_counts,
)
from assessments.selectors.instruments import instrument_choices, instrument_default
from assessments.selectors.invitations import invitation_mail_pending_count
from assessments.selectors.partners_admin import unit_choices
from assessments.services import campaigns as campaign_services
from brmportal.lib.exceptions import ApplicationError
from workspace.access import org_permission_required
from workspace.errors import error_message, form_error
from workspace.forms.campaigns import CampaignForm


def _campaign_list_url(campaign: Campaign) -> str:
    return reverse("manage:campaign_list", args=[campaign.organisation.slug])


@login_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    """Every campaign of every organisation the user works for (a consultant's clients)."""
    memberships = membership_list(user=request.user)
    if not memberships:
        return render(request, "accounts/no_organisation.html")
    by_organisation = {m.organisation_id: m for m in memberships}
    campaigns = campaign_list_for_user(user=request.user)
    context = {"rows": [(campaign, by_organisation[campaign.organisation_id]) for campaign in campaigns]}
    return render(request, "assessments/workspace.html", context)


@require_GET
@org_permission_required("view_dashboards")
def campaign_list(request: HttpRequest, organisation: Organisation, membership: Membership) -> HttpResponse:
    context = {
        "organisation": organisation,
        "membership": membership,
        "rows": [(campaign, membership) for campaign in campaign_list_with_counts(organisation=organisation)],
    }
    return render(request, "assessments/campaign_list.html", context)


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_campaigns")
def campaign_create(
    request: AuthenticatedHttpRequest, organisation: Organisation, membership: Membership
) -> HttpResponse:
    instruments = instrument_choices(organisation=organisation)
    form = CampaignForm(
        request.POST or None,
        instruments=instruments,
        default_instrument=instrument_default(instruments=instruments),
        units=unit_choices(organisation=organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_services.campaign_create(
                organisation=organisation, created_by=request.user, **form.campaign_fields()
            )
        except (ApplicationError, ValidationError) as exc:
            form_error(form, None, exc)
        else:
            messages.success(
                request,
                _("Campaign “%(name)s” created as a draft. Next: invite respondents, then open it.")
                % {"name": campaign.name},
            )
            return redirect("manage:invitation_list", campaign_id=campaign.pk)
    context = {"organisation": organisation, "membership": membership, "form": form, "campaign": None}
    return render(request, "assessments/campaign_form.html", context)


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_campaigns")
def campaign_edit(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    form = CampaignForm(
        request.POST or None,
        instruments=instrument_choices(organisation=campaign.organisation),
        initial=CampaignForm.initial_from(campaign),
        threshold_floor=campaign.anonymity_threshold if campaign_has_responses(campaign=campaign) else 0,
        editing=True,
        units=unit_choices(organisation=campaign.organisation, campaign=campaign),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.campaign_fields()
        try:
            campaign_services.campaign_update(campaign=campaign, **fields)
        except (ApplicationError, ValidationError) as exc:
            form_error(form, None, exc)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": campaign.name})
            return redirect(_campaign_list_url(campaign))
    context = {"organisation": campaign.organisation, "membership": membership, "form": form, "campaign": campaign}
    return render(request, "assessments/campaign_form.html", context)


@require_POST
@org_permission_required("manage_campaigns")
def campaign_open(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    return _campaign_status_change(
        request,
        campaign,
        campaign_services.campaign_open,
        _("“%(name)s” is open: respondents can answer through their links."),
    )


@require_GET
@org_permission_required("manage_campaigns")
def campaign_close_confirm(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """Closing cannot be taken back for those part-way through: ask first, saying how many they are
    (the form POSTs to `campaign_close`)."""
    counts = campaign_response_counts(campaign=campaign)
    context = {
        "organisation": campaign.organisation,
        "membership": membership,
        "campaign": campaign,
        "started": sum(c["started"] for c in counts.values()),
        "submitted": sum(c["submitted"] for c in counts.values()),
        "mail_pending": invitation_mail_pending_count(campaign=campaign),
    }
    return render(request, "assessments/campaign_close_confirm.html", context)


@require_POST
@org_permission_required("manage_campaigns")
def campaign_close(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    return _campaign_status_change(
        request, campaign, campaign_services.campaign_close, _("“%(name)s” is closed: links no longer accept answers.")
    )


def _campaign_status_change(
    request: HttpRequest, campaign: Campaign, change: Callable[..., Campaign], done: str
) -> HttpResponse:
    """Open or close the campaign with the service `change`; say `done` (naming the campaign) if it worked."""
    try:
        change(campaign=campaign)
    except (ApplicationError, ValidationError) as exc:
        error_message(request, exc)
    else:
        messages.success(request, done % {"name": campaign.name})
    return redirect(_campaign_list_url(campaign))


@require_POST
@org_permission_required("manage_campaigns")
def campaign_duplicate(request: AuthenticatedHttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    try:
        new = campaign_services.campaign_duplicate(campaign=campaign, created_by=request.user)
    except (ApplicationError, ValidationError) as exc:
        error_message(request, exc)
        return redirect(_campaign_list_url(campaign))
    messages.success(
        request,
        _("“%(name)s” created as a draft with the settings of “%(original)s”. Set its dates, then invite.")
        % {"name": new.name, "original": campaign.name},
    )
    return redirect("manage:campaign_edit", campaign_id=new.pk)
