"""What a consensus workshop discusses, and what it agreed (issue #19 item 1).

The agenda reads the published scores only (`campaign_scores`: the anonymity rules have already
left out any side under the threshold), so the workshop never sees more than the dashboard does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessments.consensus import ConsensusModel, ConsensusValue
from assessments.item_stats import ItemStats
from assessments.models import Campaign, Item
from assessments.scoring import campaign_scores
from brmportal.lib.scoring import GROUP_NAMES, SIDES, Tally
from brmportal.lib.stats import MIN_VARIANCE, Difference, Estimate, welch


@dataclass(frozen=True)
class AgendaAspect:
    """One aspect of an item (today, desired, current, target or value) as each side answered it."""

    aspect: str
    business: Estimate | None
    it: Estimate | None
    difference: Difference | None  # business - it (Welch)


@dataclass(frozen=True)
class AgendaItem:
    item: Item
    aspects: tuple[AgendaAspect, ...]

    @property
    def divergence(self) -> float | None:
        """The largest clear business-IT difference over the item's aspects (its size); None if none is clear."""
        clear = [abs(a.difference.value) for a in self.aspects if a.difference is not None and a.difference.clear]
        return max(clear, default=None)

    @property
    def spread(self) -> float:
        """The largest standard deviation within one side, over the item's aspects."""
        return max((e.sd or 0.0 for a in self.aspects for e in (a.business, a.it) if e is not None), default=0.0)


@dataclass(frozen=True)
class CampaignConsensus:
    values: dict[str, ConsensusValue]  # by code
    model: ConsensusModel | None


def _estimate(stats: ItemStats, side: str) -> Estimate | None:
    counts = stats.counts[GROUP_NAMES.index(side)] if stats.answered_by(side) else None
    if counts is None:
        return None
    tally = Tally(*counts)
    # With the variance floor every interval gets, so two unanimous sides are not called "clearly" apart.
    return Estimate.of(tally.n, tally.total, tally.sq, MIN_VARIANCE, stats.scale)


def agenda_order(entries: list[AgendaItem]) -> list[AgendaItem]:
    """Clear business-IT divergences first, the largest first; then the largest spread within a side."""

    def key(entry: AgendaItem) -> tuple[int, float, float, int]:
        divergence = entry.divergence
        return (0 if divergence is not None else 1, -(divergence or 0.0), -entry.spread, entry.item.order)

    return sorted(entries, key=key)


def consensus_agenda(*, campaign: Campaign) -> list[AgendaItem]:
    """Every item of the campaign's instrument in agenda order, with each side's published figures."""
    stats: dict[str, list[ItemStats]] = {}
    for entry in campaign_scores(campaign=campaign).items:
        stats.setdefault(entry.code, []).append(entry)
    items = Item.objects.filter(instrument_id=campaign.instrument_id).order_by("order")
    entries = []
    for item in items:
        aspects = []
        for entry in stats.get(item.code, []):
            business, it = (_estimate(entry, side) for side in SIDES)
            aspects.append(AgendaAspect(entry.aspect, business, it, welch(business, it)))
        entries.append(AgendaItem(item, tuple(aspects)))
    return agenda_order(entries)


def campaign_consensus(*, campaign: Campaign) -> CampaignConsensus:
    """What the campaign's workshop recorded: the values by code, and the relationship models."""
    values = {value.code: value for value in ConsensusValue.objects.filter(campaign=campaign).order_by("code")}
    model = ConsensusModel.objects.filter(campaign=campaign, partner__isnull=True).first()
    return CampaignConsensus(values=values, model=model)


def partner_consensus_models(*, campaign: Campaign) -> dict[int, ConsensusModel]:
    """The models the workshop agreed per business unit's pair (issue #20), by unit id (1 query)."""
    rows = ConsensusModel.objects.filter(campaign=campaign, partner__isnull=False)
    return {row.partner_id: row for row in rows if row.partner_id is not None}


def consensus_model_json(model: ConsensusModel | None) -> dict[str, Any] | None:
    if model is None:
        return None
    return {
        "today": model.today or None,
        "target": model.target or None,
        "rationale": model.rationale,
        "recorded_at": model.recorded_at.isoformat(),
    }


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def consensus_json(consensus: CampaignConsensus) -> dict[str, Any]:
    """`consensus` of `campaign_scores --json` and the API: the group's decisions, never anyone's answers."""
    return {
        "values": {
            code: {
                "aspect": value.aspect,
                "current": _number(value.current),
                "target": _number(value.target),
                "rationale": value.rationale,
                "recorded_at": value.recorded_at.isoformat(),
            }
            for code, value in consensus.values.items()
        },
        "model": consensus_model_json(consensus.model),
    }
