"""The action plan's downloads and the form's list of targets (issue #19 item 2).

- `actions_workbook`: the plan as an XLSX workbook (`workspace.spreadsheets.workbook_bytes`:
  frozen header, autofilter, and every text cell inert, so a title starting with "=" stays text);
- `actions_calendar`: an iCalendar file of the due dates, one all-day event per open action, with
  a UID that stays the same from one download to the next, so a calendar that imports the file
  again updates its events instead of doubling them;
- `target_choices`: the campaign's questionnaire as the form's grouped choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from assessments.actions import Action
from assessments.models import Campaign, Item
from assessments.slices import slices
from assessments.texts import instrument_texts
from brmportal.lib.urls import site_url
from reports.actions import code_title, status_text
from workspace.spreadsheets import Sheet, workbook_bytes


def target_choices(*, campaign: Campaign, items: Sequence[Item]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per instrument (questionnaire order): its dimensions and clusters, then its items, each
    "CODE: name" in the reader's language; every code once (a behaviour is its own dimension)."""
    texts = instrument_texts(campaign.instrument)
    groups = []
    for instrument in slices():
        own = [item for item in items if item.kind == instrument.kind]
        codes = dict.fromkeys(
            [c for item in own for c in (item.group, item.dimension) if c] + [item.code for item in own]
        )
        if codes:
            groups.append((str(instrument.label), [(code, f"{code}: {code_title(texts, code)}") for code in codes]))
    return groups


def _header() -> list[str]:
    return [
        _("Action"),
        _("Description"),
        _("Owner"),
        _("Owner's e-mail address"),
        _("Due date"),
        _("Status"),
        _("Done on"),
        _("Overdue"),
        _("Targets"),
        _("Made from"),
        _("Waits for"),
    ]


def actions_workbook(*, actions: Sequence[Action], today: Any) -> bytes:
    """One sheet, a row per action (as the list shows them), dates as dates."""
    rows = [
        [
            action.title,
            action.description,
            action.owner_name,
            action.owner_email,
            action.due_on,
            str(action.get_status_display()),
            action.done_on,
            _("yes") if action.is_open and action.due_on < today else "",
            ", ".join(action.targets),
            action.source,
            "; ".join(p.title for p in action.prerequisites.all()),
        ]
        for action in actions
    ]
    return workbook_bytes([Sheet(_("Action plan"), _header(), rows)])


def _uid(action: Action, host: str) -> str:
    # The row's id on this portal: the same action, the same event, in every download.
    return f"action-{action.pk}@{host}"


def actions_calendar(*, campaign: Campaign, actions: Sequence[Action], url: str) -> bytes:
    """The open actions' due dates as all-day events (done and dropped ones are not due)."""
    host = urlsplit(site_url()).hostname or "brm-portal"
    calendar = Calendar()
    calendar.add("prodid", "-//BRM Portal//Action plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Action plan: %(campaign)s") % {"campaign": campaign.name})
    stamp: datetime = timezone.now()
    for action in actions:
        if not action.is_open:
            continue
        event = Event()
        event.add("uid", _uid(action, host))
        event.add("dtstamp", stamp)
        event.add("last-modified", action.updated_at)
        # All-day: a date, ending (exclusive) the next day.
        event.add("dtstart", action.due_on)
        event.add("dtend", action.due_on + timedelta(days=1))
        event.add("summary", action.title)
        lines = [
            _("Owner: %(name)s <%(email)s>") % {"name": action.owner_name, "email": action.owner_email},
            _("Status: %(status)s") % {"status": status_text(action)},
        ]
        if action.description:
            lines.append(action.description)
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
