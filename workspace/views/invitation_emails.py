"""E-mailing respondents from the Respondents page: one invitation, the invitation to everyone
not yet e-mailed, or a reminder to everyone e-mailed who has not submitted.

An e-mail cannot be taken back, so the bulk ones ask first: GET shows who will get one (how many,
and the addresses on request), and only a POST that saw at least as many people queues them; if
more would get one by then, the page asks again. Nothing is sent inside the request: workers
send the e-mails (assessments.services.mail) and the list shows each one's state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Membership
from accounts.permissions import AuthenticatedHttpRequest
from assessments.models import Campaign, Invitation
from assessments.selectors.invitations import (
    MailFilter,
    invitation_get,
    invitation_invite_recipients,
    invitation_recipient_preview,
    invitation_reminder_recipients,
)
from assessments.services import invitations as invitation_services
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.urls import site_url
from workspace.access import org_permission_required
from workspace.errors import error_message

# Addresses listed on the confirmation page; the rest are one click away on the filtered list.
RECIPIENTS_SHOWN = 200


def invitations_queue(request: AuthenticatedHttpRequest, campaign: Campaign, invitations: Sequence[Invitation]) -> None:
    """Queue the invitation e-mail of just-added respondents and say so (the "e-mail now" box)."""
    try:
        queued = invitation_services.invitations_send(
            campaign=campaign, invitations=invitations, reply_to=request.user.email, base_url=site_url(request)
        )
    except ApplicationError as exc:
        messages.warning(request, _("No invitations were e-mailed. %(reason)s") % {"reason": exc.message})
    else:
        messages.success(request, _queued_message("invite", queued))


def _queued_message(kind: str, count: int) -> str:
    if not count:
        return _("Nobody was e-mailed: nobody is waiting for this e-mail any more.")
    if kind == "remind":
        text = ngettext(
            "%(count)s reminder is on its way: the list shows when it is sent.",
            "%(count)s reminders are on their way: the list shows when each one is sent.",
            count,
        )
    else:
        text = ngettext(
            "%(count)s invitation e-mail is on its way: the list shows when it is sent.",
            "%(count)s invitation e-mails are on their way: the list shows when each one is sent.",
            count,
        )
    return text % {"count": count}


@require_POST
@org_permission_required("manage_invitations")
def invitation_send(
    request: AuthenticatedHttpRequest, campaign: Campaign, membership: Membership, invitation_id: int
) -> HttpResponse:
    """E-mail one invitation (again): the button names its one recipient, so it does not ask."""
    invitation = invitation_get(campaign=campaign, invitation_id=invitation_id)
    if invitation is None:
        raise Http404("No such invitation.")
    try:
        invitation_services.invitation_send(
            invitation=invitation, reply_to=request.user.email, base_url=site_url(request)
        )
    except (ApplicationError, ValidationError) as exc:
        error_message(request, exc)
    else:
        messages.success(request, _("The invitation to %(email)s is on its way.") % {"email": invitation.email})
    return redirect("manage:invitation_list", campaign_id=campaign.pk)


_Recipients = Callable[..., QuerySet[Invitation]]
_Queue = Callable[..., int]
# kind -> who gets one, the service that queues them, the Respondents page filter listing them.
_BULK: dict[str, tuple[_Recipients, _Queue, str]] = {
    "invite": (invitation_invite_recipients, invitation_services.invitations_invite, MailFilter.TO_INVITE),
    "remind": (invitation_reminder_recipients, invitation_services.invitations_remind, MailFilter.TO_REMIND),
}


def _expected(request: AuthenticatedHttpRequest) -> int | None:
    try:
        return int(request.POST.get("expected", ""))
    except ValueError:
        return None


def _bulk(request: AuthenticatedHttpRequest, campaign: Campaign, membership: Membership, kind: str) -> HttpResponse:
    recipients, queue, mail_filter = _BULK[kind]
    count, shown = invitation_recipient_preview(recipients=recipients(campaign=campaign), limit=RECIPIENTS_SHOWN)
    expected = _expected(request) if request.method == "POST" else None
    if expected is not None and count <= expected:
        try:
            queued = queue(campaign=campaign, reply_to=request.user.email, base_url=site_url(request))
        except (ApplicationError, ValidationError) as exc:
            error_message(request, exc)
        else:
            messages.success(request, _queued_message(kind, queued))
        return redirect("manage:invitation_list", campaign_id=campaign.pk)
    try:
        invitation_services.invitation_mail_check(campaign=campaign)
        blocked = ""
    except ApplicationError as exc:
        blocked = exc.message
    context: dict[str, Any] = {
        "organisation": campaign.organisation,
        "membership": membership,
        "campaign": campaign,
        "kind": kind,
        "count": count,
        "shown": shown,
        "more": count - len(shown),
        "list_url": reverse("manage:invitation_list", args=[campaign.pk]) + f"?mail={mail_filter}",
        # A POST that agreed to fewer people than would now get an e-mail: ask again.
        "changed": expected is not None,
        "blocked": blocked,
    }
    # A POST that did not send: 409, the page asks again.
    return render(
        request, "assessments/invitation_emails_confirm.html", context, status=409 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_invitations")
def invitations_invite(request: AuthenticatedHttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """ "Send invitations": who has an address and was never e-mailed (GET asks, POST queues)."""
    return _bulk(request, campaign, membership, "invite")


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_invitations")
def invitation_remind(request: AuthenticatedHttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    """ "Send reminders": who was e-mailed an invitation and has not submitted (GET asks, POST queues)."""
    return _bulk(request, campaign, membership, "remind")
