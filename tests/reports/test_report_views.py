"""Report views: request, status page, JSON status, download, list; access for every one."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reports.models import Report

pytestmark = pytest.mark.django_db


def request_report(client, user, campaign, *, eager: bool):
    """Ask for the campaign's report as `user`, with Celery eager (`make run`) or not for that request."""
    from brmportal.celery import app

    previous, app.conf.task_always_eager = app.conf.task_always_eager, eager
    try:
        client.force_login(user)
        return client.post(reverse("reports:request", args=[campaign.pk]), follow=True)
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def report(scored_campaign, org):
    return Report.objects.create(organisation=org, campaign=scored_campaign)


@pytest.fixture
def ready_report(report, media_root):
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 fake"), save=False)
    report.status = Report.Status.READY
    report.progress = 100
    report.finished_at = timezone.now()
    report.save()
    return report


@pytest.fixture
def other_report(other_org, instrument):
    from assessments.services.campaigns import campaign_create

    campaign = campaign_create(organisation=other_org, instrument=instrument, name="Globex round", status="open")
    return Report.objects.create(organisation=other_org, campaign=campaign)


# --- request ---------------------------------------------------------------------------------


def test_it_queues_a_report_and_redirects_to_its_status_page(
    client, alice, scored_campaign, sent_tasks, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=[scored_campaign.pk]), follow=True)
    report = Report.objects.get()
    assert response.redirect_chain[-1][0] == reverse("reports:detail", args=[report.pk])
    assert report.status == Report.Status.QUEUED
    assert report.requested_by == alice
    assert sent_tasks == [report.id]
    assert b"The report is being prepared" in response.content


def test_it_returns_the_same_report_when_asked_twice(
    client, alice, scored_campaign, sent_tasks, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    url = reverse("reports:request", args=[scored_campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        response = client.post(url, follow=True)
    assert Report.objects.count() == 1
    assert b"already being prepared" in response.content
    assert sent_tasks == [Report.objects.get().id]


# Outside a test transaction, so the enqueue runs at commit inside the request, as in production.
@pytest.mark.django_db(transaction=True)
def test_it_tells_the_user_when_the_workers_are_unreachable(client, alice, scored_campaign, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = request_report(client, alice, scored_campaign, eager=False)
    report = Report.objects.get()
    assert report.status == Report.Status.QUEUED
    assert report.is_waiting_for_broker
    assert (
        b"The report is queued and will be rendered as soon as the background workers are reachable."
        in response.content
    )


def test_it_requests_one_department(client, alice, scored_campaign, sent_tasks):
    client.force_login(alice)
    client.post(reverse("reports:request", args=[scored_campaign.pk]), {"department": "Sales"})
    assert Report.objects.get().department == "Sales"


def test_it_rejects_an_unknown_department(client, alice, scored_campaign, sent_tasks):
    client.force_login(alice)
    response = client.post(reverse("reports:request", args=[scored_campaign.pk]), {"department": "Mars"}, follow=True)
    assert not Report.objects.exists()
    assert b"no department" in response.content


def test_it_rejects_get(client, alice, scored_campaign):
    client.force_login(alice)
    response = client.get(reverse("reports:request", args=[scored_campaign.pk]))
    assert response.status_code == 405
    assert not Report.objects.exists()


def test_it_checks_access_to_request(client, bob, charlie, scored_campaign, sent_tasks):
    url = reverse("reports:request", args=[scored_campaign.pk])
    client.force_login(charlie)
    assert client.post(url).status_code == 404
    client.force_login(bob)
    assert client.post(url).status_code == 403
    assert not Report.objects.exists()


def test_it_requires_login_to_request(client, scored_campaign):
    response = client.post(reverse("reports:request", args=[scored_campaign.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- status page and JSON --------------------------------------------------------------------


def test_it_shows_the_status_page_with_a_polling_progress_bar(client, bob, report):
    client.force_login(bob)
    response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200
    assert reverse("reports:status", args=[report.pk]).encode() in response.content
    assert b"js/report_status.js" in response.content
    assert b'role="progressbar"' in response.content


def test_it_returns_the_status_as_json(client, bob, report):
    client.force_login(bob)
    data = client.get(reverse("reports:status", args=[report.pk])).json()
    assert data == {
        "status": "queued",
        "status_display": "Queued",
        "progress": 0,
        "error": "",
        "waiting_for_broker": False,
        "waiting_for_worker": False,
        "download_url": None,
    }


def test_it_gives_the_download_url_once_ready(client, bob, ready_report):
    client.force_login(bob)
    data = client.get(reverse("reports:status", args=[ready_report.pk])).json()
    assert data["status"] == "ready"
    assert data["progress"] == 100
    assert data["download_url"] == reverse("reports:download", args=[ready_report.pk])


def test_it_shows_the_error_of_a_failed_report(client, bob, report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="The PDF could not be rendered.")
    client.force_login(bob)
    data = client.get(reverse("reports:status", args=[report.pk])).json()
    assert data["status"] == "failed"
    assert data["error"] == "The PDF could not be rendered."
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert b"The PDF could not be rendered." in page.content


def test_it_checks_access_to_the_status(client, charlie, report, other_report, alice):
    client.force_login(charlie)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:status", args=[report.pk])).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("reports:detail", args=[other_report.pk])).status_code == 404
    assert client.get(reverse("reports:status", args=[other_report.pk])).status_code == 404
    assert client.get(reverse("reports:status", args=[999999])).status_code == 404


# --- download --------------------------------------------------------------------------------


def test_it_downloads_the_pdf_with_a_readable_name(client, bob, ready_report):
    client.force_login(bob)
    response = client.get(reverse("reports:download", args=[ready_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localdate(ready_report.finished_at).isoformat()
    assert response["Content-Disposition"] == (f'attachment; filename="brm-gap-report-acme-round-1-{day}.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_does_not_download_a_report_that_is_not_ready(client, alice, report):
    client.force_login(alice)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_it_checks_access_to_the_download(client, charlie, ready_report):
    client.force_login(charlie)
    assert client.get(reverse("reports:download", args=[ready_report.pk])).status_code == 404


def test_it_requires_login_to_download(client, ready_report):
    response = client.get(reverse("reports:download", args=[ready_report.pk]))
    assert response.status_code == 302


# --- list ------------------------------------------------------------------------------------


def test_it_lists_the_campaign_reports(client, alice, ready_report, scored_campaign):
    client.force_login(alice)
    response = client.get(reverse("reports:list", args=[scored_campaign.pk]))
    assert response.status_code == 200
    assert reverse("reports:download", args=[ready_report.pk]).encode() in response.content
    assert reverse("reports:request", args=[scored_campaign.pk]).encode() in response.content


def test_it_hides_the_request_form_from_viewers(client, bob, ready_report, scored_campaign):
    client.force_login(bob)
    response = client.get(reverse("reports:list", args=[scored_campaign.pk]))
    assert response.status_code == 200
    assert reverse("reports:request", args=[scored_campaign.pk]).encode() not in response.content


def test_it_checks_access_to_the_list(client, charlie, scored_campaign):
    client.force_login(charlie)
    assert client.get(reverse("reports:list", args=[scored_campaign.pk])).status_code == 404


# `make run` has no broker: Celery runs eager and the report is rendered within the request.
@pytest.mark.django_db(transaction=True)
def test_it_renders_at_once_when_celery_runs_eager(client, alice, scored_campaign, media_root):
    response = request_report(client, alice, scored_campaign, eager=True)
    report = Report.objects.get()
    assert report.status == Report.Status.READY
    download_url = reverse("reports:download", args=[report.pk])
    assert f'href="{download_url}"'.encode() in response.content
    download = client.get(download_url)
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_it_writes_the_report_in_the_language_of_the_person_who_asks(
    client, alice, scored_campaign, sent_tasks, media_root, settings, django_capture_on_commit_callbacks
):
    from reports.services import report_pdf_generate
    from tests.reports.test_report_pdf import pdf_text

    dutch = {
        d["code"]: d["name"]["nl"]
        for d in scored_campaign.instrument.content["instruments"]["relationship"]["dimensions"]
    }
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request", args=[scored_campaign.pk]))
    report = Report.objects.get()
    assert report.language == "nl"
    assert sent_tasks == [report.id]
    # The worker renders it later, with no request and no user: still in Dutch.
    report_pdf_generate(report_id=report.id)
    report.refresh_from_db()
    text = pdf_text(report.file.read())
    assert dutch["provider"] in text and dutch["peer"] in text
