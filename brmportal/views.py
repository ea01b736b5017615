from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.selectors import organisation_list
from brmportal.health import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report, healthy = health()
    return JsonResponse(report, status=200 if healthy else 503)


def home(request: HttpRequest) -> HttpResponse:
    """Where LOGIN_REDIRECT_URL lands: the user's organisation, all their clients, or a friendly dead end."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    organisations = organisation_list(user=request.user)
    if len(organisations) == 1:
        return redirect("manage:campaign_list", slug=organisations[0].slug)
    if organisations:
        return redirect("manage:workspace")
    return render(request, "accounts/no_organisation.html")
