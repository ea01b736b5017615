"""Report services and the task: request, enqueue after commit, claim, render, fail, re-queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone

from reports.models import Report
from reports.services import (
    report_mark_failed,
    report_pdf_generate,
    report_request,
    reports_requeue_stale,
    stale_rendering_after,
)
from reports.tasks import report_pdf_generate as report_pdf_generate_task

pytestmark = pytest.mark.django_db

BAD_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down(settings):
    """Nothing listens on port 1: publishing fails fast with a connection error (eager off)."""
    from brmportal.celery import app

    settings.CELERY_BROKER_URL = BAD_BROKER
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def _media_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_it_creates_a_queued_report_and_enqueues_after_commit(
    scored_campaign, alice, sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report, created = report_request(campaign=scored_campaign, user=alice)
    assert created
    assert report.status == Report.Status.QUEUED
    assert report.organisation_id == scored_campaign.organisation_id
    assert report.requested_by == alice
    assert report.instrument_version == scored_campaign.instrument.version
    # Nothing is sent before the commit: a worker must never look for a row it cannot see yet.
    assert sent_tasks == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent_tasks == [report.id]
    report.refresh_from_db()
    assert report.enqueued_at is not None
    assert report.enqueue_error == ""


def test_it_returns_the_active_report_when_asked_again(
    scored_campaign, alice, sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = report_request(campaign=scored_campaign, user=alice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second, created_again = report_request(campaign=scored_campaign, user=alice)
    assert created and not created_again
    assert second.id == first.id
    assert callbacks == []
    assert sent_tasks == [first.id]
    assert Report.objects.count() == 1


def test_it_returns_the_active_report_while_it_is_rendering(scored_campaign, alice, sent_tasks):
    first, _ = report_request(campaign=scored_campaign, user=alice)
    Report.objects.filter(id=first.id).update(status=Report.Status.RENDERING)
    second, created = report_request(campaign=scored_campaign, user=alice)
    assert not created and second.id == first.id


def test_it_creates_a_new_report_once_the_last_one_is_done(scored_campaign, alice, sent_tasks):
    first, _ = report_request(campaign=scored_campaign, user=alice)
    Report.objects.filter(id=first.id).update(status=Report.Status.READY)
    second, created = report_request(campaign=scored_campaign, user=alice)
    assert created and second.id != first.id


def test_it_keeps_one_active_report_per_campaign_in_the_database(scored_campaign, org):
    Report.objects.create(organisation=org, campaign=scored_campaign)
    with pytest.raises(IntegrityError):
        Report.objects.create(organisation=org, campaign=scored_campaign, status=Report.Status.RENDERING)


def test_it_allows_one_active_report_per_department(scored_campaign, org):
    Report.objects.create(organisation=org, campaign=scored_campaign)
    Report.objects.create(organisation=org, campaign=scored_campaign, department="Sales")
    assert Report.objects.count() == 2


def test_it_returns_the_winner_when_it_loses_the_race(scored_campaign, alice, org, sent_tasks, monkeypatch):
    # The other request inserted its report between our lookup and our insert.
    winner = Report.objects.create(organisation=org, campaign=scored_campaign)
    lookups = iter([None, winner])
    monkeypatch.setattr("reports.services.report_active_get", lambda **kwargs: next(lookups))
    report, created = report_request(campaign=scored_campaign, user=alice)
    assert not created
    assert report.id == winner.id
    assert Report.objects.count() == 1


def test_it_rejects_an_unknown_department(scored_campaign, alice, sent_tasks):
    with pytest.raises(ValidationError):
        report_request(campaign=scored_campaign, user=alice, department="Nowhere")
    assert Report.objects.count() == 0


def test_it_renders_and_stores_the_pdf(scored_campaign, alice, media_root, sent_tasks):
    report, _ = report_request(campaign=scored_campaign, user=alice)
    report_pdf_generate_task.apply(args=[report.id])
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.progress == 100
    assert report.finished_at is not None
    assert report.attempts == 1
    assert report.response_count == 7
    assert report.file.name.startswith(f"reports/{scored_campaign.organisation.slug}/")
    with default_storage.open(report.file.name, "rb") as fh:
        assert fh.read(4) == b"%PDF"


def test_it_is_idempotent_when_the_task_runs_twice(scored_campaign, alice, media_root, sent_tasks):
    report, _ = report_request(campaign=scored_campaign, user=alice)
    report_pdf_generate_task.apply(args=[report.id])
    report.refresh_from_db()
    first_name, first_finished = report.file.name, report.finished_at

    report_pdf_generate_task.apply(args=[report.id])  # nothing left to claim
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.attempts == 1
    assert (report.file.name, report.finished_at) == (first_name, first_finished)
    assert len(_media_files(media_root)) == 1


def test_it_rerenders_a_stale_rendering_report_replacing_its_file(scored_campaign, alice, media_root, sent_tasks):
    report, _ = report_request(campaign=scored_campaign, user=alice)
    report_pdf_generate_task.apply(args=[report.id])
    # A worker was killed mid-render of a second run, long ago: the report may be taken again.
    long_ago = timezone.now() - stale_rendering_after() - timedelta(seconds=5)
    Report.objects.filter(id=report.id).update(status=Report.Status.RENDERING, updated_at=long_ago)
    report_pdf_generate_task.apply(args=[report.id])
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.attempts == 2
    assert len(_media_files(media_root)) == 1


def test_it_leaves_a_fresh_rendering_report_to_its_worker(scored_campaign, org, media_root):
    report = Report.objects.create(organisation=org, campaign=scored_campaign, status=Report.Status.RENDERING)
    assert report_pdf_generate(report_id=report.id) is None
    report.refresh_from_db()
    assert report.status == Report.Status.RENDERING
    assert _media_files(media_root) == []


def test_it_does_nothing_for_an_unknown_report_id(db):
    result = report_pdf_generate_task.apply(args=[987654])
    assert result.successful()
    assert not Report.objects.exists()


def test_it_marks_the_report_failed_when_rendering_fails(scored_campaign, org, media_root, monkeypatch):
    report = Report.objects.create(organisation=org, campaign=scored_campaign)

    def broken(**kwargs):
        raise ValueError("template exploded")

    monkeypatch.setattr("reports.pdf.render_report", broken)
    result = report_pdf_generate_task.apply(args=[report.id])
    assert result.failed()
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "template exploded" in report.error
    assert report.error.startswith("The PDF could not be rendered")
    assert report.finished_at is not None
    assert _media_files(media_root) == []


def test_it_retries_transient_errors_then_fails(scored_campaign, org, media_root, monkeypatch):
    report = Report.objects.create(organisation=org, campaign=scored_campaign)
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr("reports.pdf.render_report", flaky)
    report_pdf_generate_task.apply(args=[report.id])
    report.refresh_from_db()
    # The first try and three retries, each claiming the report again after it was released.
    assert len(calls) == 4
    assert report.attempts == 4
    assert report.status == Report.Status.FAILED
    assert "disk full" in report.error


def test_it_recovers_when_a_retry_succeeds(scored_campaign, org, media_root, monkeypatch):
    from reports import pdf

    report = Report.objects.create(organisation=org, campaign=scored_campaign)
    real = pdf.render_report
    calls = []

    def flaky_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("storage hiccup")
        return real(**kwargs)

    monkeypatch.setattr("reports.pdf.render_report", flaky_once)
    report_pdf_generate_task.apply(args=[report.id])
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.error == ""
    assert len(_media_files(media_root)) == 1


def test_it_does_not_fail_a_ready_report(scored_campaign, org):
    report = Report.objects.create(organisation=org, campaign=scored_campaign, status=Report.Status.READY)
    report_mark_failed(report_id=report.id, error="late failure of a duplicate run")
    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_it_keeps_the_report_queued_when_the_broker_is_down(
    scored_campaign, alice, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report, created = report_request(campaign=scored_campaign, user=alice)
    report.refresh_from_db()
    assert created
    assert report.status == Report.Status.QUEUED
    assert report.enqueued_at is None
    assert "OperationalError" in report.enqueue_error
    assert report.is_waiting_for_broker


def test_it_requeues_once_the_broker_is_back(scored_campaign, alice, broker_down, settings):
    report, _ = report_request(campaign=scored_campaign, user=alice)
    assert reports_requeue_stale(older_than=timedelta(0)) == []
    report.refresh_from_db()
    assert report.is_waiting_for_broker

    # The broker is back (an in-process one: the message goes nowhere else).
    settings.CELERY_BROKER_URL = "memory://"
    assert reports_requeue_stale(older_than=timedelta(0)) == [report.id]
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED
    assert report.enqueued_at is not None and report.enqueue_error == ""
    assert not report.is_waiting_for_broker


def test_it_requeues_only_reports_that_waited_long_enough(scored_campaign, org, sent_tasks):
    recent = Report.objects.create(organisation=org, campaign=scored_campaign)
    old = Report.objects.create(organisation=org, campaign=scored_campaign, department="Sales")
    Report.objects.filter(id=old.id).update(updated_at=timezone.now() - timedelta(minutes=10))
    done = Report.objects.create(organisation=org, campaign=scored_campaign, department="Finance")
    Report.objects.filter(id=done.id).update(status=Report.Status.READY, updated_at=timezone.now() - timedelta(days=1))
    assert reports_requeue_stale(older_than=timedelta(minutes=5)) == [old.id]
    assert sent_tasks == [old.id]
    assert recent.id not in sent_tasks


def test_it_requeues_a_report_whose_worker_died(scored_campaign, org, sent_tasks):
    report = Report.objects.create(organisation=org, campaign=scored_campaign, status=Report.Status.RENDERING)
    assert reports_requeue_stale(older_than=timedelta(minutes=5)) == []
    long_ago = timezone.now() - stale_rendering_after() - timedelta(seconds=5)
    Report.objects.filter(id=report.id).update(updated_at=long_ago)
    assert reports_requeue_stale(older_than=timedelta(minutes=5)) == [report.id]


def test_it_retries_the_broker_when_asked_again_after_it_was_down(
    scored_campaign, alice, broker_down, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = report_request(campaign=scored_campaign, user=alice)
    settings.CELERY_BROKER_URL = "memory://"
    again, created = report_request(campaign=scored_campaign, user=alice)
    assert not created and again.id == report.id
    assert again.enqueued_at is not None
    assert not again.is_waiting_for_broker


def test_it_keeps_one_active_report_per_campaign_and_language(scored_campaign, alice, sent_tasks):
    english, created = report_request(campaign=scored_campaign, user=alice, language="en")
    assert created and english.language == "en"
    # Someone reading the portal in Norwegian gets a Norwegian report, not the English one.
    norwegian, created = report_request(campaign=scored_campaign, user=alice, language="nb")
    assert created and norwegian.id != english.id and norwegian.language == "nb"
    again, created = report_request(campaign=scored_campaign, user=alice, language="nb")
    assert not created and again.id == norwegian.id
    with pytest.raises(IntegrityError):
        Report.objects.create(organisation=scored_campaign.organisation, campaign=scored_campaign, language="nb")


def test_it_takes_the_active_language_and_falls_back_to_english(scored_campaign, alice, sent_tasks):
    from django.utils import translation

    with translation.override("nl"):
        report, _ = report_request(campaign=scored_campaign, user=alice)
    assert report.language == "nl"
    other, _ = report_request(campaign=scored_campaign, user=alice, language="xx")
    assert other.language == "en"


def test_it_renders_the_pdf_in_the_reports_language(scored_campaign, alice, sent_tasks, media_root):
    from tests.reports.test_report_pdf import pdf_text

    dutch = {
        d["code"]: d["name"]["nl"]
        for d in scored_campaign.instrument.content["instruments"]["relationship"]["dimensions"]
    }
    report, _ = report_request(campaign=scored_campaign, user=alice, language="nl")
    # The worker has no request: the service alone must pick the language (this test runs in English).
    report = report_pdf_generate(report_id=report.id)
    text = pdf_text(report.file.read())
    assert dutch["provider"] in text and dutch["peer"] in text
