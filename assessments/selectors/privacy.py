"""Reads about respondents' personal data: which campaigns are due for erasure, and what deleting a
campaign or an organisation would take with it (for the pages that ask first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Organisation
from assessments.models import Campaign, Invitation, Response

# What an invitation holds that leads to a person: the address, and the one-time resume link that
# was e-mailed to it (its hash; the link itself is never stored).
HOLDS_PERSONAL_DATA = ~Q(email="") | ~Q(resume_hash="")


def campaign_closed_before(cutoff: datetime) -> Q:
    """Campaigns that stopped taking answers at or before `cutoff`: closed by hand then (`closed_at`),
    or past their close date (a campaign whose close date has passed cannot be reopened).

    A campaign closed by hand with no `closed_at` (none is expected: the migration filled them in)
    falls back to its last change, which is never earlier than the close.
    """
    closed = Campaign.Status.CLOSED
    return (
        Q(closes_at__lte=cutoff)
        | Q(status=closed, closed_at__lte=cutoff)
        | Q(status=closed, closed_at__isnull=True, updated_at__lte=cutoff)
    )


def campaigns_personal_data_due(*, now: datetime) -> QuerySet[Campaign]:
    """Campaigns closed PERSONAL_DATA_RETENTION_DAYS ago or longer whose invitations still hold
    personal data, oldest first.

    Checked on the invitations rather than on `personal_data_erased_at`, so addresses added after an
    erasure (a campaign reopened, then closed again) are erased in their turn.
    """
    cutoff = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    holding = Invitation.objects.filter(HOLDS_PERSONAL_DATA, campaign=OuterRef("pk"))
    return (
        Campaign.objects.filter(campaign_closed_before(cutoff))
        .filter(Exists(holding))
        .select_related("organisation")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class PersonalDataCounts:
    """Counts for a confirmation page: how many respondents, addresses and responses."""

    invitations: int
    addresses: int
    submitted: int
    in_progress: int


def personal_data_counts(*, organisation: Organisation, campaign: Campaign | None = None) -> PersonalDataCounts:
    """Invitations, e-mail addresses and responses of the campaign (or of every campaign of the
    organisation): 2 queries, whatever their number."""
    scope = Q(organisation=organisation) & (Q(campaign=campaign) if campaign is not None else Q())
    invitations = Invitation.objects.filter(scope).aggregate(
        invitations=Count("id"), addresses=Count("id", filter=~Q(email=""))
    )
    responses = Response.objects.filter(scope).aggregate(
        submitted=Count("id", filter=Q(submitted_at__isnull=False)),
        in_progress=Count("id", filter=Q(submitted_at__isnull=True)),
    )
    return PersonalDataCounts(**invitations, **responses)
