"""The relationship's dashboard card and the respondent's own summary, in the active language.

Numbers stay numbers (the templates format them: `|interval`, `|difference`, `|noise` of
reports.templatetags.report_format, one decimal); models are named by `relationships.names`.
The marker's place and the model named beside it come from the same index, so they agree.
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _

from assessments.presentation import groups_shown
from assessments.slices import Ladder, Placement, Section, View
from assessments.texts import InstrumentTexts
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, GROUPS, OVERALL, SIDE_LABELS, SIDES
from relationships.charts import index_chart, profile_chart
from relationships.names import ModelName, fit_name, model_name, model_names
from relationships.results import NO_MODEL, ModelFit, RelationshipGroup, RelationshipResult
from relationships.scoring import MODELS

DASHBOARD_TEMPLATE = "relationships/dashboard.html"
RESPONDENT_TEMPLATE = "relationships/respondent.html"


def index_interval(fit: ModelFit | None) -> dict[str, Any] | None:
    """The index with its interval for `|interval`, the interval clipped to the ladder's 1-4 (a
    t-interval of a few levels can reach past an end no respondent can pass)."""
    stats = fit.index_stats if fit else None
    if stats is None:
        return None
    ci = stats.ci
    clipped = [max(1.0, ci[0]), min(4.0, ci[1])] if ci else None
    return {"mean": stats.mean, "n": stats.n, "ci": clipped}


def share_rows(fit: ModelFit, names: dict[str, ModelName]) -> list[dict[str, Any]]:
    """The share of respondents whose own level is each model, then "no model", in whole percent."""
    codes = [*MODELS, NO_MODEL]
    return [
        {
            "code": code,
            "name": model_name(code, names) if code != NO_MODEL else _("no model"),
            # Half up, as a reader rounds (round() would give 12 for 12.5).
            "percent": math.floor(100 * fit.shares.get(code, 0.0) + 0.5),
        }
        for code in codes
        if fit.shares
    ]


def marker(result: RelationshipResult, side: str, aspect: str, view: View, names: dict[str, ModelName]) -> dict:
    """One group's place for one aspect: the index with its interval, the
    model named from it, the shares of respondents per model and who agrees with no model."""
    fit = result.fit(side, aspect)
    base = {"side": side, "label": str(SIDE_LABELS[side])}
    if fit is None:
        return {**base, "hidden": True, "reason": view.notes.get(side, "") or _("No answers.")}
    stats = index_interval(fit)
    return {
        **base,
        "hidden": False,
        "mixed": fit.mixed,
        "none": fit.model == NO_MODEL,
        "model": fit.model,
        "model_name": fit_name(fit, names),
        "index": fit.index,
        "stats": stats,
        "margin": fit.margin,
        "shares": share_rows(fit, names),
        "respondents": fit.respondents,
        "no_model": fit.no_model,
    }


def ladder(view: View) -> Ladder:
    """Each side's place today and desired on the Passive..Peer ladder, labelled from its index
    (`fit_name`), for the executive page of the dashboard and the PDF."""
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    places = []
    for side in SIDES:
        for aspect in ASPECTS:
            fit = result.fit(side, aspect)
            stats = index_interval(fit)
            ci = stats["ci"] if stats else None
            places.append(
                Placement(
                    side=side,
                    aspect=aspect,
                    index=fit.index if fit else None,
                    low=ci[0] if ci else None,
                    high=ci[1] if ci else None,
                    models=tuple(fit.leaders) if fit else (),
                    label=fit_name(fit, names),
                )
            )
    return Ladder(steps=tuple((code, model_name(code, names)) for code in MODELS), placements=tuple(places))


def dashboard_section(view: View) -> Section:
    """Markers per side and aspect on the Passive..Peer track, with the model named in words,
    the index's interval, business vs IT and today vs desired marked clear or within the noise.

    `view.notes` say why a group has no figures (a sentence, "" when it is shown).
    """
    result: RelationshipResult = view.result
    names = model_names(view.texts)
    # Only the groups with figures, and one line on the others (issue #18 item 5).
    shown = groups_shown(view, lambda g: any(result.fit(g, aspect) for aspect in ASPECTS))
    aspects = []
    for aspect in ASPECTS:
        markers = [marker(result, side, aspect, view, names) for side in GROUPS]
        # Business and IT get a marker on the track; everyone is given in words only, as a third
        # marker would mostly sit between the two and hide them.
        aspects.append(
            {
                "aspect": aspect,
                "label": str(ASPECT_LABELS[aspect]),
                "markers": [m for m in markers[:2] if m["side"] in shown.groups],
                "overall": markers[2] if OVERALL in shown.groups else None,
                "difference": result.difference(aspect),
                "disagree": result.disagree_today if aspect == "today" else result.disagree_desired,
            }
        )
    gaps = [
        {"label": str(SIDE_LABELS[g]), "difference": found.gap.stats}
        for g in shown.groups
        if (found := result.group(g)) is not None and found.gap.stats is not None
    ]
    acquiescence = [
        {"label": str(SIDE_LABELS[g]), "n": found.acquiescence, "by_aspect": found.acquiescence_by_aspect}
        for g in SIDES
        if (found := result.group(g)) is not None and found.acquiescence
    ]
    return Section(
        template=DASHBOARD_TEMPLATE,
        context={
            "aspects": aspects,
            "shown": shown,
            # Vega-Lite specs (relationships.charts), the ones the PDF draws; None: nothing to draw.
            "charts": {"profile": profile_chart(result, names), "index": index_chart(result, names)},
            # The share of respondents whose own level is each model, per shown group and aspect (as the PDF).
            "models": [model_name(code, names) for code in MODELS],
            "shares": [
                {
                    "label": str(SIDE_LABELS[g]),
                    "aspect": str(ASPECT_LABELS[aspect]),
                    "shares": share_rows(fit, names),
                    "respondents": fit.respondents,
                }
                for g in shown.groups
                for aspect in ASPECTS
                if (fit := result.fit(g, aspect)) is not None and fit.shares
            ],
            "gaps": gaps,
            "acquiescence": acquiescence,
            "disagree_today": result.disagree_today,
            "disagree_desired": result.disagree_desired,
        },
    )


def respondent_section(result: RelationshipGroup | None, texts: InstrumentTexts) -> Section | None:
    """A respondent's own level today and desired (the highest model whose statements they agree
    with), with every model's one-line description; None when they rated no statement."""
    if result is None:
        return None
    # In the active language: the respondent pages run in the response's language.
    names = model_names(texts)
    relationship = {}
    for aspect in ASPECTS:
        fit = result.fit(aspect)
        if fit is not None:
            relationship[aspect] = {
                # Agreeing with no model has no level; the content does not name it.
                "model": names.get(fit.model) or ModelName(code=fit.model, name=_("No model"), summary=""),
                "index": fit.index,
            }
    if not relationship:
        return None
    return Section(
        template=RESPONDENT_TEMPLATE,
        context={"relationship": relationship, "models": list(names.values())},
    )
