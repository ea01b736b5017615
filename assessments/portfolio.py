"""What the portfolio reads (issue #20): each business-IT pair's published result, typed.

`assessments.selectors.partners.campaign_portfolio` returns a `Portfolio`; presenters (the
portfolio page, the per-partner PDF, the report's portfolio section, the JSON's `partners`)
word it. A pair is one business unit with IT: the business respondents of that unit and the IT
respondents who serve it (an IT respondent counts in every unit they serve).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessments.results import CampaignScores

# Why a pair has no figures (besides the anonymity reasons of assessments.anonymity).
NO_DATA = "no_data"


@dataclass(frozen=True)
class PartnerResult:
    """One business unit's pair with IT in one campaign.

    `responses`: published respondents per side rating this unit ("business", "it");
    `reason`: None when the pair is reported, else why not (assessments.anonymity's
    UNDER_THRESHOLD or COMPLEMENTARY, or NO_DATA); `scores`: the pair's full scores (the groups
    are business x unit, IT x unit and both), None when not reported. A pair is reported only
    when both of its sides are: a pair with one side is not a relationship.
    """

    unit_id: int
    name: str
    responses: dict[str, int]
    reason: str | None
    scores: CampaignScores | None

    @property
    def shown(self) -> bool:
        return self.scores is not None


@dataclass(frozen=True)
class Portfolio:
    """Every unit a campaign covers, in name order (empty when the campaign covers none)."""

    campaign_id: int
    threshold: int
    partners: tuple[PartnerResult, ...]

    def partner(self, unit_id: int) -> PartnerResult | None:
        return next((p for p in self.partners if p.unit_id == unit_id), None)
