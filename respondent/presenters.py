"""Scores worded for the respondent: the personal summary of the thank-you page."""

from __future__ import annotations

from django.utils.translation import gettext

from assessments.content import localized
from assessments.models import Response
from assessments.scoring import response_scores
from relationships.scoring import MODELS


def respondent_summary(*, response: Response) -> dict:
    """A respondent's own results with the model names and one-line descriptions to show them."""
    scores = response_scores(response=response)
    dimensions = response.campaign.instrument.content["instruments"]["relationship"]["dimensions"]
    # In the active language: the respondent pages run in the response's language.
    models = {
        d["code"]: {"code": d["code"], "name": localized(d["name"]), "summary": localized(d.get("summary"))}
        for d in dimensions
    }
    relationship = {}
    for aspect in ("today", "desired"):
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
        "models": [models[code] for code in MODELS if code in models],
        "behaviours": scores["behaviours"],
        "practices": scores["practices"],
        "trust": scores["trust"],
    }
