"""The report status page in a real browser: the progress bar follows the JSON status until the
download link appears, with no script errors, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from reports.models import Report
from tests.browser.a11y import blocking
from tests.browser.helpers import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_polls_until_the_download_link_appears(
    live_server, page: Page, alice, campaign, settings, tmp_path, axe, screenshot
):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = Report.objects.create(organisation=campaign.organisation, campaign=campaign, requested_by=alice)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF gap report")
    download = page.get_by_role("link", name="Download PDF")
    expect(download).to_be_hidden()

    Report.objects.filter(pk=report.pk).update(status=Report.Status.RENDERING, progress=40)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    expect(page.locator('[data-role="status"]')).to_have_text("Rendering")

    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY, progress=100, file=report.file.name, finished_at=timezone.now()
    )
    expect(download).to_be_visible()
    expect(download).to_have_attribute("href", f"/reports/{report.pk}/download/")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    assert errors == []

    axe(page)
    violations = page.evaluate("async () => (await axe.run('#main')).violations")
    found = blocking(violations)
    assert found == []
    screenshot(page)


def test_it_shows_the_error_of_a_failed_report(live_server, page: Page, alice, campaign):
    report = Report.objects.create(organisation=campaign.organisation, campaign=campaign, requested_by=alice)
    log_in_as(page, live_server.url, alice)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="The PDF could not be rendered (x).")
    expect(page.get_by_role("alert").filter(has_text="could not be rendered")).to_be_visible()
