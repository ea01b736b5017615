"""Uploads in the workspace: answers collected offline (a workshop, paper), imported by a
Celery worker with a progress page, the empty answers template to collect them in, and
instrument versions of an organisation's own (admins only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Membership, Organisation
from assessments.audit import AuditEvent, audit_record
from assessments.import_jobs import ImportJob
from assessments.models import Campaign
from assessments.selectors.import_jobs import (
    import_job_get,
    import_job_progress,
    import_job_waiting,
    import_jobs_recent,
)
from assessments.selectors.instruments import instrument_choices
from assessments.services.import_jobs import import_job_create
from assessments.services.instruments import instrument_create
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import grouped
from brmportal.lib.labels import SIDE_LABELS, SIDES
from workspace.access import org_permission_required
from workspace.answer_template import TEMPLATE_SIDES, answer_template, template_filename
from workspace.errors import form_error
from workspace.exports import CONTENT_TYPES
from workspace.forms.uploads import (
    MAX_INSTRUMENT_BYTES,
    MAX_INSTRUMENT_DEPTH,
    InstrumentUploadForm,
    ResponsesUploadForm,
)


@require_http_methods(["GET", "POST"])
@org_permission_required("import_data")
def responses_upload(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """Answers collected offline: the file is checked cheaply here, then a worker imports it (all
    rows or none) while its page shows the progress."""
    form = ResponsesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(campaign=campaign, user=request.user, upload=form.cleaned_data["file"])
        except ApplicationError as exc:
            form_error(form, "file", exc)
        else:
            return redirect("manage:import_job_detail", campaign_id=campaign.pk, import_job_id=job.pk)
    context = {
        "organisation": campaign.organisation,
        "membership": membership,
        "campaign": campaign,
        "form": form,
        "jobs": import_jobs_recent(campaign=campaign),
        "template_sides": [(side, SIDE_LABELS[side]) for side in TEMPLATE_SIDES if side],
    }
    return render(request, "assessments/responses_upload.html", context)


@require_GET
@org_permission_required("import_data")
def responses_template(request: HttpRequest, campaign: Campaign, membership: Membership, fmt: str) -> HttpResponse:
    """The empty answers file of this campaign (?side=business|it, or both), in the reader's language."""
    side = request.GET.get("side", "")
    if side not in TEMPLATE_SIDES:
        raise Http404("No such side.")
    response = HttpResponse(answer_template(campaign=campaign, side=side, fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{template_filename(campaign=campaign, side=side, fmt=fmt)}"'
    )
    return response


def _job_or_404(campaign: Campaign, import_job_id: int) -> ImportJob:
    job = import_job_get(campaign=campaign, job_id=import_job_id)
    if job is None:
        raise Http404("No such import.")
    return job


def _job_status(campaign: Campaign, job: ImportJob) -> dict:
    return {
        "status": job.status,
        "status_display": job.get_status_display(),
        "progress": import_job_progress(job=job),
        "waiting": import_job_waiting(job=job),
        "done": not job.is_active,
        "url": reverse("manage:import_job_detail", args=[campaign.pk, job.pk]),
    }


@require_GET
@org_permission_required("import_data")
def import_job_detail(
    request: HttpRequest, campaign: Campaign, membership: Membership, import_job_id: int
) -> HttpResponse:
    """An import's page: its progress while a worker runs it, then what was stored or every error."""
    job = _job_or_404(campaign, import_job_id)
    context = {
        "organisation": campaign.organisation,
        "membership": membership,
        "campaign": campaign,
        "job": job,
        "status": _job_status(campaign, job),
        "numbers": {
            "imported": grouped(job.imported),
            "errors": grouped(job.error_count),
            **{side: grouped(job.counts.get(side, 0)) for side in SIDES},
        },
    }
    return render(request, "assessments/import_job.html", context)


@require_GET
@org_permission_required("import_data")
def import_job_status(
    request: HttpRequest, campaign: Campaign, membership: Membership, import_job_id: int
) -> JsonResponse:
    """The progress page polls this until the job is done."""
    response = JsonResponse(_job_status(campaign, _job_or_404(campaign, import_job_id)))
    response["Cache-Control"] = "no-store"
    return response


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
        "max_mb": MAX_INSTRUMENT_BYTES // (1024 * 1024),
        "max_depth": MAX_INSTRUMENT_DEPTH,
    }
    return render(request, "assessments/instrument_upload.html", context)
