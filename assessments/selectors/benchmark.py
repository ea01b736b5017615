"""Reads of the benchmark across organisations (issue #20 item 5): the current version, what each
opted-in organisation contributes, and the `benchmark` part of `campaign_scores --json`.

Only a contributor sees the benchmark: an organisation that opted in and whose figures are in
the current version (`benchmark_for`). Readers never load the stored contributions.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from accounts.models import Organisation
from assessments.benchmark import BenchmarkSnapshot
from assessments.benchmark_rules import MIN_ORGANISATIONS, QUARTILES, contribution_figures, position
from assessments.models import Campaign
from assessments.results import CampaignScores, rounded
from assessments.scoring import campaign_scores_views
from assessments.selectors.clients import campaigns_with_instruments
from assessments.texts import instrument_texts

# The machine outputs' decimals (CampaignScores.to_json).
JSON_PLACES = 2


def benchmark_current() -> BenchmarkSnapshot | None:
    """The latest published version, without its contributions (1 query)."""
    return BenchmarkSnapshot.objects.defer("contributions").order_by("-version").first()


def benchmark_for(*, organisation: Organisation) -> BenchmarkSnapshot | None:
    """The benchmark `organisation` may see: the current version, when the organisation takes
    part and contributed to it (no query when it does not take part, else 1). An organisation
    that opted out no longer sees it, though its figures stay until the next version."""
    if not organisation.benchmark_opt_in:
        return None
    current = benchmark_current()
    if current is None or organisation.pk not in current.organisations:
        return None
    return current


def benchmark_history() -> list[BenchmarkSnapshot]:
    """Every version with its contributions, oldest first (1 query): the publication compares a
    new version with each of them."""
    return list(BenchmarkSnapshot.objects.order_by("version"))


def benchmark_rounds() -> list[Campaign]:
    """Each opted-in organisation's latest closed campaign with published responses, with its
    instrument (2 queries, however many organisations)."""
    latest = Window(
        RowNumber(),
        partition_by=[F("organisation_id")],
        order_by=[F("closed_at").desc(nulls_last=True), F("created_at").desc(), F("pk").desc()],
    )
    campaigns: list[Campaign] = list(
        Campaign.objects.filter(
            organisation__benchmark_opt_in=True, status=Campaign.Status.CLOSED, snapshot__responses__gt=0
        )
        .annotate(rank=latest)
        .filter(rank=1)
        .order_by("organisation_id")
    )
    campaigns_with_instruments(campaigns)
    return campaigns


def benchmark_contributions() -> dict[str, dict[str, Any]]:
    """{organisation id: {"campaign": id, "figures": {cell key: figure}}} for every opted-in
    organisation whose latest closed round has published figures (`contribution_figures`).

    Queries: benchmark_rounds (2) and their stored scores (1; 2 more per round whose scores are
    not stored yet)."""
    campaigns = benchmark_rounds()
    scores = campaign_scores_views(views=[(campaign, None) for campaign in campaigns]) if campaigns else {}
    found: dict[str, dict[str, Any]] = {}
    for campaign in campaigns:
        figures = contribution_figures(scores[(campaign.pk, None)], instrument_texts(campaign.instrument, "en"))
        if figures:
            found[str(campaign.organisation_id)] = {"campaign": campaign.pk, "figures": figures}
    return found


def benchmark_json(*, campaign: Campaign, scores: CampaignScores) -> dict[str, Any] | None:
    """The `benchmark` part of `campaign_scores --json`: null unless the campaign's organisation
    sees the benchmark (`benchmark_for`); else the version and, for every cell the campaign has a
    figure for, its figure, the quartiles and where it falls (read with 2 decimals)."""
    current = benchmark_for(organisation=campaign.organisation)
    if current is None:
        return None
    figures = contribution_figures(scores, instrument_texts(campaign.instrument, "en"))
    cells = [
        {
            "key": key,
            "figure": figure,
            **{name: cell[name] for name in QUARTILES},
            "organisations": cell["organisations"],
            "position": position(figure, cell, JSON_PLACES),
        }
        for key, figure in figures.items()
        if (cell := current.cells.get(key)) is not None
    ]
    return rounded(
        {
            "version": current.version,
            "published_at": current.published_at.isoformat(),
            "organisations": len(current.organisations),
            "minimum": MIN_ORGANISATIONS,
            "cells": cells,
        },
        JSON_PLACES,
    )
