"""Scores worded for the respondent: the personal summary of the thank-you page."""

from __future__ import annotations

from django.utils.translation import gettext

from assessments.content import model_names
from assessments.models import Response
from assessments.scoring import response_scores
from brmportal.lib.labels import ASPECTS


def respondent_summary(*, response: Response) -> dict:
    """A respondent's own results with the model names and one-line descriptions to show them."""
    scores = response_scores(response=response)
    # In the active language: the respondent pages run in the response's language.
    models = model_names(response.campaign.instrument)
    relationship = {}
    for aspect in ASPECTS:
        fit = scores["relationship"].get(aspect) if scores["relationship"] else None
        if fit and fit.get("index") is not None:
            code = fit["model"]
            relationship[aspect] = {
                # A tie between models is "mixed", which the content does not name.
                "model": models.get(code, {"code": code, "name": gettext("Mixed"), "summary": ""}),
                "index": fit["index"],
                # Position on a 1-4 track, as a percentage for the marker.
                "position": round((fit["index"] - 1) / 3 * 100),
            }
    return {
        "relationship": relationship,
        "models": list(models.values()),
        "behaviours": scores["behaviours"],
        "practices": scores["practices"],
        "trust": scores["trust"],
    }
