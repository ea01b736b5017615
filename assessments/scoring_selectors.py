"""The aggregating reads behind every score: the database counts, Python does the arithmetic.

Kept apart from selectors.py because everything scoring needs from the database is here, and the
query count of this module is a tested promise (see tests/assessments/test_campaign_scores.py).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from assessments.models import Answer, Campaign, Response, Special
from assessments.selectors import instrument_items
from brmportal.lib.scoring import CampaignAggregates, Tally


def _answer_totals():
    # Specials have value NULL, which SUM ignores; the counts keep them apart.
    return {
        "n": Count("id", filter=Q(special=Special.NONE)),
        "total": Sum("value", default=0),
        "dk": Count("id", filter=Q(special=Special.DONT_KNOW)),
        "na": Count("id", filter=Q(special=Special.NOT_APPLICABLE)),
    }


def campaign_answer_totals(*, campaign: Campaign) -> QuerySet:
    """The aggregation itself (query 1 of campaign_aggregates), apart so its plan can be tested."""
    return (
        Answer.objects.filter(
            organisation_id=campaign.organisation_id, campaign_id=campaign.pk, response__submitted_at__isnull=False
        )
        .values("response__side", "response__department", "item_id", "aspect")
        .annotate(**_answer_totals())
        .order_by()
    )


def campaign_aggregates(*, campaign: Campaign) -> CampaignAggregates:
    """Submitted answers of a campaign, counted per side x department x item x aspect: 2 queries.

    1. Answers of submitted responses, GROUP BY side, department, item code, aspect: number of
       numeric answers, their sum, and the "don't know" / "not applicable" counts.
    2. Submitted responses per side x department (a response may leave optional items empty,
       so respondents cannot be counted from answers).
    Unsubmitted responses never count. The number of rows depends on the instrument and the
    number of departments, never on the number of responses.
    """
    scope = {"organisation_id": campaign.organisation_id, "campaign_id": campaign.pk}
    # Grouping by item_id (codes come from the cached instrument) spares a join on 10^6 rows.
    codes = {item.pk: item.code for item in instrument_items(instrument=campaign.instrument)}
    rows = campaign_answer_totals(campaign=campaign)
    tallies: dict[tuple[str, str], dict[tuple[str, str], Tally]] = {}
    for row in rows:
        group = tallies.setdefault((row["response__side"], row["response__department"]), {})
        group[(codes[row["item_id"]], row["aspect"])] = Tally(row["n"], row["total"], row["dk"], row["na"])
    counts = {
        (row["side"], row["department"]): row["n"]
        for row in Response.objects.filter(**scope, submitted_at__isnull=False)
        .values("side", "department")
        .annotate(n=Count("id"))
        .order_by()
    }
    return CampaignAggregates(counts=counts, tallies=tallies)


def response_aggregates(*, response: Response) -> dict[tuple[str, str], Tally]:
    """One respondent's answers in the same shape as a group's (1 query), for their own summary."""
    rows = (
        Answer.objects.filter(organisation_id=response.organisation_id, response=response)
        .values("item__code", "aspect")
        .annotate(**_answer_totals())
        .order_by()
    )
    return {(row["item__code"], row["aspect"]): Tally(row["n"], row["total"], row["dk"], row["na"]) for row in rows}
