"""Respondents' e-mail addresses are erased PERSONAL_DATA_RETENTION_DAYS after their campaign closed
(issue #15, item 13), by a daily Celery beat task, without changing a score or a count."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Campaign, Invitation, Response
from assessments.outbox import EmailStatus, OutgoingEmail
from assessments.selectors.campaigns import campaign_response_counts
from assessments.services.campaigns import campaign_close
from assessments.services.invitations import invitation_create
from assessments.services.privacy import campaign_personal_data_erase, personal_data_erase_due
from brmportal.celery import app
from tests.helpers import open_campaign, submit_columns
from tests.personal_data import rows_mentioning, start_invitation, submit_invitation
from tests.reports.conftest import workers  # noqa: F401 - the real Celery worker fixture

DAY = timedelta(days=1)


def _people(campaign, prefix: str = "resp") -> list[Invitation]:
    """Five invited respondents: 3 business (2 submitted), 2 IT (1 submitted, 1 part-way)."""
    invitations = [
        invitation_create(campaign=campaign, side=side, email=f"{prefix}{n}.person@example.org", department=department)
        for n, (side, department) in enumerate(
            [("business", "Sales"), ("business", "Sales"), ("business", "Finance"), ("it", ""), ("it", "")]
        )
    ]
    submit_invitation(invitations[0], "4")
    submit_invitation(invitations[1], "2")
    submit_invitation(invitations[3], "5")
    start_invitation(invitations[4])
    return invitations


def _closed(campaign: Campaign, days_ago: float) -> Campaign:
    campaign_close(campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=timezone.now() - days_ago * DAY)
    campaign.refresh_from_db()
    return campaign


def _scores_json(campaign: Campaign) -> dict:
    out = io.StringIO()
    call_command("campaign_scores", str(campaign.pk), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def closed_campaign(campaign):
    """`campaign` (Acme) with 5 invited people and 3 imported business answers, closed 91 days ago."""
    people = _people(campaign)
    for value in ("3", "5", "1"):
        submit_columns(campaign, "business", columns={}, default=value, department="Sales")
    # The e-mail state of one invitation, as the outbox keeps it after a refusal: the mail server's words.
    OutgoingEmail.objects.create(
        organisation=campaign.organisation,
        invitation=people[2],
        kind=OutgoingEmail.Kind.INVITATION,
        status=EmailStatus.FAILED,
        error="550 5.1.1 <resp2.person@example.org>: Recipient address rejected",
        queued_at=timezone.now(),
    )
    return _closed(campaign, days_ago=91)


def test_it_erases_the_addresses_and_changes_no_score_and_no_count(closed_campaign, alice):
    campaign = closed_campaign
    # A staff member corrected an address in Django's admin: its history names the invitation by str().
    invitation = Invitation.objects.filter(campaign=campaign).first()
    AdminLogEntry.objects.log_actions(
        user_id=alice.pk, queryset=[invitation], action_flag=CHANGE, change_message="[]", single_object=True
    )
    scores_before = _scores_json(campaign)
    counts_before = campaign_response_counts(campaign=campaign)
    responses_before = Response.objects.filter(campaign=campaign).count()
    assert rows_mentioning("person@example.org")  # the setup holds addresses where expected

    erased = personal_data_erase_due()

    assert erased == {campaign.pk: 5}
    assert _scores_json(campaign) == scores_before
    assert scores_before["responses"] == {"business": 5, "it": 1}
    assert campaign_response_counts(campaign=campaign) == counts_before
    assert counts_before["business"] == {"invited": 3, "started": 0, "submitted": 2}
    assert Response.objects.filter(campaign=campaign).count() == responses_before
    # Nowhere in the database: invitations, the outbox and its error, the admin's history.
    assert rows_mentioning("person@example.org") == []
    assert rows_mentioning("example.org") == []
    campaign.refresh_from_db()
    assert campaign.personal_data_erased_at is not None
    entry = LogEntry.objects.get(additional_data__event="personal_data_erase")
    assert entry.additional_data["campaign"] == campaign.pk
    assert entry.additional_data["invitations"] == 5
    assert entry.actor is None


def test_it_is_safe_to_run_twice(closed_campaign):
    assert personal_data_erase_due() == {closed_campaign.pk: 5}
    stamped = Campaign.objects.get(pk=closed_campaign.pk).personal_data_erased_at

    assert personal_data_erase_due() == {}
    assert campaign_personal_data_erase(campaign=closed_campaign) == 0
    assert LogEntry.objects.filter(additional_data__event="personal_data_erase").count() == 1
    assert Campaign.objects.get(pk=closed_campaign.pk).personal_data_erased_at == stamped


def test_it_keeps_the_addresses_while_they_are_needed(org, instrument, settings):
    now = timezone.now()
    running = open_campaign(org, instrument, "Running")
    recent = _closed(open_campaign(org, instrument, "Closed 89 days ago"), days_ago=89)
    # Past its close date (never closed by hand) for 91 days: it stopped taking answers then.
    by_date = open_campaign(org, instrument, "Past its close date")
    Campaign.objects.filter(pk=by_date.pk).update(opens_at=now - 120 * DAY, closes_at=now - 91 * DAY)
    # Closed long ago but never given addresses: nothing to erase, no entry.
    empty = _closed(open_campaign(org, instrument, "No addresses"), days_ago=400)
    for campaign in (running, recent, by_date):
        invitation_create(campaign=campaign, side="business", email=f"someone@{campaign.pk}.example.org")

    assert personal_data_erase_due() == {by_date.pk: 1}
    assert set(Invitation.objects.exclude(email="").values_list("campaign", flat=True)) == {running.pk, recent.pk}

    settings.PERSONAL_DATA_RETENTION_DAYS = 0
    assert personal_data_erase_due() == {recent.pk: 1}
    assert not LogEntry.objects.filter(additional_data__campaign=empty.pk, additional_data__event="personal_data_erase")


def test_it_erases_addresses_added_after_an_earlier_erasure(org, instrument):
    campaign = _closed(open_campaign(org, instrument), days_ago=100)
    invitation_create(campaign=campaign, side="it", email="first@example.org")
    assert personal_data_erase_due() == {campaign.pk: 1}
    # Reopened with a new close date, more people invited, closed again and past the period.
    Campaign.objects.filter(pk=campaign.pk).update(status="open", closes_at=None, closed_at=None)
    campaign.refresh_from_db()
    invitation_create(campaign=campaign, side="it", email="second@example.org")
    assert personal_data_erase_due() == {}
    _closed(campaign, days_ago=95)

    assert personal_data_erase_due() == {campaign.pk: 1}
    assert not Invitation.objects.exclude(email="").exists()


def test_it_erases_from_the_command_line_too(closed_campaign):
    from assessments.management.commands.erase_personal_data import Command

    out = io.StringIO()
    Command(stdout=out).handle()
    assert out.getvalue().strip() == f"Erased e-mail addresses:\ncampaign {closed_campaign.pk}: 5 invitation(s)"
    out = io.StringIO()
    Command(stdout=out).handle()
    assert out.getvalue().strip() == "Nothing to erase."


def test_it_reads_the_period_from_the_environment():
    assert settings.PERSONAL_DATA_RETENTION_DAYS == int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "90"))
    code = (
        "import importlib, os, brmportal.settings as s; print(s.PERSONAL_DATA_RETENTION_DAYS);"
        "os.environ['PERSONAL_DATA_RETENTION_DAYS'] = '-1'; importlib.reload(s)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DATABASE_URL": "", "PERSONAL_DATA_RETENTION_DAYS": "30"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "30"
    assert "PERSONAL_DATA_RETENTION_DAYS must be 0 or more" in result.stderr


def test_it_is_scheduled_daily_by_celery_beat():
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["personal-data-erase"]
    assert entry["task"] in app.tasks
    assert app.conf.beat_schedule["personal-data-erase"] == entry
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {17}
    assert app.tasks[entry["task"]].acks_late is True


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_erases_on_a_real_worker(workers, org, instrument):  # noqa: F811 - the imported fixture
    campaign = _closed(open_campaign(org, instrument), days_ago=120)
    for n in range(3):
        invitation_create(campaign=campaign, side="business", email=f"w{n}@example.org")
    submit_columns(campaign, "business", columns={}, default="4")
    # A session that ended yesterday (it may hold a pasted list of addresses): the task deletes it.
    Session.objects.create(session_key="e" * 32, session_data="", expire_date=timezone.now() - DAY)
    Session.objects.create(session_key="k" * 32, session_data="", expire_date=timezone.now() + DAY)
    process = workers.start()
    from assessments.tasks.retention import personal_data_erase_due as personal_data_erase_due_task

    personal_data_erase_due_task.apply_async(queue=workers.queue)

    deadline = time.monotonic() + 60
    done = re.compile(r"Task assessments\.tasks\.retention\.personal_data_erase_due\[[^]]+\] succeeded")
    while not done.search(log := workers.log.read_text(errors="replace")):
        assert process.poll() is None, log[-3000:]
        assert time.monotonic() < deadline, log[-3000:]
        time.sleep(0.2)
    assert not Invitation.objects.filter(campaign=campaign).exclude(email="").exists()
    assert Invitation.objects.filter(campaign=campaign).count() == 3
    assert Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["k" * 32]


def test_it_says_so_on_the_audit_and_respondents_pages(client, alice, closed_campaign):
    personal_data_erase_due()
    client.force_login(alice)
    page = client.get(f"/o/{closed_campaign.organisation.slug}/audit/").content.decode()
    assert "Erased respondents&#x27; e-mail addresses" in page
    assert "example.org" not in page
    page = client.get(f"/campaigns/{closed_campaign.pk}/invitations/").content.decode()
    assert "(no e-mail address: erased after the campaign closed, or never given)" in page
    assert "example.org" not in page
