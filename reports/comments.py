"""The report's appendix "In their own words": the published, not hidden comments by question.

Read through `campaign_comments`, so the PDF quotes exactly what the dashboard and the Comments
page may show: only for the whole campaign and only the sides at or above the threshold.
"""

from __future__ import annotations

from typing import Any

from assessments.content import localized
from assessments.models import Campaign
from assessments.selectors.comments import campaign_comments


def comments_appendix(*, campaign: Campaign, department: str = "") -> dict[str, Any]:
    """{"asked", "department_view", "hidden", "questions": [{"text", "side", "quotes"}]}; the
    questions are empty when nothing may be quoted."""
    summary = campaign_comments(campaign=campaign, department=department or None)
    questions = []
    if summary.shown:
        for entry in summary.questions:
            quotes = [comment.text for comment in entry.comments if not comment.hidden]
            if quotes:
                side = "business" if "business" in entry.question.sides else "it"
                questions.append({"text": localized(entry.question.text), "side": side, "quotes": quotes})
    return {
        "asked": summary.asked,
        "department_view": summary.department_view,
        "hidden": summary.hidden,
        "questions": questions,
    }
