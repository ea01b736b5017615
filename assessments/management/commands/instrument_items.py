from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from assessments.content import code_history
from assessments.models import Instrument
from assessments.selectors.instruments import instrument_items
from assessments.services.instruments import instrument_load
from brmportal.lib.exceptions import ApplicationError


def item_history(item, version: str, first: dict[str, str]) -> dict:
    """Where an item comes from: `since`, the first bundled version with its code (a code of an
    organisation's own only: `version`), and `replaces`, the codes it splits or rewrites
    (content field `replaces`; docs/content-format.md has the table)."""
    return {"since": first.get(item.code, version), "replaces": list(item.data.get("replaces") or [])}


def item_json(item, *, version: str | None = None, history: dict | None = None) -> dict:
    scale = {"min": item.scale_min, "max": item.scale_max}
    if item.allow_dont_know:
        scale["dont_know"] = "dk"
    if item.allow_not_applicable:
        scale["not_applicable"] = "na"
    entry = {
        "code": item.code,
        "type": "scale",
        "instrument": item.kind,
        "dimension": item.dimension,
        "group": item.group or None,
        "sides": item.sides,
        "columns": item.columns,
        "aspects": item.aspects,
        "required": item.required,
        "scale": scale,
        "text": item.data.get("text"),
        "recommendation": item.data.get("recommendation"),
        "effort": item.data.get("effort"),
        "weight": item.data.get("weight"),
        "source": item.data.get("source"),
        # The version this list is of, and the item's history across versions (issue #17).
        "version": version,
        "history": history,
    }
    # Flattened too, for tools that read the scale from the item itself.
    entry.update({"min": item.scale_min, "max": item.scale_max})
    if item.kind == "practice":
        entry["form"] = item.data.get("form")
        entry["level"] = item.data.get("level")
    return entry


def open_question_json(question, *, version: str | None = None, since: str | None = None) -> dict:
    """An open question as the list shows it: its answer column is its code, text up to max_length."""
    return {
        "code": question.code,
        "type": "text",
        "instrument": "open",
        "dimension": "",
        "group": None,
        "sides": question.sides,
        "columns": [question.code],
        "aspects": ["value"],
        "required": False,
        "scale": None,
        "max_length": question.max_length,
        "text": question.text,
        "version": version,
        "history": {"since": since or version, "replaces": []},
    }


class Command(BaseCommand):
    help = "List the instrument's items (code, instrument, dimension, sides, answer columns, scale)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (instrument version, part of the stable interface) replaces Django's.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--version", dest="instrument_version", help="instrument version (default: the bundled current one)"
        )
        parser.add_argument(
            "--organisation", help="slug of the organisation whose uploaded version --version names (default: bundled)"
        )
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args, **options) -> None:
        version = options.get("instrument_version")
        slug = options.get("organisation")
        # Versions belong to their tenant: bundled ones (organisation empty) unless one is named.
        scope = (
            Instrument.objects.filter(organisation__slug=slug) if slug else Instrument.objects.filter(organisation=None)
        )
        if version:
            instrument = scope.filter(version=version).first()
            if instrument is None:
                known = ", ".join(scope.values_list("version", flat=True)) or "none"
                raise CommandError(f"No instrument version {version!r}. Known: {known}")
        elif slug:
            raise CommandError("--organisation needs --version")
        else:
            try:
                instrument = instrument_load()
            except ApplicationError as exc:
                instrument = scope.order_by("-created_at").first()
                if instrument is None:
                    raise CommandError(exc.message) from exc
        first = code_history()
        items = [
            item_json(item, version=instrument.version, history=item_history(item, instrument.version, first))
            for item in instrument_items(instrument=instrument)
        ]
        # The open questions (issue #17) after the rated items: "type": "text", one column each.
        items += [
            open_question_json(q, version=instrument.version, since=first.get(q.code, instrument.version))
            for q in instrument.open_questions.order_by("order")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
            return
        for item in items:
            self.stdout.write(
                f"{item['code']:<14} {item['instrument']:<13} {item['dimension']:<14} {', '.join(item['columns'])}"
            )
