"""Project-level contracts: settings, /healthz, admin, docker-compose, deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured

from brmportal.lib.env import envbool, envint, envsecret

ROOT = Path(__file__).resolve().parent.parent


def test_it_reads_typed_values_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUM", "42")
    assert envbool("X_FLAG", False) is True
    assert envint("X_NUM", 0) == 42
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        envbool("X_FLAG", False)
    monkeypatch.setenv("X_NUM", "many")
    with pytest.raises(ImproperlyConfigured):
        envint("X_NUM", 0)
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert envsecret("X_SECRET") == "s3cr3t"


def test_it_sets_celery_time_limits():
    # A misspelt Celery setting is silently ignored, so their presence is asserted.
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE is True


def _run_manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_the_deploy_check_under_production_settings():
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "p" * 20 + "-Zq8Lx3Vn7Rt2Wm5Kj9Hb4Yc6Fd1Gs0Ap",
        "ALLOWED_HOSTS": "brm.example.com",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/brmportal",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
    }
    result = _run_manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _run_manage(["check"], {"DEBUG": "false", "ALLOWED_HOSTS": "x.example.com"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_runs_on_the_embedded_default_without_database_or_broker(tmp_path):
    # Nothing set: SQLite file and Celery eager, as `make run` uses on a fresh machine.
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='brmportal.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["django.db.backends.sqlite3", "True"]


@pytest.mark.django_db
def test_it_reports_health(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    data = r.json()
    assert data["database"]["status"] == "ok"
    assert data["database"]["vendor"] == "postgresql"
    assert data["broker"]["status"] in {"ok", "eager"}
    assert "count" in data["workers"]


@pytest.mark.django_db
def test_it_reports_a_broker_that_is_down_and_stays_200(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["broker"]["status"] == "down"
    assert r.json()["workers"]["status"] == "unknown"


def test_it_registers_every_model_in_the_admin():
    from django.apps import apps

    ours = [m for m in apps.get_models() if m._meta.app_label in {"accounts", "assessments"}]
    # Left out on purpose (issue #13): answers and responses, and the snapshot's raw aggregates
    # (small groups included), must never be one admin page away (tests/assessments/test_admin_privacy.py).
    # Nor are the respondents' own words (issue #17): comments and their drafts, nor the scores
    # computed from the snapshot (pickled; every reader has them through the dashboard).
    private = {
        "Response",
        "Answer",
        "PublishedSnapshot",
        "Comment",
        "CommentDraft",
        "StoredScores",
        "ResponsePartner",
        "PartnerAnswer",
    }
    missing = [m.__name__ for m in ours if m not in admin.site._registry and m.__name__ not in private]
    assert ours and not missing
    assert not [m.__name__ for m in ours if m in admin.site._registry and m.__name__ in private]


@pytest.mark.django_db
def test_it_serves_the_admin_lists(admin_client, campaign, invitation):
    for url in (
        "/admin/assessments/campaign/",
        "/admin/assessments/invitation/",
        "/admin/assessments/item/",
        "/admin/accounts/organisation/",
        "/admin/assessments/openlink/",
        "/admin/assessments/consensusvalue/",
        "/admin/assessments/consensusmodel/",
    ):
        assert admin_client.get(url).status_code == 200


def test_it_has_a_valid_docker_compose_file():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "postgres", "redis"} <= set(services)
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A brmportal worker")
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
        assert "media:/data/media" in services[name]["volumes"]
        assert "container_name" not in services[name]  # --scale worker=N must work
    assert (ROOT / "Dockerfile").exists()


def test_it_pins_every_requirement():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert "==" in line, f"{name}: {line} is not pinned"


def test_it_runs_the_readme_test_command_in_ci():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_it_collects_static_files_for_production(tmp_path):
    # WhiteNoise's manifest storage fails on a vendored file that names a missing source map.
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "p" * 20 + "-Zq8Lx3Vn7Rt2Wm5Kj9Hb4Yc6Fd1Gs0Ap",
        "ALLOWED_HOSTS": "brm.example.com",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    # Our own and vendored files are what can break; the libraries' big asset trees only cost time.
    ignore = ["-i", "rest_framework", "-i", "drf_spectacular_sidecar", "-i", "admin"]
    result = _run_manage(["collectstatic", "--noinput", *ignore], env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
