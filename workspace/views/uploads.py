"""Uploads in the workspace: answers collected offline (a workshop, paper) and instrument
versions of an organisation's own (admins only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import Membership, Organisation
from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign
from assessments.selectors.instruments import instrument_choices
from assessments.services.imports import responses_import
from assessments.services.instruments import instrument_create
from brmportal.lib.exceptions import ApplicationError
from workspace.access import org_permission_required
from workspace.errors import error_message, form_error
from workspace.forms.uploads import InstrumentUploadForm, ResponsesUploadForm


@require_http_methods(["GET", "POST"])
@org_permission_required("import_data")
def responses_upload(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """Answers collected offline (workshop, paper): all rows are stored, or none when any is bad."""
    form = ResponsesUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = responses_import(campaign=campaign, file=upload, filename=upload.name)
        except ApplicationError as exc:
            error_message(request, exc)
            errors = exc.extra.get("errors", [])
        else:
            audit_record(
                actor=request.user,
                organisation=campaign.organisation,
                action=AuditEvent.ANSWERS_IMPORT,
                target=campaign,
                details={"via": "upload", "responses": result.total, **result.by_side},
            )
            messages.success(request, f"{result.summary()}.")
            return redirect("campaigns:dashboard", campaign_id=campaign.pk)
    context = {
        "organisation": campaign.organisation,
        "membership": membership,
        "campaign": campaign,
        "form": form,
        "errors": errors,
    }
    return render(request, "assessments/responses_upload.html", context)


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_instruments")
def instrument_upload(request: HttpRequest, organisation: Organisation, membership: Membership) -> HttpResponse:
    """Add an instrument version of the organisation's own from a YAML/JSON file (admins only).

    Only this organisation sees and uses it; an existing version is never replaced."""
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = instrument_create(content=form.content, organisation=organisation)
        except (ApplicationError, ValidationError) as exc:
            form_error(form, "file", exc)
        else:
            audit_record(
                actor=request.user,
                organisation=organisation,
                action=AuditEvent.INSTRUMENT_UPLOAD,
                target=organisation,
                details={"version": instrument.version, "instrument": instrument.pk},
            )
            count = instrument.items.count()
            messages.success(
                request,
                ngettext(
                    "Instrument version %(version)s added (%(count)s item). New campaigns can use it now.",
                    "Instrument version %(version)s added (%(count)s items). New campaigns can use it now.",
                    count,
                )
                % {"version": instrument.version, "count": count},
            )
            return redirect("manage:campaign_list", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "membership": membership,
        "form": form,
        "instruments": instrument_choices(organisation=organisation),
    }
    return render(request, "assessments/instrument_upload.html", context)
