"""Rebuild the stored published snapshots that an older version of the portal wrote.

A snapshot stored before the current shape (brmportal.lib.aggregates.SNAPSHOT_VERSION: spreads,
answer counts, respondents' own figures) is rebuilt on its first read anyway; at 10,000
responses that read takes seconds, so a deployment runs this once after `migrate` instead.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assessments.models import Campaign, PublishedSnapshot
from assessments.services.snapshots import snapshot_refresh
from brmportal.lib.aggregates import SNAPSHOT_VERSION


class Command(BaseCommand):
    help = "Rebuild published snapshots stored in an older shape (run once after upgrading)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="Rebuild every snapshot, whatever its shape.")

    def handle(self, *args: Any, **options: Any) -> None:
        rebuilt = 0
        for snapshot in PublishedSnapshot.objects.only("campaign_id", "data").iterator():
            if options["all"] or snapshot.data.get("version") != SNAPSHOT_VERSION:
                snapshot_refresh(campaign=Campaign.objects.select_related("instrument").get(pk=snapshot.campaign_id))
                rebuilt += 1
        self.stdout.write(f"Rebuilt {rebuilt} snapshot(s).")
