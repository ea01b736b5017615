"""Each business-IT pair across the organisation's rounds (issue #20): today's relationship index
of the pair (everyone) in every earlier campaign with published results that covered the same
business unit, and in this one.

A constant number of queries whatever the number of rounds, units and responses: the rounds (1),
the units they cover (1), their stored pairs (1; none when cached), each round's pairs then
scored by `assessments.selectors.partners.portfolio_partners`, the portfolio's own scoring and
pair rules. Worded by `reports.portfolio.trend_view`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q

from assessments.models import BusinessUnit, Campaign, PublishedSnapshot, Response
from assessments.portfolio import PartnerResult, Portfolio
from assessments.presentation import figures
from assessments.scoring import SCORES_CACHE_SECONDS, scores_generation
from assessments.selectors.pair_aggregates import PairAggregates, pairs_aggregates
from assessments.selectors.partners import portfolio_partners
from assessments.stored_scores import scores_key
from assessments.texts import instrument_texts
from assessments.trends import RoundRef
from brmportal.lib.stats import Estimate


@dataclass(frozen=True)
class PairRound:
    """A pair in one round: the round (its `responses`: the pair's published respondents per
    side), the pair's today's index (everyone; None when the pair was not reported then, or
    nobody agreed with a model) and its n and interval (None without a spread)."""

    ref: RoundRef
    index: float | None
    estimate: Estimate | None


@dataclass(frozen=True)
class PairTrend:
    """A unit's pair in every round that covered the unit, oldest first, this campaign last."""

    unit_id: int
    rounds: tuple[PairRound, ...]


# The figure a pair's trend follows (`assessments.presentation.figures`' key).
TODAY = "relationship.overall.today"


def _round(campaign: Campaign, partner: PartnerResult) -> PairRound:
    ref = RoundRef(
        campaign.pk, campaign.name, campaign.created_at, campaign.instrument.version, dict(partner.responses)
    )
    if partner.scores is None:
        return PairRound(ref=ref, index=None, estimate=None)
    found = next((f for f in figures(partner.scores, instrument_texts(campaign.instrument)) if f.key == TODAY), None)
    return PairRound(ref=ref, index=found.value if found else None, estimate=found.estimate if found else None)


def portfolio_rounds(*, campaign: Campaign) -> list[Campaign]:
    """The organisation's campaigns created before `campaign` that have published results and
    covered one of its units, oldest first, with their instrument (1 query)."""
    published = Response.objects.filter(
        organisation_id=campaign.organisation_id, campaign=OuterRef("pk"), published_at__isnull=False
    )
    covered = BusinessUnit.campaigns.through.objects.filter(
        campaign_id=OuterRef("pk"), businessunit__campaigns=campaign
    )
    return list(
        Campaign.objects.filter(organisation_id=campaign.organisation_id)
        .filter(Q(created_at__lt=campaign.created_at) | Q(created_at=campaign.created_at, pk__lt=campaign.pk))
        .filter(Exists(published), Exists(covered))
        .select_related("instrument")
        .order_by("created_at", "pk")
    )


def _earlier(rounds: list[Campaign], organisation_id: int) -> dict[int, list[PartnerResult]]:
    """Each earlier round's pairs, scored: its units (1 query) and stored pairs (1 query)."""
    units: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for campaign_id, unit, name in (
        BusinessUnit.campaigns.through.objects.filter(
            campaign_id__in=[r.pk for r in rounds], businessunit__organisation_id=organisation_id
        )
        .order_by("businessunit__name", "businessunit_id")
        .values_list("campaign_id", "businessunit_id", "businessunit__name")
    ):
        units[campaign_id].append((unit, name))
    stored = dict(
        PublishedSnapshot.objects.filter(campaign_id__in=[r.pk for r in rounds]).values_list("campaign_id", "pairs")
    )
    found = {}
    for r in rounds:
        pairs = PairAggregates.from_json(stored.get(r.pk))
        if pairs is None:  # stored in an older shape: counted again, as campaign_portfolio does
            pairs = pairs_aggregates(campaign=r, published=Q(published_at__isnull=False))
        found[r.pk] = portfolio_partners(r, pairs, units[r.pk])
    return found


def portfolio_trends(*, campaign: Campaign, portfolio: Portfolio) -> dict[int, PairTrend]:
    """Per unit of `portfolio` (the campaign's, as `campaign_portfolio` read it): its pair in
    every round that covered it; a unit no earlier round covered has only this round.

    Queries: the rounds (1), then from the cache nothing more, else their units (1) and stored
    pairs (1). Cached with the rounds' scores: a new batch or a changed setting of any round
    (its `scores_key` and generation) is another key."""
    rounds = portfolio_rounds(campaign=campaign)
    earlier: dict[int, list[PartnerResult]] = {}
    if rounds:
        parts = [f"{scores_key(r)}:{scores_generation(r.pk)}" for r in rounds]
        key = f"portfolio-trends:{campaign.organisation_id}:{':'.join(parts)}"
        cached = cache.get(key)
        if isinstance(cached, dict):
            earlier = cached
        else:
            earlier = _earlier(rounds, campaign.organisation_id)
            cache.set(key, earlier, SCORES_CACHE_SECONDS)
    trends = {}
    for partner in portfolio.partners:
        steps = [
            _round(r, found) for r in rounds for found in earlier.get(r.pk, ()) if found.unit_id == partner.unit_id
        ]
        steps.append(_round(campaign, partner))
        trends[partner.unit_id] = PairTrend(unit_id=partner.unit_id, rounds=tuple(steps))
    return trends
