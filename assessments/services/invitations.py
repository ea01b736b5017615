"""Writes for invitations: add, e-mail, remind, mark opened, one-time resume links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Campaign, Invitation
from assessments.outbox import OutgoingEmail
from assessments.selectors.invitations import (
    invitation_invite_recipients,
    invitation_language,
    invitation_reminder_recipients,
)
from assessments.selectors.partners_admin import campaign_units
from assessments.services.mail import email_queue, invitation_mails_queue
from assessments.services.partners import invitation_partners_check
from brmportal.lib.emails import email_build
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tokens import token_hash, token_new
from brmportal.lib.urls import absolute_url, site_url


def invitation_create(
    *, campaign: Campaign, side: str, email: str = "", department: str = "", partners: list[int] | None = None
) -> Invitation:
    """`partners`: ids of business units the campaign covers (issue #20; for IT, the one its
    ordinary answers are about is drawn at random when the response starts); empty: the
    respondent chooses on the welcome page."""
    if partners:
        covered = {unit.pk for unit in campaign_units(campaign=campaign)}
        partners = invitation_partners_check(side=side, partner_ids=partners, covered=covered)
    invitation = Invitation(
        organisation=campaign.organisation,
        campaign=campaign,
        side=side,
        email=email,
        department=department,
        partners=partners or [],
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


def invitation_resume_send(*, invitation: Invitation, base_url: str = "") -> Invitation:
    """E-mail the invitation's own address a one-time link that moves its response to the browser
    that opens it (`response_resume`). `base_url`: `brmportal.lib.urls.site_url(request)`.

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
        "url": absolute_url(reverse("respondent:resume", args=[invitation.token, key]), base=base_url or site_url()),
        "minutes": minutes,
    }
    language = invitation_language(invitation=invitation)
    email_queue(
        message=email_build(name="resume", to=invitation.email, context=context, language=language),
        kind=OutgoingEmail.Kind.RESUME,
        organisation=campaign.organisation,
        # Past its expiry the link is useless: a message still waiting then is not sent.
        expires_at=invitation.resume_expires_at,
    )
    return invitation


@transaction.atomic
def invitations_create_bulk(*, campaign: Campaign, rows: Iterable[Mapping[str, Any]]) -> list[Invitation]:
    """Invite each row ({"email", "side", "department", "partners"}); addresses already invited
    are skipped. `partners`: ids of business units the campaign covers (issue #20), may be left out.

    1. Lock the campaign row, so two confirmations of the same list cannot both pass step 2.
    2. Skip rows whose address is already invited (or repeated in `rows`), case-insensitively.
    3. Validate the rest (side, department of the campaign, e-mail, units the campaign covers and
       as many as the side rates) and insert them at once; one invalid row raises
       ValidationError and nothing is stored.
    """
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    taken = {
        email.lower()
        for email in Invitation.objects.filter(campaign=campaign).exclude(email="").values_list("email", flat=True)
    }
    departments = set(campaign.departments or [])
    covered = {unit.pk for unit in campaign_units(campaign=campaign)}
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
        side = row.get("side", "")
        invitation = Invitation(
            organisation=campaign.organisation,
            campaign=campaign,
            side=side,
            email=email,
            department=department,
            partners=invitation_partners_check(side=side, partner_ids=row.get("partners") or [], covered=covered),
        )
        # Uniqueness is settled above under the lock (addresses) or by construction (256-bit
        # tokens), and the campaign and organisation are the ones we hold: checking them per row
        # again would cost four queries per address (5,000 addresses: a minute).
        invitation.full_clean(
            exclude=["organisation", "campaign", "open_link"], validate_unique=False, validate_constraints=False
        )
        if email:
            taken.add(email)
        invitations.append(invitation)
    return Invitation.objects.bulk_create(invitations)


def invitation_mail_check(*, campaign: Campaign) -> None:
    """Raise ApplicationError, saying why, when the campaign's respondents cannot be e-mailed."""
    if campaign.availability() == "closed":
        raise ApplicationError(
            _("“%(campaign)s” is closed: no invitations or reminders can be sent.") % {"campaign": campaign.name}
        )
    if campaign.status != Campaign.Status.OPEN:
        raise ApplicationError(
            _("Open “%(campaign)s” before sending e-mails: its links do not work yet.") % {"campaign": campaign.name}
        )


def invitations_send(
    *, campaign: Campaign, invitations: Iterable[Invitation], reply_to: str = "", base_url: str = ""
) -> int:
    """Queue the invitation e-mail (personal link, per-side wording) of each invitation with an
    address; a worker sends them (assessments.services.mail). Returns how many were queued.

    Sending again is allowed: it repeats the same link. `base_url` starts the links:
    `brmportal.lib.urls.site_url(request)` of the BRM who sends.
    """
    invitation_mail_check(campaign=campaign)
    ids = [i.pk for i in invitations if i.email and i.campaign_id == campaign.pk]
    return invitation_mails_queue(
        campaign=campaign, invitation_ids=ids, kind=OutgoingEmail.Kind.INVITATION, reply_to=reply_to, base_url=base_url
    )


def invitation_send(*, invitation: Invitation, reply_to: str = "", base_url: str = "") -> Invitation:
    if not invitation.email:
        raise ApplicationError(_("This invitation has no e-mail address: copy its link instead."))
    if invitation.state == Invitation.State.SUBMITTED:
        raise ApplicationError(_("%(email)s has already submitted their answers.") % {"email": invitation.email})
    invitations_send(campaign=invitation.campaign, invitations=[invitation], reply_to=reply_to, base_url=base_url)
    return invitation


@transaction.atomic
def invitations_invite(*, campaign: Campaign, reply_to: str = "", base_url: str = "") -> int:
    """Queue the invitation e-mail of everyone `invitation_invite_recipients` names (never
    e-mailed, not started); returns how many."""
    invitation_mail_check(campaign=campaign)
    ids = list(invitation_invite_recipients(campaign=campaign).values_list("pk", flat=True))
    return invitation_mails_queue(
        campaign=campaign, invitation_ids=ids, kind=OutgoingEmail.Kind.INVITATION, reply_to=reply_to, base_url=base_url
    )


@transaction.atomic
def invitations_remind(*, campaign: Campaign, reply_to: str = "", base_url: str = "") -> int:
    """Queue a reminder to everyone `invitation_reminder_recipients` names (e-mailed an
    invitation, not submitted); returns how many. The worker skips whoever submits meanwhile.

    `base_url` starts the links: `brmportal.lib.urls.site_url(request)` of the BRM who sends.
    """
    invitation_mail_check(campaign=campaign)
    ids = list(invitation_reminder_recipients(campaign=campaign).values_list("pk", flat=True))
    return invitation_mails_queue(
        campaign=campaign, invitation_ids=ids, kind=OutgoingEmail.Kind.REMINDER, reply_to=reply_to, base_url=base_url
    )
