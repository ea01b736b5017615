"""Report sections that look beyond one instrument: the comparison with the previous campaign,
the method page, and the consultant's signature (consultancy name, logo, foreword)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from accounts.selectors import branding_get
from assessments.maturity import MATURITY_REFERENCE
from assessments.models import Campaign
from assessments.presentation import comparison_rows, maturity_range_text
from assessments.recommendations import MAIN_LIST, STRENGTHS
from assessments.results import CampaignScores
from assessments.scoring import campaign_scores
from assessments.selectors.campaigns import campaign_previous
from assessments.slices import slices
from assessments.texts import InstrumentTexts, instrument_texts
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import decimal
from brmportal.lib.labels import GROUPS, OVERALL, SIDE_LABELS, SIDES
from brmportal.lib.stats import ALPHA_FLAG


def branding_section(campaign: Campaign) -> dict[str, Any]:
    """Who signs the report (issue #18): the organisation's consultancy name and logo (a data:
    URI, so the renderer fetches nothing), and the campaign's foreword, as the consultant wrote
    it: the same words in every language's report (the template escapes them and keeps the
    paragraphs). Empty values when none is set: the report then looks as it did without."""
    branding = branding_get(organisation=campaign.organisation)
    return {
        "name": branding.consultancy_name if branding else "",
        "logo_uri": branding.logo_data_uri if branding else "",
        "logo_width": branding.logo_width if branding else 0,
        "logo_height": branding.logo_height if branding else 0,
        "foreword": campaign.foreword,
    }


def comparison_section(
    campaign: Campaign, scores: CampaignScores, department: str, texts: InstrumentTexts
) -> dict[str, Any] | None:
    """The dashboard's comparison rows (`assessments.presentation.comparison_rows`) with the
    previous campaign's facts, or None when there is none to compare with."""
    previous = campaign_previous(campaign=campaign)
    if previous is None:
        return None
    try:
        before = campaign_scores(campaign=previous, department=department or None)
    except ApplicationError:  # the previous campaign had no such department
        return None
    return {
        "campaign": previous,
        "responses": before.responses,
        "same_version": previous.instrument_id == campaign.instrument_id,
        "rows": comparison_rows(
            current=scores, previous=before, texts=texts, previous_texts=instrument_texts(previous.instrument)
        ),
    }


def respondents_section(scores: CampaignScores, notes: Mapping[str, str]) -> dict[str, Any]:
    """The method page's table of respondents: a row per side that answered and for everyone,
    each with its count and whether it is shown on its own (its note, "" when it is); a side
    nobody answered for has no row of zeros but one line (issue #18 item 5)."""
    counts = {**scores.responses, OVERALL: scores.total}
    rows = [
        {"label": str(SIDE_LABELS[group]), "responses": counts.get(group, 0), "note": notes.get(group, "")}
        for group in GROUPS
        if counts.get(group)
    ]
    department = scores.department
    lines = [
        _("%(side)s: nobody answered for %(department)s.") % {"side": SIDE_LABELS[side], "department": department}
        if department
        else _("%(side)s: nobody answered.") % {"side": SIDE_LABELS[side]}
        for side in SIDES
        if not counts.get(side)
    ]
    return {"rows": rows, "line": " ".join(lines)}


def method_section(campaign: Campaign, scores: CampaignScores, texts: InstrumentTexts) -> dict[str, Any]:
    # The published works, each once (2027.1 on: the overview's `references`); an older version's
    # one-line source texts otherwise, as its reports always showed them.
    references = (texts.content.get("overview") or {}).get("references")
    sources = references or [texts.overview_text("source")] + [
        texts.instrument_text(s.kind, "source") for s in slices()
    ]
    special = []
    for instrument in slices():
        counts = instrument.answer_counts(scores.results[instrument.key])
        special.append(
            {
                "instrument": str(instrument.label),
                "answers": counts.answers,
                "dont_know": counts.dont_know,
                "not_applicable": counts.not_applicable,
            }
        )
    weights = [
        {"instrument": str(s.label), "weight": scores.weights[s.kind]} for s in slices() if s.kind in scores.weights
    ]
    constants = scores.constants
    return {
        "text": texts.overview_text("method"),
        # The references name BRM Institute's model themselves.
        "reference": "" if references else MATURITY_REFERENCE,
        "sources": [s for s in sources if s],
        "weights": weights,
        # One list for the sentence that names them: "Relationship model (0.25), Behaviours (0.25), ..."
        "weights_text": ", ".join(
            f"{s.label} ({decimal(scores.weights[s.kind], 2)})" for s in slices() if s.kind in scores.weights
        ),
        "weights_note": texts.overview_text("weights_note"),
        "ladder": texts.ladder,
        "ladder_ranges": {step.level: maturity_range_text(step.level) for step in texts.ladder},
        "special": special,
        # The relationship slice's constants, while it has them (issue #16 drops the fixed margins).
        "relationship_agree": constants.get("relationship_agree"),
        # 2027.1 on: reverse-keyed relationship statements, which the method page explains.
        "relationship_reversed": any(
            item.get("keyed") == "reversed"
            for section in ((texts.content.get("instruments") or {}).get("relationship") or {}).get("sections", [])
            for item in section.get("items", [])
        ),
        "disagree_index_gap": constants.get("disagree_index_gap"),
        "main_list": int(constants.get("main_list", MAIN_LIST)),
        "strengths": int(constants.get("strengths", STRENGTHS)),
        "alpha_flag": ALPHA_FLAG,
    }
