"""Campaign exports: aggregated scores per item and side, and anonymised answers (CSV and XLSX).

Both follow the anonymity rules of the scores (docs/scoring.md, Anonymity) through the same
code, `assessments.scoring.report_groups` and `hidden_groups`, never a copy of it:

- **Scores** (one row per item, aspect and group): groups not reported on their own are left
  out entirely; a group nobody in the view belongs to has no rows.
- **Answers** (one row per submitted response): rows of a side that is not reported on its own
  are left out (a raw row would show what the group answered); with a department filter, rows
  of a side x department that is not reported are left out too. Without a filter, the
  department is given only when that side x department group is reported, and blank otherwise.
  Respondents are numbered with a keyed hash of the response, never its id or token, and rows
  are sorted by that number so their order says nothing about who answered when.

The builders below are pure; `scores_table` and `answers_table` do the reads (a fixed number of
queries whatever the number of responses). Writers turn a `Table` into CSV or XLSX bytes, with
cells that a spreadsheet would run as a formula made inert.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assessments.models import Campaign, Item
from assessments.scoring import OVERALL, Group, hidden_groups, report_groups
from assessments.scoring_selectors import campaign_aggregates
from assessments.selectors import campaign_pages, campaign_submitted_answers, instrument_items
from brmportal.lib.scoring import SIDES, Tallies, Tally

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SCORES_HEADER = (
    "code",
    "instrument",
    "dimension",
    "aspect",
    "side",
    "department",
    "n",
    "mean",
    "dont_know",
    "not_applicable",
)
ALL_SIDES = "all"
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection);
# tab and carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RESPONDENT_SALT = "assessments.exports.respondent"
RESPONDENT_DIGITS = 12


@dataclass(frozen=True)
class Table:
    title: str
    header: Sequence[str]
    rows: list[list[Any]]
    notes: Sequence[str] = field(default=())


# --- Pure builders -----------------------------------------------------------------------------


def campaign_export_items(*, campaign: Campaign) -> list[Item]:
    """The instrument's items this campaign asks (its BiSL form), in instrument order.

    No queries once the instrument's structure is cached (assessments.selectors).
    """
    asked = {
        item.code for side in SIDES for page in campaign_pages(campaign=campaign, side=side) for item in page.items
    }
    return [item for item in instrument_items(instrument=campaign.instrument) if item.code in asked]


def scores_rows(
    *, items: Iterable[Item], groups: Mapping[str, Tallies | None], department: str | None = None
) -> list[list[Any]]:
    """One row per item, aspect and reported group (business, it, all) with n, mean, dk, na.

    A group that is None is not reported (anonymity) and gets no rows; an empty group (nobody
    in the view) neither. A side gets rows only for the items it is asked.
    """
    rows: list[list[Any]] = []
    for item in items:
        for aspect in item.aspects:
            for group in (*SIDES, "overall"):
                tallies = groups.get(group)
                if not tallies or (group in SIDES and group not in item.sides):
                    continue
                tally = tallies.get((item.code, aspect), Tally())
                rows.append(
                    [
                        item.code,
                        item.kind,
                        item.dimension,
                        aspect,
                        ALL_SIDES if group == "overall" else group,
                        department or "",
                        tally.n,
                        round(tally.mean, 2) if tally.mean is not None else None,
                        tally.dk,
                        tally.na,
                    ]
                )
    return rows


def respondent_number(*, campaign_id: int, response_id: int) -> str:
    """A stable, random-looking respondent number: a keyed hash, so it cannot be turned back
    into the response id without the server's secret, and differs between campaigns."""
    digest = salted_hmac(RESPONDENT_SALT, f"{campaign_id}:{response_id}", algorithm="sha256").hexdigest()
    return f"R{int(digest[:15], 16) % 10**RESPONDENT_DIGITS:0{RESPONDENT_DIGITS}d}"


def answers_columns(items: Iterable[Item]) -> list[tuple[str, str, str]]:
    """(column name, item code, aspect) as `instrument_items` lists the columns."""
    return [(item.column(aspect), item.code, aspect) for item in items for aspect in item.aspects]


def _answer_cell(raw: str | None) -> Any:
    if raw is None:
        return None
    return int(raw) if raw.isdigit() else raw


def answers_rows(
    *,
    responses: Iterable[Mapping[str, Any]],
    answers: Mapping[int, Mapping[tuple[str, str], str]],
    columns: Sequence[tuple[str, str, str]],
    hidden: Mapping[Group, str],
    department: str | None,
    number: Callable[[int], str],
) -> list[list[Any]]:
    """One row per submitted response that may be shown: respondent, side, department, answers.

    See the module docstring for which rows and departments are left out and why.
    """
    rows = []
    for response in responses:
        side, dept = response["side"], response["department"]
        if OVERALL in hidden or Group(side) in hidden:
            continue
        if department is not None and Group(side, department) in hidden:
            continue
        shown_department = dept if dept and Group(side, dept) not in hidden else ""
        given = answers.get(response["id"], {})
        rows.append(
            [
                number(response["id"]),
                side,
                shown_department,
                *(_answer_cell(given.get((code, aspect))) for _, code, aspect in columns),
            ]
        )
    rows.sort(key=lambda row: row[0])
    return rows


def export_filename(*, campaign: Campaign, kind: str, fmt: str, department: str | None, day: str) -> str:
    """brm-<org-slug>-<campaign-id>-<kind>[-<department>]-<YYYY-MM-DD>.<fmt>"""
    parts = ["brm", campaign.organisation.slug, str(campaign.pk), kind]
    if department:
        parts.append(slugify(department) or "department")
    return f"{'-'.join(parts)}-{day}.{fmt}"


# --- Reads -------------------------------------------------------------------------------------


def _notes(campaign: Campaign, department: str | None) -> list[str]:
    return [
        f"Campaign: {campaign.name} (id {campaign.pk}), organisation {campaign.organisation.name}",
        f"Department: {department or 'all departments'}",
        f"Anonymity threshold: {campaign.anonymity_threshold} submitted responses per group",
    ]


def scores_table(*, campaign: Campaign, department: str | None = None) -> Table:
    """Aggregated answers per item, aspect and reported group: 2 queries (campaign_aggregates).

    Raises ApplicationError for a department the campaign does not know.
    """
    aggregates = campaign_aggregates(campaign=campaign)
    selected = report_groups(
        aggregates=aggregates,
        threshold=campaign.anonymity_threshold,
        departments=campaign.departments or [],
        department=department,
    )
    rows = scores_rows(items=campaign_export_items(campaign=campaign), groups=selected.groups, department=department)
    notes = [
        *_notes(campaign, department),
        "One row per item, aspect and group (business, it, all). Groups with fewer responses than the "
        "threshold, or that would reveal such a group by subtraction, are left out. The mean leaves out "
        "'don't know' and 'not applicable', which are counted in their own columns.",
    ]
    return Table(title="Scores", header=SCORES_HEADER, rows=rows, notes=notes)


def answers_table(*, campaign: Campaign, department: str | None = None) -> Table:
    """One row per submitted response that may be shown: 4 queries whatever the number of rows.

    Raises ApplicationError for a department the campaign does not know.
    """
    aggregates = campaign_aggregates(campaign=campaign)
    # Called for its check of the department only, so both exports accept the same filters.
    report_groups(
        aggregates=aggregates,
        threshold=campaign.anonymity_threshold,
        departments=campaign.departments or [],
        department=department,
    )
    hidden = hidden_groups(counts=aggregates.counts, threshold=campaign.anonymity_threshold)
    responses, answers = campaign_submitted_answers(campaign=campaign, department=department)
    columns = answers_columns(campaign_export_items(campaign=campaign))
    rows = answers_rows(
        responses=responses,
        answers=answers,
        columns=columns,
        hidden=hidden,
        department=department,
        number=lambda response_id: respondent_number(campaign_id=campaign.pk, response_id=response_id),
    )
    notes = [
        *_notes(campaign, department),
        "One row per submitted response. Answers: 1-5, dk (don't know), na (not applicable), empty (not answered).",
        "The respondent number is stable for this campaign but is not the database id or the invitation link.",
        "Left out: responses of a side with fewer responses than the threshold (or hidden to protect such a "
        "side). The department is blank when that side x department group is not reported on its own.",
    ]
    return Table(
        title="Answers",
        header=["respondent", "side", "department", *(c for c, _, _ in columns)],
        rows=rows,
        notes=notes,
    )


# --- Writers -----------------------------------------------------------------------------------


def inert(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(table: Table) -> bytes:
    """The table as UTF-8 CSV: a header row, then the data rows (notes go in the XLSX only, so
    the CSV stays one plain table that tools can read)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([inert(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow(["" if cell is None else inert(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        # openpyxl refuses control characters and would store "=..." as a formula.
        return inert(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def table_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook: the data sheet first, then an "About" sheet with the notes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.title)
    sheet.append([_xlsx_cell(cell) for cell in table.header])
    for row in table.rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    about = workbook.create_sheet("About")
    for note in table.notes:
        about.append([_xlsx_cell(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_bytes(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        return table_csv(table)
    if fmt == "xlsx":
        return table_xlsx(table)
    raise ValueError(f"Unknown export format {fmt!r}")
