"""Access to a personal link: the invitation behind the token and the claim on its answers.

No account: the unguessable token is the credential. It is spent only by the final submit,
so a half-done questionnaire resumes on the same link.

The link alone does not show answers (issue #13): whoever copied it (the BRM who sent it, a
colleague it was forwarded to) must not read or change them. The first browser that saves
something claims the response: it keeps a random secret in a cookie scoped to the link, and
only the secret's SHA-256 is stored (`Response.claim_hash`). Every view that reads or writes
answers requires that cookie. Another browser meets the "started on another device" page,
from where the claim can move (views/resume.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from assessments.models import Invitation, Response
from assessments.selectors.invitations import invitation_get_by_token
from assessments.selectors.responses import respondent_language
from assessments.services.responses import response_start
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tokens import token_hash, token_matches, token_new
from respondent.presenters import campaign_contact

CLAIM_COOKIE = "brm_claim"
# As long as browsers keep a cookie (400 days): a campaign may stay open for months.
CLAIM_MAX_AGE = int(timedelta(days=400).total_seconds())


def activate(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def get_invitation(request: HttpRequest, token: str) -> Invitation:
    """The invitation behind the link, with the campaign's language activated for the request."""
    invitation = invitation_get_by_token(token=token)
    if invitation is None:
        raise Http404("No questionnaire behind this link.")
    # Respondent pages follow the campaign (or the language its respondent chose, once the
    # claim is checked), not the browser: a business manager invited to a Dutch assessment
    # sees it in Dutch.
    activate(request, invitation.campaign.language)
    return invitation


def own_response(request: HttpRequest, invitation: Invitation) -> tuple[Response | None, bool]:
    """The invitation's response (None: not started) and whether this browser holds its claim.

    For the holder the language chosen on the welcome page is activated; anyone else reads the
    campaign's language, which tells nothing about the respondent.
    """
    response: Response | None = getattr(invitation, "response", None)
    if response is None:
        return None, False
    held = token_matches(request.COOKIES.get(CLAIM_COOKIE), response.claim_hash)
    if held:
        activate(request, respondent_language(campaign=invitation.campaign, chosen=response.language))
    return response, held


def claim_start(invitation: Invitation) -> tuple[Response | None, str]:
    """Create the invitation's response claimed by a new secret: the first save of a browser.

    (None, "") when another browser created it a moment earlier (its claim is not ours) or the
    questionnaire was submitted meanwhile.
    """
    secret = token_new()
    try:
        response = response_start(invitation=invitation, claim_hash=token_hash(secret))
    except ApplicationError:
        return None, ""
    if not token_matches(secret, response.claim_hash):
        return None, ""
    return response, secret


def set_claim(http_response: HttpResponse, token: str, secret: str) -> HttpResponse:
    http_response.set_cookie(
        CLAIM_COOKIE,
        secret,
        max_age=CLAIM_MAX_AGE,
        # Scoped to this link: another questionnaire in the same browser has a claim of its own.
        path=reverse("respondent:welcome", args=[token]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return http_response


def unavailable(request: HttpRequest, invitation: Invitation) -> HttpResponse | None:
    """The page to show instead of the questionnaire, if any (closed, not open, submitted)."""
    campaign = invitation.campaign
    # The state, not the response: a submitted response no longer points at its invitation.
    if invitation.state == Invitation.State.SUBMITTED:
        return render(request, "respondent/already_submitted.html", base_context(invitation), status=200)
    availability = campaign.availability()
    if availability == "closed":
        return render(request, "respondent/closed.html", base_context(invitation), status=410)
    if availability == "not_open":
        return render(request, "respondent/not_open.html", base_context(invitation), status=403)
    return None


def elsewhere(request: HttpRequest, invitation: Invitation, status: int = 200) -> HttpResponse:
    """The "started on another device" page: no answers, no progress, only the ways to move here."""
    context = base_context(invitation) | {
        "can_email": bool(invitation.email),
        "resume_minutes": settings.RESUME_LINK_MINUTES,
    }
    return render(request, "respondent/elsewhere.html", context, status=status)


def answers_guard(
    request: HttpRequest, invitation: Invitation, *, elsewhere_status: int = 403
) -> tuple[Response | None, HttpResponse | None]:
    """The invitation's response (None: not started) and the page to show instead of the
    questionnaire, if any: closed, not open or submitted (`unavailable`), or "started on another
    device" when another browser holds the claim. Every view that reads or writes answers starts
    here, so none can forget the claim."""
    response, held = own_response(request, invitation)
    if blocked := unavailable(request, invitation):
        return response, blocked
    if response is not None and not held:
        return response, elsewhere(request, invitation, status=elsewhere_status)
    return response, None


def base_context(invitation: Invitation) -> dict:
    campaign = invitation.campaign
    return {
        "invitation": invitation,
        "campaign": campaign,
        "organisation": campaign.organisation,
        # Named on the thank-you and notice pages (closed, not open, already submitted).
        "contact": campaign_contact(campaign=campaign),
    }
