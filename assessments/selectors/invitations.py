"""Reads of invitations and open links: by token, lists, languages, links."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from assessments.models import Campaign, Invitation, OpenLink, Response
from assessments.selectors.responses import respondent_language


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation with its campaign, organisation, instrument and response (1 query).

    The instrument's `content` (the whole parsed source, ~85 KB of JSON) is left out: respondent
    pages read its parts through per-process caches (`instrument_scale_labels`); code that
    does touch `content` still gets it, with one more query.
    """
    return (
        Invitation.objects.select_related("campaign", "campaign__organisation", "campaign__instrument", "response")
        .defer("campaign__instrument__content")
        .filter(token=token)
        .first()
    )


def invitation_language(*, invitation: Invitation) -> str:
    """`respondent_language` for an invitation loaded with its response (no query)."""
    response = getattr(invitation, "response", None)
    return respondent_language(campaign=invitation.campaign, chosen=response.language if response else None)


def invitation_languages(*, campaign: Campaign, invitations: list[Invitation]) -> dict[int, str]:
    """`respondent_language` of many invitations in one query (e-mails to a whole campaign)."""
    chosen = dict(
        Response.objects.filter(campaign=campaign, invitation__in=[i.pk for i in invitations]).values_list(
            "invitation_id", "language"
        )
    )
    return {i.pk: respondent_language(campaign=campaign, chosen=chosen.get(i.pk)) for i in invitations}


def invitation_list(*, campaign: Campaign) -> list[Invitation]:
    return list(
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign).order_by(
            "created_at", "pk"
        )
    )


def invitation_get(*, campaign: Campaign, invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(
        organisation_id=campaign.organisation_id, campaign=campaign, pk=invitation_id
    ).first()


def campaign_invited_emails(*, campaign: Campaign) -> set[str]:
    """Addresses already invited to the campaign, lower-cased for comparison."""
    emails = (
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return {email.lower() for email in emails}


def respondent_url(*, token: str) -> str:
    """The absolute link a respondent opens (in e-mails and the copy-link field)."""
    return settings.SITE_URL + reverse("respondent:welcome", args=[token])


def open_link_url(*, open_link: OpenLink) -> str:
    return settings.SITE_URL + reverse("respondent:open_link", args=[open_link.token])


def open_link_map(*, campaign: Campaign) -> dict[str, OpenLink]:
    """The campaign's open links by side (a side without one is missing)."""
    links = OpenLink.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
    return {link.side: link for link in links}


def open_link_get_by_token(*, token: str) -> OpenLink | None:
    return (
        OpenLink.objects.select_related("campaign", "campaign__organisation", "campaign__instrument")
        .filter(token=token)
        .first()
    )


def open_link_is_full(*, open_link: OpenLink) -> bool:
    """Whether the link has started as many respondents as its cap allows (see open_link_invitation_create)."""
    started = Invitation.objects.filter(organisation_id=open_link.organisation_id, open_link=open_link).count()
    return started >= open_link.cap


def invitation_reminder_recipients(*, campaign: Campaign) -> QuerySet[Invitation]:
    """Who a reminder goes to: the one rule, for sending and for the count shown before."""
    return (
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .exclude(email="")
        .exclude(state=Invitation.State.SUBMITTED)
    )
