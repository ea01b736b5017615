"""The parts of the dashboard every campaign has: response rates, overall maturity, the charts' words.

The recommendations, strengths, flags and reliability are shaped by `reports.findings` (the PDF
shows the same); the instruments' own cards are their slices' (`InstrumentSlice.dashboard`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assessments.charts import maturity_chart
from assessments.maturity import MATURITY_REFERENCE
from assessments.presentation import maturity_range_text, maturity_shown
from assessments.results import CampaignScores
from assessments.texts import InstrumentTexts
from brmportal.lib.labels import OVERALL, SIDE_LABELS, SIDES
from reports.findings import maturity_limits_text, maturity_missing_text
from workspace.dashboard.labels import NO_DEPARTMENT


def _percent(part: int, whole: int) -> int:
    return round(part / whole * 100) if whole else 0


def _rate(counts: Mapping[str, int]) -> dict[str, Any]:
    invited, started, submitted = counts.get("invited", 0), counts.get("started", 0), counts.get("submitted", 0)
    return {
        "invited": invited,
        "started": started,
        "submitted": submitted,
        "submitted_pct": _percent(submitted, invited),
        "started_pct": _percent(started, invited),
        "text": _("%(submitted)s of %(invited)s submitted (%(percent)s %%), %(started)s in progress")
        % {"submitted": submitted, "invited": invited, "percent": _percent(submitted, invited), "started": started}
        if invited
        else _("No invitations"),
    }


def response_rates(
    *, counts: Mapping[tuple[str, str], Mapping[str, int]], responses: Mapping[str, int], department: str | None
) -> list[dict[str, Any]]:
    """Per side: invitations invited / started / submitted, with a row per department.

    `responses` are the submitted responses the scores count (imported ones have no invitation,
    so they can exceed the invitations). Counts are shown even for groups under the anonymity
    threshold: they are the response rate, not answers (docs/scoring.md, Anonymity 5).
    """
    sides = []
    for side in SIDES:
        rows = {d: c for (s, d), c in counts.items() if s == side and (department is None or d == department)}
        total = {key: sum(c[key] for c in rows.values()) for key in ("invited", "started", "submitted")}
        departments = [
            {"department": d or str(NO_DEPARTMENT), **_rate(c)}
            for d, c in sorted(rows.items(), key=lambda pair: (pair[0] == "", pair[0].lower()))
        ]
        sides.append(
            {
                "side": side,
                "label": str(SIDE_LABELS[side]),
                **_rate(total),
                "responses": responses.get(side, 0),
                # One row that only repeats the side total says nothing more.
                "departments": departments if department is None and len(departments) > 1 else [],
            }
        )
    return sides


def maturity_view(*, scores: CampaignScores, texts: InstrumentTexts) -> dict[str, Any]:
    """Overall maturity, each side's, the ladder; "not enough answers" where it is missing (it is
    computed only when both sides are reported)."""
    overall = maturity_shown(scores.maturity.overall, texts)
    level = overall["level"] if overall else None
    return {
        "overall": overall,
        "missing": maturity_missing_text(),
        "limits": maturity_limits_text(),
        "sides": [
            {
                "side": side,
                "label": str(SIDE_LABELS[side]),
                "value": maturity_shown(scores.maturity.get(side), texts),
                "empty": not scores.responses.get(side),
            }
            for side in SIDES
        ],
        "ladder": [
            {**vars(step), "current": step.level == level, "range_text": maturity_range_text(step.level)}
            for step in texts.ladder
        ],
        "reference": MATURITY_REFERENCE,
        # The PDF's ladder chart too (assessments.charts); None without a score.
        "chart": maturity_chart(
            steps=[step.name for step in texts.ladder],
            groups=[
                *((side, str(SIDE_LABELS[side]), maturity_shown(scores.maturity.get(side), texts)) for side in SIDES),
                (OVERALL, str(SIDE_LABELS[OVERALL]), overall),
            ],
        ),
    }
