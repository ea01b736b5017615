"""A campaign's computed scores, kept in the database until what they were computed from changes.

Scores change only when a batch is published or the campaign's settings change, but computing
them from the snapshot costs several milliseconds at 10,000 responses (intervals, distributions,
Welch's differences for every figure: issue #16). So the whole campaign's scores are computed when
a batch is published and a department's on its first read, and stored here; a read of stored
scores is one query and an unpickle (bench/results.md). Django's cache (Redis) stays in front of
it; this copy outlives a cache flush, a restart and a deployment of the same code.

A stored copy is used only when all of these match (`StoredScores.key` and `snapshot_at`):
- the published snapshot it was computed from (`PublishedSnapshot.published_at`: rewritten by
  every publication and rebuild);
- every setting of the campaign that scoring reads (threshold, departments, flagged respondents
  left out, closed or not, its instrument...), by value;
- the code that computed it (a fingerprint of the scoring packages' sources), so a deployment
  that changes the method or the shape of the results never reads an older copy.

The value is a pickle of the typed `CampaignScores`, signed with an HMAC of the SECRET_KEY and
checked before it is unpickled: whoever can write to the database but does not hold the secret
cannot make the portal unpickle anything. Aggregates only: nothing in it is one person's.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import hmac
import json
import logging
import pickle
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac

if TYPE_CHECKING:
    from assessments.models import Campaign
    from assessments.results import CampaignScores

logger = logging.getLogger(__name__)

SALT = "assessments.StoredScores"
# Every source file whose change can change a campaign's scores or their pickled shape.
SCORING_PACKAGES = ("assessments", "relationships", "behaviours", "practices", "trust", "brmportal/lib")


class StoredScores(models.Model):
    """One campaign's (department "") or one department's computed scores; see the module."""

    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="+")
    department = models.TextField(blank=True)
    key = models.CharField(max_length=64)
    snapshot_at = models.DateTimeField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "department"], name="stored_scores_one_per_view")]

    def __str__(self) -> str:
        return f"scores of campaign {self.campaign_id} {self.department or '(all)'}"


@functools.cache
def code_fingerprint() -> str:
    """A hash of the scoring packages' Python sources (migrations aside) and of Python's version."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    root = Path(settings.BASE_DIR)
    for package in SCORING_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def scores_key(campaign: Campaign) -> str:
    """What the scores depend on besides the snapshot: the code, and every setting of the campaign
    that scoring reads (`scoring.scores_compute`), by value. Not `updated_at`: a save with
    `update_fields` leaves it as it was, and a raised threshold must never be answered from scores
    computed under the lower one."""
    settings_read = [
        code_fingerprint(),
        campaign.pk,
        campaign.name,
        campaign.organisation_id,
        campaign.instrument_id,
        campaign.practice_form,
        campaign.anonymity_threshold,
        campaign.departments or [],
        campaign.exclude_flagged,
        campaign.status == campaign.Status.CLOSED,
    ]
    return hashlib.sha256(json.dumps(settings_read).encode()).hexdigest()


def _signature(data: bytes) -> bytes:
    return salted_hmac(SALT, data, algorithm="sha256").digest()


def scores_pack(scores: CampaignScores) -> bytes:
    data = pickle.dumps(scores, protocol=pickle.HIGHEST_PROTOCOL)
    return _signature(data) + data


def scores_unpack(value: bytes) -> CampaignScores | None:
    """The packed scores, or None when the signature does not match (a changed SECRET_KEY, or a
    value nobody holding the secret wrote): then they are computed again."""
    signature, data = value[:32], value[32:]
    if not hmac.compare_digest(signature, _signature(data)):
        logger.warning("Stored scores with a wrong signature were ignored and will be computed again.")
        return None
    scores: CampaignScores = loads_quietly(data)
    return scores


def loads_quietly(data: bytes) -> Any:
    """`pickle.loads` with the cyclic garbage collector paused: unpickling scores builds tens of
    thousands of objects, and a collection run in the middle of it tripled the time now and then
    (a portfolio's ten pairs: 21-26 ms paused, 28-152 ms not; bench/results.md session 27).
    Only for data this process's own code wrote: signed scores, or the scores cache."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)  # noqa: S301 - written by us (see the callers)
    finally:
        if paused:
            gc.enable()


def stored_scores_read(
    *, wanted: Sequence[tuple[Campaign, str, Sequence[str | None]]]
) -> dict[tuple[int, str | None], bytes]:
    """The stored scores (packed: `scores_unpack`) by (campaign id, department), for each
    (campaign, key, departments) of `wanted` (department None = the whole campaign), computed with
    that key from the campaign's current snapshot; the others are left out. One query however many
    campaigns are asked for (a trend reads every round at once)."""
    from assessments.models import PublishedSnapshot

    current = PublishedSnapshot.objects.filter(campaign_id=models.OuterRef("campaign_id")).values("published_at")[:1]
    match = models.Q()
    for campaign, key, departments in wanted:
        # A name no department can have (asked for by hand, e.g. in the API) is never stored: it
        # goes on to scoring, which refuses an unknown department.
        names = [d or "" for d in departments if "\x00" not in (d or "")]
        if names:
            match |= models.Q(campaign_id=campaign.pk, key=key, department__in=names)
    if not match:
        return {}
    rows = StoredScores.objects.filter(match, snapshot_at=models.Subquery(current)).values_list(
        "campaign_id", "department", "data"
    )
    return {(campaign_id, department or None): bytes(data) for campaign_id, department, data in rows}


def stored_scores_save(*, campaign: Campaign, key: str, snapshot_at: datetime, packed: dict[str | None, bytes]) -> None:
    """Store (or replace) each department's packed scores, computed from the snapshot of
    `snapshot_at` (1 query)."""
    StoredScores.objects.bulk_create(
        [
            StoredScores(campaign_id=campaign.pk, department=d or "", key=key, snapshot_at=snapshot_at, data=data)
            for d, data in packed.items()
        ],
        update_conflicts=True,
        unique_fields=["campaign", "department"],
        update_fields=["key", "snapshot_at", "data"],
    )
