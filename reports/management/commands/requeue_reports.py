"""Hand reports left waiting (the broker was down, a worker died) back to the broker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from reports.services import reports_requeue_stale


class Command(BaseCommand):
    help = "Queue again the PDF reports that are still waiting for a worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.REPORTS_REQUEUE_AFTER_SECONDS,
            help="seconds a report must have waited (default REPORTS_REQUEUE_AFTER_SECONDS); 0 = all",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = reports_requeue_stale(older_than=timedelta(seconds=max(options["older_than"], 0)))
        self.stdout.write(f"Queued again: {len(ids)} report(s){': ' + ', '.join(map(str, ids)) if ids else ''}")
