"""Deleting a campaign, or the whole organisation, with all its personal data (issue #15).

Organisation admins only (`delete_data`): non-members get 404, other members 403. The page says
what will be deleted, in counts, and asks for the name to be typed; a wrong name deletes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Membership, Organisation
from accounts.permissions import AuthenticatedHttpRequest
from assessments.models import Campaign
from assessments.services import privacy
from brmportal.lib.exceptions import ApplicationError
from workspace.access import org_permission_required
from workspace.errors import form_error
from workspace.forms.deletion import DeletionConfirmForm
from workspace.privacy import campaign_deletion_summary, organisation_deletion_summary


@require_http_methods(["GET", "POST"])
@org_permission_required("delete_data")
def campaign_delete(request: AuthenticatedHttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    organisation = campaign.organisation
    form = DeletionConfirmForm(request.POST or None, expected=campaign.name, label=_("The campaign's name"))
    if request.method == "POST" and form.is_valid():
        try:
            privacy.campaign_delete(campaign=campaign, actor=request.user)
        except ApplicationError as exc:
            form_error(form, None, exc)
        else:
            messages.success(
                request, _("“%(name)s” is deleted, with all its answers and personal data.") % {"name": campaign.name}
            )
            return redirect("manage:campaign_list", organisation.slug)
    context = {
        "organisation": organisation,
        "membership": membership,
        "campaign": campaign,
        "form": form,
        "summary": campaign_deletion_summary(campaign=campaign),
    }
    return render(request, "assessments/campaign_delete.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@org_permission_required("delete_data")
def organisation_delete(
    request: AuthenticatedHttpRequest, organisation: Organisation, membership: Membership
) -> HttpResponse:
    form = DeletionConfirmForm(request.POST or None, expected=organisation.name, label=_("The organisation's name"))
    if request.method == "POST" and form.is_valid():
        try:
            privacy.organisation_delete(organisation=organisation, actor=request.user)
        except ApplicationError as exc:
            form_error(form, None, exc)
        else:
            messages.success(request, _("“%(name)s” is deleted, with all its data.") % {"name": organisation.name})
            return redirect("manage:workspace")
    context = {
        "organisation": organisation,
        "membership": membership,
        "form": form,
        "summary": organisation_deletion_summary(organisation=organisation, user=request.user),
    }
    return render(request, "assessments/organisation_delete.html", context, status=400 if form.is_bound else 200)
