"""The behaviour results in words, in the reader's language: the JSON, the "Why:" sentence of a
recommendation, the dashboard card, the comparison figures and the respondent's summary.

Scores hold codes and numbers (behaviours.results); a behaviour's name comes from the content
(`texts.dimension_name("behaviour", dimension)`), every other word from gettext.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.recommendations import Recommendation
from assessments.results import rounded
from assessments.slices import Figure, Section, View, group_figures
from assessments.texts import InstrumentTexts
from assessments.wording import number, per_side_text
from behaviours.results import BehaviourItem, BehaviourRespondent, BehaviourScores, BehaviourSummary, Ratings
from behaviours.scoring import BEHAVIOUR_GROUPS, KIND
from brmportal.lib.labels import BEHAVIOUR_GROUP_LABELS, OVERALL, SIDE_LABELS

# --- JSON (the documented shape; the core rounds the whole document) ---------------------------


def ratings_json(ratings: Ratings) -> dict[str, Any]:
    return {
        "mean": ratings.mean,
        "business": ratings.business,
        "it": ratings.it,
        "self": ratings.self,
        "mirror": ratings.mirror,
        "blind_spot": ratings.blind_spot,
        "to_top": ratings.to_top,
        "answers": ratings.answers,
        "dont_know": ratings.dont_know,
    }


def item_json(item: BehaviourItem, texts: InstrumentTexts) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": texts.dimension_name(KIND, item.dimension),
        "group": item.group,
        **ratings_json(item),
    }


def scores_json(result: BehaviourScores, texts: InstrumentTexts) -> dict[str, Any]:
    return {
        "mean": result.mean.to_json(),
        "enterprise_culture": result.enterprise_culture,
        "groups": {code: ratings_json(ratings) for code, ratings in result.groups.items()},
        "items": [item_json(item, texts) for item in result.items],
        "weakest": [item_json(item, texts) for item in result.weakest],
        "blind_spots": [item_json(item, texts) for item in result.blind_spots],
    }


def summary_json(summary: BehaviourSummary | None) -> float | None:
    """A department row's behaviours: the mean of every rating (a number, as it always was)."""
    return summary.mean if summary is not None else None


# --- Recommendations ---------------------------------------------------------------------------


def trigger(rec: Recommendation, name: str) -> str:
    """The measurement that triggered a behaviour recommendation, in the active language."""
    n = rec.numbers
    per_side = per_side_text(rec.per_side)
    quoted: dict[str, str | int] = {
        "name": name,
        "self": number(n.get("self")),
        "mirror": number(n.get("mirror")),
        "blind_spot": number(n.get("blind_spot")),
        "mean": number(n.get("mean")),
        "max": rec.scale_max,
        "to_top": number(n.get("to_top")),
    }
    if n.get("self") is None or n.get("mirror") is None:
        return _(
            "“%(name)s” is rated %(mean)s of %(max)s on average%(per_side)s, %(to_top)s below the top of the scale."
        ) % {**quoted, "per_side": per_side}
    # One sentence per owner and finding, since "the business" and "IT" take different
    # grammar in other languages.
    if rec.group == "business" and rec.gap_kind == "blind_spot":
        sentence = _(
            "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s: "
            "a blind spot of %(blind_spot)s points."
        )
    elif rec.gap_kind == "blind_spot":
        sentence = _(
            "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s: "
            "a blind spot of %(blind_spot)s points."
        )
    elif rec.group == "business":
        sentence = _(
            "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s. "
            "Mean %(mean)s of %(max)s, %(to_top)s below the top of the scale."
        )
    else:
        sentence = _(
            "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s. "
            "Mean %(mean)s of %(max)s, %(to_top)s below the top of the scale."
        )
    return sentence % quoted


# --- Rows for the templates --------------------------------------------------------------------


def group_rows(result: BehaviourScores) -> list[dict[str, Any]]:
    """The behaviour groups (enterprise, business people, IT people) with their labels."""
    return [
        {"code": code, "label": str(BEHAVIOUR_GROUP_LABELS[code]), **ratings_json(result.groups[code])}
        for code in BEHAVIOUR_GROUPS
        if code in result.groups
    ]


def item_row(item: BehaviourItem, texts: InstrumentTexts) -> dict[str, Any]:
    """A behaviour with its name and whose it is, worded."""
    return {
        **item_json(item, texts),
        "group_label": str(BEHAVIOUR_GROUP_LABELS.get(item.group, item.group)),
    }


# --- Dashboard ---------------------------------------------------------------------------------


def dashboard_section(view: View, template: str) -> Section:
    """The "Behaviours: self vs mirror" card and its chart's series.

    The card has always shown the scores' two-decimal figures (rounded again to one decimal by
    the template), so they are rounded here as before: the page reads the same.
    """
    result: BehaviourScores = view.result
    rows = [rounded(item_row(item, view.texts)) for item in result.items]
    # Self and mirror exist for the behaviours of one side; everyone rates the enterprise ones.
    mirrored = [row for row in rows if row["group"] != "enterprise"]
    return Section(
        template=template,
        context={
            "groups": [rounded(row) for row in group_rows(result)],
            "mirrored": mirrored,
            "enterprise": [row for row in rows if row["group"] == "enterprise"],
        },
        chart={
            # The side whose behaviour it is; short, so the bars keep their width on a phone.
            "labels": [f"{SIDE_LABELS.get(row['group'], row['group'])}: {row['name']}" for row in mirrored],
            "self": [row["self"] for row in mirrored],
            "mirror": [row["mirror"] for row in mirrored],
        },
    )


# --- Comparison with the previous campaign -----------------------------------------------------


def figures(result: BehaviourScores) -> list[Figure]:
    """The dashboard's behaviour groups (everyone's mean), then the report's mean per group."""
    found = [
        Figure(
            key=f"behaviours.{code}",
            heading=_("Behaviours (1-5)"),
            label=str(BEHAVIOUR_GROUP_LABELS[code]),
            group=OVERALL,
            value=ratings.mean if (ratings := result.groups.get(code)) else None,
        )
        for code in BEHAVIOUR_GROUPS
    ]
    found += group_figures("behaviours.mean", _("Behaviours, mean (1-5)"), result.mean.get)
    return found


# --- The respondent's summary ------------------------------------------------------------------


def respondent_section(result: BehaviourRespondent, template: str) -> Section:
    """The respondent's own means, "Behaviours you see" (the template shows one decimal)."""
    return Section(
        template=template,
        context={"own_side": result.own_side, "other_side": result.other_side, "enterprise": result.enterprise},
    )
