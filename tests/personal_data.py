"""Builders and checks for the personal data tests (retention and deletion, issue #15)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from assessments.models import Invitation, Item
from assessments.selectors.instruments import campaign_pages
from assessments.services.responses import response_answers_save, response_start, response_submit


def submit_invitation(invitation: Invitation, value: str = "4") -> None:
    """Answer every question of the invitation's side with `value` and submit, as the respondent
    pages do (through the same services)."""
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    fields = [field for page in pages for field in page.fields]
    items = {item.code: item for item in Item.objects.filter(instrument=invitation.campaign.instrument)}
    response = response_start(invitation=invitation)
    response_answers_save(response=response, items=items, answers={field: value for field in fields})
    assert response_submit(response=response)


def start_invitation(invitation: Invitation, value: str = "2") -> None:
    """Answer the first page only: the invitation is STARTED, its response in progress."""
    page = campaign_pages(campaign=invitation.campaign, side=invitation.side)[0]
    items = {item.code: item for item in Item.objects.filter(instrument=invitation.campaign.instrument)}
    response = response_start(invitation=invitation)
    response_answers_save(response=response, items=items, answers={field: value for field in page.fields})


_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_mentioning(text: str) -> list[str]:
    """Every "app.Model.field" whose value contains `text` anywhere in the database: one query per
    text column of every installed model (about 150, a fraction of a second)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, _TEXT_FIELDS):
                continue
            if model._default_manager.filter(**{f"{field.attname}__icontains": text}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found
