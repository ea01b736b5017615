"""Create an API token for an organisation and print its key, the only time it is shown."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Organisation
from api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for an organisation and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", metavar="ORG_SLUG")
        parser.add_argument("name", metavar="NAME", help="what the token is for, e.g. 'Power BI'")
        parser.add_argument("--created-by", metavar="USERNAME", help="the user asking for it (recorded)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}.")
        created_by = None
        if options["created_by"]:
            created_by = get_user_model().objects.filter(username=options["created_by"]).first()
            if created_by is None:
                raise CommandError(f"No user {options['created_by']!r}.")
        try:
            token, key = api_token_create(organisation=organisation, name=options["name"], created_by=created_by)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token {token.name!r} ({token.prefix}…) for {organisation.name}. "
            "Copy the key now: it is not stored and cannot be shown again."
        )
        # The key alone on stdout, so that scripts can capture it: KEY=$(manage.py api_token_create ...)
        self.stdout.write(key)
