from __future__ import annotations

from django.apps import AppConfig


class RespondentConfig(AppConfig):
    name = "respondent"
    verbose_name = "Respondent pages"
