"""Recommendations in words: the presenter of `assessments.recommendations.Recommendation` records.

Scoring gives codes and numbers; this module words them in the reader's language from the
content (the title, the recommendation text, the dimension's broader advice) and with gettext
(the "Why:" sentence, which quotes the numbers with one decimal in the reader's notation).
The dashboard, the PDF report, the API and `manage.py campaign_scores` all word them here;
the machine outputs (API, --json) ask for English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.models import Instrument
from assessments.recommendations import Recommendation
from assessments.scoring import InstrumentMeta, instrument_meta, rounded
from brmportal.lib.formats import decimal
from brmportal.lib.scoring import SIDES, Dimension, ItemMeta

# Every sentence is one message with named placeholders, so translators see it whole.


def _f(value: float) -> str:
    return decimal(value, 1)


def _side_label(side: str) -> str:
    return pgettext("side, lower case in a sentence", "business") if side == "business" else _("IT")


def _per_side(values: Mapping[str, tuple[float, ...]]) -> str:
    """' (business 2.1; IT 3.4)' or ' (business 2.1 → 3.0; ...)' for the sides measured, else ''."""
    parts = [f"{_side_label(side)} {' → '.join(_f(v) for v in values[side])}" for side in SIDES if side in values]
    return f" ({'; '.join(parts)})" if parts else ""


def _opt(value: float | None) -> str:
    return _f(value) if value is not None else ""


def _trigger(rec: Recommendation, name: str) -> str:
    """The measurement that triggered `rec`, in words, in the active language."""
    n = rec.numbers
    per_side = _per_side(rec.per_side)
    if rec.instrument == "relationship":
        values = {"today": _opt(n.get("today")), "desired": _opt(n.get("desired")), "per_side": per_side}
        if rec.level == "dimension":
            return _(
                "Respondents see the %(model)s model today at %(today)s and want it at %(desired)s%(per_side)s."
            ) % {**values, "model": name}
        return _("“%(statement)s”: today %(today)s, desired %(desired)s%(per_side)s.") % {
            **values,
            "statement": name,
        }
    if rec.instrument == "behaviour":
        quoted: dict[str, str | int] = {
            "name": name,
            "self": _opt(n.get("self")),
            "mirror": _opt(n.get("mirror")),
            "blind_spot": _opt(n.get("blind_spot")),
            "mean": _opt(n.get("mean")),
            "max": rec.scale_max,
            "to_top": _opt(n.get("to_top")),
        }
        if n.get("self") is None or n.get("mirror") is None:
            return _(
                "“%(name)s” is rated %(mean)s of %(max)s on average%(per_side)s, %(to_top)s below the top of the scale."
            ) % {**quoted, "per_side": per_side}
        # One sentence per owner and finding, since "the business" and "IT" take different
        # grammar in other languages.
        if rec.group == "business" and rec.gap_kind == "blind_spot":
            trigger = _(
                "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s: "
                "a blind spot of %(blind_spot)s points."
            )
        elif rec.gap_kind == "blind_spot":
            trigger = _(
                "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s: "
                "a blind spot of %(blind_spot)s points."
            )
        elif rec.group == "business":
            trigger = _(
                "The business rates its own “%(name)s” %(self)s; IT rates it %(mirror)s. "
                "Mean %(mean)s of %(max)s, %(to_top)s below the top of the scale."
            )
        else:
            trigger = _(
                "IT rates its own “%(name)s” %(self)s; the business rates it %(mirror)s. "
                "Mean %(mean)s of %(max)s, %(to_top)s below the top of the scale."
            )
        return trigger % quoted
    if rec.instrument == "practice":
        return _("“%(name)s”: current maturity %(current)s, target %(target)s%(per_side)s.") % {
            "name": name,
            "current": _opt(n.get("current")),
            "target": _opt(n.get("target")),
            "per_side": per_side,
        }
    return _("“%(name)s” is rated %(mean)s of %(max)s%(per_side)s, %(deficit)s short of full agreement.") % {
        "name": name,
        "mean": _opt(n.get("mean")),
        "max": rec.scale_max,
        "per_side": per_side,
        "deficit": _opt(n.get("deficit")),
    }


def recommendation_words(rec: Recommendation, *, meta: InstrumentMeta) -> dict[str, str | None]:
    """title, text, dimension_recommendation and trigger of `rec`, from `meta`'s texts and gettext.

    `meta` holds the content texts in the reader's language; gettext uses the active language,
    which must be the same (see `recommendations_worded`).
    """
    item: ItemMeta | None = next((i for i in meta.items if i.code == rec.code), None) if rec.level == "item" else None
    dimension: Dimension | None = meta.dimensions.get(rec.instrument, {}).get(rec.dimension) if rec.dimension else None
    # What the sentence calls it: the model (a relationship dimension), the statement (a
    # relationship item) or the dimension the item measures (behaviour, practice, trust).
    dimension_name = dimension.name if dimension else rec.code
    if item is not None and item.kind == "relationship":
        title = item.title or dimension_name
        name = item.title
    else:
        title = dimension_name
        name = dimension_name
    if item is not None:
        text = item.recommendation
        extra = dimension.recommendation if dimension and dimension.recommendation != item.recommendation else None
    else:
        text = dimension.recommendation if dimension else ""
        extra = None
    return {"title": title, "text": text, "dimension_recommendation": extra, "trigger": _trigger(rec, name)}


def recommendations_json(records: Sequence[Recommendation], *, meta: InstrumentMeta) -> list[dict[str, Any]]:
    """The records as the documented dicts (unrounded), worded in the active language from `meta`."""
    return [rec.to_json(recommendation_words(rec, meta=meta)) for rec in records]


def recommendations_worded(
    records: Sequence[Recommendation], *, instrument: Instrument, language: str | None = None
) -> list[dict[str, Any]]:
    """The records as the documented dicts (unrounded), worded in `language` (default: active)."""
    meta = instrument_meta(instrument=instrument, language=language)
    with translation.override(language or translation.get_language()):
        return recommendations_json(records, meta=meta)


def scores_json(scores: Mapping[str, Any], *, instrument: Instrument) -> dict[str, Any]:
    """campaign_scores as the API and `campaign_scores --json` give it: English words, 2 decimals."""
    return rounded(
        {
            **scores,
            "recommendations": recommendations_worded(scores["recommendations"], instrument=instrument, language="en"),
        }
    )
