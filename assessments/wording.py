"""Recommendations in words: the presenter of `assessments.recommendations.Recommendation` records.

Scoring gives codes and numbers; this module words them in the reader's language from the
content (the title, the recommendation text, the dimension's broader advice) and, through the
instrument's slice (`InstrumentSlice.trigger`), the "Why:" sentence, which quotes the numbers
with one decimal in the reader's notation. The dashboard, the PDF report, the API and
`manage.py campaign_scores` all word them here; the machine outputs (API, --json) ask for English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessments.models import Instrument
from assessments.recommendations import Recommendation, Strength
from assessments.results import CampaignScores
from assessments.slices import slice_for
from assessments.texts import InstrumentTexts, instrument_texts
from brmportal.lib.formats import decimal
from brmportal.lib.scoring import SIDES

# Every sentence is one message with named placeholders, so translators see it whole.


def number(value: float | None) -> str:
    """A quoted number: one decimal in the reader's notation ("" for None)."""
    return decimal(value, 1) if value is not None else ""


def side_in_sentence(side: str) -> str:
    return pgettext("side, lower case in a sentence", "business") if side == "business" else _("IT")


def per_side_text(values: Mapping[str, tuple[float, ...]]) -> str:
    """' (business 2.1; IT 3.4)' or ' (business 2.1 → 3.0; ...)' for the sides measured, else ''."""
    parts = [
        f"{side_in_sentence(side)} {' → '.join(number(v) for v in values[side])}" for side in SIDES if side in values
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def recommendation_words(rec: Recommendation, *, texts: InstrumentTexts) -> dict[str, str | None]:
    """title, text, dimension_recommendation and trigger of `rec`, from `texts` and gettext.

    `texts` are in the reader's language; gettext uses the active language, which must be the
    same (see `recommendations_worded`).
    """
    instrument = slice_for(rec.instrument)
    title, name = instrument.recommendation_names(rec, texts)
    dimension_advice = texts.dimension_text(rec.instrument, rec.dimension, "recommendation") if rec.dimension else ""
    if rec.level == "item":
        text = texts.item_text(rec.instrument, rec.code, "recommendation")
        extra = dimension_advice if dimension_advice and dimension_advice != text else None
    else:
        text = dimension_advice
        extra = None
    return {"title": title, "text": text, "dimension_recommendation": extra, "trigger": instrument.trigger(rec, name)}


def recommendations_worded(
    records: Sequence[Recommendation], *, instrument: Instrument, language: str | None = None
) -> list[dict[str, Any]]:
    """The records as the documented dicts (unrounded), worded in `language` (default: active)."""
    texts = instrument_texts(instrument, language)
    with translation.override(texts.language):
        return [rec.to_json(recommendation_words(rec, texts=texts)) for rec in records]


def strengths_worded(
    records: Sequence[Strength], *, instrument: Instrument, language: str | None = None
) -> list[dict[str, Any]]:
    """Strengths as the documented dicts, worded by their slices in `language` (default: active)."""
    texts = instrument_texts(instrument, language)
    with translation.override(texts.language):
        found = []
        for strength in records:
            title, text = slice_for(strength.instrument).strength_words(strength, texts)
            found.append(strength.to_json({"title": title, "text": text}))
        return found


def scores_json(scores: CampaignScores, *, instrument: Instrument) -> dict[str, Any]:
    """campaign_scores as the API and `campaign_scores --json` give it: English words, 2 decimals."""
    with translation.override("en"):
        return scores.to_json(
            instrument_texts(instrument, "en"),
            recommendations_worded(scores.recommendations, instrument=instrument, language="en"),
            recommendations_worded(scores.recommendations_appendix, instrument=instrument, language="en"),
            strengths_worded(scores.strengths, instrument=instrument, language="en"),
        )
