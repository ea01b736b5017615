"""Render a campaign's PDF gap report synchronously, through the same code as the workers."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Campaign
from brmportal.lib.exceptions import ApplicationError
from reports.pdf import render_report


class Command(BaseCommand):
    help = "Render the PDF gap report of CAMPAIGN_ID to a file (no Celery, no storage)."
    # The system checks import every URLconf, view and serializer (DRF, the OpenAPI schema,
    # openpyxl): a third of a second of a report's command for nothing it uses. `manage.py check`
    # and every server start still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--out", required=True, help="path of the PDF file to write")
        parser.add_argument("--department", default="", help="only this department")
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language the report is written in (default: en)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = (
            Campaign.objects.select_related("organisation", "instrument").filter(pk=options["campaign_id"]).first()
        )
        if campaign is None:
            raise CommandError(f"No campaign with id {options['campaign_id']}.")
        started = time.monotonic()
        try:
            rendered = render_report(
                campaign=campaign, department=options["department"], language=options.get("language") or "en"
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        out = Path(options["out"])
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(rendered.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc}") from exc
        self.stdout.write(
            f"{out} {rendered.pages} pages, {len(rendered.content)} bytes, "
            f"{rendered.response_count} responses, {time.monotonic() - started:.2f} s"
        )
