"""The dashboard's "In their own words" card: counts per theme and a few quotes per theme.

Reads through `campaign_comments`, so it shows exactly what the Comments page, the PDF and the
exports show; a department view shows none (comments are for the whole campaign only).
"""

from __future__ import annotations

from typing import Any

from assessments.content import localized
from assessments.models import Campaign
from assessments.results import CampaignScores
from assessments.selectors.comments import campaign_comments


def comments_card(
    *, campaign: Campaign, campaign_wide: CampaignScores, department: str | None = None
) -> dict[str, Any]:
    """The card's context: the comments' summary and, per theme, its name, count and quotes.
    `campaign_wide`: the dashboard's scores of the whole campaign (their hidden groups)."""
    comments = campaign_comments(campaign=campaign, department=department, scores=campaign_wide)
    return {
        "summary": comments,
        "themes": [
            {
                "code": entry.theme.code,
                "name": localized(entry.theme.name),
                "count": entry.count,
                "quotes": entry.quotes,
            }
            for entry in comments.themes
            if entry.count
        ],
    }
