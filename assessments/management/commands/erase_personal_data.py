"""Erase respondents' e-mail addresses PERSONAL_DATA_RETENTION_DAYS after their campaign closed: what
the daily beat task does, for a deployment without `celery beat` (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assessments.services.privacy import personal_data_erase_due


class Command(BaseCommand):
    help = "Erase respondents' e-mail addresses of campaigns closed PERSONAL_DATA_RETENTION_DAYS ago or longer."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = personal_data_erase_due()
        lines = [f"campaign {campaign_id}: {count} invitation(s)" for campaign_id, count in erased.items()]
        self.stdout.write("\n".join(["Erased e-mail addresses:", *lines]) if lines else "Nothing to erase.")
