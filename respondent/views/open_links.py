"""The open link of a campaign side, `/r/open/<token>/`: public by design, like `/r/<token>/`.

Opening the link shows what the questionnaire is and a Start button; only that button (a POST)
gives the visitor an invitation of their own and sends them to its personal link, so answers
stay resumable per person and link previews start nothing. A signed cookie remembers that
invitation: a reload or a second visit from the same browser goes back to it instead of
starting another one.

A shared link must not become a way to pad a small group with made-up respondents: starts are
rate limited per address and per link, and a link starts at most `OpenLink.cap` invitations.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments.models import Invitation, OpenLink
from assessments.selectors.instruments import campaign_minutes
from assessments.selectors.invitations import invitation_get_by_token, open_link_get_by_token, open_link_is_full
from assessments.services.open_links import OpenLinkFull, open_link_invitation_create
from brmportal.lib.client_ip import client_ip_address
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.ratelimit import rate_limit_exceeded
from respondent.presenters import campaign_contact

COOKIE_NAME = "brm_open_link"
COOKIE_SALT = "assessments.open_link"
COOKIE_MAX_AGE = int(timedelta(days=180).total_seconds())
HOUR = 60 * 60


def _remembered(request: HttpRequest, link: OpenLink) -> Invitation | None:
    # Signed, so the cookie cannot be used to test guessed invitation tokens.
    token = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
    if not token:
        return None
    invitation = invitation_get_by_token(token=token)
    if invitation is None or invitation.campaign_id != link.campaign_id or invitation.side != link.side:
        return None
    return invitation


def _too_many_starts(request: HttpRequest, link: OpenLink) -> bool:
    # Per address first: one address over its limit does not use up the whole link's allowance.
    address = client_ip_address(request) or "unknown"
    return rate_limit_exceeded(
        key=f"open-link:{link.pk}:{address}", limit=settings.OPEN_LINK_STARTS_PER_ADDRESS_PER_HOUR, seconds=HOUR
    ) or rate_limit_exceeded(
        key=f"open-link:{link.pk}", limit=settings.OPEN_LINK_STARTS_PER_LINK_PER_HOUR, seconds=HOUR
    )


# never_cache: a cached redirect would send every later visitor to the first visitor's answers.
@never_cache
@require_http_methods(["GET", "POST"])
def open_link_start(request: HttpRequest, token: str) -> HttpResponse:
    link = open_link_get_by_token(token=token)
    if link is None or not link.active:
        raise Http404("This link is not active.")
    if invitation := _remembered(request, link):
        return redirect("respondent:welcome", token=invitation.token)

    campaign = link.campaign
    # Like the respondent pages: the campaign's language, whatever the browser prefers.
    translation.activate(campaign.language)
    request.LANGUAGE_CODE = campaign.language
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "open_link": link,
        "contact": campaign_contact(campaign=campaign),
    }
    availability = campaign.availability()
    if availability == "closed":
        return render(request, "respondent/closed.html", context, status=410)
    if availability == "not_open":
        return render(request, "respondent/not_open.html", context, status=403)
    if open_link_is_full(open_link=link):
        return render(request, "respondent/open_link_full.html", context, status=403)
    if request.method == "GET":
        context["minutes"] = campaign_minutes(campaign=campaign, side=link.side)
        return render(request, "respondent/open_link.html", context)

    if _too_many_starts(request, link):
        busy = render(request, "respondent/open_link_busy.html", context, status=429)
        busy["Retry-After"] = str(HOUR)
        return busy
    try:
        invitation = open_link_invitation_create(open_link=link)
    except OpenLinkFull:  # the last places went to other visitors a moment ago
        return render(request, "respondent/open_link_full.html", context, status=403)
    except ApplicationError as exc:  # switched off a moment ago
        raise Http404("This link is not active.") from exc
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
