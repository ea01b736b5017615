"""The action plan's services and selectors (issue #19 item 2) on the real database: validation,
prerequisites without cycles, status and `done_on`, the list's filters and order, constant
queries, and the owners' reminders (each sent once), called as Celery beat calls the task."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.actions import Action
from assessments.management.commands.campaign_scores import Command as CampaignScoresCommand
from assessments.selectors.actions import ActionFilters, action_list, campaign_actions_json
from assessments.services.actions import action_create, action_status_set, action_update
from assessments.tasks.actions import action_reminders_send as action_reminders_send_task
from brmportal.celery import app
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import open_campaign
from tests.outbox import deliver_queued_mail

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)


def _action(campaign, title: str = "One-page service report", due_on: date = TODAY, **fields) -> Action:
    values = {"owner_name": "Kari Lunde", "owner_email": "kari@example.com", "targets": ["TRU-2"], **fields}
    return action_create(campaign=campaign, title=title, due_on=due_on, **values)


# --- Create and change ---------------------------------------------------------------------------


def test_it_plans_an_action_with_its_targets_and_an_audit_entry(campaign, alice):
    action = action_create(
        campaign=campaign,
        title="  One-page service report ",
        owner_name="Kari Lunde",
        owner_email="kari@example.com",
        due_on=TODAY,
        targets=["TRU-2", "partner", "TRU-2", " "],
        source="TRU-2",
        description="Plain words, once a month.",
        user=alice,
    )
    assert (action.title, action.targets, action.source) == ("One-page service report", ["TRU-2", "partner"], "TRU-2")
    assert (action.status, action.done_on, action.created_by) == ("planned", None, alice)
    assert action.organisation_id == campaign.organisation_id
    entry = LogEntry.objects.get_for_object(action).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.additional_data == {"organisation": campaign.organisation_id, "campaign": campaign.pk}


def test_it_refuses_unknown_codes_and_invalid_fields(campaign):
    with pytest.raises(ApplicationError, match="NOPE-1 is not an item, dimension or cluster of questionnaire"):
        _action(campaign, targets=["TRU-2", "NOPE-1"])
    with pytest.raises(ApplicationError, match="NOPE-2 is not an item"):
        _action(campaign, source="NOPE-2")
    with pytest.raises(ValidationError) as caught:
        _action(campaign, owner_email="not an address")
    assert "owner_email" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        _action(campaign, title="x" * 201, owner_name="")
    assert {"title", "owner_name"} <= set(caught.value.error_dict)
    with pytest.raises(ApplicationError, match="not a status"):
        _action(campaign, status="someday")
    assert not Action.objects.exists()


def test_it_keeps_prerequisites_within_the_organisation_and_without_cycles(campaign, org, other_org, instrument):
    later = open_campaign(org, instrument, "Round 2")
    a, b = _action(campaign, "A"), _action(campaign, "B")
    c = _action(later, "C", prerequisites=[a.pk, b.pk])  # another campaign of the same organisation: fine
    assert set(c.prerequisites.all()) == {a, b}
    stranger = _action(open_campaign(other_org, instrument, "Theirs"), "Theirs")
    with pytest.raises(ApplicationError, match="another action of this organisation"):
        _action(campaign, "D", prerequisites=[stranger.pk])
    fields = {"title": "A", "owner_name": "Kari", "owner_email": "kari@example.com", "due_on": TODAY}
    with pytest.raises(ApplicationError, match="cannot wait for itself"):
        action_update(action=a, prerequisites=[a.pk], **fields)
    # A waits for nothing; C waits for A: A waiting for C would close a circle, through B too.
    action_update(action=b, prerequisites=[], **{**fields, "title": "B"})
    with pytest.raises(ApplicationError, match="circle"):
        action_update(action=a, prerequisites=[c.pk], **fields)
    d = _action(campaign, "D", prerequisites=[c.pk])
    with pytest.raises(ApplicationError, match="circle"):
        action_update(action=a, prerequisites=[b.pk, d.pk], **fields)
    assert list(a.prerequisites.all()) == []
    # The prerequisites' changes are audited with the action (auditlog's many-to-many entries).
    added = [e.changes for e in LogEntry.objects.get_for_object(c) if "prerequisites" in (e.changes or {})]
    assert added == [{"prerequisites": {"type": "m2m", "operation": "add", "objects": ["A", "B"]}}]


def test_it_sets_done_on_exactly_while_done(campaign):
    action = _action(campaign)
    action = action_status_set(action=action, status="in_progress", today=TODAY)
    assert (action.status, action.done_on) == ("in_progress", None)
    action = action_status_set(action=action, status="done", today=TODAY)
    assert action.done_on == TODAY
    # Done again: the date it was first done stays; an explicit date replaces it.
    assert action_status_set(action=action, status="done", today=TODAY + timedelta(days=3)).done_on == TODAY
    assert action_status_set(action=action, status="done", done_on=date(2026, 3, 2)).done_on == date(2026, 3, 2)
    action = action_status_set(action=action, status="planned")
    assert (action.status, action.done_on) == ("planned", None)
    with pytest.raises(ApplicationError, match="Only an action that is done"):
        action_status_set(action=action, status="dropped", done_on=TODAY)
    with pytest.raises(ApplicationError, match="not a status"):
        action_status_set(action=action, status="finished")
    assert Action.objects.get(pk=action.pk).status == "planned"
    # Recorded afterwards (the demo's past rounds): done, with the date it was done.
    done = _action(campaign, "Done before", status="done", done_on=date(2026, 3, 2))
    assert (done.status, done.done_on) == ("done", date(2026, 3, 2))
    assert _action(campaign, "Done today", status="done").done_on == timezone.localdate()


def test_a_new_due_date_is_reminded_of_again(campaign):
    action = _action(campaign)
    now = timezone.now()
    Action.objects.filter(pk=action.pk).update(reminded_soon_at=now, reminded_overdue_at=now)
    fields = {"title": "Renamed", "owner_name": "Kari", "owner_email": "kari@example.com", "targets": ["TRU-2"]}
    kept = action_update(action=action, due_on=TODAY, **fields)
    assert kept.reminded_soon_at is not None and kept.title == "Renamed"
    moved = action_update(action=action, due_on=TODAY + timedelta(days=30), **fields)
    assert (moved.reminded_soon_at, moved.reminded_overdue_at) == (None, None)


# --- The list ------------------------------------------------------------------------------------


@pytest.fixture
def plan(campaign):
    """Five actions around TODAY: two overdue, one done long ago, one ahead, one dropped."""
    ahead = _action(campaign, "Ahead", TODAY + timedelta(days=10), targets=["partner"])
    late = _action(campaign, "Late", TODAY - timedelta(days=5), owner_email="Jonas@Example.com", owner_name="Jonas")
    done = _action(campaign, "Done", TODAY - timedelta(days=20), status="done", done_on=TODAY - timedelta(days=21))
    going = _action(campaign, "Going", TODAY - timedelta(days=2), status="in_progress", targets=["TRU-5", "TRU-2"])
    dropped = _action(campaign, "Dropped", TODAY - timedelta(days=30), status="dropped")
    return {"ahead": ahead, "late": late, "done": done, "going": going, "dropped": dropped}


def _titles(actions) -> list[str]:
    return [action.title for action in actions]


def test_it_lists_overdue_actions_first_then_by_due_date(campaign, plan):
    found = action_list(campaign=campaign, today=TODAY)
    assert _titles(found) == ["Late", "Going", "Dropped", "Done", "Ahead"]
    assert [action.overdue for action in found] == [True, True, False, False, False]


def test_it_filters_by_status_owner_overdue_and_target(campaign, plan):
    def titles(**filters) -> list[str]:
        return _titles(action_list(campaign=campaign, today=TODAY, filters=ActionFilters(**filters)))

    assert titles(status="done") == ["Done"]
    assert titles(owner="jonas@example.com") == ["Late"]
    assert titles(overdue=True) == ["Late", "Going"]
    assert titles(target="partner") == ["Ahead"]
    assert titles(target="TRU-5", overdue=True) == ["Going"]
    assert titles(status="planned", overdue=True) == ["Late"]


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_it_reads_the_plan_and_its_json_in_constant_queries(org, instrument, campaign):
    """Two sizes: 2 actions in each of two rounds, then 12, each waiting for another and
    targeting items (the movement reads the later round's scores, cached after the first read)."""
    later = open_campaign(org, instrument, "Round 2")

    def add(count: int) -> None:
        for i in range(count):
            first = _action(campaign, f"Earlier {i}", targets=["TRU-2", "partner"])
            _action(later, f"Now {i}", prerequisites=[first.pk])

    add(1)
    campaign_actions_json(campaign=later)  # warms the scores' cache and the instrument's
    few = _queries(lambda: (action_list(campaign=later, today=TODAY), campaign_actions_json(campaign=later)))
    add(5)
    many = _queries(lambda: (action_list(campaign=later, today=TODAY), campaign_actions_json(campaign=later)))
    assert len(action_list(campaign=later, today=TODAY)) == 6
    assert many == few


# --- Reminders -----------------------------------------------------------------------------------


def test_it_reminds_each_owner_once_a_week_before_and_once_when_overdue(org, instrument, alice):
    campaign = open_campaign(org, instrument, "Runde 1", language="nb")
    soon = _action(campaign, "Soon", TODAY + timedelta(days=7), user=alice)
    later = _action(campaign, "Later", TODAY + timedelta(days=8), owner_email="per@example.com")
    late = _action(campaign, "Late", TODAY - timedelta(days=1), owner_email="jonas@example.com")
    _action(campaign, "Done late", TODAY - timedelta(days=3), status="done")
    _action(campaign, "Dropped soon", TODAY + timedelta(days=2), status="dropped")

    # As beat calls it (the task function, run here in the test process), with the day given.
    assert action_reminders_send_task(TODAY.isoformat()) == {"soon": 1, "overdue": 1}
    assert action_reminders_send_task(TODAY.isoformat()) == {"soon": 0, "overdue": 0}
    assert deliver_queued_mail() == 2
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"kari@example.com", "jonas@example.com"}
    reminder = sent["kari@example.com"]
    assert "Soon" in reminder.subject
    assert reminder.extra_headers["Content-Language"] == "nb"  # the campaign's language
    assert reminder.reply_to == ["alice@example.com"]  # who planned it
    assert f"/campaigns/{campaign.pk}/actions/" in reminder.body
    html = reminder.alternatives[0][0]
    assert "Soon" in html and f"/campaigns/{campaign.pk}/actions/" in html
    assert "Late" in sent["jonas@example.com"].subject
    assert sent["jonas@example.com"].subject.replace("Late", "") != reminder.subject.replace("Soon", "")
    assert sent["jonas@example.com"].reply_to == []

    # The next day: "Later" is a week away now; nobody is told twice.
    assert action_reminders_send_task((TODAY + timedelta(days=1)).isoformat()) == {"soon": 1, "overdue": 0}
    # A week on, "Soon" is overdue: one more e-mail, its last.
    assert action_reminders_send_task((TODAY + timedelta(days=8)).isoformat()) == {"soon": 0, "overdue": 1}
    assert action_reminders_send_task((TODAY + timedelta(days=30)).isoformat()) == {"soon": 0, "overdue": 1}
    assert Action.objects.get(pk=later.pk).reminded_overdue_at is not None
    assert Action.objects.get(pk=late.pk).reminded_soon_at is None  # already late: never "due soon"
    # A new due date is reminded of again.
    fields = {"title": "Soon", "owner_name": "Kari", "owner_email": "kari@example.com", "targets": ["TRU-2"]}
    action_update(action=soon, due_on=TODAY + timedelta(days=33), **fields)
    assert action_reminders_send_task((TODAY + timedelta(days=30)).isoformat()) == {"soon": 1, "overdue": 0}
    mail.outbox.clear()
    assert deliver_queued_mail() == 4
    assert len(mail.outbox) == 4


# --- JSON -------------------------------------------------------------------------------------------


def test_campaign_scores_json_lists_the_plan(campaign, plan):
    out = StringIO()
    CampaignScoresCommand(stdout=out).handle(campaign_id=campaign.pk, json=True, department=None)
    actions = json.loads(out.getvalue())["actions"]
    assert [a["title"] for a in actions] == ["Dropped", "Done", "Late", "Going", "Ahead"]  # by due date
    going = next(a for a in actions if a["title"] == "Going")
    assert set(going) == {
        "id",
        "campaign",
        "title",
        "description",
        "owner_name",
        "owner_email",
        "due_on",
        "status",
        "done_on",
        "overdue",
        "targets",
        "source",
        "created_at",
        "movement",
    }
    assert (going["campaign"], going["status"], going["targets"], going["movement"]) == (
        campaign.pk,
        "in_progress",
        ["TRU-5", "TRU-2"],
        None,
    )
    assert going["due_on"] == (TODAY - timedelta(days=2)).isoformat()
    done = next(a for a in actions if a["title"] == "Done")
    assert done["done_on"] == (TODAY - timedelta(days=21)).isoformat() and done["overdue"] is False


def test_it_is_scheduled_daily_by_celery_beat(settings):
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["action-reminders"]
    assert entry["task"] == action_reminders_send_task.name and entry["task"] in app.tasks
    assert (entry["schedule"].minute, entry["schedule"].hour) == ({41}, {7})
    assert app.conf.beat_schedule["action-reminders"] == entry
    assert app.tasks[entry["task"]].acks_late is True
