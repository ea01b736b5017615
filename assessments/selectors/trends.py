"""Reads of a trend across every round of an organisation (issue #19 item 3).

The rounds are read in one query, their scores from the cache or, in one more query, from the
copies stored at publication (`assessments.scoring.campaign_scores_views`), whatever the number
of rounds; only a department's first read in a round computes it (and stores it). The lining-up
is `assessments.trends`; the dashboard and the PDF word it in `reports.trend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import translation

from assessments.models import Campaign, Response
from assessments.presentation import figures
from assessments.scoring import campaign_scores_views
from assessments.slices import kinds
from assessments.texts import instrument_texts
from assessments.trends import RoundInput, RoundRef, Trend, trend_build, trend_json


@dataclass(frozen=True)
class TrendRead:
    """The trend of a view (None with fewer than two rounds), and how many rounds the
    organisation has up to the campaign, whole campaigns (a department view says why it has none)."""

    trend: Trend | None
    rounds: int
    department: str | None = None
    department_rounds: int = 0


def campaign_rounds(*, campaign: Campaign, department: str | None = None) -> list[Campaign]:
    """Every campaign of the organisation created up to and including `campaign` that has
    published results, oldest first, with its instrument (1 query). With `department`, each is
    annotated `has_department`: some published response of it gave that department."""
    published = Response.objects.filter(
        organisation_id=campaign.organisation_id, campaign=OuterRef("pk"), published_at__isnull=False
    )
    rounds = (
        Campaign.objects.filter(organisation_id=campaign.organisation_id)
        .filter(Q(created_at__lt=campaign.created_at) | Q(created_at=campaign.created_at, pk__lte=campaign.pk))
        .filter(Exists(published))
        .select_related("instrument")
        .order_by("created_at", "pk")
    )
    if department is not None:
        rounds = rounds.annotate(has_department=Exists(published.filter(department=department)))
    return list(rounds)


def _codes(content: dict[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    """A version's item codes in questionnaire order, and each item's predecessors (`replaces`)."""
    codes, replaces = [], {}
    instruments = content.get("instruments") or {}
    for kind in kinds():
        for section in (instruments.get(kind) or {}).get("sections", []):
            for item in section.get("items", []):
                codes.append(item["code"])
                if item.get("replaces"):
                    replaces[item["code"]] = list(item["replaces"])
    return codes, replaces


def campaign_trend(*, campaign: Campaign, department: str | None = None) -> TrendRead:
    """The campaign's trend across the organisation's rounds (in the active language's words),
    or of one department across the rounds that have published responses from it.

    Queries: the rounds (1), their stored scores (1, none when cached), whatever the number of
    rounds and responses; a round whose department view was never read computes it once.
    """
    rounds = campaign_rounds(campaign=campaign, department=department)
    if not rounds or rounds[-1].pk != campaign.pk:  # the campaign itself has nothing published
        return TrendRead(None, 0, department)
    chosen = [r for r in rounds if department is None or getattr(r, "has_department", False)]
    if len(chosen) < 2 or chosen[-1].pk != campaign.pk:
        return TrendRead(None, len(rounds), department, len(chosen))
    scores = campaign_scores_views(views=[(r, department) for r in chosen])
    inputs = []
    for r in chosen:
        found = scores[(r.pk, department)]
        codes, replaces = _codes(r.instrument.content)
        inputs.append(
            RoundInput(
                ref=RoundRef(r.pk, r.name, r.created_at, r.instrument.version, dict(found.responses)),
                figures=figures(found, instrument_texts(r.instrument)),
                items=found.items,
                codes=codes,
                replaces=replaces,
            )
        )
    return TrendRead(trend_build(rounds=inputs, department=department), len(rounds), department, len(chosen))


def campaign_trend_json(*, campaign: Campaign, department: str | None = None) -> dict[str, Any] | None:
    """The `trend` key of the scores JSON (API, `campaign_scores --json`): English words, as the rest."""
    with translation.override("en"):
        return trend_json(campaign_trend(campaign=campaign, department=department).trend)
