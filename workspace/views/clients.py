"""The consultant's view across clients (/clients/, issue #20 item 4): one row per organisation
the user is a member of, with published figures only.

No tenant in the URL: the page lists the user's own memberships (as `campaigns.workspace`
does), so a stranger's organisation can never appear in it; each row links to pages that check
access themselves.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import AuthenticatedHttpRequest
from assessments.selectors.clients import client_overview
from workspace.clients import client_rows


@login_required
@require_GET
def client_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    overviews = client_overview(user=request.user)
    if not overviews:
        return render(request, "accounts/no_organisation.html")
    return render(request, "assessments/clients.html", {"rows": client_rows(overviews)})
