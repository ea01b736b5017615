"""The organisation's audit log: who exported, imported, revealed links, asked for reports or
changed settings."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Membership, Organisation
from assessments.audit import audit_entries, audit_entry_details, audit_entry_label, audit_related_names
from assessments.selectors.campaigns import campaign_names
from workspace.access import org_permission_required

AUDIT_PAGE_SIZE = 50


@require_GET
@org_permission_required("view_audit")
def audit_log(request: HttpRequest, organisation: Organisation, membership: Membership) -> HttpResponse:
    """Who exported, imported, revealed links, asked for reports or changed settings: newest first.

    A fixed number of queries a page: the count, the page of entries with their actors, the
    names of the campaigns on it, and the users and instrument versions their changes name.
    """
    page = Paginator(audit_entries(organisation=organisation), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    names = campaign_names(
        organisation=organisation,
        campaign_ids={e.additional_data.get("campaign") for e in entries if e.additional_data},
    )
    related = audit_related_names(entries)
    rows = [
        {
            "entry": entry,
            "label": audit_entry_label(entry),
            "details": audit_entry_details(entry, related),
            "campaign_id": (campaign_id := (entry.additional_data or {}).get("campaign")),
            # An entry about the organisation itself has campaign None: no name to look up.
            "campaign_name": names.get(campaign_id) if campaign_id is not None else None,
        }
        for entry in entries
    ]
    context = {"organisation": organisation, "membership": membership, "page": page, "rows": rows}
    return render(request, "assessments/audit_log.html", context)
