"""The benchmark across organisations (issue #20 item 5): one stored row per published version.

Not a tenant's row, so no `organisation` key: a version holds the quartiles of the opted-in
organisations' published figures (`cells`), never one organisation's figure where anyone reads
it. `contributions` keeps each contributor's figures as they were taken in; only the publication
reads them (every later version is compared with them, cell by cell, so two versions never
differ by one to four organisations: assessments.benchmark_rules). Readers defer that column.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from brmportal.lib.models import BaseModel


class BenchmarkSnapshot(BaseModel):
    version = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField(default=timezone.now)
    # The contributing organisations' ids: only they see the benchmark. All three may be empty: a
    # version after the last contributors opted out withdraws their figures.
    organisations = models.JSONField(default=list, blank=True)
    # {organisation id: {"campaign": id, "figures": {cell key: figure}}}; read by the publication only.
    contributions = models.JSONField(default=dict, blank=True)
    # {cell key: {"organisations": n, "p25": .., "p50": .., "p75": ..}} for the cells shown, unrounded.
    cells = models.JSONField(default=dict, blank=True)
    # Contributions added, removed or changed since the previous version (at least 5, or the first).
    changed = models.PositiveIntegerField(default=0)
    # Cells with enough organisations held back this time (assessments.benchmark_rules.cells_build).
    withheld = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-version"]
        constraints = [models.CheckConstraint(condition=Q(version__gte=1), name="benchmark_version_positive")]

    def __str__(self) -> str:
        return f"benchmark version {self.version} ({len(self.organisations)} organisations)"
