"""The dashboard's numbers computed the naive way, for comparison only (never used by the portal).

Loads every submitted answer as an ORM object and counts in Python loops, then feeds the same
scoring code as the real path. The real path (assessments.selectors.aggregates.campaign_aggregates)
lets PostgreSQL do the counting with one GROUP BY.
"""

from __future__ import annotations

from assessments.instrument_meta import instrument_meta
from assessments.models import Answer, Campaign, Response
from assessments.results import CampaignScores
from assessments.scoring import campaign_ref, scores_build
from brmportal.lib.aggregates import CampaignAggregates
from brmportal.lib.scoring import Tally


def naive_campaign_scores(*, campaign: Campaign) -> CampaignScores:
    counts: dict[tuple[str, str], int] = {}
    for response in Response.objects.filter(campaign=campaign, submitted_at__isnull=False):
        key = (response.side, response.department)
        counts[key] = counts.get(key, 0) + 1
    sums: dict[tuple[str, str], dict[tuple[str, str], list[int]]] = {}
    answers = Answer.objects.filter(campaign=campaign, response__submitted_at__isnull=False).select_related(
        "response", "item"
    )
    for answer in answers:
        group = sums.setdefault((answer.response.side, answer.response.department), {})
        cell = group.setdefault((answer.item.code, answer.aspect), [0, 0, 0, 0])
        if answer.special == "dk":
            cell[2] += 1
        elif answer.special == "na":
            cell[3] += 1
        else:
            cell[0] += 1
            cell[1] += answer.value
    tallies = {g: {k: Tally(*v) for k, v in cells.items()} for g, cells in sums.items()}
    return scores_build(
        aggregates=CampaignAggregates(counts=counts, tallies=tallies),
        meta=instrument_meta(instrument=campaign.instrument),
        campaign=campaign_ref(campaign),
        threshold=campaign.anonymity_threshold,
        departments=campaign.departments or [],
    )
