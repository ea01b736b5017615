"""The organisation's business units (/o/<slug>/settings/units/, issue #20): the business
partners of IT whose relationship a campaign measures one by one. Listed with add, rename, and
archive or restore; never deleted (earlier rounds' responses rate them).

Access: the permission that edits campaigns ("manage_campaigns"): non-members get 404, members
without it (viewers) 403, and a unit of another organisation is 404, like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership, Organisation
from assessments.partners import BusinessUnit
from assessments.selectors.partners_admin import unit_get, unit_list
from assessments.services.partners import unit_create, unit_update
from workspace.access import org_permission_required
from workspace.errors import form_error
from workspace.forms.business_units import BusinessUnitForm


def _page(
    request: HttpRequest,
    organisation: Organisation,
    membership: Membership,
    form: BusinessUnitForm | None = None,
    *,
    renaming: tuple[int, BusinessUnitForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "organisation": organisation,
        "membership": membership,
        "units": unit_list(organisation=organisation),
        "form": form or BusinessUnitForm(),
        # A rename that failed: its unit's id and the form with the error, shown in that row.
        "renaming": renaming,
    }
    return render(request, "assessments/business_units.html", context, status=status)


def _unit(organisation: Organisation, business_unit_id: int) -> BusinessUnit:
    unit = unit_get(organisation=organisation, unit_id=business_unit_id)
    if unit is None:
        raise Http404("No such business unit.")
    return unit


@require_GET
@org_permission_required("manage_campaigns")
def business_unit_list(request: HttpRequest, organisation: Organisation, membership: Membership) -> HttpResponse:
    return _page(request, organisation, membership)


@require_POST
@org_permission_required("manage_campaigns")
def business_unit_create(request: HttpRequest, organisation: Organisation, membership: Membership) -> HttpResponse:
    form = BusinessUnitForm(request.POST)
    if form.is_valid():
        try:
            unit = unit_create(organisation=organisation, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form_error(form, None, exc)
        else:
            messages.success(
                request, _("%(name)s is added: campaigns can now cover it in their settings.") % {"name": unit.name}
            )
            return redirect("manage:business_unit_list", slug=organisation.slug)
    return _page(request, organisation, membership, form, status=400)


@require_POST
@org_permission_required("manage_campaigns")
def business_unit_rename(
    request: HttpRequest, organisation: Organisation, membership: Membership, business_unit_id: int
) -> HttpResponse:
    unit = _unit(organisation, business_unit_id)
    old = unit.name
    form = BusinessUnitForm(request.POST, prefix=f"unit-{unit.pk}")
    if form.is_valid():
        try:
            unit_update(unit=unit, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form_error(form, None, exc)
        else:
            if unit.name != old:
                messages.success(request, _("%(old)s is now called %(name)s.") % {"old": old, "name": unit.name})
            return redirect("manage:business_unit_list", slug=organisation.slug)
    return _page(request, organisation, membership, renaming=(unit.pk, form), status=400)


@require_POST
@org_permission_required("manage_campaigns")
def business_unit_archive(
    request: HttpRequest, organisation: Organisation, membership: Membership, business_unit_id: int
) -> HttpResponse:
    """Archive the unit (`active=0`) or restore it (`active=1`)."""
    unit = _unit(organisation, business_unit_id)
    active = request.POST.get("active") == "1"
    unit_update(unit=unit, active=active)
    if active:
        message = _("%(name)s is restored: new campaigns can cover it again.")
    else:
        message = _(
            "%(name)s is archived: the campaigns that cover it keep it, with its results; new campaigns no longer offer it."
        )
    messages.success(request, message % {"name": unit.name})
    return redirect("manage:business_unit_list", slug=organisation.slug)
