from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from assessments.services.instruments import instrument_load
from brmportal.lib.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Load the instrument content files into the database as the bundled version every organisation "
        "sees (idempotent). Organisations add versions of their own through the instrument upload page."
    )

    def handle(self, *args, **options) -> None:
        try:
            instrument = instrument_load()
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Instrument {instrument.version} (bundled): {instrument.items.count()} items")
