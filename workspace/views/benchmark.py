"""Whether the organisation takes part in the benchmark across organisations (issue #20 item 5):
a setting of the organisation settings page, for its admins ("manage_organisation").

Access: non-members get 404; members without "manage_organisation" (everyone but admins) 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership, Organisation
from accounts.permissions import AuthenticatedHttpRequest
from assessments.services.benchmark import organisation_benchmark_update
from workspace.access import org_permission_required
from workspace.forms.organisation import BenchmarkForm


@require_POST
@org_permission_required("manage_organisation")
def organisation_benchmark(
    request: AuthenticatedHttpRequest, organisation: Organisation, membership: Membership
) -> HttpResponse:
    form = BenchmarkForm(request.POST)
    if form.is_valid():
        opt_in = form.cleaned_data["benchmark_opt_in"]
        organisation_benchmark_update(organisation=organisation, actor=request.user, opt_in=opt_in)
        text = (
            _("%(organisation)s takes part in the benchmark from its next publication.")
            if opt_in
            else _("%(organisation)s no longer takes part: its figures leave the benchmark at its next publication.")
        )
        messages.success(request, text % {"organisation": organisation.name})
    return redirect("manage:organisation_settings", slug=organisation.slug)
