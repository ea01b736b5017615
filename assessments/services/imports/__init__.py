"""Importing submitted responses from a CSV or XLSX file (workshops, paper forms).

The file holds one row per respondent: a header row (row 1) with `side`, an optional
`department`, `partner` (the business unit the row's answers are about, issue #20: required when
the campaign covers units, and then the response rates that unit), then answer columns named as `instrument_items` lists them (`REL-PAS-1.today`,
`BEH-IT-3`, `BISL-DEM.current`, ...). Header names are matched case-insensitively.

Three steps (the management command and the web upload share them):

1. `brmportal.lib.tabular.parse_file` reads the file into a header and raw text rows. It refuses
   what cannot be read: an unsupported extension, a corrupt workbook, a CSV that is not UTF-8,
   an empty file, or a file over its limits (20,000 data rows, 500 columns, 20 MB).
2. `validation.validate_rows` checks every row against the campaign and collects *all* the
   errors, each naming the spreadsheet row (header = row 1) and the column.
3. `responses_store` stores the rows as submitted responses in one transaction, and only if
   there was no error at all (`responses_import` for the command; in the workspace a Celery
   worker runs the three steps, `assessments.services.import_jobs`).

Blank rows are skipped but still counted in row numbers, so the numbers match what a
spreadsheet shows.

Decisions:
- Import is allowed whatever the campaign's status (draft, open or closed): workshops and paper
  forms are often typed in after the online round has closed.
- A column of any item of the campaign's instrument may appear in the header. Cells of items a
  row's side is not asked in this campaign (other side, other BiSL form) must be empty.
- Columns of required items answered by the sides present in the file must be in the header;
  columns of optional items may be left out.
- A row 2 whose side cell starts with "#" is the statements row of the downloaded template
  (workspace.answer_template) and is skipped.
- Formulas are read as their text (not their cached result) and so are rejected like any other
  text: a cached result may be stale or missing.
- Importing the same file twice stores the responses twice: rows carry no respondent identity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import ngettext

from assessments.models import Answer, Campaign, Comment, OpenQuestion, Response, Side, Special
from assessments.partners import ResponsePartner, partners_key
from assessments.selectors.instruments import instrument_items
from assessments.services.comments import comment_new
from assessments.services.imports.validation import ImportRow, validate_rows
from assessments.services.snapshots import snapshot_publish
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import grouped
from brmportal.lib.tabular import RawRow, parse_file, quote

# Responses stored per round trip (and per progress step).
STORE_BATCH = 500
# PostgreSQL's COPY for the answers (a 20,000-row file is 1.5 million rows: bulk_create spends
# most of a minute building INSERT statements in Python); other databases use bulk_create.
USE_COPY = True
ANSWER_COLUMNS = (
    "created_at",
    "updated_at",
    "organisation_id",
    "campaign_id",
    "response_id",
    "item_id",
    "aspect",
    "value",
    "special",
)


@dataclass(frozen=True)
class ImportResult:
    """What an import stored (or, on a dry run, would store): responses in total and per side."""

    total: int
    by_side: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary(self) -> str:
        sides = ", ".join(f"{side}: {self.by_side.get(side, 0)}" for side in Side.values)
        values = {"count": self.total, "sides": sides}
        if self.dry_run:
            return (
                ngettext(
                    "Dry run: %(count)s valid response (%(sides)s); nothing was stored.",
                    "Dry run: %(count)s valid responses (%(sides)s); nothing was stored.",
                    self.total,
                )
                % values
            )
        return (
            ngettext("Imported %(count)s response (%(sides)s)", "Imported %(count)s responses (%(sides)s)", self.total)
            % values
        )


def responses_check(*, campaign: Campaign, header: list[str], rows: list[RawRow], filename: str) -> list[ImportRow]:
    """The valid rows of a parsed file, or ApplicationError with every error in `extra["errors"]`
    (and the full count in `extra["error_count"]`) when any row or column is wrong."""
    valid, errors = validate_rows(campaign=campaign, header=header, rows=rows)
    if errors.count:
        message = ngettext(
            "Nothing was imported: %(count)s error in %(file)s.",
            "Nothing was imported: %(count)s errors in %(file)s.",
            errors.count,
        ) % {"count": grouped(errors.count), "file": quote(filename)}
        raise ApplicationError(message, {"errors": errors.as_list(), "error_count": errors.count})
    return valid


def responses_import(
    *, campaign: Campaign, file: str | Path | IO[bytes], filename: str, dry_run: bool = False
) -> ImportResult:
    """Import a CSV/XLSX file as submitted responses of `campaign`, all or nothing.

    1. Parse the file (`parse_file`) and validate every row (`responses_check`).
    2. If anything is wrong, raise ApplicationError with every error; nothing is stored.
    3. Otherwise store one submitted response per row (`responses_store`), unless `dry_run`.
    """
    header, rows = parse_file(file, filename)
    valid = responses_check(campaign=campaign, header=header, rows=rows, filename=filename)
    if not dry_run:
        with transaction.atomic():
            responses_store(campaign=campaign, rows=valid)
    return ImportResult(total=len(valid), by_side=dict(Counter(row.side for row in valid)), dry_run=dry_run)


def responses_store(
    *, campaign: Campaign, rows: list[ImportRow], progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Store validated rows as submitted responses (source "import", no invitation), then
    publish; returns the count per side. Call it inside a transaction: all rows or none.

    `progress(rows stored, rows)` is called after every batch of STORE_BATCH rows.
    """
    items = {item.code: item for item in instrument_items(instrument=campaign.instrument)}
    questions = dict(OpenQuestion.objects.filter(instrument_id=campaign.instrument_id).values_list("code", "pk"))
    now = timezone.now()
    for start in range(0, len(rows), STORE_BATCH):
        batch = rows[start : start + STORE_BATCH]
        responses = Response.objects.bulk_create(
            [
                Response(
                    organisation_id=campaign.organisation_id,
                    campaign=campaign,
                    side=row.side,
                    department=row.department,
                    source=Response.Source.IMPORT,
                    submitted_at=now,
                )
                for row in batch
            ]
        )
        answers = [
            (now, now, campaign.organisation_id, campaign.pk, response.pk, items[code].pk, aspect, *_stored(raw))
            for response, row in zip(responses, batch, strict=True)
            for (code, aspect), raw in zip(row.keys, row.values, strict=True)
            if raw
        ]
        _answers_insert(answers)
        # The unit a row's answers are about (issue #20): the response's primary and only unit.
        ResponsePartner.objects.bulk_create(
            ResponsePartner(
                organisation_id=campaign.organisation_id, response=response, partner_id=row.partner, primary=True
            )
            for response, row in zip(responses, batch, strict=True)
            if row.partner is not None
        )
        # Their words wait for the batch like any comment (assessments.comments): no response id.
        Comment.objects.bulk_create(
            comment_new(
                organisation_id=campaign.organisation_id,
                campaign_id=campaign.pk,
                question_id=questions[code],
                side=row.side,
                text=text,
                department=row.department,
                partners=partners_key([row.partner] if row.partner is not None else []),
            )
            for row in batch
            for code, text in row.comments
        )
        if progress is not None:
            progress(start + len(batch), len(rows))
    # The foreign keys of a million answers are checked now rather than at commit (PostgreSQL
    # defers them): publishing locks the campaign row until the commit, and a long commit would
    # hold up every respondent submitting to this campaign meanwhile. (SQLite has one writer at a
    # time anyway, and would check every table.)
    if connection.vendor == "postgresql":
        connection.check_constraints()
    # Once for the whole file: the imported rows join the results now, or with the next batch of
    # online respondents of their group (assessments.services.snapshots).
    snapshot_publish(campaign=campaign)
    return dict(Counter(row.side for row in rows))


def _stored(raw: str) -> tuple[int | None, str]:
    """(value, special) as an Answer row holds an answer "1".."5", "dk" or "na"."""
    if raw in (Special.DONT_KNOW, Special.NOT_APPLICABLE):
        return None, raw
    return int(raw), ""


def _answers_insert(rows: list[tuple[Any, ...]]) -> None:
    if USE_COPY and connection.vendor == "postgresql":
        table = connection.ops.quote_name(Answer._meta.db_table)
        columns = ", ".join(ANSWER_COLUMNS)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    Answer.objects.bulk_create(
        [Answer(**dict(zip(ANSWER_COLUMNS, row, strict=True))) for row in rows],
        batch_size=2000,
    )
