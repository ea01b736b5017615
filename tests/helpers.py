"""Small builders shared by tests."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation, Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.campaigns import campaign_create
from assessments.services.responses import response_create_submitted
from respondent.forms import field_name


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
    campaign: Campaign,
    side: str,
    *,
    columns: dict[str, str],
    default: str | None = "3",
    department: str = "",
    source: str = Response.Source.IMPORT,
    publish: bool = True,
) -> Response:
    """Submit with answers given by column name (`REL-PAS-1.today`, `BEH-IT-3`).

    Every other field of the side gets `default` (None leaves it unanswered). `publish=False`
    leaves the publication to the next submission that publishes (several imported rows then go
    out in one batch, as an upload's do).
    """
    answers: dict[tuple[str, str], str] = {}
    for code, aspect in all_fields(campaign, side):
        column = code if aspect == "value" else f"{code}.{aspect}"
        value = columns.get(column, default)
        if value is not None:
            answers[(code, aspect)] = value
    return response_create_submitted(
        campaign=campaign, side=side, answers=answers, department=department, source=source, publish=publish
    )


def page_url(invitation: Invitation, number: int) -> str:
    return reverse("respondent:page", args=[invitation.token, number])


def page_data(page, value: str = "3", action: str = "next", **overrides: str) -> dict[str, str]:
    """The POST of a questionnaire page: every field of `page` answered `value`, then `overrides`."""
    data = {field_name(code, aspect): value for code, aspect in page.fields}
    data.update(overrides)
    data["action"] = action
    return data


def answers_csv(campaign: Campaign, rows: list[tuple[str, str, str]]) -> io.BytesIO:
    """A business-only answers file: (side, department, value for every answer) per row."""
    columns = [code if aspect == "value" else f"{code}.{aspect}" for code, aspect in all_fields(campaign, "business")]
    lines = [",".join(["side", "department", *columns])]
    lines += [",".join([side, department, *([value] * len(columns))]) for side, department, value in rows]
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = "workshop.csv"
    return upload


def responses_upload_url(campaign: Campaign) -> str:
    return reverse("manage:responses_upload", args=[campaign.pk])


def cache_clear() -> None:
    """Empty this test process's cache: under `make test` it is Redis, shared with the test
    process running beside this one (pytest-xdist), so only keys of this process's prefix go."""
    from django.core.cache import cache

    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is not None:
        delete_pattern("*")
    else:
        cache.clear()


def scores_of(*, campaign: Campaign, department: str | None = None) -> dict[str, Any]:
    """A campaign's scores as the documented JSON (English words, 2 decimals): what the API and
    `campaign_scores --json` give, and the easiest shape to assert numbers on."""
    from assessments.scoring import campaign_scores
    from assessments.wording import scores_json

    return scores_json(campaign_scores(campaign=campaign, department=department), instrument=campaign.instrument)


def slice_view(
    key: str,
    result: Any,
    texts: Any,
    *,
    notes: dict[str, str] | None = None,
    responses: dict[str, int] | None = None,
) -> Any:
    """A section presenter's View of one slice's `result` (assessments.slices.View), inside the
    smallest CampaignScores around it: for rendering a slice's sections without a database."""
    from assessments.results import Anonymity, CampaignRef, CampaignScores
    from assessments.slices import View
    from brmportal.lib.scoring import ByGroup

    scores = CampaignScores(
        campaign=CampaignRef(
            id=1, name="Round 1", organisation_id=1, instrument_version="2026.2", practice_form="short"
        ),
        department=None,
        responses=responses or {"business": 3, "it": 3},
        sources={"link": 6},
        anonymity=Anonymity(threshold=3, hidden=()),
        results={key: result},
        maturity=ByGroup(),
        weights={},
        recommendations=(),
        departments=None,
        constants={},
    )
    return View(scores=scores, result=result, texts=texts, notes=notes or {})


def report_charts(html: str) -> str:
    """The SVG of every chart a report page's HTML holds (each an <img> of a data: URI,
    assessments.charts.inline), joined: what the PDF draws."""
    import base64
    import re

    found = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    return "\n".join(base64.b64decode(data).decode() for data in found)
