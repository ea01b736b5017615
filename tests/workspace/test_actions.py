"""The action plan's pages (issue #19 items 2 and 4): access on every URL, the list and its
filters, planning from a recommendation, edit, status, delete, the XLSX and iCalendar downloads
read back, the dashboard's card with what moved, and no 500 on bad input."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from assessments.actions import Action
from assessments.services.actions import action_create
from tests.action_rounds import SENTENCE, two_rounds
from tests.helpers import open_campaign, submit_columns

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _plan(campaign, title: str, due_on: date, **fields) -> Action:
    values = {"owner_name": "Kari Lunde", "owner_email": "kari@example.com", "targets": ["TRU-2"], **fields}
    return action_create(campaign=campaign, title=title, due_on=due_on, **values)


@pytest.fixture
def plan(campaign):
    return {
        "late": _plan(campaign, '=HYPERLINK("http://x")', TODAY - timedelta(days=3)),
        "ahead": _plan(campaign, "Monthly rounds", TODAY + timedelta(days=20), owner_email="mira@example.com"),
        "done": _plan(campaign, "Delivery log", TODAY - timedelta(days=9), status="done"),
    }


def _url(name: str, campaign, *args) -> str:
    return reverse(f"manage:{name}", args=[campaign.pk, *args])


def _urls(campaign, action) -> dict[str, tuple[str, str]]:
    """Every new URL: (method it takes, permission it needs)."""
    return {
        _url("action_list", campaign): ("get", "view_dashboards"),
        _url("action_create", campaign): ("get", "manage_actions"),
        _url("action_edit", campaign, action.pk): ("get", "manage_actions"),
        _url("action_status", campaign, action.pk): ("post", "manage_actions"),
        _url("action_delete", campaign, action.pk): ("get", "manage_actions"),
        _url("actions_export", campaign): ("get", "export_data"),
        _url("actions_calendar", campaign): ("get", "export_data"),
    }


def test_it_checks_access(client, alice, bob, charlie, campaign, plan):
    urls = _urls(campaign, plan["late"])
    client.force_login(charlie)  # another organisation: nothing here exists
    for url, (method, _permission) in urls.items():
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(bob)  # a viewer sees the plan, and changes or downloads nothing
    for url, (method, permission) in urls.items():
        expected = 200 if permission == "view_dashboards" else 403
        assert getattr(client, method)(url).status_code == expected, url
    assert client.post(_url("action_delete", campaign, plan["late"].pk)).status_code == 403
    assert client.post(_url("action_create", campaign), {"title": "x"}).status_code == 403
    assert Action.objects.count() == 3
    client.force_login(alice)
    for url, (method, _permission) in urls.items():
        if method == "get":
            assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get(_url("action_list", campaign)).status_code == 302


def test_it_rejects_the_wrong_method(client, alice, campaign, plan):
    client.force_login(alice)
    action = plan["late"]
    assert client.get(_url("action_status", campaign, action.pk)).status_code == 405
    for name in ("action_list", "actions_export", "actions_calendar"):
        assert client.post(_url(name, campaign)).status_code == 405, name
    for url in (_url("action_create", campaign), _url("action_edit", campaign, action.pk)):
        assert client.put(url).status_code == 405, url


def test_an_action_of_another_campaign_is_not_found_here(client, alice, org, instrument, campaign, plan):
    other = open_campaign(org, instrument, "Round 2")
    client.force_login(alice)
    action = plan["late"]
    assert client.get(_url("action_edit", other, action.pk)).status_code == 404
    assert client.post(_url("action_status", other, action.pk), {"status": "done"}).status_code == 404
    assert client.post(_url("action_delete", other, action.pk)).status_code == 404
    assert Action.objects.get(pk=action.pk).status == "planned"


def test_it_lists_overdue_first_and_filters(client, bob, campaign, plan):
    client.force_login(bob)
    html = client.get(_url("action_list", campaign)).content.decode()
    order = [html.index(f'id="action-{plan[key].pk}"') for key in ("late", "done", "ahead")]
    assert order == sorted(order)
    assert "overdue" in html and "Plan an action" not in html  # a viewer plans nothing
    filtered = client.get(_url("action_list", campaign), {"status": "done"}).content.decode()
    assert f'id="action-{plan["done"].pk}"' in filtered and f'id="action-{plan["late"].pk}"' not in filtered
    late = client.get(_url("action_list", campaign), {"overdue": "on"}).content.decode()
    assert f'id="action-{plan["late"].pk}"' in late and f'id="action-{plan["ahead"].pk}"' not in late
    owner = client.get(_url("action_list", campaign), {"owner": "mira@example.com"}).content.decode()
    assert f'id="action-{plan["ahead"].pk}"' in owner and f'id="action-{plan["late"].pk}"' not in owner
    # A value the filters do not offer filters nothing (a stale link), never a 500.
    for bad in ({"status": "someday"}, {"owner": "<script>"}, {"target": "x" * 500}, {"owner": "a\x00b"}):
        response = client.get(_url("action_list", campaign), bad)
        assert response.status_code == 200, bad
        assert f'id="action-{plan["ahead"].pk}"' in response.content.decode()


def test_it_plans_an_action_from_a_recommendation(client, brm, campaign):
    client.force_login(brm)
    page = client.get(_url("action_create", campaign), {"source": "TRU-2", "title": "See what we pay for"})
    html = page.content.decode()
    assert 'value="See what we pay for"' in html and 'value="TRU-2" selected' in html
    # From an item: its name in the reader's language; an unknown code is ignored.
    assert (
        'value="Seeing what we pay for"'
        in client.get(_url("action_create", campaign), {"item": "TRU-2"}).content.decode()
    )
    assert client.get(_url("action_create", campaign), {"source": "<b>NOPE</b>"}).status_code == 200
    data = {
        "title": "Charge per service",
        "owner_name": "Per Olsen",
        "owner_email": "per@example.com",
        "due_on": (TODAY + timedelta(days=60)).isoformat(),
        "targets": ["TRU-2", "partner"],
        "source": "TRU-2",
        "description": "With the key explained.",
    }
    response = client.post(_url("action_create", campaign), data)
    assert response.status_code == 302 and response.url == _url("action_list", campaign)
    action = Action.objects.get()
    assert (action.targets, action.source, action.created_by, action.status) == (
        ["TRU-2", "partner"],
        "TRU-2",
        brm,
        "planned",
    )
    # Invalid input comes back on the form with a 400, never a 500.
    for bad in (
        {**data, "owner_email": "nope"},
        {**data, "due_on": "31.02.2026"},
        {**data, "targets": ["NOPE-1"]},
        {**data, "source": "NOPE-1"},
        {**data, "prerequisites": ["999999"]},
        {**data, "title": ""},
    ):
        assert client.post(_url("action_create", campaign), bad).status_code == 400, bad
    assert Action.objects.count() == 1


def test_it_edits_sets_the_status_and_deletes(client, brm, campaign, plan):
    client.force_login(brm)
    action, ahead = plan["late"], plan["ahead"]
    Action.objects.filter(pk=action.pk).update(reminded_overdue_at=timezone.now())
    form = client.get(_url("action_edit", campaign, action.pk)).content.decode()
    assert "Kari Lunde" in form
    data = {
        "title": "Service report",
        "owner_name": "Kari Lunde",
        "owner_email": "kari@example.com",
        "due_on": (TODAY + timedelta(days=5)).isoformat(),
        "targets": ["TRU-2"],
        "prerequisites": [str(ahead.pk)],
    }
    assert client.post(_url("action_edit", campaign, action.pk), data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.reminded_overdue_at, list(action.prerequisites.all())) == (
        "Service report",
        None,
        [ahead],
    )
    # A circle is refused on the form.
    circle = {**data, "title": "Monthly rounds", "owner_email": "mira@example.com", "prerequisites": [str(action.pk)]}
    response = client.post(_url("action_edit", campaign, ahead.pk), circle)
    assert response.status_code == 400 and "circle" in response.content.decode()

    assert client.post(_url("action_status", campaign, action.pk), {"status": "done"}).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("done", TODAY)
    client.post(_url("action_status", campaign, action.pk), {"status": "someday"})
    client.post(_url("action_status", campaign, action.pk), {"status": "planned", "done_on": "2026-01-01"})
    action.refresh_from_db()
    assert action.status == "done"

    confirm = client.get(_url("action_delete", campaign, ahead.pk)).content.decode()
    assert "Service report" in confirm  # it waits for the one deleted
    assert client.post(_url("action_delete", campaign, ahead.pk)).status_code == 302
    assert not Action.objects.filter(pk=ahead.pk).exists()
    assert LogEntry.objects.filter(object_pk=str(ahead.pk), action=LogEntry.Action.DELETE).exists()


def test_it_downloads_the_plan_as_a_workbook(client, alice, campaign, plan):
    client.force_login(alice)
    response = client.get(_url("actions_export", campaign))
    assert response["Content-Disposition"].endswith(f'-actions-{TODAY.isoformat()}.xlsx"')
    assert response["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Action", "Description", "Owner", "Owner's e-mail address", "Due date")
    titles = [row[0] for row in rows[1:]]
    # Overdue first, then by due date; a title a spreadsheet would run as a formula stays text.
    assert titles == ['\'=HYPERLINK("http://x")', "Delivery log", "Monthly rounds"]
    late = rows[1]
    assert late[4].date() == plan["late"].due_on and late[5] == "Planned" and late[7] == "yes"
    assert rows[2][6].date() == TODAY and rows[2][8] == "TRU-2"
    entry = LogEntry.objects.filter(additional_data__event="export").get()
    assert (entry.additional_data["kind"], entry.additional_data["format"], entry.additional_data["rows"]) == (
        "actions",
        "xlsx",
        3,
    )


def test_it_downloads_the_due_dates_as_a_calendar(client, alice, campaign, plan):
    client.force_login(alice)
    first = client.get(_url("actions_calendar", campaign))
    assert first["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(first.content).walk("VEVENT")
    # One all-day event per open action (the done one is not due), on its due date.
    assert sorted(str(e["SUMMARY"]) for e in events) == ['=HYPERLINK("http://x")', "Monthly rounds"]
    monthly = next(e for e in events if str(e["SUMMARY"]) == "Monthly rounds")
    assert monthly.decoded("DTSTART") == plan["ahead"].due_on
    assert monthly.decoded("DTEND") == plan["ahead"].due_on + timedelta(days=1)
    description = str(monthly["DESCRIPTION"])
    assert "<mira@example.com>" in description and "Status: planned" in description
    assert description.endswith(f"/campaigns/{campaign.pk}/actions/")
    # The same UID in the next download: a calendar updates the event instead of adding another.
    again = Calendar.from_ical(client.get(_url("actions_calendar", campaign)).content).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in again) == sorted(str(e["UID"]) for e in events)
    assert len({str(e["UID"]) for e in events}) == 2
    assert LogEntry.objects.filter(additional_data__event="export", additional_data__format="ics").count() == 2


@pytest.fixture
def rounds(org, instrument, alice):
    return two_rounds(org, instrument, user=alice)


def test_the_dashboard_shows_the_plan_and_what_moved(client, alice, bob, rounds):
    client.force_login(alice)
    _plan(rounds.second, "Follow-up report", TODAY + timedelta(days=30))
    html = client.get(reverse("campaigns:dashboard", args=[rounds.second.pk])).content.decode()
    assert "Action plan" in html and "Follow-up report" in html
    assert SENTENCE in html
    assert "Dropped idea" not in html  # dropped: no movement reported
    # The PDF's section is the same template (tests/reports/test_report_actions.py).
    assert html.count(_url("action_list", rounds.second)) >= 2


def test_each_recommendation_offers_to_plan_an_action(client, alice, bob, campaign):
    for side, value in (("business", "1"), ("it", "5")):
        for i in range(3):
            submit_columns(campaign, side, columns={}, default=value, publish=side == "it" and i == 2)
    client.force_login(alice)
    html = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    links = [part.split('"', 1)[0] for part in html.split('class="rec-plan" href="')[1:]]
    assert links and all(link.startswith(_url("action_create", campaign) + "?source=") for link in links)
    page = client.get(links[0].replace("&amp;", "&"))
    assert page.status_code == 200 and "selected" in page.content.decode()
    client.force_login(bob)
    assert 'class="rec-plan"' not in client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_read_the_plan_in_constant_queries(client, alice, rounds):
    """The list and the dashboard, with 1 then 6 actions in each round (each earlier one
    targeting items, each later one waiting for one)."""

    def add(count: int) -> None:
        for i in range(count):
            first = _plan(rounds.first, f"Earlier {i}", TODAY, targets=["TRU-2", "partner"])
            _plan(rounds.second, f"Now {i}", TODAY + timedelta(days=i), prerequisites=[first.pk])

    client.force_login(alice)
    add(1)
    urls = [_url("action_list", rounds.second), reverse("campaigns:dashboard", args=[rounds.second.pk])]
    for url in urls:
        client.get(url)  # warms the caches (scores, instrument)
    few = [_page_queries(client, url) for url in urls]
    add(5)
    assert [_page_queries(client, url) for url in urls] == few


def test_the_audit_page_names_what_was_done_to_the_plan(client, alice, org, campaign, plan):
    client.force_login(alice)
    client.post(_url("action_status", campaign, plan["ahead"].pk), {"status": "in_progress"})
    client.post(_url("action_delete", campaign, plan["done"].pk))
    client.get(_url("actions_calendar", campaign))
    page = client.get(reverse("manage:audit_log", args=[org.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Planned an action" in html and "Changed an action" in html and "Deleted an action" in html
    assert "Planned → In progress" in html and "Exported data" in html


def test_earlier_rounds_open_actions_stay_on_the_plan(client, bob, rounds):
    # A plan does not stop at the round that made it: round 1's open action is listed on round 2's
    # page (changed on its own round's page) and on its dashboard; done and dropped ones are not.
    still_open = _plan(rounds.first, "Cost model per service", TODAY - timedelta(days=3), status="in_progress")
    client.force_login(bob)
    html = client.get(_url("action_list", rounds.second)).content.decode()
    carried = html.split('id="carried"', 1)[1]
    assert "Still open from earlier rounds" in html
    assert "Cost model per service" in carried and "overdue" in carried
    assert f'href="{_url("action_list", rounds.first)}#action-{still_open.pk}">Round 1</a>' in carried
    assert "One-page service report" not in carried and "Dropped idea" not in carried  # done, dropped
    dashboard = client.get(reverse("campaigns:dashboard", args=[rounds.second.pk])).content.decode()
    section = dashboard.split('id="action-plan-title"', 1)[1]
    assert "Still open from earlier rounds" in section and "planned in Round 1" in section
    # Round 1's own page lists it among its actions, not as carried over.
    first = client.get(_url("action_list", rounds.first)).content.decode()
    assert 'id="carried"' not in first and f'id="action-{still_open.pk}"' in first
