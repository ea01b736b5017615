"""Reads of invitations and open links: by token, lists, languages, links."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from assessments.models import Campaign, Invitation, OpenLink, Response
from assessments.outbox import EMAIL_PENDING, EmailStatus
from assessments.partners import BusinessUnit
from assessments.selectors.campaigns import department_order
from assessments.selectors.responses import respondent_language
from brmportal.lib.urls import absolute_url


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation with its campaign, organisation, instrument and response (1 query), and
    `covers_partners`: whether its campaign covers business units.

    The instrument's `content` (the whole parsed source, ~85 KB of JSON) is left out: respondent
    pages read its parts through per-process caches (`instrument_scale_labels`); code that
    does touch `content` still gets it, with one more query.
    """
    # Whether the campaign covers business units (assessments.partners), in the same query: a
    # campaign without units costs its respondent pages nothing more.
    covers = BusinessUnit.campaigns.through.objects.filter(campaign_id=OuterRef("campaign_id"))
    return (
        Invitation.objects.select_related("campaign", "campaign__organisation", "campaign__instrument", "response")
        .defer("campaign__instrument__content")
        .annotate(covers_partners=Exists(covers))
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


def respondent_url(*, token: str, base: str) -> str:
    """The absolute link a respondent opens (in e-mails and the copy-link field).

    `base` is `brmportal.lib.urls.site_url(request)`, taken while the user acts (and carried
    along to a worker that sends the e-mail later).
    """
    return absolute_url(reverse("respondent:welcome", args=[token]), base=base)


def open_link_url(*, open_link: OpenLink, base: str) -> str:
    return absolute_url(reverse("respondent:open_link", args=[open_link.token]), base=base)


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


# Who each bulk e-mail goes to: the one rule for sending, for the count and list shown before
# asking, and for the Respondents page's e-mail filter. Nobody whose e-mail is on its way already.
_MAIL_NOT_PENDING = ~Q(mail__status__in=EMAIL_PENDING)
# "Send invitations": an address, never e-mailed (a failed or cancelled one may be sent again), not started.
INVITE_RULE = ~Q(email="") & Q(emailed_at__isnull=True, state=Invitation.State.NEW) & _MAIL_NOT_PENDING
# "Send reminders": only who was e-mailed an invitation and has not submitted.
REMIND_RULE = ~Q(email="") & Q(emailed_at__isnull=False) & ~Q(state=Invitation.State.SUBMITTED) & _MAIL_NOT_PENDING


def invitation_invite_recipients(*, campaign: Campaign) -> QuerySet[Invitation]:
    """Who "Send invitations" e-mails (INVITE_RULE)."""
    return Invitation.objects.filter(INVITE_RULE, organisation_id=campaign.organisation_id, campaign=campaign)


def invitation_reminder_recipients(*, campaign: Campaign) -> QuerySet[Invitation]:
    """Who a reminder goes to (REMIND_RULE)."""
    return Invitation.objects.filter(REMIND_RULE, organisation_id=campaign.organisation_id, campaign=campaign)


def invitation_recipient_preview(*, recipients: QuerySet[Invitation], limit: int) -> tuple[int, list[str]]:
    """(how many, the first `limit` addresses in the order they were invited): 2 queries."""
    return recipients.count(), list(recipients.order_by("created_at", "pk").values_list("email", flat=True)[:limit])


def invitation_mail_pending_count(*, campaign: Campaign) -> int:
    """How many of the campaign's invitation e-mails wait for a worker (queued, sending, retrying)."""
    return Invitation.objects.filter(
        organisation_id=campaign.organisation_id, campaign=campaign, mail__status__in=EMAIL_PENDING
    ).count()


class MailFilter:
    """The Respondents page's e-mail filter values."""

    TO_INVITE = "to_invite"
    TO_REMIND = "to_remind"
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


_MAIL_FILTERS = {
    MailFilter.TO_INVITE: INVITE_RULE,
    MailFilter.TO_REMIND: REMIND_RULE,
    MailFilter.PENDING: Q(mail__status__in=EMAIL_PENDING),
    MailFilter.SENT: Q(mail__status=EmailStatus.SENT),
    MailFilter.FAILED: Q(mail__status__in=[EmailStatus.FAILED, EmailStatus.CANCELLED]),
}


@dataclass(frozen=True)
class InvitationFilters:
    """What the Respondents page narrows the list to; empty values do not filter."""

    search: str = ""
    state: str = ""
    side: str = ""
    department: str = ""
    mail: str = ""

    @property
    def active(self) -> bool:
        return any((self.search, self.state, self.side, self.department, self.mail))


def invitation_filter(*, campaign: Campaign, filters: InvitationFilters) -> QuerySet[Invitation]:
    """The campaign's invitations narrowed by `filters`, with their e-mail state (`mail`), in
    the order they were invited: one query, whatever the number of invitations."""
    invitations = Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
    if filters.search:
        invitations = invitations.filter(email__icontains=filters.search.strip())
    if filters.state:
        invitations = invitations.filter(state=filters.state)
    if filters.side:
        invitations = invitations.filter(side=filters.side)
    if filters.department:
        invitations = invitations.filter(department=filters.department)
    if filters.mail in _MAIL_FILTERS:
        invitations = invitations.filter(_MAIL_FILTERS[filters.mail])
    return invitations.select_related("mail").order_by("created_at", "pk")


def invitation_page(*, campaign: Campaign, filters: InvitationFilters, page: str | int, per_page: int) -> Page:
    """One page of `invitation_filter` (a page number past the end gives the last page): 2 queries."""
    return Paginator(invitation_filter(campaign=campaign, filters=filters), per_page).get_page(page)


def invitation_departments(*, campaign: Campaign) -> list[str]:
    """The departments to filter the Respondents page by: the campaign's, then any other an
    invitation names (1 query)."""
    given = (
        Invitation.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)
        .exclude(department="")
        .values_list("department", flat=True)
        .distinct()
        .order_by()
    )
    return department_order(configured=list(campaign.departments or []), given=given)
