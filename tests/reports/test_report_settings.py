"""Settings the reports rely on: misspelt Celery names are silently ignored, so test them."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

from brmportal.celery import app


def test_it_sets_both_task_time_limits():
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert app.conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT


def test_it_schedules_the_requeue_of_stale_reports():
    import reports.tasks  # noqa: F401 - registers the tasks

    entry = settings.CELERY_BEAT_SCHEDULE["reports-requeue-stale"]
    assert entry["task"] in app.tasks
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


def test_it_declares_the_report_task_safe_to_run_twice():
    from reports.tasks import report_pdf_generate

    assert report_pdf_generate.acks_late is True
    assert report_pdf_generate.max_retries == 3


def _settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    code = f"import brmportal.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DATABASE_URL": "", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_uses_local_media_storage_by_default():
    result = _settings_in_subprocess({"USE_S3": ""}, 's.STORAGES["default"]["BACKEND"]')
    assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage"


def test_it_switches_to_s3_when_asked():
    result = _settings_in_subprocess(
        {"USE_S3": "true", "AWS_STORAGE_BUCKET_NAME": "brm-reports"}, 's.STORAGES["default"]["BACKEND"]'
    )
    assert result.stdout.strip() == "storages.backends.s3.S3Storage"


def test_it_requires_a_bucket_once_s3_is_on():
    result = _settings_in_subprocess({"USE_S3": "true", "AWS_STORAGE_BUCKET_NAME": ""}, "1")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_it_runs_one_beat_scheduler_in_docker_compose():
    from pathlib import Path

    import yaml

    services = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())["services"]
    assert services["beat"]["command"].startswith("celery -A brmportal beat")
    assert (
        services["beat"]["environment"]["CELERY_BROKER_URL"] == services["worker"]["environment"]["CELERY_BROKER_URL"]
    )
