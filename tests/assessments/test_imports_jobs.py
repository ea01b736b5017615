"""The import job's life (assessments.services.import_jobs): claimed once, all or nothing, every
failure recorded with the file dropped; and the storing paths (COPY and bulk_create) agree."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.import_jobs import ImportJob
from assessments.models import Answer, Response
from assessments.services import import_jobs as jobs
from assessments.services import imports
from assessments.services.import_jobs import import_job_claim, import_job_create, import_job_run
from assessments.services.imports import responses_import
from assessments.tasks.imports import import_job_run as import_job_run_task
from assessments.tasks.imports import readable_error
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import answers_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def new_job(campaign, alice, rows=(("business", "Sales", "4"),)) -> ImportJob:
    data = answers_csv(campaign, list(rows)).getvalue()
    return import_job_create(campaign=campaign, user=alice, upload=SimpleUploadedFile("paper.csv", data))


def test_it_claims_a_job_once_and_again_only_when_its_worker_is_gone(campaign, alice, media):
    job = new_job(campaign, alice)
    assert import_job_claim(job_id=job.pk) is True
    assert import_job_claim(job_id=job.pk) is False  # a redelivered message does nothing
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=10))
    assert import_job_claim(job_id=job.pk) is False  # still within the task's time limit
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - jobs.stale_running_after())
    assert import_job_claim(job_id=job.pk) is True
    assert import_job_claim(job_id=987654321) is False


def test_it_fails_the_whole_job_when_the_task_dies(campaign, alice, media, monkeypatch):
    job = new_job(campaign, alice, [("business", "", "3")] * 3)

    def broken(**kwargs):
        Response.objects.create(organisation=campaign.organisation, campaign=campaign, side="it")
        raise RuntimeError("the database went away")

    monkeypatch.setattr(jobs, "responses_store", broken)
    import_job_run_task.apply(args=[job.pk])  # as a worker runs it: on_failure included

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.errors == ["The import stopped on an unexpected error (RuntimeError); nothing was imported."]
    assert not Response.objects.exists()  # rolled back with the storing transaction
    assert not job.file and not list(media.rglob("*.csv"))


def test_it_words_a_time_limit_for_the_person_who_uploaded(campaign):
    assert readable_error(SoftTimeLimitExceeded()) == (
        "The import took too long and was stopped; nothing was imported. Split the file and try again."
    )


def test_it_writes_the_errors_in_the_uploaders_language(client, alice, campaign, media):
    from django.utils import translation

    with translation.override("nb"):
        job = new_job(campaign, alice, [("business", "", "9")])
    assert job.language == "nb"
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "utenfor 1-5" in job.errors[0], job.errors


def test_it_stores_the_same_rows_with_copy_and_with_bulk_create(campaign, monkeypatch):
    rows = [("business", "Sales", "4"), ("business", "", "dk"), ("business", "Finance", "2")]

    def stored() -> list[tuple]:
        return sorted(
            Answer.objects.filter(campaign=campaign).values_list(
                "response__side", "response__department", "item__code", "aspect", "value", "special"
            )
        )

    responses_import(campaign=campaign, file=answers_csv(campaign, rows), filename="a.csv")
    by_copy = stored()
    Response.objects.all().delete()
    monkeypatch.setattr(imports, "USE_COPY", False)
    responses_import(campaign=campaign, file=answers_csv(campaign, rows), filename="a.csv")
    assert stored() == by_copy and len(by_copy) > 100
    assert {r.published_at is not None for r in Response.objects.all()} == {True}  # 3 of a group: published


def test_it_reports_reading_and_storing_progress(campaign, alice, media, monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(jobs, "_progress", lambda job_id, value: seen.append(int(value)))
    monkeypatch.setattr(imports, "STORE_BATCH", 2)
    monkeypatch.setattr("brmportal.lib.tabular.PROGRESS_EVERY", 2)
    job = new_job(campaign, alice, [("business", "", "3")] * 6)

    import_job_run(job_id=job.pk)

    assert seen == sorted(seen) and seen[-1] == jobs.STORE_END
    assert {jobs.READ_END, jobs.CHECK_END} <= set(seen) and len(seen) >= 6


def test_it_skips_only_the_templates_statements_row(campaign):
    header = answers_csv(campaign, []).getvalue().decode().splitlines()[0]
    columns = header.count(",") - 1
    statements = "# This row is not imported," + ",".join(["Statement"] * (columns + 1))
    good = ",".join(["business", "", *["3"] * columns])
    data = f"{header}\n{statements}\n{good}\n".encode()
    assert responses_import(campaign=campaign, file=io.BytesIO(data), filename="t.csv", dry_run=True).total == 1
    # Anywhere else, a "#" side is an error like any other.
    with pytest.raises(ApplicationError) as info:
        responses_import(
            campaign=campaign, file=io.BytesIO(f"{header}\n{good}\n{statements}\n".encode()), filename="t.csv"
        )
    assert info.value.extra["errors"][0].startswith('row 3, column side: "# This row is not imported" is not a side')
