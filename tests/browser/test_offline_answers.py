"""Offline answers in a real browser (issue #15, item 6): download the campaign's template on a
phone, fill it, upload it and read the result; the import page follows a running import and
shows every error once it has finished. Screenshots at 375 px and at desktop width."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from assessments.import_jobs import ImportJob, progress_key
from assessments.models import Response
from tests.browser.a11y import UNLABELLED, blocking
from tests.browser.helpers import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tasks_in_process(monkeypatch, settings, tmp_path):
    """The import runs inside the upload request (Celery's eager mode, as `make run` does), so
    the browser lands on its result; the real worker is tests/assessments/test_imports_worker.py."""
    from brmportal.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setitem(app.conf, "task_always_eager", True)


def test_it_downloads_fills_and_uploads_the_template_on_a_phone(
    live_server, new_phone_page, alice, campaign, tasks_in_process, tmp_path, axe, screenshot
):
    page = new_phone_page()
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/responses/upload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload answers collected offline")
    assert blocking(axe(page)) == [] and page.evaluate(UNLABELLED) == []
    screenshot(page, "upload")

    page.get_by_label("Respondents of").select_option(label="IT")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download XLSX").click()
    assert download.value.suggested_filename == f"brm-acme-{campaign.pk}-answers-template-it.xlsx"
    path = tmp_path / "filled.xlsx"
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook["Answers"]
    header = [cell.value for cell in sheet[1]]
    assert str(sheet["C2"].value).startswith("The business decides on its own how its IT budget is spent.")
    for department in ("Sales", "Finance"):
        sheet.append(["it", department, *["4"] * (len(header) - 2)])
    workbook.save(path)

    page.get_by_label("Answers file (CSV or XLSX)").set_input_files(path)
    page.get_by_role("button", name="Upload and import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import of filled.xlsx")
    expect(page.get_by_role("status").filter(has_text="Imported 2 responses")).to_contain_text("IT: 2")
    assert Response.objects.filter(campaign=campaign, source="import", side="it").count() == 2
    assert blocking(axe(page)) == []
    screenshot(page, "imported")
    page.get_by_role("link", name="Open the dashboard").click()
    expect(page).to_have_url(f"{live_server.url}/campaigns/{campaign.pk}/")


def test_it_follows_an_import_until_it_lists_the_errors(live_server, page: Page, alice, campaign, axe, screenshot):
    job = ImportJob.objects.create(
        organisation=campaign.organisation, campaign=campaign, created_by=alice, filename="workshop.csv"
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/responses/imports/{job.pk}/")
    expect(page.locator('[data-role="status"]')).to_have_text("Waiting for a worker")

    ImportJob.objects.filter(pk=job.pk).update(status="running", progress=40, started_at=timezone.now())
    cache.set(progress_key(job.pk), 65)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "65")
    expect(page.locator('[data-role="status"]')).to_have_text("Importing")
    screenshot(page, "running")

    ImportJob.objects.filter(pk=job.pk).update(
        status="failed",
        errors=['row 3, column side: "sales" is not a side (expected business or it)'],
        error_count=1,
        finished_at=timezone.now(),
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported: 1 problem.")
    expect(alert.get_by_role("listitem")).to_have_text(
        'row 3, column side: "sales" is not a side (expected business or it)'
    )
    assert errors == []
    assert blocking(axe(page)) == []
    screenshot(page, "failed")
