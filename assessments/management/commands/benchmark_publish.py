"""Publish a new version of the benchmark across organisations when it is due (issue #20).

The daily beat task `benchmark-publish` does the same; this is for cron or a first publication
by hand. Nothing is forced: a version follows only when at least five contributions changed
since the current one (docs/scoring.md section 13).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from assessments.services.benchmark import benchmark_publish


class Command(BaseCommand):
    help = (
        "Publish a new version of the benchmark across opted-in organisations when at least five contributions "
        "changed since the current version."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        publication = benchmark_publish()
        snapshot = publication.snapshot
        data = {
            "published": snapshot is not None,
            "version": snapshot.version if snapshot is not None else publication.current,
            "changed": publication.changed,
            "contributors": publication.contributors,
            "cells": len(snapshot.cells) if snapshot is not None else None,
            "withheld": snapshot.withheld if snapshot is not None else None,
        }
        if options["json"]:
            self.stdout.write(json.dumps(data))
            return
        if snapshot is not None:
            self.stdout.write(
                f"Published benchmark version {snapshot.version}: {publication.contributors} organisations, "
                f"{len(snapshot.cells)} cells ({snapshot.withheld} held back), {publication.changed} contributions changed."
            )
            return
        current = f"version {publication.current} stays" if publication.current else "nothing published yet"
        self.stdout.write(
            f"Not published ({current}): {publication.changed} contributions changed, at least 5 needed; "
            f"{publication.contributors} organisations would contribute."
        )
