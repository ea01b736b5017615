"""manage.py render_report and manage.py requeue_reports."""

from __future__ import annotations

from unittest.mock import Mock

import pytest
from django.core.management.base import CommandError
from django.utils import translation

from reports.management.commands.render_report import Command as RenderReport
from reports.management.commands.requeue_reports import Command as RequeueReports
from reports.models import Report

pytestmark = pytest.mark.django_db


def test_it_writes_the_pdf_and_prints_the_page_count(scored_campaign, tmp_path):
    out = tmp_path / "nested" / "report.pdf"
    stdout = Mock()
    RenderReport(stdout=stdout).handle(campaign_id=scored_campaign.pk, out=str(out), department="")
    assert out.read_bytes().startswith(b"%PDF")
    printed = stdout.write.call_args[0][0]
    assert printed.startswith(f"{out} ")
    pages = int(printed.split()[1])
    from pypdf import PdfReader

    assert pages == len(PdfReader(out).pages) > 1


def test_it_rejects_an_unknown_campaign(db, tmp_path):
    with pytest.raises(CommandError, match="No campaign with id 424242"):
        RenderReport(stdout=Mock()).handle(campaign_id=424242, out=str(tmp_path / "x.pdf"), department="")
    assert not (tmp_path / "x.pdf").exists()


def test_it_rejects_an_unknown_department(scored_campaign, tmp_path):
    with pytest.raises(CommandError, match="no department"):
        RenderReport(stdout=Mock()).handle(
            campaign_id=scored_campaign.pk, out=str(tmp_path / "x.pdf"), department="Mars"
        )


def test_it_requeues_waiting_reports(scored_campaign, org, sent_tasks):
    report = Report.objects.create(organisation=org, campaign=scored_campaign, enqueue_error="OperationalError: down")
    stdout = Mock()
    RequeueReports(stdout=stdout).handle(older_than=0)
    assert sent_tasks == [report.id]
    assert stdout.write.call_args[0][0].strip() == f"Queued again: 1 report(s): {report.id}"


def test_it_renders_in_the_language_asked_for(scored_campaign, tmp_path):
    from tests.reports.test_report_pdf import pdf_text

    dutch = {
        d["code"]: d["name"]["nl"]
        for d in scored_campaign.instrument.content["instruments"]["relationship"]["dimensions"]
    }
    out = tmp_path / "report-nl.pdf"
    stdout = Mock()
    RenderReport(stdout=stdout).handle(campaign_id=scored_campaign.pk, out=str(out), department="", language="nl")
    text = pdf_text(out.read_bytes())
    assert dutch["provider"] in text
    # The report's own words too, not only the content's: the running header of every page.
    with translation.override("nl"):
        header = translation.gettext("Business–IT gap report")
    assert header != "Business–IT gap report" and header in text
    assert "Business–IT gap report" not in text
    assert stdout.write.call_args[0][0].startswith(f"{out} ")


def test_it_accepts_only_the_portals_languages(scored_campaign, tmp_path):
    from django.core.management import call_command

    with pytest.raises(CommandError):
        call_command("render_report", str(scored_campaign.pk), "--out", str(tmp_path / "x.pdf"), "--language", "fr")
