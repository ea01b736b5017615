"""Fixtures for the PDF report tests: a campaign with enough answers to show every section."""

from __future__ import annotations

import pytest

from tests.helpers import submit_columns


@pytest.fixture
def media_root(settings, tmp_path):
    """Report files go to a folder of this test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def scored_campaign(campaign):
    """`campaign` (org Acme Shipping) with 4 business (Sales) and 3 IT responses."""
    for i in range(4):
        submit_columns(
            campaign,
            "business",
            columns={"REL-PAS-1.today": "5", "REL-PAR-1.desired": "5", "TRU-1": str(1 + i % 2)},
            default=str(2 + i % 3),
            department="Sales",
        )
    for i in range(3):
        submit_columns(campaign, "it", columns={"BEH-IT-3": "5"}, default=str(3 + i % 2))
    return campaign


@pytest.fixture
def sent_tasks(monkeypatch):
    """Record report tasks handed to the broker instead of publishing them."""
    from reports.tasks import report_pdf_generate

    sent: list[int] = []

    def fake_apply_async(args=None, kwargs=None, **options):
        sent.append(args[0])

    monkeypatch.setattr(report_pdf_generate, "apply_async", fake_apply_async)
    return sent
