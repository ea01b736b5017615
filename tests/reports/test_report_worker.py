"""End to end: a real Celery worker on the real Redis renders the gap report of seed_demo data.

The worker is a separate process (the `workers` fixture, tests/reports/conftest.py), listening
on a queue of its own and stopped by its PID at the end. Rows must be committed for the worker
to see them, hence transaction=True.
"""

from __future__ import annotations

import re
import time
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.presentation import maturity_text
from reports.models import Report
from tests.helpers import scores_of

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

READY_TIMEOUT = 90  # seconds: worker start-up plus a render of 60 responses takes about 10 s


@pytest.fixture
def worker(workers):
    """One worker: where it writes and logs, and its process."""
    return {"queue": workers.queue, "media": workers.media, "log": workers.log, "process": workers.start()}


def _wait_until_done(client, report: Report, process) -> dict:
    deadline = time.monotonic() + READY_TIMEOUT
    url = reverse("reports:status", args=[report.pk])
    seen_progress = set()
    while time.monotonic() < deadline:
        data = client.get(url).json()
        seen_progress.add(data["progress"])
        if data["status"] in ("ready", "failed"):
            data["seen_progress"] = seen_progress
            return data
        assert process.poll() is None, "the worker exited early"
        time.sleep(0.3)
    raise AssertionError(f"report {report.pk} not done after {READY_TIMEOUT} s: {data}")


def test_it_renders_the_seed_demo_report_on_a_real_worker(client, worker):
    from assessments.demo import demo_seed

    demo = demo_seed(responses=60, seed=7)
    campaign = demo.campaign
    from django.contrib.auth import get_user_model

    brm = get_user_model().objects.get(username="brm")
    client.force_login(brm)

    response = client.post(reverse("reports:request", args=[campaign.pk]))
    report = Report.objects.get(campaign=campaign)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.enqueued_at is not None, report.enqueue_error

    data = _wait_until_done(client, report, worker["process"])
    log = worker["log"].read_text(errors="replace")
    assert data["status"] == "ready", f"{data}\n--- worker log ---\n{log[-3000:]}"
    assert data["progress"] == 100
    assert "Task reports.tasks.report_pdf_generate[" in log

    download = client.get(data["download_url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    files = [p for p in worker["media"].rglob("*.pdf")]
    assert len(files) == 1 and files[0].read_bytes() == content

    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in PdfReader(BytesIO(content)).pages))
    scores = scores_of(campaign=campaign)
    assert demo.organisation.name in text
    for model in ("Passive", "Provider", "Partner", "Peer"):
        assert model in text
    # The main list in rank order, each with its code and title; quick wins marked where they stand.
    worded = scores["recommendations"]
    assert worded and len(worded) <= 10
    for rec in worded:
        assert rec["code"] in text and rec["title"] in text
    assert ("Quick win" in text) == any(r["quick_win"] for r in worded)
    # As the summary words it (rounded for reading without crossing into another level).
    assert f"Overall BRM maturity {maturity_text(scores['maturity']['overall']['score'])[1]} of 5" in text
    assert f"{scores['responses']['business']}" in text

    report.refresh_from_db()
    assert report.response_count == scores["responses"]["business"] + scores["responses"]["it"] == 60
    assert report.attempts == 1
