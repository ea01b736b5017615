"""The aggregating reads behind every score: the database counts, Python does the arithmetic.

`campaign_aggregates` reads the published snapshot, which every result is computed from;
`campaign_live_aggregates` counts the answers themselves, to build that snapshot.

Kept apart from selectors.py because everything scoring needs from the database is here, and the
query count of this module is a tested promise (see tests/assessments/test_campaign_scores.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Aggregate, Count, Q, QuerySet, Sum

from assessments.models import Answer, Campaign, PublishedSnapshot, Response, Special
from assessments.selectors.instruments import instrument_items
from brmportal.lib.scoring import CampaignAggregates, Tally


def _answer_totals() -> dict[str, Aggregate]:
    # Specials have value NULL, which SUM ignores; the counts keep them apart.
    return {
        "n": Count("id", filter=Q(special=Special.NONE)),
        "total": Sum("value", default=0),
        "dk": Count("id", filter=Q(special=Special.DONT_KNOW)),
        "na": Count("id", filter=Q(special=Special.NOT_APPLICABLE)),
    }


def campaign_answer_totals(*, campaign: Campaign) -> QuerySet:
    """The aggregation itself (query 1 of campaign_live_aggregates), apart so its plan can be tested.

    Only published responses count (assessments.services.snapshots): a submission enters the results
    with its batch, never on its own.
    """
    return (
        Answer.objects.filter(
            organisation_id=campaign.organisation_id, campaign_id=campaign.pk, response__published_at__isnull=False
        )
        .values("response__side", "response__department", "item_id", "aspect")
        .annotate(**_answer_totals())
        .order_by()
    )


def campaign_live_aggregates(*, campaign: Campaign) -> CampaignAggregates:
    """The published answers of a campaign, counted per side x department x item x aspect: 2 queries.

    1. Answers of published responses, GROUP BY side, department, item, aspect: number of
       numeric answers, their sum, and the "don't know" / "not applicable" counts.
    2. Published responses per side x department x source (a response may leave optional items
       empty, so respondents cannot be counted from answers).
    The number of rows depends on the instrument and the number of departments, never on the
    number of responses. Only `assessments.services.snapshots` calls this, to (re)build the stored
    snapshot; every reader goes through `assessments.services.snapshots.campaign_aggregates`.
    """
    scope = {"organisation_id": campaign.organisation_id, "campaign_id": campaign.pk}
    # Grouping by item_id (codes come from the cached instrument) spares a join on 10^6 rows.
    codes = {item.pk: item.code for item in instrument_items(instrument=campaign.instrument)}
    tallies: dict[tuple[str, str], dict[tuple[str, str], Tally]] = {}
    for row in campaign_answer_totals(campaign=campaign):
        group = tallies.setdefault((row["response__side"], row["response__department"]), {})
        group[(codes[row["item_id"]], row["aspect"])] = Tally(row["n"], row["total"], row["dk"], row["na"])
    sources: dict[tuple[str, str], dict[str, int]] = {}
    for row in (
        Response.objects.filter(**scope, published_at__isnull=False)
        .values("side", "department", "source")
        .annotate(n=Count("id"))
        .order_by()
    ):
        sources.setdefault((row["side"], row["department"]), {})[row["source"]] = row["n"]
    return CampaignAggregates.from_sources(sources=sources, tallies=tallies)


def response_aggregates(*, response: Response) -> dict[tuple[str, str], Tally]:
    """One respondent's answers in the same shape as a group's (1 query), for their own summary."""
    # Rows as Mapping: the stubs' row type cannot see the counts that **_answer_totals() adds.
    rows: QuerySet[Answer, Mapping[str, Any]] = (
        Answer.objects.filter(organisation_id=response.organisation_id, response=response)
        .values("item__code", "aspect")
        .annotate(**_answer_totals())
        .order_by()
    )
    return {(row["item__code"], row["aspect"]): Tally(row["n"], row["total"], row["dk"], row["na"]) for row in rows}


def campaign_aggregates(*, campaign: Campaign) -> CampaignAggregates:
    """The campaign's published snapshot, which every result reads: 1 query whatever the number
    of responses.

    A stored aggregate is read, never the answers, so a dashboard costs the same at 100 and at
    1,000,000 responses. A campaign without a stored snapshot (data from before snapshots, a
    cache cleared by hand) is aggregated from its published responses instead, until the next
    publication (assessments.services.snapshots) stores one.
    """
    snapshot = PublishedSnapshot.objects.filter(campaign_id=campaign.pk).only("data").first()
    if snapshot is None:
        return campaign_live_aggregates(campaign=campaign)
    return CampaignAggregates.from_json(snapshot.data)


def campaign_waiting_count(*, campaign: Campaign) -> int:
    """Submitted responses not in the published results yet (1 query)."""
    return Response.objects.filter(
        organisation_id=campaign.organisation_id,
        campaign_id=campaign.pk,
        published_at__isnull=True,
        submitted_at__isnull=False,
    ).count()
