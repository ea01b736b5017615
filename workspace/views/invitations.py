"""Inviting respondents: the list (search, filters, pages), adding addresses (paste or CSV, with a
preview), revealing a personal link, and the per-side open links. E-mailing them is in
`invitation_emails`.

A personal link is a credential: the list never holds one. While nobody has opened or been
e-mailed a link (Invitation.link_visible), "Copy link" asks for it with a POST that is recorded
in the audit log (`invitation_link`); after that the workspace shows only the invitation's state.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership
from accounts.permissions import AuthenticatedHttpRequest
from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign, Side
from assessments.selectors import invitations as invitation_selectors
from assessments.selectors.campaigns import campaign_response_counts
from assessments.selectors.invitations import (
    invitation_departments,
    invitation_get,
    invitation_page,
    open_link_map,
    open_link_url,
    respondent_url,
)
from assessments.selectors.partners_admin import campaign_units
from assessments.services import open_links as open_link_services
from assessments.services.invitations import invitations_create_bulk
from assessments.services.open_links import open_link_set_active
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.urls import site_url
from workspace.access import org_permission_required
from workspace.errors import error_message
from workspace.forms.invitations import (
    InvitationFilterForm,
    InvitationPasteForm,
    InvitationRow,
    InvitationUploadForm,
    invitation_rows_check,
)
from workspace.views.invitation_emails import invitations_queue

# Respondents a page of the list: 10,000 invitations are 200 pages, each read with one query.
PER_PAGE = 50
# A preview of thousands of rows shows every refused row and the first good ones, not all.
PREVIEW_ROWS = 300


def _preview_key(campaign: Campaign) -> str:
    return f"invitation-preview-{campaign.pk}"


def _list_context(request: HttpRequest, campaign: Campaign, membership: Membership, **forms: Any) -> dict[str, Any]:
    """The Respondents page: a constant number of queries, whatever the number of invitations."""
    filter_form = InvitationFilterForm(
        request.GET or None, departments=invitation_departments(campaign=campaign), auto_id="filter-%s"
    )
    filters = filter_form.filters()
    page = invitation_page(campaign=campaign, filters=filters, page=request.GET.get("page", 1), per_page=PER_PAGE)
    counts = campaign_response_counts(campaign=campaign)
    links = open_link_map(campaign=campaign)
    base = site_url(request)
    # The campaign's business units (issue #20): an invitation names only those (the campaign
    # cannot drop a unit an invitation names), so one query names every row's units.
    units = campaign_units(campaign=campaign)
    names = {unit.pk: unit.name for unit in units}
    return {
        "organisation": campaign.organisation,
        "membership": membership,
        "campaign": campaign,
        "page": page,
        "invitations": page.object_list,
        "invitation_rows": [
            (invitation, [names[i] for i in invitation.partners or [] if i in names]) for invitation in page.object_list
        ],
        "units": units,
        "filter_form": filter_form,
        "filters": filters,
        "counts": counts,
        "total": sum(c["invited"] for c in counts.values()),
        "invite_count": invitation_selectors.invitation_invite_recipients(campaign=campaign).count(),
        "reminder_count": invitation_selectors.invitation_reminder_recipients(campaign=campaign).count(),
        "open_links": [
            (value, label, links.get(value), open_link_url(open_link=links[value], base=base) if value in links else "")
            for value, label in Side.choices
        ],
        "paste_form": forms.get("paste_form") or InvitationPasteForm(campaign=campaign, units=units, prefix="paste"),
        "upload_form": forms.get("upload_form") or InvitationUploadForm(campaign=campaign, prefix="upload"),
    }


@require_GET
@org_permission_required("manage_invitations")
def invitation_list(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    return render(request, "assessments/invitation_list.html", _list_context(request, campaign, membership))


@require_POST
@org_permission_required("manage_invitations")
def invitation_add(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """Step 1 of adding respondents: check a pasted list or a CSV file and show the preview.

    The rows that can be added wait in the session for step 2 (`invitation_confirm`), so bad
    rows never cost the good ones and nothing is written before the user confirms.
    """
    form: InvitationPasteForm | InvitationUploadForm
    forms: dict[str, InvitationPasteForm | InvitationUploadForm]
    if request.POST.get("source") == "upload":
        form = InvitationUploadForm(request.POST, request.FILES, campaign=campaign, prefix="upload")
        forms = {"upload_form": form}
    else:
        form = InvitationPasteForm(
            request.POST, campaign=campaign, units=campaign_units(campaign=campaign), prefix="paste"
        )
        forms = {"paste_form": form}
    if not form.is_valid():
        messages.error(request, _("Nothing was checked: correct the form below."))
        context = _list_context(request, campaign, membership, **forms)
        return render(request, "assessments/invitation_list.html", context, status=400)

    rows = form.rows()
    good = [row for row in rows if not row.error]
    bad = [row for row in rows if row.error]
    send_now = bool(form.cleaned_data.get("send_now"))
    request.session[_preview_key(campaign)] = {
        "rows": [row.as_data() for row in good],
        "send": send_now,
        "source": "upload" if isinstance(form, InvitationUploadForm) else "paste",
    }
    shown = sorted(bad + good[: max(0, PREVIEW_ROWS - len(bad))], key=lambda row: row.number)
    context = {
        "organisation": campaign.organisation,
        "membership": membership,
        "campaign": campaign,
        "rows": shown,
        "hidden_count": len(rows) - len(shown),
        "good_count": len(good),
        "bad_count": len(bad),
        "send_now": send_now,
        "ignored_columns": getattr(form, "ignored_columns", []),
    }
    return render(request, "assessments/invitation_preview.html", context)


@require_POST
@org_permission_required("manage_invitations")
def invitation_confirm(request: AuthenticatedHttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """Step 2: invite the previewed rows that are still valid, and e-mail them if asked."""
    preview = request.session.pop(_preview_key(campaign), None)
    if not preview or not preview.get("rows"):
        messages.error(request, _("There is nothing to add (the preview may have expired): add the respondents again."))
        return redirect("manage:invitation_list", campaign_id=campaign.pk)
    # Checked again: someone may have invited the same addresses since the preview.
    rows = invitation_rows_check(campaign=campaign, rows=[InvitationRow.from_data(data) for data in preview["rows"]])
    good = [
        {"email": r.email, "side": r.side, "department": r.department, "partners": r.partner_ids}
        for r in rows
        if not r.error
    ]
    try:
        created = invitations_create_bulk(campaign=campaign, rows=good)
    except ValidationError as exc:
        messages.error(request, _("Nothing was added: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect("manage:invitation_list", campaign_id=campaign.pk)
    skipped = len(rows) - len(created)
    audit_record(
        actor=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.INVITATIONS_IMPORT,
        target=campaign,
        details={"via": preview.get("source", "paste"), "added": len(created), "skipped": skipped},
    )
    messages.success(
        request,
        ngettext("Added %(count)s respondent.", "Added %(count)s respondents.", len(created)) % {"count": len(created)},
    )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s skipped: already invited in the meantime.",
                "%(count)s skipped: already invited in the meantime.",
                skipped,
            )
            % {"count": skipped},
        )
    if preview.get("send") and created:
        invitations_queue(request, campaign, created)
    return redirect("manage:invitation_list", campaign_id=campaign.pk)


@require_POST
@org_permission_required("manage_invitations")
def invitation_link(
    request: HttpRequest, campaign: Campaign, membership: Membership, invitation_id: int
) -> HttpResponse:
    """Reveal one personal link (to copy it into a chat, say), recorded in the audit log.

    JSON ({"url": ...}) for the copy button's script, else a page with the link. Refused (409)
    once the link has been opened or e-mailed: its holder is then presumed to be the respondent.
    """
    invitation = invitation_get(campaign=campaign, invitation_id=invitation_id)
    if invitation is None:
        raise Http404("No such invitation.")
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not invitation.link_visible:
        message = _("This link has been opened or e-mailed, so it is no longer shown. Send a reminder instead.")
        if wants_json:
            return JsonResponse({"error": message}, status=409)
        context = {"organisation": campaign.organisation, "campaign": campaign, "refused": message}
        return render(request, "assessments/invitation_link.html", context, status=409)
    audit_record(
        actor=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.LINK_REVEAL,
        target=campaign,
        details={"invitation": invitation.pk, "side": invitation.side},
    )
    url = respondent_url(token=invitation.token, base=site_url(request))
    if wants_json:
        response: HttpResponse = JsonResponse({"url": url})
    else:
        context = {
            "organisation": campaign.organisation,
            "membership": membership,
            "campaign": campaign,
            "invitation": invitation,
            "url": url,
        }
        response = render(request, "assessments/invitation_link.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _open_link_side(request: HttpRequest) -> str | None:
    """The side of the open link a form names, or None (with a message) if it names no side."""
    side = request.POST.get("side", "")
    if side in Side.values:
        return side
    messages.error(request, _("Choose business or IT for the open link."))
    return None


@require_POST
@org_permission_required("manage_invitations")
def open_link_update(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    side = _open_link_side(request)
    if side is None:
        return redirect("manage:invitation_list", campaign_id=campaign.pk)
    active = request.POST.get("active") == "1"
    link = open_link_set_active(campaign=campaign, side=side, active=active)
    label = Side(side).label
    if link.active:
        message = _("The open link for %(side)s respondents is on: share it where they will see it.")
    else:
        message = _("The open link for %(side)s respondents is off: it no longer starts questionnaires.")
    messages.success(request, message % {"side": label})
    return redirect("manage:invitation_list", campaign_id=campaign.pk)


@require_POST
@org_permission_required("manage_invitations")
def open_link_cap(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """Set how many respondents an open link may start (from the expected headcount)."""
    side = _open_link_side(request)
    if side is None:
        return redirect("manage:invitation_list", campaign_id=campaign.pk)
    try:
        cap = int(request.POST.get("cap", ""))
    except ValueError:
        messages.error(request, _("Enter the limit as a whole number."))
        return redirect("manage:invitation_list", campaign_id=campaign.pk)
    try:
        link = open_link_services.open_link_update(campaign=campaign, side=side, cap=cap)
    except (ApplicationError, ValidationError) as exc:
        error_message(request, exc)
    else:
        messages.success(
            request,
            _("The open link for %(side)s respondents now starts at most %(cap)s questionnaires.")
            % {"side": Side(side).label, "cap": link.cap},
        )
    return redirect("manage:invitation_list", campaign_id=campaign.pk)
