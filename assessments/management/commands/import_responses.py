"""`python manage.py import_responses CAMPAIGN_ID FILE [--dry-run]`: workshop and paper answers.

A thin wrapper around `assessments.services.imports.responses_import`; see that module for the file
format, the rules and the limits (at most 20,000 data rows per file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign
from assessments.services.imports import responses_import
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tabular import MAX_ROWS


class Command(BaseCommand):
    help = (
        "Import submitted responses from a CSV (UTF-8, comma or semicolon) or XLSX file (first sheet): "
        "one row per respondent with columns side, optional department, then the answer columns "
        f"listed by `instrument_items`. At most {MAX_ROWS:,} rows. Nothing is stored if any row is "
        "invalid. Allowed whatever the campaign's status."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign_id", type=int, help="id of the campaign the responses belong to")
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="validate the file only; store nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign_id = options["campaign_id"]
        campaign = Campaign.objects.select_related("instrument", "organisation").filter(pk=campaign_id).first()
        if campaign is None:
            raise CommandError(f"No campaign {campaign_id}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = responses_import(campaign=campaign, file=path, filename=path.name, dry_run=options["dry_run"])
        except ApplicationError as exc:
            # One error per line after the summary; Django prints the message and exits with 1.
            lines = [exc.message, *exc.extra.get("errors", [])]
            if lines[1:] == [exc.message]:
                lines = lines[:1]
            raise CommandError("\n".join(lines)) from exc
        if not result.dry_run:
            # No signed-in user here: the entry's actor is empty, and "via" says it was this command.
            audit_record(
                actor=None,
                organisation=campaign.organisation,
                action=AuditEvent.ANSWERS_IMPORT,
                target=campaign,
                details={"via": "command", "responses": result.total, **result.by_side},
            )
        self.stdout.write(result.summary())
