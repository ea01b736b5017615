"""End to end: an answers file uploaded through the workspace page is imported by a real Celery
worker on the real Redis, while the progress page's JSON is polled (issue #15).

The worker is a separate process started by the `workers` fixture (tests/reports/conftest.py),
on a queue of this test only; rows must be committed for it to see them, hence
transaction=True. The file has 500 rows, which proves the path; 20,000 rows take minutes and
are measured by bench/imports.py instead (bench/results.md).
"""

from __future__ import annotations

import time

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from assessments.import_jobs import ImportJob
from assessments.models import Answer, Response
from tests.helpers import answers_csv, responses_upload_url
from tests.reports.conftest import workers  # noqa: F401 - the fixture, shared with the report tests

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROWS = 500
DONE_TIMEOUT = 120  # seconds: worker start-up (slow on a busy machine), then the import


def _wait_until_done(client, job: ImportJob, process, log) -> tuple[dict, set[int]]:
    url = reverse("manage:import_job_status", args=[job.campaign_id, job.pk])
    deadline = time.monotonic() + DONE_TIMEOUT
    seen: set[int] = set()
    while time.monotonic() < deadline:
        data = client.get(url).json()
        seen.add(data["progress"])
        if data["done"]:
            return data, seen
        assert process.poll() is None, f"the worker exited early\n{log.read_text(errors='replace')[-3000:]}"
        time.sleep(0.2)
    raise AssertionError(f"import {job.pk} not done after {DONE_TIMEOUT} s: {data}\n{log.read_text()[-3000:]}")


def test_it_imports_an_uploaded_file_on_a_real_worker(client, alice, campaign, workers, settings):  # noqa: F811
    settings.IMPORTS_TASK_QUEUE = workers.queue
    process = workers.start()
    client.force_login(alice)
    rows = [("business" if n % 2 else "it", "Sales" if n % 3 else "", str(1 + n % 5)) for n in range(ROWS)]

    r = client.post(responses_upload_url(campaign), {"file": answers_csv(campaign, rows)})
    job = ImportJob.objects.get()
    assert r["Location"] == reverse("manage:import_job_detail", args=[campaign.pk, job.pk])

    data, seen = _wait_until_done(client, job, process, workers.log)

    log = workers.log.read_text(errors="replace")
    job.refresh_from_db()
    assert data["status"] == "succeeded", f"{job.errors}\n{log[-3000:]}"
    assert "Task assessments.tasks.imports.import_job_run[" in log
    assert job.imported == ROWS and job.counts == {"business": ROWS // 2, "it": ROWS // 2}
    assert Response.objects.filter(campaign=campaign, source="import").count() == ROWS
    assert Answer.objects.filter(campaign=campaign).count() > ROWS * 40
    assert len(seen) >= 2 and max(seen) == 100  # the page saw the job move
    # The file goes right after the job is marked finished (not in its transaction: storage is
    # not transactional), so wait a moment for it under a loaded machine.
    deadline = time.monotonic() + 10
    while (job.file or list(workers.media.rglob("*.csv"))) and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()
    assert not job.file and not list(workers.media.rglob("*.csv"))
    assert LogEntry.objects.filter(additional_data__event="answers_import", actor=alice).count() == 1
    page = client.get(data["url"]).content.decode()
    assert f"Imported {ROWS} responses" in page

    # A file with one bad row: the worker stores nothing and the page lists the error.
    bad = [*rows[:50], ("business", "Legal", "3")]
    client.post(responses_upload_url(campaign), {"file": answers_csv(campaign, bad)})
    failed = ImportJob.objects.latest("pk")
    data, _seen = _wait_until_done(client, failed, process, workers.log)
    assert data["status"] == "failed"
    page = client.get(data["url"]).content.decode()
    assert "row 52, column department:" in page
    assert Response.objects.filter(campaign=campaign).count() == ROWS
