"""Reads for the JSON API. Everything but the token lookup is scoped by the token's organisation."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from accounts.models import Organisation
from api.models import ApiToken, key_hash
from assessments.models import Campaign
from assessments.partners import BusinessUnit
from assessments.selectors.campaigns import campaign_queryset_with_counts

# The business units each campaign covers (issue #20), in name order: one query for a page.
_PARTNERS = Prefetch("partners", queryset=BusinessUnit.objects.order_by("name", "pk"))


def api_token_get_by_key(*, key: str) -> ApiToken | None:
    """The live (not revoked) token with this key, with its organisation; None for anything else."""
    return (
        ApiToken.objects.select_related("organisation").filter(key_hash=key_hash(key), revoked_at__isnull=True).first()
    )


def api_token_list(*, organisation: Organisation) -> list[ApiToken]:
    """The organisation's tokens, live ones first, newest first, with who made them (1 query)."""
    return list(
        ApiToken.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def api_token_get(*, organisation: Organisation, token_id: int) -> ApiToken | None:
    """One token of the organisation, or None (also when it belongs to another organisation)."""
    return ApiToken.objects.select_related("organisation").filter(organisation=organisation, pk=token_id).first()


def api_campaign_list(*, organisation: Organisation) -> QuerySet[Campaign]:
    """The organisation's campaigns, newest first, with invited and submitted counts per side
    and the business units each covers.

    A lazy QuerySet so that the paginator only reads one page (plus a COUNT, and the page's units).
    """
    return campaign_queryset_with_counts(organisation=organisation).prefetch_related(_PARTNERS)


def api_campaign_get(*, organisation: Organisation, campaign_id: int, with_counts: bool = False) -> Campaign | None:
    """One campaign of the organisation, or None (also when it belongs to another organisation)."""
    if with_counts:  # the campaign's own page: with its counts and business units
        campaigns = campaign_queryset_with_counts(organisation=organisation).prefetch_related(_PARTNERS)
    else:
        campaigns = Campaign.objects.filter(organisation=organisation).select_related("instrument")
    return campaigns.filter(pk=campaign_id).first()
