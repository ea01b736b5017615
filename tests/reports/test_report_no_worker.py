"""The report page says when no worker has picked the report up for a minute (issue #15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Report

pytestmark = pytest.mark.django_db

NO_WORKER = "No background worker has picked the report up for over a minute"


def _queued(campaign, alice, *, seconds_ago: int | None, **fields) -> Report:
    enqueued_at = timezone.now() - timedelta(seconds=seconds_ago) if seconds_ago is not None else None
    return Report.objects.create(
        organisation=campaign.organisation, campaign=campaign, requested_by=alice, enqueued_at=enqueued_at, **fields
    )


def _page_and_status(client, report: Report) -> tuple[str, dict]:
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    status = client.get(reverse("reports:status", args=[report.pk])).json()
    return page, status


def _shown(page: str) -> bool:
    # The sentence is always in the page (for the script to reveal); hidden until it applies.
    marker = 'data-role="no-worker"'
    tag = page[page.rindex("<p", 0, page.index(marker)) : page.index(marker)]
    return "d-none" not in tag


def test_it_says_so_once_a_queued_report_waited_a_minute(client, alice, campaign, settings):
    settings.REPORTS_NO_WORKER_WARNING_SECONDS = 60
    client.force_login(alice)

    fresh = _queued(campaign, alice, seconds_ago=20)
    page, status = _page_and_status(client, fresh)
    assert status["waiting_for_worker"] is False and not _shown(page)

    stale = _queued(campaign, alice, seconds_ago=61, department="Sales")
    page, status = _page_and_status(client, stale)
    assert status["waiting_for_worker"] is True
    assert NO_WORKER in page and _shown(page)
    assert status["status"] == "queued"


def test_it_does_not_blame_the_workers_when_they_are_not_the_cause(client, alice, campaign, settings):
    settings.REPORTS_NO_WORKER_WARNING_SECONDS = 60
    client.force_login(alice)
    # Picked up (rendering), or never handed over (the broker was down: another message says so).
    rendering = _queued(campaign, alice, seconds_ago=600, status=Report.Status.RENDERING)
    broker_down = _queued(campaign, alice, seconds_ago=None, department="Sales", enqueue_error="OperationalError")
    ready = _queued(campaign, alice, seconds_ago=600, department="Finance", status=Report.Status.READY)
    for report in (rendering, broker_down, ready):
        page, status = _page_and_status(client, report)
        assert status["waiting_for_worker"] is False, report.status
        assert not _shown(page)
    assert _page_and_status(client, broker_down)[1]["waiting_for_broker"] is True
