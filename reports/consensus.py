"""What the consensus workshop agreed (issue #19 item 1), beside the survey's figures: one
presenter for the dashboard's card and the PDF's section (templates/reports/consensus.html).

The survey figures are the published item statistics (`CampaignScores.items`: a side under the
anonymity threshold has none), rounded by the one rule (brmportal.lib.formats); the agreed values
are the group's decisions, never anyone's answers.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.results import CampaignScores
from assessments.selectors.consensus import CampaignConsensus
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import MEAN_PLACES, decimal
from brmportal.lib.labels import SIDE_LABELS, SIDES

RELATIONSHIP = "relationship"
# Which of an item's aspects the agreed "current" and "target" sit beside.
CURRENT_ASPECTS = ("today", "current", "value")
TARGET_ASPECTS = ("desired", "target")


def _number(value: Any) -> str:
    return decimal(float(value), MEAN_PLACES) if value is not None else ""


def _survey(scores: CampaignScores, code: str, aspects: tuple[str, ...]) -> str:
    """The sides' published means of an item's aspect ("business 3.4 (n 12), IT 2.1 (n 9)")."""
    for stat in scores.items:
        if stat.code == code and stat.aspect in aspects:
            parts = [
                _("%(side)s %(mean)s (n %(n)s)")
                % {"side": SIDE_LABELS[side], "mean": decimal(e.mean, MEAN_PLACES), "n": e.n}
                for side in SIDES
                if (found := stat.figures(side)) is not None and (e := found.estimate) is not None
            ]
            return ", ".join(parts)
    return ""


def consensus_view(
    *, consensus: CampaignConsensus, scores: CampaignScores, texts: InstrumentTexts
) -> dict[str, Any] | None:
    """The workshop's decisions as rows beside the survey figures; None when nothing was agreed."""
    if not consensus.values and consensus.model is None:
        return None
    kinds = {stat.code: stat.kind for stat in scores.items}
    rows = []
    for code, value in consensus.values.items():
        title = texts.item_title(kinds[code], code) if code in kinds else ""
        rows.append(
            {
                "code": code,
                "title": title or code,
                "survey_current": _survey(scores, code, CURRENT_ASPECTS),
                "survey_target": _survey(scores, code, TARGET_ASPECTS),
                "current": _number(value.current),
                "target": _number(value.target),
                "rationale": value.rationale,
            }
        )
    model = consensus.model
    return {
        "rows": rows,
        # Items rated once (behaviours, trust) have no desired figure: the column is left out then.
        "survey_targets": any(row["survey_target"] for row in rows),
        "model": {
            # The models are the relationship instrument's dimensions: named in the reader's language.
            "today": texts.dimension_name(RELATIONSHIP, model.today) if model.today else "",
            "target": texts.dimension_name(RELATIONSHIP, model.target) if model.target else "",
            "rationale": model.rationale,
        }
        if model is not None
        else None,
    }
