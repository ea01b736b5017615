"""The BRM and consultant workspace: organisation pages, campaigns, uploads (issue #5).

Every view loads its organisation or campaign through `org_permission_required`: non-members
get 404, members whose role lacks the permission get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Organisation
from accounts.permissions import org_permission_required
from accounts.selectors import membership_list
from assessments.audit import AuditEvent, audit_entries, audit_entry_details, audit_entry_label, audit_record
from assessments.forms_manage import CampaignForm, InstrumentUploadForm, ResponsesUploadForm
from assessments.models import Campaign
from assessments.selectors.campaigns import (
    campaign_has_responses,
    campaign_list_for_user,
    campaign_list_with_counts,
    campaign_names,
)
from assessments.selectors.instruments import instrument_choices, instrument_default
from assessments.services import campaigns as campaign_services
from assessments.services.imports import responses_import
from assessments.services.instruments import instrument_create
from brmportal.lib.exceptions import ApplicationError


def _campaign_list_url(campaign: Campaign) -> str:
    return reverse("manage:campaign_list", args=[campaign.organisation.slug])


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


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
def campaign_create(request: HttpRequest, organisation: Organisation, membership: Membership) -> HttpResponse:
    instruments = instrument_choices(organisation=organisation)
    form = CampaignForm(
        request.POST or None, instruments=instruments, default_instrument=instrument_default(instruments=instruments)
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_services.campaign_create(
                organisation=organisation, created_by=request.user, **form.campaign_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
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
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.campaign_update(campaign=campaign, **form.campaign_fields())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": campaign.name})
            return redirect(_campaign_list_url(campaign))
    context = {"organisation": campaign.organisation, "membership": membership, "form": form, "campaign": campaign}
    return render(request, "assessments/campaign_form.html", context)


@require_POST
@org_permission_required("manage_campaigns")
def campaign_open(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    try:
        campaign_services.campaign_open(campaign=campaign)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, _("“%(name)s” is open: respondents can answer through their links.") % {"name": campaign.name}
        )
    return redirect(_campaign_list_url(campaign))


@require_POST
@org_permission_required("manage_campaigns")
def campaign_close(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    try:
        campaign_services.campaign_close(campaign=campaign)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(name)s” is closed: links no longer accept answers.") % {"name": campaign.name})
    return redirect(_campaign_list_url(campaign))


@require_POST
@org_permission_required("manage_campaigns")
def campaign_duplicate(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    try:
        new = campaign_services.campaign_duplicate(campaign=campaign, created_by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(_campaign_list_url(campaign))
    messages.success(
        request,
        _("“%(name)s” created as a draft with the settings of “%(original)s”. Set its dates, then invite.")
        % {"name": new.name, "original": campaign.name},
    )
    return redirect("manage:campaign_edit", campaign_id=new.pk)


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
            messages.error(request, exc.message)
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
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        except ValidationError as exc:
            form.add_error("file", exc)
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


AUDIT_PAGE_SIZE = 50


@require_GET
@org_permission_required("view_audit")
def audit_log(request: HttpRequest, organisation: Organisation, membership: Membership) -> HttpResponse:
    """Who exported, imported, revealed links, asked for reports or changed settings: newest first.

    A fixed number of queries a page: the count, the page of entries with their actors, and the
    names of the campaigns on it.
    """
    page = Paginator(audit_entries(organisation=organisation), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    names = campaign_names(
        organisation=organisation,
        campaign_ids={e.additional_data.get("campaign") for e in entries if e.additional_data},
    )
    rows = [
        {
            "entry": entry,
            "label": audit_entry_label(entry),
            "details": audit_entry_details(entry),
            "campaign_id": (entry.additional_data or {}).get("campaign"),
            "campaign_name": names.get((entry.additional_data or {}).get("campaign")),
        }
        for entry in entries
    ]
    context = {"organisation": organisation, "membership": membership, "page": page, "rows": rows}
    return render(request, "assessments/audit_log.html", context)
