"""Fixtures for the PDF report tests: a campaign with enough answers to show every section, and
real Celery workers on the real Redis for the end-to-end tests."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from tests.reports import scenarios
from tests.reports.reading import Rendered, plain, rendered, report_html, shared


class _RenderedOnce:
    """What reports.pdf reads of a WeasyPrint document: its pages (counted) and its PDF bytes."""

    def __init__(self, content: bytes, pages: int):
        self._content = content
        self.pages = [None] * pages

    def write_pdf(self) -> bytes:
        return self._content


class _HTMLRenderedOnce:
    """`weasyprint.HTML` for the report tests: the same HTML (and base URL) renders to the same
    PDF (what it links to, the stylesheet and fonts, does not change during a run), so each
    distinct report is laid out by WeasyPrint once per run, the first time a test asks, and read
    back from `folder` by every later test, in either test process. Many tests
    render the same `scored_campaign` report (about 2 s of CPU each); the HTML, which is what
    the tests build from the database, is still made anew by each test."""

    def __init__(self, folder: Path, real, *, string: str, base_url: str | None = None, **options):
        digest = hashlib.sha256(f"{base_url}\n{string}".encode()).hexdigest()
        self._pdf, self._pages = folder / f"{digest}.pdf", folder / f"{digest}.pages"
        self._html = lambda: real(string=string, base_url=base_url, **options)

    def render(self) -> _RenderedOnce:
        if not self._pages.exists():
            document = self._html().render()
            # Written under a name of this process, then renamed: the other process never
            # reads half a file. The page count, written last, says the PDF is complete.
            for path, data in ((self._pdf, document.write_pdf()), (self._pages, str(len(document.pages)).encode())):
                part = path.with_name(f"{path.name}.{os.getpid()}")
                part.write_bytes(data)
                part.replace(path)
        return _RenderedOnce(self._pdf.read_bytes(), int(self._pages.read_text()))

    def write_pdf(self) -> bytes:
        return self.render().write_pdf()


@pytest.fixture(scope="session")
def _rendered_reports(request, tmp_path_factory) -> Path:
    """The folder of the reports rendered in this run: under pytest-xdist each test process has
    a temporary folder inside the run's, and the run's is shared by both."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if hasattr(request.config, "workerinput") else base) / "rendered-reports"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def _render_each_report_once(monkeypatch, _rendered_reports):
    import weasyprint

    real = weasyprint.HTML
    monkeypatch.setattr(weasyprint, "HTML", lambda **kwargs: _HTMLRenderedOnce(_rendered_reports, real, **kwargs))


def _shared_render(folder: Path, **report) -> Rendered:
    import weasyprint

    real = weasyprint.HTML
    return rendered(**report, html_class=lambda **kwargs: _HTMLRenderedOnce(folder, real, **kwargs))


# Reports many tests read, each rendered once a test process (and each distinct HTML once a run):
# built in a transaction that is rolled back (tests/reports/reading.py `shared`), so a test gets
# bytes, HTML and numbers, never rows. A test that changes the campaign first builds its own.


@pytest.fixture(scope="session")
def shared_scored(django_db_setup, django_db_blocker, _rendered_reports) -> SimpleNamespace:
    """`scored_campaign`'s report: English and Dutch PDFs, the Norwegian HTML, the scores as the
    API writes them."""
    from tests.helpers import scores_of

    with shared(django_db_blocker):
        campaign = scenarios.scored(scenarios.acme_campaign())
        return SimpleNamespace(
            en=_shared_render(_rendered_reports, campaign=campaign),
            nl=_shared_render(_rendered_reports, campaign=campaign, language="nl"),
            nb_html=report_html(campaign=campaign, language="nb"),
            scores=scores_of(campaign=campaign),
        )


@pytest.fixture(scope="session")
def shared_departments(django_db_setup, django_db_blocker, _rendered_reports) -> SimpleNamespace:
    """scenarios.departments' reports: the whole campaign (English PDF, Norwegian HTML) and
    Finance's, which only business respondents answered for (English PDF)."""
    with shared(django_db_blocker):
        campaign = scenarios.departments(scenarios.acme_campaign())
        return SimpleNamespace(
            en=_shared_render(_rendered_reports, campaign=campaign),
            nb_html=report_html(campaign=campaign, language="nb"),
            finance=_shared_render(_rendered_reports, campaign=campaign, department="Finance"),
        )


@pytest.fixture(scope="session")
def shared_demo(django_db_setup, django_db_blocker, _rendered_reports) -> SimpleNamespace:
    """seed_demo's campaign (60 responses, two sides, departments, comments; a next measurement on
    15 March 2028): its English and Norwegian PDFs, its scores, the executive page's context in
    both languages and the words of the dashboard its BRM sees."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from assessments.demo import demo_seed
    from assessments.scoring import campaign_scores
    from reports.presenter import report_context

    with shared(django_db_blocker):
        campaign = demo_seed(responses=60, seed=7).campaign
        campaign.next_measurement_on = datetime.date(2028, 3, 15)
        campaign.save(update_fields=["next_measurement_on"])
        executive = {}
        for language in ("en", "nb"):
            with translation.override(language):
                executive[language] = plain(report_context(campaign=campaign)["executive"])
        client = Client()
        client.force_login(get_user_model().objects.get(username="brm"))
        dashboard = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
        assert dashboard.status_code == 200
        return SimpleNamespace(
            en=_shared_render(_rendered_reports, campaign=campaign),
            nb=_shared_render(_rendered_reports, campaign=campaign, language="nb"),
            scores=campaign_scores(campaign=campaign),
            executive=executive,
            dashboard=dashboard.content.decode(),
        )


@pytest.fixture
def media_root(settings, tmp_path):
    """Report files go to a folder of this test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def scored_campaign(campaign):
    """`campaign` (org Acme Shipping) with 4 business (Sales) and 3 IT responses
    (scenarios.scored); `shared_scored` is its report."""
    return scenarios.scored(campaign)


@pytest.fixture
def sent_tasks(monkeypatch):
    """Record report tasks handed to the broker instead of publishing them."""
    from reports.tasks import report_pdf_generate

    sent: list[int] = []

    def fake_apply_async(args=None, kwargs=None, **options):
        sent.append(args[0])

    monkeypatch.setattr(report_pdf_generate, "apply_async", fake_apply_async)
    return sent


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip("the worker test needs PostgreSQL (a worker cannot open the SQLite test database)")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _redis():
    import redis

    if not django_settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("the worker test needs CELERY_BROKER_URL=redis://... (make test sets it)")
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {django_settings.CELERY_BROKER_URL}: {exc}")
    return client


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # warm shutdown: closes its database connections
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def workers(settings, tmp_path):
    """Starts real Celery workers (`workers.start(name, **env)`) on a queue of this test only.

    The workers are separate processes with the test database and the same broker as the test
    settings (CI: redis://127.0.0.1:6379/15); the queue of their own means they never take
    another run's tasks. Each is stopped by its PID at the end. Rows must be committed for a
    worker to see them, hence `django_db(transaction=True)` in the tests that use this.
    """
    broker = _redis()
    queue = f"brm-test-reports-{uuid.uuid4().hex[:12]}"
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    settings.REPORTS_TASK_QUEUE = queue
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brmportal.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(media),
        "REPORTS_TASK_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "workers.log"
    celery = Path(sys.executable).with_name("celery")
    started: list[subprocess.Popen] = []

    def start(name: str = queue, **extra_env: str) -> subprocess.Popen:
        command = [
            str(celery), "-A", "brmportal", "worker", "--loglevel=INFO", "--pool=solo", "--concurrency=1",
            "-Q", queue, "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        with log.open("ab") as out:
            process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env | extra_env, stdout=out, stderr=subprocess.STDOUT
            )
        started.append(process)
        return process

    try:
        yield SimpleNamespace(queue=queue, media=media, log=log, start=start)
    finally:
        for process in started:
            _stop(process)
        # Only this test's keys (the queue and its bindings, all named after it): the Redis db may
        # be shared with other runs, so it is never flushed.
        keys = list(broker.scan_iter(match=f"*{queue}*"))
        if keys:
            broker.delete(*keys)
