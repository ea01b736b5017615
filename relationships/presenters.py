"""The relationship's dashboard card and the respondent's own summary, in the active language.

Numbers stay numbers (the templates format them); models are named by `relationships.names`.
They are shown as the JSON gives them (`assessments.results.rounded`, two decimals): Django's
floatformat rounds ties up from the unrounded value (a lead of 1.125 would read 1.13 on the page
and 1.12 in `campaign_scores --json`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from assessments.results import rounded
from assessments.slices import Section, View
from assessments.texts import InstrumentTexts
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, GROUPS, SIDE_LABELS
from relationships.names import ModelName, fit_name, model_name, model_names
from relationships.results import RelationshipGroup, RelationshipResult
from relationships.scoring import MODELS

DASHBOARD_TEMPLATE = "relationships/dashboard.html"
RESPONDENT_TEMPLATE = "relationships/respondent.html"


def ladder_left(index: float | None) -> float | None:
    """Where an index (1 Passive .. 4 Peer) sits on the 4-step track, in percent from the left."""
    return None if index is None else round((index - 1) / 3 * 100, 1)


def dashboard_section(view: View) -> Section:
    """Markers per side and aspect on the Passive..Peer track, with the model named in words.

    `view.notes` say why a group has no figures (a sentence, "" when it is shown).
    """
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    aspects = []
    for aspect in ASPECTS:
        markers: list[dict[str, Any]] = []
        for side in GROUPS:
            fit = result.fit(side, aspect)
            if fit is None:
                markers.append(
                    {
                        "side": side,
                        "label": str(SIDE_LABELS[side]),
                        "hidden": True,
                        "reason": view.notes.get(side, "") or _("No answers."),
                    }
                )
                continue
            index = rounded(fit.index)
            markers.append(
                {
                    "side": side,
                    "label": str(SIDE_LABELS[side]),
                    "hidden": False,
                    "mixed": fit.mixed,
                    "model": fit.model,
                    "model_name": fit_name(fit, names),
                    "index": index,
                    "margin": rounded(fit.margin),
                    "left": ladder_left(index),
                }
            )
        # Business and IT get a marker on the track; everyone is given in words only, as a third
        # marker would mostly sit between the two and hide them.
        aspects.append(
            {"aspect": aspect, "label": str(ASPECT_LABELS[aspect]), "markers": markers[:2], "overall": markers[2]}
        )
    return Section(
        template=DASHBOARD_TEMPLATE,
        context={
            "steps": [
                {"code": code, "name": model_name(code, names), "left": ladder_left(i + 1)}
                for i, code in enumerate(MODELS)
            ],
            "aspects": aspects,
            "disagree_today": result.disagree_today,
        },
    )


def respondent_section(result: RelationshipGroup | None, texts: InstrumentTexts) -> Section | None:
    """A respondent's own best fit today and desired, with every model's one-line description;
    None when they rated no relationship statement."""
    if result is None:
        return None
    # In the active language: the respondent pages run in the response's language.
    names = model_names(texts)
    relationship = {}
    for aspect in ASPECTS:
        fit = result.fit(aspect)
        if fit is not None:
            relationship[aspect] = {
                # A tie between models is "mixed", which the content does not name.
                "model": names.get(fit.model) or ModelName(code=fit.model, name=_("Mixed"), summary=""),
                "index": rounded(fit.index),
            }
    if not relationship:
        return None
    return Section(
        template=RESPONDENT_TEMPLATE,
        context={"relationship": relationship, "models": list(names.values())},
    )
