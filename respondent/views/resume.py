"""Moving a started questionnaire to this browser: the "started on another device" page's buttons.

The claim moves by a one-time link e-mailed to the invitation's address, or, for a link without
an address, by starting again with the answers given elsewhere deleted (views/access.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assessments.models import Invitation
from assessments.services.invitations import invitation_resume_send
from assessments.services.responses import response_restart, response_resume
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.ratelimit import rate_limit_exceeded
from brmportal.lib.tokens import token_matches
from brmportal.lib.urls import site_url
from respondent.views.access import base_context, elsewhere, get_invitation, own_response, set_claim, unavailable

# One "continue here" e-mail per invitation in this many seconds: the button cannot be used to
# flood the respondent's inbox.
RESUME_EMAIL_EVERY = 5 * 60


@require_POST
def respondent_resume_request(request: HttpRequest, token: str) -> HttpResponse:
    """The "E-mail me a link to continue here" button of the "started on another device" page."""
    invitation = get_invitation(request, token)
    response, held = own_response(request, invitation)
    if blocked := unavailable(request, invitation):
        return blocked
    if response is None or held or not invitation.email:
        return redirect("respondent:welcome", token=token)
    if rate_limit_exceeded(key=f"resume-email:{invitation.pk}", limit=1, seconds=RESUME_EMAIL_EVERY):
        messages.warning(
            request,
            _("A link was e-mailed a few minutes ago. Check your inbox (and spam folder), or try again later."),
        )
        return elsewhere(request, invitation, status=429)
    try:
        invitation_resume_send(invitation=invitation, base_url=site_url(request))
    except ApplicationError:
        messages.error(request, _("The e-mail could not be sent. Please try again later."))
        return elsewhere(request, invitation, status=503)
    messages.success(
        request,
        _(
            "We have e-mailed a link to the address this invitation was sent to. Open it in this browser "
            "within %(minutes)s minutes to continue here."
        )
        % {"minutes": settings.RESUME_LINK_MINUTES},
    )
    return redirect("respondent:welcome", token=token)


def _resume_key_status(invitation: Invitation, key: str) -> int:
    """200 for a key that can be spent, 410 for an expired one, 404 for a wrong or used one."""
    if not token_matches(key, invitation.resume_hash):
        return 404
    if invitation.resume_expires_at is None or invitation.resume_expires_at <= timezone.now():
        return 410
    return 200


@never_cache
@require_http_methods(["GET", "POST"])
def respondent_resume(request: HttpRequest, token: str, key: str) -> HttpResponse:
    """The one-time link from the e-mail. GET only asks to confirm, so a mail scanner that
    follows the link does not spend it; the POST moves the claim to this browser."""
    invitation = get_invitation(request, token)
    if blocked := unavailable(request, invitation):
        return blocked
    status = _resume_key_status(invitation, key)
    if status != 200:
        return render(request, "respondent/resume_invalid.html", base_context(invitation), status=status)
    if request.method == "GET":
        return render(request, "respondent/resume_confirm.html", base_context(invitation) | {"key": key})
    try:
        secret = response_resume(invitation=invitation, key=key)
    except ApplicationError:  # spent by another request a moment ago
        return render(request, "respondent/resume_invalid.html", base_context(invitation), status=404)
    messages.success(request, _("You can continue here. Your answers can no longer be opened on the other device."))
    return set_claim(redirect("respondent:welcome", token=token), token, secret)


@require_POST
def respondent_restart(request: HttpRequest, token: str) -> HttpResponse:
    """The "Start again here" button, for a link without an e-mail address: the answers given
    elsewhere are deleted, never shown, and this browser holds the questionnaire from now on."""
    invitation = get_invitation(request, token)
    response, held = own_response(request, invitation)
    if blocked := unavailable(request, invitation):
        return blocked
    if response is None or held or invitation.email:
        return redirect("respondent:welcome", token=token)
    try:
        secret = response_restart(invitation=invitation)
    except ApplicationError:  # submitted a moment ago
        return redirect("respondent:welcome", token=token)
    messages.success(request, _("The questionnaire starts again in this browser."))
    return set_claim(redirect("respondent:welcome", token=token), token, secret)
