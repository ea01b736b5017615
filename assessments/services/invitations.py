"""Writes for invitations: add, e-mail, remind, mark opened, one-time resume links."""

from __future__ import annotations

import smtplib
from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Campaign, Invitation
from assessments.selectors.invitations import (
    invitation_language,
    invitation_languages,
    invitation_reminder_recipients,
    respondent_url,
)
from brmportal.lib.emails import email_build, emails_send
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tokens import token_hash, token_new


def invitation_create(*, campaign: Campaign, side: str, email: str = "", department: str = "") -> Invitation:
    invitation = Invitation(
        organisation=campaign.organisation, campaign=campaign, side=side, email=email, department=department
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def invitation_mark_opened(*, invitation: Invitation) -> Invitation:
    """Record the first time the link was opened; from then on the workspace no longer shows it."""
    if invitation.opened_at is None:
        now = timezone.now()
        # Conditional: of two first visits at once only one sets the time.
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now, updated_at=now)
        invitation.opened_at = now
    return invitation


def invitation_resume_send(*, invitation: Invitation) -> Invitation:
    """E-mail the invitation's own address a one-time link that moves its response to the browser
    that opens it (`response_resume`).

    1. A new random key replaces any earlier one; only its SHA-256 and its expiry are stored.
    2. The link goes to the invitation's address and nowhere else, in the respondent's language:
       whoever else holds the personal link cannot take the answers over this way.
    """
    if not invitation.email:
        raise ApplicationError(_("This invitation has no e-mail address."))
    if invitation.state == Invitation.State.SUBMITTED:
        raise ApplicationError(_("This questionnaire has already been submitted."))
    key = token_new()
    minutes = settings.RESUME_LINK_MINUTES
    invitation.resume_hash = token_hash(key)
    invitation.resume_expires_at = timezone.now() + timedelta(minutes=minutes)
    invitation.save(update_fields=["resume_hash", "resume_expires_at", "updated_at"])
    campaign = invitation.campaign
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "url": settings.SITE_URL + reverse("respondent:resume", args=[invitation.token, key]),
        "minutes": minutes,
    }
    language = invitation_language(invitation=invitation)
    _send([email_build(name="resume", to=invitation.email, context=context, language=language)])
    return invitation


@transaction.atomic
def invitations_create_bulk(*, campaign: Campaign, rows: Iterable[Mapping[str, str]]) -> list[Invitation]:
    """Invite each row ({"email", "side", "department"}); addresses already invited are skipped.

    1. Lock the campaign row, so two confirmations of the same list cannot both pass step 2.
    2. Skip rows whose address is already invited (or repeated in `rows`), case-insensitively.
    3. Validate the rest (side, department of the campaign, e-mail) and insert them at once;
       one invalid row raises ValidationError and nothing is stored.
    """
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    taken = {
        email.lower()
        for email in Invitation.objects.filter(campaign=campaign).exclude(email="").values_list("email", flat=True)
    }
    departments = set(campaign.departments or [])
    invitations: list[Invitation] = []
    for row in rows:
        email = (row.get("email") or "").strip().lower()
        if email and email in taken:
            continue
        department = (row.get("department") or "").strip()
        if department and departments and department not in departments:
            raise ValidationError(
                {
                    "department": _("%(department)s is not one of the campaign's departments.")
                    % {"department": repr(department)}
                }
            )
        invitation = Invitation(
            organisation=campaign.organisation,
            campaign=campaign,
            side=row.get("side", ""),
            email=email,
            department=department,
        )
        # Uniqueness is settled above under the lock (addresses) or by construction (256-bit
        # tokens); checking it per row again would cost two queries per address.
        invitation.full_clean(validate_unique=False, validate_constraints=False)
        if email:
            taken.add(email)
        invitations.append(invitation)
    return Invitation.objects.bulk_create(invitations)


def _check_can_send(campaign: Campaign) -> None:
    if campaign.availability() == "closed":
        raise ApplicationError(
            _("“%(campaign)s” is closed: no invitations or reminders can be sent.") % {"campaign": campaign.name}
        )
    if campaign.status != Campaign.Status.OPEN:
        raise ApplicationError(
            _("Open “%(campaign)s” before sending e-mails: its links do not work yet.") % {"campaign": campaign.name}
        )


def _invitation_email(invitation: Invitation, kind: str, reply_to: str, language: str) -> EmailMultiAlternatives:
    campaign = invitation.campaign
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "invitation": invitation,
        "url": respondent_url(token=invitation.token),
    }
    return email_build(
        name=f"{kind}-{invitation.side}",
        to=invitation.email,
        context=context,
        reply_to=reply_to,
        language=language,
    )


def _send(messages: list[EmailMultiAlternatives]) -> int:
    try:
        return emails_send(messages)
    except (OSError, smtplib.SMTPException) as exc:
        raise ApplicationError(
            _("The e-mail server refused the message(s): %(error)s. Try again later.") % {"error": exc}
        ) from exc


def invitations_send(*, campaign: Campaign, invitations: Iterable[Invitation], reply_to: str = "") -> int:
    """E-mail the invitation (personal link, per-side wording) to each invitation with an address.

    Returns how many e-mails were sent. Sending again is allowed: it repeats the same link.
    """
    _check_can_send(campaign)
    invitations = [i for i in invitations if i.email and i.campaign_id == campaign.pk]
    languages = invitation_languages(campaign=campaign, invitations=invitations)
    sent = _send([_invitation_email(i, "invitation", reply_to, languages[i.pk]) for i in invitations])
    _mark_emailed(invitations)
    return sent


def _mark_emailed(invitations: list[Invitation]) -> None:
    """Once e-mailed, a link is presumed to be in its respondent's hands: the workspace stops
    showing it (Invitation.link_visible). Only after the server took the messages."""
    now = timezone.now()
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(emailed_at=now, updated_at=now)
    for invitation in invitations:
        invitation.emailed_at = now


def invitation_send(*, invitation: Invitation, reply_to: str = "") -> Invitation:
    if not invitation.email:
        raise ApplicationError(_("This invitation has no e-mail address: copy its link instead."))
    if invitation.state == Invitation.State.SUBMITTED:
        raise ApplicationError(_("%(email)s has already submitted their answers.") % {"email": invitation.email})
    invitations_send(campaign=invitation.campaign, invitations=[invitation], reply_to=reply_to)
    return invitation


def invitations_remind(*, campaign: Campaign, reply_to: str = "") -> int:
    """E-mail a reminder to every invitee who has an address and has not submitted; returns the count."""
    _check_can_send(campaign)
    pending = (
        invitation_reminder_recipients(campaign=campaign)
        .select_related("campaign", "campaign__organisation")
        .order_by("pk")
    )
    pending_list = list(pending)
    languages = invitation_languages(campaign=campaign, invitations=pending_list)
    sent = _send([_invitation_email(i, "reminder", reply_to, languages[i.pk]) for i in pending_list])
    _mark_emailed(pending_list)
    return sent
