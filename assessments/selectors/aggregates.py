"""The aggregating reads behind every score: the database counts, Python does the arithmetic.

`campaign_aggregates` reads the published snapshot, which every result is computed from;
`campaign_live_aggregates` counts the answers themselves, to build that snapshot.

Kept apart from selectors.py because everything scoring needs from the database is here, and the
query count of this module is a tested promise (see tests/assessments/test_campaign_scores.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db.models import Aggregate, Count, F, Q, QuerySet, Sum
from django.db.models.fields.json import KT

from assessments.instrument_meta import instrument_meta
from assessments.models import Answer, Campaign, PublishedSnapshot, Response, Special
from assessments.profiles import RespondentSums, answer_tally
from assessments.selectors.instruments import instrument_items
from brmportal.lib.aggregates import CampaignAggregates, Cell, Flagged, Measures
from brmportal.lib.scoring import Tally


def _answer_totals(values: range = range(0)) -> dict[str, Aggregate]:
    # Specials have value NULL, which SUM ignores; the counts keep them apart. The sum of squares
    # gives each item's spread, the count of each answer its distribution, in the same query.
    return {
        "n": Count("id", filter=Q(special=Special.NONE)),
        "total": Sum("value", default=0),
        "dk": Count("id", filter=Q(special=Special.DONT_KNOW)),
        "na": Count("id", filter=Q(special=Special.NOT_APPLICABLE)),
        "sq": Sum(F("value") * F("value"), default=0),
        **{f"v{value}": Count("id", filter=Q(value=value)) for value in values},
    }


def _tally(row: Mapping[str, Any], values: range) -> Tally:
    counts = tuple(row[f"v{value}"] if value in values else 0 for value in range(values.stop))
    return Tally(row["n"], row["total"], row["dk"], row["na"], row["sq"], counts)


def _scale_values(campaign: Campaign) -> range:
    items = instrument_items(instrument=campaign.instrument)
    return range(min((i.scale_min for i in items), default=1), max((i.scale_max for i in items), default=5) + 1)


def campaign_answer_totals(*, campaign: Campaign, values: range = range(0)) -> QuerySet:
    """The aggregation itself (query 1 of campaign_live_aggregates), apart so its plan can be tested.

    Only published responses count (assessments.services.snapshots): a submission enters the results
    with its batch, never on its own.
    """
    return (
        Answer.objects.filter(
            organisation_id=campaign.organisation_id, campaign_id=campaign.pk, response__published_at__isnull=False
        )
        .values("response__side", "response__department", "item_id", "aspect")
        .annotate(**_answer_totals(values))
        .order_by()
    )


def campaign_live_aggregates(*, campaign: Campaign) -> CampaignAggregates:
    """The published answers of a campaign, counted per side x department x item x aspect: 2 queries.

    1. Answers of published responses, GROUP BY side, department, item, aspect: number of
       numeric answers, their sum and sum of squares, how many gave each answer, and the
       "don't know" / "not applicable" counts.
    2. Published responses per side x department x source (a response may leave optional items
       empty, so respondents cannot be counted from answers).
    3. The published answers once more, in response order, for each respondent's own figures
       (`respondents_measures`).
    The number of rows depends on the instrument and the number of departments, never on the
    number of responses. Only `assessments.services.snapshots` calls this, to (re)build the stored
    snapshot; every reader goes through `assessments.services.snapshots.campaign_aggregates`.
    """
    counted = campaign_answer_counts(campaign=campaign)
    measures, flagged = respondents_measures(campaign=campaign, published=Q(published_at__isnull=False))
    return CampaignAggregates.from_sources(
        sources=counted.sources, tallies=counted.tallies, measures=measures, flagged=flagged
    )


def campaign_answer_counts(*, campaign: Campaign) -> CampaignAggregates:
    """Queries 1 and 2 of campaign_live_aggregates: answers per item and responses per source."""
    scope = {"organisation_id": campaign.organisation_id, "campaign_id": campaign.pk}
    # Grouping by item_id (codes come from the cached instrument) spares a join on 10^6 rows.
    codes = {item.pk: item.code for item in instrument_items(instrument=campaign.instrument)}
    values = _scale_values(campaign)
    tallies: dict[tuple[str, str], dict[tuple[str, str], Tally]] = {}
    for row in campaign_answer_totals(campaign=campaign, values=values):
        group = tallies.setdefault((row["response__side"], row["response__department"]), {})
        group[(codes[row["item_id"]], row["aspect"])] = _tally(row, values)
    sources: dict[tuple[str, str], dict[str, int]] = {}
    for row in (
        Response.objects.filter(**scope, published_at__isnull=False)
        .values("side", "department", "source")
        .annotate(n=Count("id"))
        .order_by()
    ):
        sources.setdefault((row["side"], row["department"]), {})[row["source"]] = row["n"]
    return CampaignAggregates.from_sources(sources=sources, tallies=tallies)


def respondents_measures(*, campaign: Campaign, published: Q) -> tuple[dict[Cell, Measures], Flagged]:
    """Each respondent's own figures (assessments.profiles), summed per side x department, for
    the responses `published` selects (1 query, streamed in response order).

    Also the part of everything that flagged respondents gave, so a reader can leave them out.
    Only sums leave this function: no figure of one respondent is kept.
    """
    sums = RespondentSums(instrument_meta(instrument=campaign.instrument).items)
    codes = {item.pk: item.code for item in instrument_items(instrument=campaign.instrument)}
    responses = Response.objects.filter(published, organisation_id=campaign.organisation_id, campaign_id=campaign.pk)
    rows = (
        Answer.objects.filter(
            organisation_id=campaign.organisation_id, campaign_id=campaign.pk, response__in=responses.values("pk")
        )
        .order_by("response_id")
        .values_list(
            "response_id",
            "response__side",
            "response__department",
            "response__source",
            "item_id",
            "aspect",
            "value",
            "special",
        )
    )
    current: int | None = None
    cell, source = ("", ""), ""
    own: dict[tuple[str, str], Tally] = {}
    for response_id, side, department, r_source, item_id, aspect, value, special in rows.iterator(chunk_size=5000):
        if response_id != current:
            if current is not None:
                sums.add(cell, source, own)
            current, cell, source, own = response_id, (side, department), r_source, {}
        own[(codes[item_id], aspect)] = answer_tally(value, special)
    if current is not None:
        sums.add(cell, source, own)
    return sums.measures, sums.flagged()


def response_aggregates(*, response: Response) -> dict[tuple[str, str], Tally]:
    """One respondent's answers in the same shape as a group's (1 query), for their own summary."""
    # Rows as Mapping: the stubs' row type cannot see the counts that **_answer_totals() adds.
    rows: QuerySet[Answer, Mapping[str, Any]] = (
        Answer.objects.filter(organisation_id=response.organisation_id, response=response)
        .values("item__code", "aspect")
        .annotate(**_answer_totals(values := _scale_values(response.campaign)))
        .order_by()
    )
    return {(row["item__code"], row["aspect"]): _tally(row, values) for row in rows}


def campaign_aggregates(*, campaign: Campaign) -> CampaignAggregates:
    """The campaign's published snapshot, which every result reads: 1 query whatever the number
    of responses (see `campaign_aggregates_stamped`)."""
    return campaign_aggregates_stamped(campaign=campaign)[0]


def campaign_aggregates_stamped(*, campaign: Campaign) -> tuple[CampaignAggregates, datetime | None]:
    """The campaign's published snapshot and when it was stored (None: no stored snapshot), in
    1 query whatever the number of responses.

    A stored aggregate is read, never the answers, so a dashboard costs the same at 100 and at
    1,000,000 responses. A campaign without a stored snapshot (data from before snapshots, a
    cache cleared by hand) is aggregated from its published responses instead, until the next
    publication (assessments.services.snapshots) stores one.
    """
    # The packed text alone (->>), no model instance: the database hands the string over as it
    # is stored, where the whole column would come back escaped and be parsed twice.
    row = (
        PublishedSnapshot.objects.filter(campaign_id=campaign.pk)
        .values_list(KT("data__packed"), "published_at")
        .first()
    )
    found = CampaignAggregates.from_packed(row[0]) if row is not None else None
    if found is None:
        # Missing, or stored in an older shape: the answers are aggregated again and the stored
        # copy brought up to date (a cache fill).
        found = campaign_live_aggregates(campaign=campaign)
        if row is not None:
            PublishedSnapshot.objects.filter(campaign_id=campaign.pk).update(data=found.to_json())
    return found, row[1] if row is not None else None


def campaign_waiting_count(*, campaign: Campaign) -> int:
    """Submitted responses not in the published results yet (1 query)."""
    return Response.objects.filter(
        organisation_id=campaign.organisation_id,
        campaign_id=campaign.pk,
        published_at__isnull=True,
        submitted_at__isnull=False,
    ).count()
