"""The behaviour results in words, in the reader's language: the JSON, the "Why:" sentence of a
recommendation, the words of a strength, the dashboard card, the comparison figures and the
respondent's summary.

Scores hold codes and numbers (behaviours.results); a behaviour's name comes from the content
(`texts.dimension_name("behaviour", dimension)`), every other word from gettext.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assessments.presentation import groups_shown
from assessments.recommendations import Recommendation, Strength
from assessments.results import rounded
from assessments.slices import Figure, Section, View, group_figures
from assessments.texts import InstrumentTexts
from assessments.wording import number, per_side_text
from behaviours.charts import distribution_chart, self_mirror_chart
from behaviours.results import BehaviourItem, BehaviourRespondent, BehaviourScores, BehaviourSummary, Ratings
from behaviours.scoring import BEHAVIOUR_GROUPS, KIND
from brmportal.lib.formats import signed
from brmportal.lib.labels import BEHAVIOUR_GROUP_LABELS, OVERALL, SIDES
from brmportal.lib.stats import Distribution

# --- JSON (the documented shape; the core rounds the whole document) ---------------------------


def _json(value: Any) -> Any:
    return value.to_json() if value is not None else None


def ratings_json(ratings: Ratings) -> dict[str, Any]:
    s = ratings.stats
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
        "stats": {
            "mean": _json(s.mean),
            "business": _json(s.business),
            "it": _json(s.it),
            "self": _json(s.self),
            "mirror": _json(s.mirror),
            "blind_spot": _json(s.blind_spot),
            "to_top": None,
        },
        "distribution": ratings.distribution.to_json(lambda d: d.to_json()),
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
        "hidden_strengths": [item_json(item, texts) for item in result.hidden_strengths],
        "norm": result.norm,
        "stats": {"mean": result.mean_stats.to_json(lambda e: e.to_json())},
    }


def summary_json(summary: BehaviourSummary | None) -> float | None:
    """A department row's behaviours: the mean of every rating (a number, as it always was)."""
    return summary.mean if summary is not None else None


# --- Sentences ---------------------------------------------------------------------------------


def quoted(numbers: Mapping[str, float | None], key: str) -> str:
    """A quoted mean with its 95 % interval, "4.1 (3.8–4.4)"; the mean alone without one."""
    mean, low, high = numbers.get(key), numbers.get(f"{key}_low"), numbers.get(f"{key}_high")
    if mean is None:
        return ""
    if low is None or high is None:
        return number(mean)
    return _("%(mean)s (%(low)s–%(high)s)") % {"mean": number(mean), "low": number(low), "high": number(high)}


def gap_words(value: float, low: float | None, high: float | None) -> dict[str, str]:
    return {
        "gap": signed(value, 1),
        "low": signed(low, 1) if low is not None else "",
        "high": signed(high, 1) if high is not None else "",
    }


def trigger(rec: Recommendation, name: str) -> str:
    """The clear finding that triggered a behaviour recommendation, with its numbers' intervals."""
    n = rec.numbers
    values: dict[str, str | int] = {
        "name": name,
        "self": quoted(n, "self"),
        "mirror": quoted(n, "mirror"),
        "mean": quoted(n, "mean"),
        "max": rec.scale_max,
        "norm": number(n.get("norm")),
        **gap_words(rec.gap, rec.gap_low, rec.gap_high),
    }
    # One sentence per owner and finding, since "the business" and "IT" take different
    # grammar in other languages.
    if rec.gap_kind == "blind_spot":
        if rec.group == "business":
            sentence = _(
                "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s: "
                "a clear blind spot of %(gap)s points (%(low)s to %(high)s)."
            )
        else:
            sentence = _(
                "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s: "
                "a clear blind spot of %(gap)s points (%(low)s to %(high)s)."
            )
        return sentence % values
    if n.get("self") is None or n.get("mirror") is None:
        return _(
            "“%(name)s” is rated %(mean)s of %(max)s%(per_side)s: clearly below the middle of the scale (%(norm)s)."
        ) % {**values, "per_side": per_side_text(rec.per_side)}
    if rec.group == "business":
        sentence = _(
            "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s. With both sides counting "
            "equally, %(mean)s of %(max)s: clearly below the middle of the scale (%(norm)s)."
        )
    else:
        sentence = _(
            "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s. With both sides counting "
            "equally, %(mean)s of %(max)s: clearly below the middle of the scale (%(norm)s)."
        )
    return sentence % values


def strength_words(strength: Strength, texts: InstrumentTexts) -> tuple[str, str]:
    """(the behaviour's name, the sentence quoting its numbers) of a strength or hidden strength."""
    name = texts.dimension_name(KIND, strength.dimension or strength.code)
    n = strength.numbers
    values = {
        "name": name,
        "self": quoted(n, "self"),
        "mirror": quoted(n, "mirror"),
        "mean": quoted(n, "mean"),
        "max": strength.scale_max,
        "norm": number(n.get("norm")),
    }
    if strength.kind == "hidden_strength":
        if strength.group == "business":
            sentence = _("IT rates the business's “%(name)s” %(mirror)s; the business rates itself %(self)s.")
        else:
            sentence = _("The business rates IT's “%(name)s” %(mirror)s; IT rates itself %(self)s.")
        return name, sentence % values
    sentence = _(
        "“%(name)s” is rated %(mean)s of %(max)s%(per_side)s: clearly above the middle of the scale (%(norm)s)."
    )
    return name, sentence % {**values, "per_side": per_side_text(strength.per_side)}


# --- Rows for the templates --------------------------------------------------------------------


def shares(distribution: Distribution | None) -> dict[str, int] | None:
    """The shares of low, middle and high answers in whole percent, for reading."""
    return distribution.percent() if distribution is not None else None


def _row_stats(ratings: Ratings) -> dict[str, Any]:
    s = ratings.stats
    return {
        "stats": {key: _json(getattr(s, key)) for key in ("mean", "business", "it", "self", "mirror", "blind_spot")},
        "shares": {group: shares(d) for group, d in ratings.distribution.items()},
    }


def group_rows(result: BehaviourScores) -> list[dict[str, Any]]:
    """The behaviour groups (enterprise, business people, IT people) with their labels."""
    return [
        {
            "code": code,
            "label": str(BEHAVIOUR_GROUP_LABELS[code]),
            **rounded(ratings_json(result.groups[code])),
            **_row_stats(result.groups[code]),
        }
        for code in BEHAVIOUR_GROUPS
        if code in result.groups
    ]


def item_row(item: BehaviourItem, texts: InstrumentTexts) -> dict[str, Any]:
    """A behaviour with its name and whose it is, worded; numbers rounded as the JSON's."""
    return {
        **rounded(item_json(item, texts)),
        **_row_stats(item),
        "group_label": str(BEHAVIOUR_GROUP_LABELS.get(item.group, item.group)),
    }


# --- Dashboard ---------------------------------------------------------------------------------


def dashboard_section(view: View, template: str) -> Section:
    """The "Behaviours: self vs mirror" card and its chart's series (the scores' two decimals)."""
    result: BehaviourScores = view.result
    rows = [item_row(item, view.texts) for item in result.items]
    # Self and mirror exist for the behaviours of one side; everyone rates the enterprise ones.
    mirrored = [row for row in rows if row["group"] != "enterprise"]
    # Only the groups with figures get a column; self and mirror need both sides (issue #18 item 5).
    shown = groups_shown(view)
    return Section(
        template=template,
        context={
            "shown": shown,
            "compared": set(SIDES) <= set(shown.groups),
            "groups": group_rows(result),
            "mirrored": mirrored,
            # Vega-Lite specs (behaviours.charts), the ones the PDF draws; None: nothing to draw.
            "charts": {
                "self_mirror": self_mirror_chart(result, view.texts),
                "distribution": distribution_chart(result, view.texts),
            },
            "enterprise": [row for row in rows if row["group"] == "enterprise"],
            "norm": result.norm,
        },
    )


# --- Comparison with the previous campaign -----------------------------------------------------


def figures(result: BehaviourScores) -> list[Figure]:
    """The dashboard's behaviour groups (sides counting equally), then the mean per group."""
    found = [
        Figure(
            key=f"behaviours.{code}",
            heading=_("Behaviours (1-5)"),
            label=str(BEHAVIOUR_GROUP_LABELS[code]),
            group=OVERALL,
            value=ratings.mean if (ratings := result.groups.get(code)) else None,
            decimals=1,
            estimate=ratings.stats.mean if ratings else None,
        )
        for code in BEHAVIOUR_GROUPS
    ]
    found += group_figures(
        "behaviours.mean", _("Behaviours, mean (1-5)"), result.mean.get, decimals=1, estimate=result.mean_stats.get
    )
    return found


# --- The respondent's summary ------------------------------------------------------------------


def respondent_section(result: BehaviourRespondent, template: str) -> Section:
    """The respondent's own means, "Behaviours you see" (the template shows one decimal)."""
    return Section(
        template=template,
        context={"own_side": result.own_side, "other_side": result.other_side, "enterprise": result.enterprise},
    )
