"""Writes for a campaign's open links: switch on or off, cap, start a visitor's invitation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessments.models import Campaign, Invitation, OpenLink
from brmportal.lib.exceptions import ApplicationError


def open_link_set_active(*, campaign: Campaign, side: str, active: bool) -> OpenLink:
    """Switch the campaign's open link for `side` on or off, creating it on first use."""
    link = OpenLink.objects.filter(campaign=campaign, side=side).first()
    if link is None:
        link = OpenLink(organisation=campaign.organisation, campaign=campaign, side=side, active=active)
        link.full_clean()
        link.save()
    elif link.active != active:
        link.active = active
        link.save(update_fields=["active", "updated_at"])
    return link


MAX_OPEN_LINK_CAP = 10000


def open_link_update(*, campaign: Campaign, side: str, cap: int) -> OpenLink:
    """Set how many respondents the campaign's open link for `side` may start (1..10,000),
    creating the link switched off on first use."""
    if not 1 <= cap <= MAX_OPEN_LINK_CAP:
        raise ValidationError(
            {
                "cap": _("The limit must be between 1 and %(max)s.")
                % {"max": number_format(MAX_OPEN_LINK_CAP, force_grouping=True)}
            }
        )
    link = OpenLink.objects.filter(campaign=campaign, side=side).first()
    if link is None:
        link = OpenLink(organisation=campaign.organisation, campaign=campaign, side=side, active=False, cap=cap)
        link.full_clean()
        link.save()
    elif link.cap != cap:
        link.cap = cap
        link.full_clean()
        # A plain save(): django-auditlog records the old and new cap.
        link.save(update_fields=["cap", "updated_at"])
    return link


class OpenLinkFull(ApplicationError):
    """The open link has started as many respondents as its cap allows."""


@transaction.atomic
def open_link_invitation_create(*, open_link: OpenLink) -> Invitation:
    """A fresh invitation of the open link's side: each visitor gets their own resumable link.

    At most `open_link.cap` invitations are ever started through one link (OpenLinkFull after
    that). The link's row is locked while counting, so concurrent starts cannot pass the cap.
    """
    link = OpenLink.objects.select_for_update().get(pk=open_link.pk)
    if not link.active:
        raise ApplicationError(_("This link has been switched off."))
    if Invitation.objects.filter(open_link=link).count() >= link.cap:
        raise OpenLinkFull(_("This link has reached the number of respondents it was set up for."))
    invitation = Invitation(
        organisation_id=link.organisation_id, campaign=open_link.campaign, side=link.side, open_link=link
    )
    invitation.full_clean()
    invitation.save()
    return invitation
