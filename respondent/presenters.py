"""Scores worded for the respondent: the personal summary of the thank-you page."""

from __future__ import annotations

from assessments.models import Response
from assessments.scoring import response_scores
from assessments.slices import Section, slices
from assessments.texts import instrument_texts


def respondent_summary(*, response: Response) -> dict[str, list[Section]]:
    """A respondent's own results, one part per instrument from its slice, in the active language
    (the respondent pages run in the response's language)."""
    scores = response_scores(response=response)
    texts = instrument_texts(response.campaign.instrument)
    return {
        "sections": [
            section for s in slices() if (section := s.respondent_section(scores.results[s.key], texts)) is not None
        ]
    }
