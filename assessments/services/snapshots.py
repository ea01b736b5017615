"""Batch publication of results: the published snapshot every result is computed from.

Why batches: if results took in each submission as it arrived, a BRM who reads the dashboard
(or an export, or the API) before and after one named person submits could subtract the two and
read that person's answers (mean2*n2 - mean1*n1). So results move only in steps that hold at
least `threshold` new respondents of the same group, and the difference of two snapshots is
always the pooled answers of at least `threshold` people.

The unit of a batch is a cell, one side x department (department "" = none given) x the business
units the response rates (issue #20; "" when none): every group the portal reports (a
department, a side, everyone, one side of a business-IT pair, and each "atom" the pair rules of
assessments.anonymity check) is a union of cells, so when each cell only grows by 0 or >=
threshold respondents, so does every group. The price: an IT respondent who serves an unusual
set of units waits for others with the same set, or for the campaign to close.

A cell is published when:
1. at least `threshold` of its submitted responses that came in online (personal or open link)
   are waiting, or
2. none of its waiting responses came in online (imported rows only: their content is known to
   whoever imported them, and publishing them isolates nobody who answered online), or
3. the campaign is closed (`final`): everything is published.
Imported rows that wait beside online ones go out with the next online batch; they never count
towards its size, or a BRM could import threshold-1 made-up rows and read the one real person
who completes the batch.

`Response.published_at` says which responses are in; the stored `PublishedSnapshot` is their
aggregate (and the pairs' aggregate, `PublishedSnapshot.pairs`), a cache that `snapshot_refresh`
can rebuild at any time from the answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TypeVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import Campaign, PublishedSnapshot, Response, ResponsePartner
from assessments.partners import partners_key
from assessments.scoring import scores_cache_invalidate, scores_compute
from assessments.selectors.aggregates import campaign_answer_counts, campaign_live_aggregates, respondents_measures
from assessments.selectors.pair_aggregates import PairAggregates, pairs_aggregates
from assessments.services.comments import comments_publish
from assessments.stored_scores import scores_key, scores_pack, stored_scores_save
from brmportal.lib.aggregates import SNAPSHOT_VERSION, CampaignAggregates
from brmportal.lib.scoring import ONLINE_SOURCES

# side, department, the units the response rates (`partners_key`; "" when none).
Cell = tuple[str, str, str]
K = TypeVar("K", bound=tuple[str, ...])


def _waiting(campaign: Campaign) -> tuple[dict[Cell, dict[str, int]], dict[Cell, list[int]]]:
    """Submitted but unpublished responses per cell and source, and their ids per cell (2
    queries, index campaign+published_at; the waiting responses are few: at most a batch per cell)."""
    waiting: dict[Cell, dict[str, int]] = defaultdict(dict)
    ids: dict[Cell, list[int]] = defaultdict(list)
    rows = list(
        Response.objects.filter(
            organisation_id=campaign.organisation_id,
            campaign_id=campaign.pk,
            published_at__isnull=True,
            submitted_at__isnull=False,
        ).values_list("pk", "side", "department", "source")
    )
    rated: dict[int, list[int]] = defaultdict(list)
    for response_id, unit in ResponsePartner.objects.filter(
        organisation_id=campaign.organisation_id, response_id__in=[row[0] for row in rows]
    ).values_list("response_id", "partner_id"):
        rated[response_id].append(unit)
    for pk, side, department, source in rows:
        cell = (side, department, partners_key(rated.get(pk, ())))
        waiting[cell][source] = waiting[cell].get(source, 0) + 1
        ids[cell].append(pk)
    return waiting, ids


def cells_due(*, waiting: Mapping[K, Mapping[str, int]], threshold: int, final: bool) -> list[K]:
    """The cells whose waiting responses may be published now (rules 1-3 of the module doc)."""
    due = []
    for cell, sources in waiting.items():
        online = sum(n for source, n in sources.items() if source in ONLINE_SOURCES)
        if final or online >= threshold or (online == 0 and sum(sources.values()) > 0):
            due.append(cell)
    return due


@transaction.atomic
def snapshot_publish(*, campaign: Campaign, final: bool = False) -> PublishedSnapshot | None:
    """Publish the cells that are due and store the new snapshot; None when nothing was due.

    1. Lock the campaign row: two submits finishing at once must not both publish a cell
       (each would count the other's response as waiting and publish a batch of threshold-1).
    2. Count waiting responses per cell and source; pick the cells that are due.
    3. Mark their responses published and rebuild the stored aggregate.
    """
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    waiting, ids = _waiting(campaign)
    due = cells_due(waiting=waiting, threshold=campaign.anonymity_threshold, final=final)
    if not due:
        return None
    now = timezone.now()
    Response.objects.filter(
        organisation_id=campaign.organisation_id,
        campaign_id=campaign.pk,
        pk__in=[pk for cell in due for pk in ids[cell]],
        published_at__isnull=True,
    ).update(published_at=now)
    # The same respondents' comments become readable with their answers, never before.
    comments_publish(campaign=campaign, cells=due)
    stored = PublishedSnapshot.objects.filter(campaign_id=campaign.pk).only("data", "pairs").first()
    pairs = PairAggregates.from_json(stored.pairs) if stored is not None else None
    if stored is None or stored.data.get("version") != SNAPSHOT_VERSION or pairs is None:
        return snapshot_refresh(campaign=campaign)
    # Respondents' own figures are sums: add the new batch's to the stored ones rather than
    # reading every published answer again (the counts per item are recounted in SQL).
    before = CampaignAggregates.from_json(stored.data)
    measures, flagged = respondents_measures(campaign=campaign, published=Q(published_at=now))
    merged = dict(before.measures)
    for cell, added in measures.items():
        merged[cell] = merged[cell] + added if cell in merged else added
    counted = campaign_answer_counts(campaign=campaign)
    return _store(
        campaign,
        CampaignAggregates.from_sources(
            sources=counted.sources, tallies=counted.tallies, measures=merged, flagged=before.flagged + flagged
        ),
        pairs + pairs_aggregates(campaign=campaign, published=Q(published_at=now)),
    )


def snapshot_refresh(*, campaign: Campaign) -> PublishedSnapshot:
    """Rebuild the stored aggregate from the answers of the published responses (recompute only:
    it never publishes anything new)."""
    return _store(
        campaign,
        campaign_live_aggregates(campaign=campaign),
        pairs_aggregates(campaign=campaign, published=Q(published_at__isnull=False)),
    )


def _store(campaign: Campaign, aggregates: CampaignAggregates, pairs: PairAggregates) -> PublishedSnapshot:
    snapshot, _created = PublishedSnapshot.objects.update_or_create(
        campaign=campaign,
        defaults={
            "organisation_id": campaign.organisation_id,
            "responses": sum(aggregates.counts.values()),
            "data": aggregates.to_json(),
            "pairs": pairs.to_json(),
            "published_at": timezone.now(),
        },
    )
    # The whole campaign's scores, computed once per batch here rather than by the first reader
    # (assessments.stored_scores); a department's are computed on its first read.
    stored_scores_save(
        campaign=campaign,
        key=scores_key(campaign),
        snapshot_at=snapshot.published_at,
        packed={None: scores_pack(scores_compute(campaign=campaign, aggregates=aggregates, departments=[None])[None])},
    )
    # Now, and again after the commit: a reader in between would cache the old figures again.
    scores_cache_invalidate(campaign_id=campaign.pk)
    transaction.on_commit(lambda: scores_cache_invalidate(campaign_id=campaign.pk))
    return snapshot
