"""Small builders shared by tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from assessments.models import Campaign, Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.campaigns import campaign_create
from assessments.services.responses import response_create_submitted


def open_campaign(organisation, instrument, name: str = "Round 1", **fields: Any) -> Campaign:
    """A campaign open since yesterday for two weeks; `fields` as campaign_create takes them."""
    now = timezone.now()
    return campaign_create(
        organisation=organisation,
        instrument=instrument,
        name=name,
        status="open",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=14),
        **fields,
    )


def all_fields(campaign: Campaign, side: str) -> list[tuple[str, str]]:
    return [field for page in campaign_pages(campaign=campaign, side=side) for field in page.fields]


def submit_columns(
    campaign: Campaign, side: str, *, columns: dict[str, str], default: str | None = "3", department: str = ""
) -> Response:
    """Submit with answers given by column name (`REL-PAS-1.today`, `BEH-IT-3`).

    Every other field of the side gets `default` (None leaves it unanswered).
    """
    answers: dict[tuple[str, str], str] = {}
    for code, aspect in all_fields(campaign, side):
        column = code if aspect == "value" else f"{code}.{aspect}"
        value = columns.get(column, default)
        if value is not None:
            answers[(code, aspect)] = value
    return response_create_submitted(campaign=campaign, side=side, answers=answers, department=department)
