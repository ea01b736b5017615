from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from assessments.content import archived_versions, bundled_version, read_content
from assessments.services.instruments import instrument_load
from brmportal.lib.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Load the instrument content files into the database as the bundled version every organisation "
        "sees (idempotent); --version loads an earlier bundled version kept in the archive "
        "(assessments/content/archive/). Organisations add versions of their own through the instrument "
        "upload page."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (an instrument version, as in instrument_items) replaces Django's.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--version",
            dest="instrument_version",
            help=f"the version to load (default: the current one, {bundled_version()}; archived: "
            f"{', '.join(archived_versions()) or 'none'})",
        )

    def handle(self, *args, **options) -> None:
        version = options.get("instrument_version")
        try:
            instrument = instrument_load(content=read_content(version=version) if version else None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Instrument {instrument.version} (bundled): {instrument.items.count()} items")
