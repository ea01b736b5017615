"""The open link of a campaign side, `/r/open/<token>/`: public by design, like `/r/<token>/`.

Each visitor gets an invitation of their own on first use and is sent to its personal link, so
answers stay resumable per person. A signed cookie remembers that invitation: a reload or a
second visit from the same browser goes back to it instead of starting another one.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments import selectors, services
from assessments.models import Invitation, OpenLink

COOKIE_NAME = "brm_open_link"
COOKIE_SALT = "assessments.open_link"
COOKIE_MAX_AGE = int(timedelta(days=180).total_seconds())
# Chat apps and mail scanners fetch links to build previews; they must not start questionnaires
# (each one would add an unanswered invitation and lower the response rate on the dashboard).
_PREVIEW_AGENTS = (
    "bot",
    "crawler",
    "spider",
    "preview",
    "facebookexternalhit",
    "slack",
    "whatsapp",
    "telegram",
    "skypeuripreview",
    "teams",
    "discord",
    "linkedin",
    "embedly",
)


def _is_link_preview(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "").lower()
    return any(marker in agent for marker in _PREVIEW_AGENTS)


def _remembered(request: HttpRequest, link: OpenLink) -> Invitation | None:
    # Signed, so the cookie cannot be used to test guessed invitation tokens.
    token = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    if not token:
        return None
    invitation = selectors.invitation_get_by_token(token=token)
    if invitation is None or invitation.campaign_id != link.campaign_id or invitation.side != link.side:
        return None
    return invitation


# never_cache: a cached redirect would send every later visitor to the first visitor's answers.
@never_cache
@require_http_methods(["GET", "POST"])
def open_link_start(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.open_link_get_by_token(token=token)
    if link is None or not link.active:
        raise Http404("This link is not active.")
    if invitation := _remembered(request, link):
        return redirect("respondent:welcome", token=invitation.token)

    campaign = link.campaign
    # Like the respondent pages: the campaign's language, whatever the browser prefers.
    translation.activate(campaign.language)
    request.LANGUAGE_CODE = campaign.language
    context = {"campaign": campaign, "organisation": campaign.organisation, "open_link": link}
    availability = campaign.availability()
    if availability == "closed":
        return render(request, "respondent/closed.html", context, status=410)
    if availability == "not_open":
        return render(request, "respondent/not_open.html", context, status=403)
    if request.method == "GET" and _is_link_preview(request):
        return render(request, "respondent/open_link.html", context)

    invitation = services.open_link_invitation_create(open_link=link)
    response = redirect("respondent:welcome", token=invitation.token)
    response.set_signed_cookie(
        COOKIE_NAME,
        invitation.token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        path=request.path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
