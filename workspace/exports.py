"""Campaign exports: aggregated scores per item and side, and anonymised answers (CSV and XLSX).

Both follow the anonymity rules of the scores (docs/scoring.md, Anonymity) through the same
code, `assessments.anonymity.report_groups` and `hidden_groups`, never a copy of it:

- **Scores** (one row per item, aspect and group): groups not reported on their own are left
  out entirely; a group nobody in the view belongs to has no rows.
- **Answers** (one row per published response), for closed campaigns only: while answers still
  come in, two exports a day apart would show which rows are new, that is who answered last.
  The rows of every group not reported on its own are left out, never kept with a blanked
  department: a side, a side x department, and the respondents of a side who gave no
  department, which the export shows as a group of its own (whoever invited them knows who
  they are), so the same rules hide it too (`row_hidden_groups`). Every export numbers the
  respondents anew with random numbers (`secrets`), in a new random order, and carries no
  time: rows of two exports cannot be matched by number, and neither order nor number says
  anything about who answered when.

The builders below are pure; `scores_table` and `answers_table` do the reads (a fixed number of
queries whatever the number of responses). Writers turn a `Table` into CSV or XLSX bytes, with
cells that a spreadsheet would run as a formula made inert; the XLSX files also explain every
column in the reader's language (workspace.spreadsheets), the CSV files stay plain tables.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments.anonymity import OVERALL, Group, hidden_groups, report_groups
from assessments.content import localized
from assessments.models import Campaign, Item
from assessments.selectors.aggregates import campaign_aggregates
from assessments.selectors.comments import campaign_comments
from assessments.selectors.instruments import campaign_pages, instrument_items
from assessments.selectors.partners import portfolio_groups
from assessments.selectors.responses import campaign_submitted_answers
from brmportal.lib.aggregates import CampaignAggregates
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.labels import GROUPS, SIDES
from brmportal.lib.labels import OVERALL as EVERYONE
from brmportal.lib.scoring import Tallies, Tally
from workspace.spreadsheets import Sheet, column_legend, inert, item_legend, legend_sheet, workbook_bytes

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
RESPONDENT_DIGITS = 12
# Stands for "no department given" where the export treats those respondents as a group of their
# own; never a real department (PostgreSQL text cannot even hold it).
NO_DEPARTMENT = "\x00"


@dataclass(frozen=True)
class Table:
    """One export: the data (`title`, `header`, `rows`), the notes of its About sheet and, in the
    XLSX only, `explained`: the sheets that explain its columns in the reader's language."""

    title: str
    header: Sequence[str]
    rows: list[list[Any]]
    notes: Sequence[str] = field(default=())
    explained: Sequence[Sheet] = field(default=())


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
            for group in GROUPS:
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
                        ALL_SIDES if group == EVERYONE else group,
                        department or "",
                        tally.n,
                        round(tally.mean, 2) if tally.mean is not None else None,
                        tally.dk,
                        tally.na,
                    ]
                )
    return rows


def respondent_numbers(count: int) -> list[str]:
    """`count` distinct random respondent numbers ("R" and 12 digits), new on every call.

    Drawn from `secrets`, never derived from the response: a keyed hash would give the same
    number in every export, so rows of two exports could be matched and told apart.
    """
    numbers: dict[str, None] = {}
    while len(numbers) < count:
        numbers[f"R{secrets.randbelow(10**RESPONDENT_DIGITS):0{RESPONDENT_DIGITS}d}"] = None
    return list(numbers)


def numbered(rows: list[list[Any]]) -> list[list[Any]]:
    """The rows in a new random order, each prefixed with a new random respondent number."""
    shuffled = list(rows)
    secrets.SystemRandom().shuffle(shuffled)
    return [[number, *row] for number, row in zip(respondent_numbers(len(shuffled)), shuffled, strict=True)]


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
) -> list[list[Any]]:
    """One row per response whose every group is reported: side, department, answers.

    A response is left out when everyone, its side, or its side x department is in `hidden`
    (a response without department: its side x NO_DEPARTMENT). See the module docstring.
    Rows keep the order of `responses`; `numbered` numbers and shuffles them.
    """
    rows: list[list[Any]] = []
    if OVERALL in hidden:
        return rows
    for response in responses:
        side, dept = response["side"], response["department"]
        if Group(side) in hidden or Group(side, dept or NO_DEPARTMENT) in hidden:
            continue
        given = answers.get(response["id"], {})
        rows.append([side, dept, *(_answer_cell(given.get((code, aspect))) for _, code, aspect in columns)])
    return rows


def row_hidden_groups(*, aggregates: CampaignAggregates, threshold: int) -> dict[Group, str]:
    """The groups hidden when the respondents of a side who gave no department count as a
    department of their own (NO_DEPARTMENT), by the scores' own rules (`hidden_groups`).

    The scores never show that group, but row-level answers do: its rows are the ones with an
    empty department. Counting it as a department makes the threshold and the complementary
    suppression apply to it, so every set of left-out rows of a side is empty or at least the
    threshold, and cannot be derived as side total minus the rows shown.
    """

    def relabel(cells: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], int]:
        return {(side, department or NO_DEPARTMENT): n for (side, department), n in cells.items()}

    online = getattr(aggregates, "online", None)
    return hidden_groups(
        counts=relabel(aggregates.counts),
        threshold=threshold,
        online=relabel(online) if online is not None else None,
    )


def answers_export_allowed(*, campaign: Campaign) -> bool:
    """Row-level answers leave the portal only once the campaign takes no more answers."""
    return campaign.availability() == "closed"


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
    items = campaign_export_items(campaign=campaign)
    explained = (
        legend_sheet("Columns", column_legend(campaign=campaign, columns=[(c, None, "") for c in SCORES_HEADER])),
        legend_sheet("Items", item_legend(campaign=campaign, items=items)),
    )
    return Table(title="Scores", header=SCORES_HEADER, rows=rows, notes=notes, explained=explained)


def partners_table(*, campaign: Campaign, department: str | None = None) -> Table:
    """The scores export's rows for each reported business-partner pair (issue #20), with its
    unit in a last column: 3 queries. Pairs are reported by their own rules (docs/scoring.md
    section 14), never per department (ApplicationError)."""
    if department is not None:
        raise ApplicationError(_("Business partners are exported for the whole campaign only."))
    items = campaign_export_items(campaign=campaign)
    rows = [
        [*row, name]
        for _unit, name, groups in portfolio_groups(campaign=campaign)
        for row in scores_rows(items=items, groups=groups)
    ]
    notes = [
        *_notes(campaign, None),
        "One row per business unit's pair with IT, item, aspect and group (business: the unit's own "
        "respondents; it: the IT respondents who serve it, with their answers about this unit; all: both). "
        "Only pairs reported on the portfolio: both sides at the threshold, and none that another pair "
        "could give away by subtraction. An IT respondent who serves several units is in each of their pairs.",
    ]
    header = [*SCORES_HEADER, "partner"]
    explained = (
        legend_sheet("Columns", column_legend(campaign=campaign, columns=[(c, None, "") for c in header])),
        legend_sheet("Items", item_legend(campaign=campaign, items=items)),
    )
    return Table(title="Partners", header=header, rows=rows, notes=notes, explained=explained)


def answers_table(*, campaign: Campaign, department: str | None = None) -> Table:
    """One row per published response that may be shown: 3 queries whatever the number of rows.

    Raises ApplicationError while the campaign still takes answers, and for a department the
    campaign does not know.
    """
    if not answers_export_allowed(campaign=campaign):
        raise ApplicationError(_("The answers can be exported once the campaign is closed."))
    aggregates = campaign_aggregates(campaign=campaign)
    threshold = campaign.anonymity_threshold
    # The scores' groups (source-aware, department checked), plus "no department" as a group.
    selected = report_groups(
        aggregates=aggregates, threshold=threshold, departments=campaign.departments or [], department=department
    )
    hidden = {**row_hidden_groups(aggregates=aggregates, threshold=threshold), **selected.hidden}
    responses, answers = campaign_submitted_answers(campaign=campaign, department=department)
    items = campaign_export_items(campaign=campaign)
    columns = answers_columns(items)
    rows = numbered(answers_rows(responses=responses, answers=answers, columns=columns, hidden=hidden))
    notes = [
        *_notes(campaign, department),
        "One row per published response. Answers: 1-5, dk (don't know), na (not applicable), empty (not answered).",
        "Respondent numbers and the order of the rows are random and new in every export: they are not the "
        "database id or the invitation link, and cannot be matched between two exports.",
        "Left out: the rows of every group not reported on its own (a side, a side x department, or a side's "
        "respondents without a department, with fewer responses than the threshold or hidden to protect such "
        "a group).",
    ]
    by_code = {item.code: item for item in items}
    legend = column_legend(
        campaign=campaign,
        columns=[
            *((name, None, "") for name in ("respondent", "side", "department")),
            *((name, by_code[code], aspect) for name, code, aspect in columns),
        ],
    )
    return Table(
        title="Answers",
        header=["respondent", "side", "department", *(c for c, _, _ in columns)],
        rows=rows,
        notes=notes,
        explained=(legend_sheet("Columns", legend),),
    )


COMMENTS_HEADER = ("question", "question_text", "side", "themes", "comment")


def comments_table(*, campaign: Campaign, department: str | None = None) -> Table:
    """The published, not hidden comments of the sides at the threshold (campaign_comments), in
    a new random order every export: no id, no department, no batch, nothing to sort them by.

    Raises ApplicationError for a department: comments are for the whole campaign only.
    """
    if department:
        raise ApplicationError(_("Comments are exported for the whole campaign only, never per department."))
    comments = campaign_comments(campaign=campaign)
    visible = list(comments.visible)
    secrets.SystemRandom().shuffle(visible)
    rows: list[list[Any]] = [
        [c.question.code, localized(c.question.text), c.side, " ".join(c.themes), c.text] for c in visible
    ]
    notes = [
        *_notes(campaign, None),
        "One row per published comment that is not hidden, in a random order that is new in every export. "
        "Only the comments of sides with at least the threshold of published respondents; never per department.",
        f"Hidden comments (counted, not exported): {comments.hidden}.",
    ]
    return Table(title="Comments", header=COMMENTS_HEADER, rows=rows, notes=notes)


# --- Writers -----------------------------------------------------------------------------------


def table_csv(table: Table) -> bytes:
    """The table as UTF-8 CSV: a header row, then the data rows (notes go in the XLSX only, so
    the CSV stays one plain table that tools can read)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([inert(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow(["" if cell is None else inert(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook: the data sheet first (bold frozen header, autofilter,
    fitting widths), then the sheets that explain its columns, then "About" with the notes."""
    return workbook_bytes(
        [
            Sheet(table.title, table.header, table.rows),
            *table.explained,
            Sheet("About", [], [[note] for note in table.notes], autofilter=False),
        ]
    )


def table_bytes(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        return table_csv(table)
    if fmt == "xlsx":
        return table_xlsx(table)
    raise ValueError(f"Unknown export format {fmt!r}")
