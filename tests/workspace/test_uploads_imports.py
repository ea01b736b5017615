"""Answers files uploaded in the workspace are imported by a worker, with a progress page (issue #15).

The request checks the file cheaply, stores it and queues the job once committed (asserted with
django_capture_on_commit_callbacks); the task function runs here as a worker would run it (the
end-to-end run on a real worker is tests/assessments/test_imports_worker.py).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from assessments.import_jobs import ImportJob, progress_key
from assessments.models import Response
from assessments.services.import_jobs import import_job_enqueue
from assessments.tasks.imports import import_job_run
from tests.helpers import answers_csv, responses_upload_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def job_url(job: ImportJob, name: str = "import_job_detail") -> str:
    return reverse(f"manage:{name}", args=[job.campaign_id, job.pk])


def upload(client, campaign, rows, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks() as callbacks:
        r = client.post(responses_upload_url(campaign), {"file": answers_csv(campaign, rows)})
    job = ImportJob.objects.latest("pk")
    assert r.status_code == 302 and r["Location"] == job_url(job)
    assert len(callbacks) == 1  # the job goes to the broker once its row is committed
    return job


def test_it_imports_in_a_worker_and_shows_the_result(
    client, alice, campaign, media, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    job = upload(
        client, campaign, [("business", "Sales", "4"), ("business", "", "2")], django_capture_on_commit_callbacks
    )
    assert job.status == "queued" and job.filename == "workshop.csv" and job.created_by == alice
    assert job.file and (media / job.file.name).exists()
    assert not Response.objects.exists()
    page = client.get(job_url(job)).content.decode()
    assert "Waiting for a worker" in page and 'data-status-url="' in page

    import_job_run(job.pk)

    job.refresh_from_db()
    assert (job.status, job.imported, job.rows, job.counts, job.progress) == ("succeeded", 2, 2, {"business": 2}, 100)
    assert Response.objects.filter(campaign=campaign, source="import", submitted_at__isnull=False).count() == 2
    assert not job.file and not list(media.rglob("*.csv"))  # the answers file is not kept
    page = client.get(job_url(job)).content.decode()
    assert "Imported 2 responses (business: 2, IT: 0)." in page
    [entry] = LogEntry.objects.filter(additional_data__event="answers_import")
    assert entry.actor == alice
    assert entry.additional_data.items() >= {"via": "upload", "job": job.pk, "responses": 2, "business": 2}.items()
    # A second delivery of the same message does nothing.
    import_job_run(job.pk)
    assert Response.objects.count() == 2


def test_it_lists_every_error_with_row_and_column_and_stores_nothing(
    client, alice, campaign, media, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    rows = [("business", "Sales", "4"), ("sales", "", "3"), ("business", "Legal", "9")]
    job = upload(client, campaign, rows, django_capture_on_commit_callbacks)

    import_job_run(job.pk)

    job.refresh_from_db()
    assert job.status == "failed" and job.rows == 3 and job.error_count == len(job.errors) > 3
    assert any(e.startswith("row 3, column side:") for e in job.errors)
    assert any(e.startswith("row 4, column department:") for e in job.errors)
    assert any(e.startswith("row 4, column REL-") and "outside 1-5" in e for e in job.errors)
    html = client.get(job_url(job)).content.decode()
    assert f"Nothing was imported: {job.error_count} problems." in html
    assert "row 3, column side" in html
    assert not Response.objects.exists() and not job.file
    assert not LogEntry.objects.filter(additional_data__event="answers_import").exists()


def test_it_reports_progress_as_json_while_the_worker_stores(client, alice, campaign, media):
    job = ImportJob.objects.create(organisation=campaign.organisation, campaign=campaign, filename="a.csv")
    client.force_login(alice)
    data = client.get(job_url(job, "import_job_status")).json()
    assert data == {
        "status": "queued",
        "status_display": "Waiting for a worker",
        "progress": 0,
        "waiting": False,
        "done": False,
        "url": job_url(job),
    }
    # Queued for more than a minute: no worker has taken it, and the page says so.
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert client.get(job_url(job, "import_job_status")).json()["waiting"] is True
    assert "No background worker has picked up this import yet" in client.get(job_url(job)).content.decode()
    # While the worker's storing transaction is open its row says 40; the cache says how far it is.
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress=40)
    cache.set(progress_key(job.pk), 72)
    response = client.get(job_url(job, "import_job_status"))
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) | {"url": ""} == {
        "status": "running",
        "status_display": "Importing",
        "progress": 72,
        "waiting": False,
        "done": False,
        "url": "",
    }
    ImportJob.objects.filter(pk=job.pk).update(status="succeeded", progress=100)
    assert client.get(job_url(job, "import_job_status")).json()["done"] is True


def test_it_fails_the_job_with_a_clear_message_when_the_broker_is_down(client, alice, campaign, media, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    client.force_login(alice)
    client.post(responses_upload_url(campaign), {"file": answers_csv(campaign, [("business", "", "3")])})
    job = ImportJob.objects.get()

    assert import_job_enqueue(job_id=job.pk) is False

    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    assert job.errors == [
        "The import could not be started: the background workers cannot be reached. "
        "Nothing was imported; upload the file again in a few minutes."
    ]


def test_it_checks_access_to_imports(client, alice, bob, charlie, campaign, other_org, media):
    job = ImportJob.objects.create(organisation=campaign.organisation, campaign=campaign, filename="a.csv")
    urls = [
        job_url(job),
        job_url(job, "import_job_status"),
        reverse("manage:responses_template", args=[campaign.pk, "csv"]),
        responses_upload_url(campaign),
    ]
    client.force_login(charlie)
    assert [client.get(url).status_code for url in urls] == [404] * 4
    client.force_login(bob)
    assert [client.get(url).status_code for url in urls] == [403] * 4
    assert client.post(responses_upload_url(campaign), {"file": answers_csv(campaign, [])}).status_code == 403
    # A job is found only under its own campaign.
    from tests.helpers import open_campaign

    client.force_login(alice)
    other = open_campaign(campaign.organisation, campaign.instrument, "Round 2")
    assert client.get(reverse("manage:import_job_detail", args=[other.pk, job.pk])).status_code == 404
    assert client.post(job_url(job)).status_code == 405
    assert not ImportJob.objects.exclude(pk=job.pk).exists()
