"""Batch publication of results: the published snapshot every result is computed from.

Why batches: if results took in each submission as it arrived, a BRM who reads the dashboard
(or an export, or the API) before and after one named person submits could subtract the two and
read that person's answers (mean2*n2 - mean1*n1). So results move only in steps that hold at
least `threshold` new respondents of the same group, and the difference of two snapshots is
always the pooled answers of at least `threshold` people.

The unit of a batch is a cell, one side x department (department "" = none given): every group
the portal reports (a department, a side, everyone) is a union of cells, so when each cell only
grows by 0 or >= threshold respondents, so does every group.

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
aggregate, a cache that `snapshot_refresh` can rebuild at any time from the answers.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from assessments.models import Campaign, PublishedSnapshot, Response
from assessments.scoring import scores_cache_invalidate, scores_compute
from assessments.selectors.aggregates import campaign_answer_counts, campaign_live_aggregates, respondents_measures
from assessments.services.comments import comments_publish
from assessments.stored_scores import scores_key, scores_pack, stored_scores_save
from brmportal.lib.aggregates import SNAPSHOT_VERSION, CampaignAggregates
from brmportal.lib.scoring import ONLINE_SOURCES

Cell = tuple[str, str]


def _waiting(campaign: Campaign) -> dict[Cell, dict[str, int]]:
    """Submitted but unpublished responses per cell and source (1 query, index campaign+published_at)."""
    waiting: dict[Cell, dict[str, int]] = defaultdict(dict)
    rows = (
        Response.objects.filter(
            organisation_id=campaign.organisation_id,
            campaign_id=campaign.pk,
            published_at__isnull=True,
            submitted_at__isnull=False,
        )
        .values("side", "department", "source")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        waiting[(row["side"], row["department"])][row["source"]] = row["n"]
    return waiting


def cells_due(*, waiting: dict[Cell, dict[str, int]], threshold: int, final: bool) -> list[Cell]:
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
    due = cells_due(waiting=_waiting(campaign), threshold=campaign.anonymity_threshold, final=final)
    if not due:
        return None
    cells = Q()
    for side, department in due:
        cells |= Q(side=side, department=department)
    now = timezone.now()
    Response.objects.filter(
        cells,
        organisation_id=campaign.organisation_id,
        campaign_id=campaign.pk,
        published_at__isnull=True,
        submitted_at__isnull=False,
    ).update(published_at=now)
    # The same respondents' comments become readable with their answers, never before.
    comments_publish(campaign=campaign, cells=due)
    stored = PublishedSnapshot.objects.filter(campaign_id=campaign.pk).only("data").first()
    if stored is None or stored.data.get("version") != SNAPSHOT_VERSION:
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
    )


def snapshot_refresh(*, campaign: Campaign) -> PublishedSnapshot:
    """Rebuild the stored aggregate from the answers of the published responses (recompute only:
    it never publishes anything new)."""
    return _store(campaign, campaign_live_aggregates(campaign=campaign))


def _store(campaign: Campaign, aggregates: CampaignAggregates) -> PublishedSnapshot:
    snapshot, _created = PublishedSnapshot.objects.update_or_create(
        campaign=campaign,
        defaults={
            "organisation_id": campaign.organisation_id,
            "responses": sum(aggregates.counts.values()),
            "data": aggregates.to_json(),
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
