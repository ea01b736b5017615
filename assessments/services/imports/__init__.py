"""Importing submitted responses from a CSV or XLSX file (workshops, paper forms).

The file holds one row per respondent: a header row (row 1) with `side`, an optional
`department`, then answer columns named as `instrument_items` lists them (`REL-PAS-1.today`,
`BEH-IT-3`, `BISL-DEM.current`, ...). Header names are matched case-insensitively.

Three steps (the management command and the web upload share them):

1. `brmportal.lib.tabular.parse_file` reads the file into a header and raw text rows. It refuses
   what cannot be read: an unsupported extension, a corrupt workbook, a CSV that is not UTF-8,
   an empty file, or a file over its limits (20,000 data rows, 500 columns, 20 MB).
2. `validation.validate_rows` checks every row against the campaign and collects *all* the
   errors, each naming the spreadsheet row (header = row 1) and the column.
3. `responses_import` stores the rows as submitted responses in one transaction, and only if
   there was no error at all.

Blank rows are skipped but still counted in row numbers, so the numbers match what a
spreadsheet shows.

Decisions:
- Import is allowed whatever the campaign's status (draft, open or closed): workshops and paper
  forms are often typed in after the online round has closed.
- A column of any item of the campaign's instrument may appear in the header. Cells of items a
  row's side is not asked in this campaign (other side, other BiSL form) must be empty.
- Columns of required items answered by the sides present in the file must be in the header;
  columns of optional items may be left out.
- Formulas are read as their text (not their cached result) and so are rejected like any other
  text: a cached result may be stale or missing.
- Importing the same file twice stores the responses twice: rows carry no respondent identity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import ngettext

from assessments.models import Campaign, Side
from assessments.selectors.instruments import instrument_items
from assessments.services.imports.validation import validate_rows
from assessments.services.responses import response_create_submitted
from assessments.services.snapshots import snapshot_publish
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import grouped
from brmportal.lib.tabular import parse_file, quote


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


def responses_import(
    *, campaign: Campaign, file: str | Path | IO[bytes], filename: str, dry_run: bool = False
) -> ImportResult:
    """Import a CSV/XLSX file as submitted responses of `campaign`, all or nothing.

    1. Parse the file (`parse_file`) and validate every row (`validate_rows`).
    2. If anything is wrong, raise ApplicationError with every error in `extra["errors"]`
       (and the full count in `extra["error_count"]`); nothing is stored.
    3. Otherwise create one submitted response per row (source "import", no invitation) in a
       single transaction, unless `dry_run`.
    """
    header, rows = parse_file(file, filename)
    valid, errors = validate_rows(campaign=campaign, header=header, rows=rows)
    if errors.count:
        message = ngettext(
            "Nothing was imported: %(count)s error in %(file)s.",
            "Nothing was imported: %(count)s errors in %(file)s.",
            errors.count,
        ) % {"count": grouped(errors.count), "file": quote(filename)}
        raise ApplicationError(message, {"errors": errors.as_list(), "error_count": errors.count})
    by_side = dict(Counter(row.side for row in valid))
    if not dry_run:
        items = {item.code: item for item in instrument_items(instrument=campaign.instrument)}
        with transaction.atomic():
            for row in valid:
                response_create_submitted(
                    campaign=campaign,
                    side=row.side,
                    department=row.department,
                    answers=row.answers,
                    items=items,
                    publish=False,
                )
            # Once for the whole file: the imported rows join the results now, or with the next
            # batch of online respondents of their group (assessments.services.snapshots).
            snapshot_publish(campaign=campaign)
    return ImportResult(total=len(valid), by_side=by_side, dry_run=dry_run)
