"""The business-partner portfolio of a campaign (issue #20): every pair's published result.

Read from the stored pairs aggregate (`PublishedSnapshot.pairs`, assessments.selectors.pair_aggregates),
scored by the campaign's own scoring, one pair at a time, after the pair rules of
assessments.anonymity.hidden_pairs. The portfolio is cached with the campaign's scores and
forgotten with them (a new batch, a changed setting), so a read is 2 queries cold-cached and 1 warm.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.db.models import Q

from assessments.anonymity import Combo, hidden_groups, hidden_pairs, report_groups
from assessments.instrument_meta import instrument_meta
from assessments.models import Campaign, PublishedSnapshot
from assessments.portfolio import PartnerResult, Portfolio
from assessments.scoring import SCORES_CACHE_SECONDS, campaign_ref, scores_build, scores_generation
from assessments.selectors.consensus import consensus_model_json, partner_consensus_models
from assessments.selectors.pair_aggregates import PairAggregates, pairs_aggregates
from assessments.stored_scores import loads_quietly, scores_key
from assessments.wording import scores_json
from brmportal.lib.aggregates import CampaignAggregates
from brmportal.lib.scoring import ONLINE_SOURCES, SIDES, Tallies


def campaign_portfolio(*, campaign: Campaign) -> Portfolio:
    """Every unit the campaign covers, with its pair's scores where the pair rules allow them.

    Queries: the campaign's units (1), then from the cache nothing more; else the stored pairs (1).
    """
    units = list(campaign.partners.order_by("name", "pk").values_list("pk", "name"))
    threshold = campaign.anonymity_threshold
    if not units:
        return Portfolio(campaign_id=campaign.pk, threshold=threshold, partners=())
    key = f"portfolio:{scores_key(campaign)}:{scores_generation(campaign.pk)}:{','.join(str(u) for u, _ in units)}"
    # Kept pickled by us, not by the cache: read back with the collector paused (loads_quietly).
    cached = cache.get(key)
    if isinstance(cached, bytes) and isinstance(found := loads_quietly(cached), Portfolio):
        return found
    pairs = _stored_pairs(campaign)
    portfolio = Portfolio(
        campaign_id=campaign.pk, threshold=threshold, partners=tuple(portfolio_partners(campaign, pairs, units))
    )
    cache.set(key, pickle.dumps(portfolio, protocol=pickle.HIGHEST_PROTOCOL), SCORES_CACHE_SECONDS)
    return portfolio


def _stored_pairs(campaign: Campaign) -> PairAggregates:
    row = PublishedSnapshot.objects.filter(campaign_id=campaign.pk).values_list("pairs").first()
    pairs = PairAggregates.from_json(row[0]) if row is not None else PairAggregates()
    if pairs is None:  # stored in an older shape: counted again (the next publication stores it)
        pairs = pairs_aggregates(campaign=campaign, published=Q(published_at__isnull=False))
    return pairs


def portfolio_groups(*, campaign: Campaign) -> list[tuple[int, str, dict[str, Tallies | None]]]:
    """The answers counted per item of every reported pair, by unit (id, name, the groups
    "business", "it", "overall" as `report_groups` gives them): the portfolio's export. 2 queries."""
    units = list(campaign.partners.order_by("name", "pk").values_list("pk", "name"))
    if not units:
        return []
    pairs = _stored_pairs(campaign)
    if pairs.aggregates is None:
        return []
    reasons = _reasons(campaign, pairs, units)
    found = []
    for unit, name in units:
        if unit not in reasons:
            selected = report_groups(aggregates=_pair(pairs.aggregates, unit), threshold=campaign.anonymity_threshold)
            found.append((unit, name, dict(selected.groups)))
    return found


def _reasons(campaign: Campaign, pairs: PairAggregates, units: list[tuple[int, str]]) -> dict[int, str]:
    """Why each unreported pair is not reported (assessments.anonymity.hidden_pairs)."""
    threshold = campaign.anonymity_threshold
    combos = {combo: sum(by_source.values()) for combo, by_source in pairs.combos.items()}
    online = {
        combo: sum(n for source, n in by_source.items() if source in ONLINE_SOURCES)
        for combo, by_source in pairs.combos.items()
    }
    hidden = hidden_groups(counts=_cells(combos), threshold=threshold, online=_cells(online))
    return hidden_pairs(combos=combos, online=online, units=[u for u, _ in units], threshold=threshold, hidden=hidden)


def portfolio_partners(campaign: Campaign, pairs: PairAggregates, units: list[tuple[int, str]]) -> list[PartnerResult]:
    """Each unit's pair: the pair rules first, then the scores of the pairs they report."""
    threshold = campaign.anonymity_threshold
    combos = {combo: sum(by_source.values()) for combo, by_source in pairs.combos.items()}
    reasons = _reasons(campaign, pairs, units)
    meta = instrument_meta(instrument=campaign.instrument)
    ref = campaign_ref(campaign)
    found = []
    for unit, name in units:
        responses = {
            side: sum(n for (s, _d, rated), n in combos.items() if s == side and unit in rated) for side in SIDES
        }
        reason = reasons.get(unit)
        scores = None
        if reason is None and pairs.aggregates is not None:
            scores = scores_build(
                aggregates=_pair(pairs.aggregates, unit),
                meta=meta,
                campaign=ref,
                threshold=threshold,
                closed=campaign.status == Campaign.Status.CLOSED,
            )
        found.append(PartnerResult(unit_id=unit, name=name, responses=responses, reason=reason, scores=scores))
    return found


def _cells(by_combo: Mapping[Combo, int]) -> dict[tuple[str, str], int]:
    """Counts per (side, department), as the campaign's own anonymity rules read them."""
    cells: dict[tuple[str, str], int] = {}
    for (side, department, _units), n in by_combo.items():
        cells[(side, department)] = cells.get((side, department), 0) + n
    return cells


def _pair(aggregates: CampaignAggregates, unit: int) -> CampaignAggregates:
    """One pair's cells as a campaign of two sides: business x unit and IT x unit."""
    cells = {(side, str(unit)): (side, "") for side in SIDES}
    return CampaignAggregates.from_sources(
        sources={new: aggregates.sources[old] for old, new in cells.items() if old in aggregates.sources},
        tallies={new: aggregates.tallies[old] for old, new in cells.items() if old in aggregates.tallies},
        measures={new: aggregates.measures[old] for old, new in cells.items() if old in aggregates.measures},
    )


def partners_json(*, campaign: Campaign) -> list[dict[str, Any]]:
    """The `partners` key of `campaign_scores --json` and the API: per unit its id, name,
    published respondents per side, whether it is reported (else why), its scores in the
    documented shape of a campaign's (null when not reported), and the relationship models a
    consensus workshop agreed for it (`consensus`, the shape of the campaign's `consensus.model`)."""
    portfolio = campaign_portfolio(campaign=campaign)
    agreed = partner_consensus_models(campaign=campaign) if portfolio.partners else {}
    return [
        {
            "id": partner.unit_id,
            "name": partner.name,
            "responses": dict(partner.responses),
            "reported": partner.shown,
            "reason": partner.reason,
            "scores": scores_json(partner.scores, instrument=campaign.instrument)
            if partner.scores is not None
            else None,
            "consensus": consensus_model_json(agreed.get(partner.unit_id)),
        }
        for partner in portfolio.partners
    ]
