"""Trust in words and shapes for a page: the JSON part, the dashboard card, the report's blocks,
the headline and the respondent's own index.

Numbers stay numbers (templates format them), rounded to the two decimals of the published JSON
(assessments.results.DECIMALS) so the dashboard, the PDF and the API agree to the last digit, as
they did when the scores themselves were rounded. Statement names come from the content
(`InstrumentTexts`) in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.results import DECIMALS
from assessments.slices import Headline, View
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import decimal
from brmportal.lib.labels import GROUPS, SIDE_LABELS
from trust.results import TrustGroup, TrustScores, TrustStatement

KIND = "trust"


def shown(value: float | None) -> float | None:
    """A score as pages show it: the JSON's two decimals."""
    return round(value, DECIMALS) if value is not None else None


def statement_name(entry: TrustStatement, texts: InstrumentTexts) -> str:
    """The statement's dimension name in the reader's language; its code when the content lists none."""
    return texts.dimension_name(KIND, entry.dimension) if entry.dimension else entry.code


# --- JSON (unrounded: the core rounds the whole document) ----------------------------------------


def group_json(group: TrustGroup) -> dict[str, Any]:
    return {"index": group.index, "mean": group.mean, "answers": group.answers, "dont_know": group.dont_know}


def statement_json(entry: TrustStatement, texts: InstrumentTexts) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": statement_name(entry, texts),
        **entry.means.to_json(),
        "index": entry.index,
        "deficit": entry.deficit,
        "answers": entry.answers,
        "dont_know": entry.dont_know,
    }


def trust_json(result: TrustScores, texts: InstrumentTexts) -> dict[str, Any]:
    """{business, it, overall: {index, mean, answers, dont_know} | null, perception_gap, items, deficits}."""
    return {
        **result.groups.to_json(group_json),
        "perception_gap": result.perception_gap,
        "items": [statement_json(entry, texts) for entry in result.items],
        "deficits": [statement_json(entry, texts) for entry in result.deficits],
    }


# --- Pages ---------------------------------------------------------------------------------------


def _group_view(group: TrustGroup | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "index": shown(group.index),
        "mean": shown(group.mean),
        "answers": group.answers,
        "dont_know": group.dont_know,
    }


def _statement_view(entry: TrustStatement, texts: InstrumentTexts) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": statement_name(entry, texts),
        **{group: shown(value) for group, value in entry.means.items()},
        "index": shown(entry.index),
        "deficit": shown(entry.deficit),
    }


def dashboard_context(view: View) -> dict[str, Any]:
    """The trust card: the index per group (or why it is missing), the perception gap, the deficits."""
    result: TrustScores = view.result
    responses = view.responses
    return {
        "sides": [
            {
                "side": group,
                "label": str(SIDE_LABELS[group]),
                "value": _group_view(result.groups.get(group)),
                "reason": view.notes.get(group, ""),
                # No responses at all, rather than hidden (the card words the two apart).
                "empty": not responses.get(group),
            }
            for group in GROUPS
        ],
        "perception_gap": shown(result.perception_gap),
        "deficits": [_statement_view(entry, view.texts) for entry in result.deficits],
    }


def report_summary_context(view: View) -> dict[str, Any]:
    """The executive summary's trust table (index and mean per group) and perception gap."""
    result: TrustScores = view.result
    return {
        "rows": [
            {
                "group": group,
                "label": str(SIDE_LABELS[group]),
                "note": view.notes.get(group, ""),
                "data": _group_view(result.groups.get(group)),
            }
            for group in GROUPS
        ],
        "perception_gap": shown(result.perception_gap),
    }


def report_context(view: View) -> dict[str, Any]:
    """The report's trust page: every statement per group, and why a side's column is empty."""
    result: TrustScores = view.result
    return {
        "statements": [_statement_view(entry, view.texts) for entry in result.items],
        "notes": {group: view.notes.get(group, "") for group in GROUPS},
    }


def trust_headlines(view: View) -> list[Headline]:
    """The report's opening sentence on trust: the perception gap, or else everyone's index."""
    result: TrustScores = view.result
    business, it, overall = (result.groups.get(group) for group in GROUPS)
    gap = shown(result.perception_gap)
    if gap is not None and business is not None and it is not None:
        values = {
            "business": decimal(round(business.index, DECIMALS), 2),
            "it": decimal(round(it.index, DECIMALS), 2),
            "points": decimal(abs(gap), 2),
        }
        if gap > 0:
            text = _(
                "Trust index: business %(business)s, IT %(it)s of 100; IT believes it is trusted %(points)s points "
                "more than the business says."
            )
        else:
            text = _(
                "Trust index: business %(business)s, IT %(it)s of 100; IT believes it is trusted %(points)s points "
                "less than the business says."
            )
        return [Headline(title=_("Trust"), text=text % values)]
    if overall is not None:
        return [
            Headline(
                title=_("Trust"),
                text=_("Trust index: %(index)s of 100.") % {"index": decimal(round(overall.index, DECIMALS), 2)},
            )
        ]
    return []


def respondent_context(group: TrustGroup) -> dict[str, Any]:
    """The respondent's own trust index (0-100)."""
    return {"index": shown(group.index)}
