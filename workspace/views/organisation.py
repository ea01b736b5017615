"""The organisation's settings (/o/<slug>/settings/): how its reports are signed (issue #18).

An organisation admin sets the consultancy's name and logo that every report of the
organisation's campaigns carries on its cover. The logo is hostile input until
`accounts.logos.logo_prepare` has checked it and encoded it anew; the change is audited
(`assessments.services.branding`).

Access: non-members get 404; members without "manage_organisation" (everyone but admins) 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Membership, Organisation
from accounts.permissions import AuthenticatedHttpRequest
from accounts.selectors import branding_get
from assessments.selectors.benchmark import benchmark_for
from assessments.services.branding import organisation_branding_update
from workspace.access import org_permission_required
from workspace.forms.organisation import BenchmarkForm, BrandingForm


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_organisation")
def organisation_settings(
    request: AuthenticatedHttpRequest, organisation: Organisation, membership: Membership
) -> HttpResponse:
    branding = branding_get(organisation=organisation)
    initial = {"consultancy_name": branding.consultancy_name if branding else ""}
    form = BrandingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            organisation_branding_update(
                organisation=organisation,
                actor=request.user,
                consultancy_name=form.cleaned_data["consultancy_name"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
            messages.success(request, _("The organisation's settings are saved."))
            return redirect("manage:organisation_settings", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "membership": membership,
        "form": form,
        "branding": branding,
        # Issue #20: taking part in the benchmark (its own form, workspace.views.benchmark).
        "benchmark_form": BenchmarkForm(initial={"benchmark_opt_in": organisation.benchmark_opt_in}),
        "benchmark": benchmark_for(organisation=organisation),
    }
    return render(request, "assessments/organisation_settings.html", context, status=400 if form.errors else 200)
