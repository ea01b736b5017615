"""The relationship models in words: their names and summaries, and a best fit named in a sentence.

The one reader of the models' names in the content, for the dashboard, the PDF report and the
respondent's summary, in the language of the `InstrumentTexts` they are given.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments.texts import InstrumentTexts
from relationships.results import NO_MODEL, ModelFit
from relationships.scoring import KIND, MODELS


@dataclass(frozen=True)
class ModelName:
    code: str
    name: str
    summary: str


def model_names(texts: InstrumentTexts) -> dict[str, ModelName]:
    """The models, Passive .. Peer in that order, named in `texts`' language.

    A model the content does not name is its code, capitalised.
    """
    return {
        code: ModelName(
            code=code,
            name=texts.dimension_text(KIND, code, "name") or code.title(),
            summary=texts.dimension_text(KIND, code, "summary"),
        )
        for code in MODELS
    }


def model_name(code: str, names: dict[str, ModelName]) -> str:
    found = names.get(code)
    return found.name if found else code.title()


def fit_name(fit: ModelFit | None, names: dict[str, ModelName]) -> str:
    """A fit in words, from its index: the model's name; "between Provider and Partner" when the
    index's interval reaches into several models' bands; "No model" when nobody agrees with any
    model; "" without a fit. The dashboard, the report and the figures all word it here."""
    if fit is None:
        return ""
    if fit.model == NO_MODEL:
        return _("No model")
    if fit.mixed:
        if not fit.leaders:
            return _("Mixed")
        return _("between %(first)s and %(last)s") % {
            "first": model_name(fit.leaders[0], names),
            "last": model_name(fit.leaders[-1], names),
        }
    return model_name(fit.model, names)
