"""Trust in words and shapes for a page: the JSON part, the dashboard card, the report's blocks,
the headline, the "Why:" sentences, the strengths' words and the respondent's own index.

The business's trust and IT's view of it are shown side by side and never pooled. Pages show
the 0-100 index in whole numbers with its 95 % interval and n, and the perception gap as a
difference that is clear or within the noise. Statement names come from the content
(`InstrumentTexts`) in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.presentation import Shown, groups_shown
from assessments.recommendations import Recommendation, Strength
from assessments.results import DECIMALS
from assessments.slices import Headline, View
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import decimal, signed
from brmportal.lib.scoring import SIDES
from brmportal.lib.stats import Distribution, Estimate
from trust.results import TrustGroup, TrustScores, TrustStatement
from trust.scoring import KIND, index_estimate

# What each side's figure is: two different questions.
SIDE_TRUST_LABELS = {
    "business": gettext_lazy("Business: its trust in IT"),
    "it": gettext_lazy("IT: how it thinks the business sees it"),
}


def shown(value: float | None) -> float | None:
    """A score as the JSON gives it: two decimals (the heat map's cell, the comparison figures)."""
    return round(value, DECIMALS) if value is not None else None


def statement_name(entry: TrustStatement, texts: InstrumentTexts) -> str:
    """The statement's dimension name in the reader's language; its code when the content lists none."""
    return texts.dimension_name(KIND, entry.dimension) if entry.dimension else entry.code


def _json(value: Any) -> Any:
    return value.to_json() if value is not None else None


# --- JSON (unrounded: the core rounds the whole document) ----------------------------------------


def group_json(group: TrustGroup) -> dict[str, Any]:
    return {
        "index": group.index,
        "mean": group.mean,
        "answers": group.answers,
        "dont_know": group.dont_know,
        "stats": {"index": _json(group.index_stats), "mean": _json(group.mean_stats)},
        "distribution": _json(group.distribution),
    }


def statement_json(entry: TrustStatement, texts: InstrumentTexts) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": statement_name(entry, texts),
        **entry.means.to_json(),
        "index": entry.index,
        "deficit": entry.deficit,
        "answers": entry.answers,
        "dont_know": entry.dont_know,
        "perception_gap": entry.perception_gap,
        "stats": {
            **entry.estimates.to_json(lambda e: e.to_json()),
            "index": _json(entry.index_stats),
            "deficit": _json(entry.deficit_stats),
            "perception_gap": _json(entry.gap_stats),
        },
        "distribution": entry.distribution.to_json(lambda d: d.to_json()),
    }


def trust_json(result: TrustScores, texts: InstrumentTexts) -> dict[str, Any]:
    """{business, it, overall (always null: never pooled): {index, mean, answers, dont_know, stats,
    distribution} | null, perception_gap, items, deficits, norm, stats}."""
    return {
        **result.groups.to_json(group_json),
        "perception_gap": result.perception_gap,
        "items": [statement_json(entry, texts) for entry in result.items],
        "deficits": [statement_json(entry, texts) for entry in result.deficits],
        "norm": result.norm,
        "stats": {"perception_gap": _json(result.gap_stats)},
    }


# --- Words -----------------------------------------------------------------------------------------


def index_text(mean: float | None, low: float | None = None, high: float | None = None) -> str:
    """An index for reading: whole numbers, "36 (20–52)"; the interval clipped to the scale."""
    if mean is None:
        return ""
    if low is None or high is None:
        return decimal(mean, 0)
    return _("%(mean)s (%(low)s–%(high)s)") % {
        "mean": decimal(mean, 0),
        "low": decimal(max(0.0, low), 0),
        "high": decimal(min(100.0, high), 0),
    }


def _index_of(numbers: Mapping[str, float | None], key: str, scale_min: int, scale_max: int) -> str:
    """A side's quoted mean (numbers on the answer scale) as an index with its interval."""
    k = 100 / (scale_max - scale_min)

    def index(value: float | None) -> float | None:
        return (value - scale_min) * k if value is not None else None

    return index_text(index(numbers.get(key)), index(numbers.get(f"{key}_low")), index(numbers.get(f"{key}_high")))


def trigger(rec: Recommendation, name: str) -> str:
    """The clear finding that triggered a trust recommendation, on the 0-100 index."""
    n = rec.numbers
    k = 100 / (rec.scale_max - rec.scale_min)
    values = {
        "name": name,
        "business": _index_of(n, "business", rec.scale_min, rec.scale_max),
        "it": _index_of(n, "it", rec.scale_min, rec.scale_max),
        "gap": decimal(rec.gap * k, 0),
        "low": decimal(rec.gap_low * k, 0) if rec.gap_low is not None else "",
        "high": decimal(rec.gap_high * k, 0) if rec.gap_high is not None else "",
    }
    if rec.gap_kind == "perception_gap":
        return (
            _(
                "IT thinks the business's trust in “%(name)s” is %(it)s of 100; the business gives %(business)s: "
                "IT believes it is trusted %(gap)s points more than it is (%(low)s to %(high)s), clear."
            )
            % values
        )
    if n.get("it") is None:
        return _("The business's trust in “%(name)s” is %(business)s of 100: clearly below the middle (50).") % values
    return (
        _(
            "The business's trust in “%(name)s” is %(business)s of 100: clearly below the middle (50); "
            "IT thinks it is %(it)s."
        )
        % values
    )


def strength_words(strength: Strength, texts: InstrumentTexts) -> tuple[str, str]:
    """(the statement's name, its sentence): a statement the business clearly trusts."""
    name = texts.dimension_name(KIND, strength.dimension or strength.code)
    n = strength.numbers
    values = {
        "name": name,
        "business": _index_of(n, "business", strength.scale_min, strength.scale_max),
        "it": _index_of(n, "it", strength.scale_min, strength.scale_max),
    }
    if n.get("it") is None:
        sentence = _("The business's trust in “%(name)s” is %(business)s of 100: clearly above the middle (50).")
    else:
        sentence = _(
            "The business's trust in “%(name)s” is %(business)s of 100: clearly above the middle (50); "
            "IT thinks it is %(it)s."
        )
    return name, sentence % values


# --- Pages ---------------------------------------------------------------------------------------


def shares(distribution: Distribution | None) -> dict[str, int] | None:
    """The shares of low, middle and high answers in whole percent, for reading."""
    return distribution.percent() if distribution is not None else None


def index_view(estimate: Estimate | None) -> dict[str, Any] | None:
    """An index Estimate's JSON for a page: its interval clipped to 0-100, the ends of the scale
    (a t interval of a mean near an end reaches past it; no answer can)."""
    if estimate is None:
        return None
    found = estimate.to_json()
    if found["ci"]:
        found["ci"] = [max(0.0, found["ci"][0]), min(100.0, found["ci"][1])]
    return found


def _group_view(group: TrustGroup | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "index": round(group.index),
        "bar": shown(group.index),
        "mean": shown(group.mean),
        "index_stats": index_view(group.index_stats),
        "mean_stats": _json(group.mean_stats),
        "answers": group.answers,
        "dont_know": group.dont_know,
        "shares": shares(group.distribution),
    }


def _statement_view(entry: TrustStatement, result: TrustScores, texts: InstrumentTexts) -> dict[str, Any]:
    """A statement on the index: the business's trust, IT's view, their gap, the business's answers."""
    return {
        "code": entry.code,
        "name": statement_name(entry, texts),
        "business": index_view(entry.index_stats),
        "it": index_view(index_estimate(entry.estimates.it, result.scale_min, result.scale_max)),
        "gap": _json(entry.gap_stats),
        "shares": shares(entry.distribution.business),
    }


def _sides(view: View) -> list[dict[str, Any]]:
    result: TrustScores = view.result
    responses = view.responses
    return [
        {
            "side": side,
            "label": str(SIDE_TRUST_LABELS[side]),
            "value": _group_view(result.groups.get(side)),
            "reason": view.notes.get(side, ""),
            # No responses at all, rather than hidden (the card words the two apart).
            "empty": not responses.get(side),
        }
        for side in SIDES
    ]


def dashboard_context(view: View) -> dict[str, Any]:
    """The trust card: the business's trust and IT's view side by side (or why one is missing),
    the perception gap and the statements the business clearly trusts least."""
    result: TrustScores = view.result
    shown = _shown(view)
    return {
        # Only the sides with figures; one line says why the other is left out (issue #18 item 5).
        "sides": [side for side in _sides(view) if side["side"] in shown.groups],
        "shown": shown,
        "perception_gap": _json(result.gap_stats),
        "gap_value": result.perception_gap,
        "deficits": [_statement_view(entry, result, view.texts) for entry in result.deficits],
    }


def report_summary_context(view: View) -> dict[str, Any]:
    """The executive summary's trust table (the business's trust, IT's view) and perception gap."""
    result: TrustScores = view.result
    # Only the sides with figures, and one line on the other (issue #18 item 5), as on its page.
    shown = _shown(view)
    return {
        "rows": [row for row in _sides(view) if row["side"] in shown.groups],
        "line": shown.line,
        "perception_gap": _json(result.gap_stats),
        "gap_value": result.perception_gap,
    }


def report_context(view: View) -> dict[str, Any]:
    """The report's trust page: every statement per side and its gap, and why a column is empty."""
    result: TrustScores = view.result
    shown = _shown(view)
    return {
        "statements": [_statement_view(entry, result, view.texts) for entry in result.items],
        "notes": {side: view.notes.get(side, "") for side in SIDES},
        "shown": shown,
        "compared": set(SIDES) <= set(shown.groups),
        "business_shown": "business" in shown.groups,
        "it_shown": "it" in shown.groups,
    }


def _shown(view: View) -> Shown:
    """The sides with a trust figure (trust is never pooled, so there is no "everyone")."""
    result: TrustScores = view.result
    return groups_shown(view, lambda g: result.groups.get(g) is not None, groups=SIDES)


def trust_headlines(view: View) -> list[Headline]:
    """The report's opening sentence on trust: both sides and their gap, or the one measured."""
    result: TrustScores = view.result
    business, it = result.groups.business, result.groups.it
    gap = result.gap_stats

    def side(group: TrustGroup) -> str:
        e = group.index_stats
        return index_text(group.index, e.low if e else None, e.high if e else None)

    if business is not None and it is not None and gap is not None:
        values = {
            "business": side(business),
            "it": side(it),
            "points": decimal(abs(gap.value), 0),
            "gap": signed(gap.value, 0),
            "low": signed(gap.low, 0) if gap.low is not None else "",
            "high": signed(gap.high, 0) if gap.high is not None else "",
        }
        if not gap.clear:
            text = _(
                "Trust index: the business %(business)s of 100, IT's view %(it)s; the difference, %(gap)s points "
                "(%(low)s to %(high)s), is within the noise."
            )
        elif gap.value > 0:
            text = _(
                "Trust index: the business %(business)s of 100, IT's view %(it)s; IT believes it is trusted "
                "%(points)s points more than the business says (%(low)s to %(high)s), clear."
            )
        else:
            text = _(
                "Trust index: the business %(business)s of 100, IT's view %(it)s; IT believes it is trusted "
                "%(points)s points less than the business says (%(low)s to %(high)s), clear."
            )
        return [Headline(title=_("Trust"), text=text % values)]
    if business is not None:
        text = _("The business's trust index: %(index)s of 100.") % {"index": side(business)}
        return [Headline(title=_("Trust"), text=text)]
    return []


def respondent_context(group: TrustGroup) -> dict[str, Any]:
    """The respondent's own trust index (0-100)."""
    return {"index": shown(group.index)}
