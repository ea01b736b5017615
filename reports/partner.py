"""One business-IT pair in words (issue #20): its page in the workspace and its one-page PDF.

The same parts in both media: each side's relationship model today and desired (the executive
page's ladder, `reports.executive.models_view`), trust both ways, self vs mirror of each side's
behaviours, the top priorities, n per side and the anonymity threshold; the page adds the
dashboard's own cards of the instruments a pair is about (`InstrumentSlice.dashboard`). Pure:
from the pair's `PartnerResult` (`assessments.selectors.partners.campaign_portfolio`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assessments.consensus import ConsensusModel
from assessments.models import Instrument
from assessments.portfolio import PartnerResult
from assessments.results import CampaignScores
from assessments.selectors.portfolio_trends import PairTrend
from assessments.slices import Section, View, kinds, slice_for, slices
from assessments.texts import InstrumentTexts
from brmportal.lib.formats import decimal, difference_text
from brmportal.lib.labels import BEHAVIOUR_GROUP_LABELS, SIDES, dig
from reports.executive import models_view
from reports.labels import group_notes
from reports.portfolio import (
    model_rows,
    pair_figures,
    pair_ladder,
    priorities,
    reason_text,
    responses_text,
    trend_view,
    trust_rows,
)

# The priorities a pair's page and one-pager list.
TOP_PRIORITIES = 3
# The instruments whose dashboard cards a pair's page shows: the relationship and trust, which are
# answered per unit, and the behaviours (self vs mirror).
PAGE_SECTIONS = ("relationship", "behaviours", "trust")
BEHAVIOUR = "behaviour"


def self_mirror_rows(scores: CampaignScores, texts: InstrumentTexts) -> list[dict[str, str]]:
    """Per side's behaviours: how the side rates itself, how the other side rates it, and the
    difference (self − mirror, the blind spot) clear or within the noise. Read from the
    behaviours' documented JSON (docs/api.md), as every reader outside the instrument reads it."""
    if BEHAVIOUR not in kinds():
        return []
    instrument = slice_for(BEHAVIOUR)
    data: Mapping[str, Any] = instrument.to_json(scores.results[instrument.key], texts) or {}
    rows = []
    for side in SIDES:
        own, other = dig(data, "groups", side, "self"), dig(data, "groups", side, "mirror")
        if own is None or other is None:
            continue
        words = {
            "group": BEHAVIOUR_GROUP_LABELS[side],
            "self": decimal(own, 1),
            "mirror": decimal(other, 1),
            "difference": difference_text(dig(data, "groups", side, "stats", "blind_spot")),
        }
        rows.append(
            {
                "side": side,
                **{key: str(value) for key, value in words.items()},
                "text": _("%(group)s: self %(self)s, mirror %(mirror)s (self − mirror %(difference)s)") % words,
            }
        )
    return rows


def agreed_view(agreed: ConsensusModel | None) -> dict[str, str] | None:
    """What the workshop agreed for the pair in words: the model today, the target, why."""
    if agreed is None or not (agreed.today or agreed.target):
        return None
    names = dict(ConsensusModel.Model.choices)
    words = {
        "today": str(names.get(agreed.today, "–")) if agreed.today else "–",
        "target": str(names.get(agreed.target, "–")) if agreed.target else "–",
    }
    return {
        **words,
        "rationale": agreed.rationale,
        "text": _("Agreed in the workshop: today %(today)s; target chosen by leadership: %(target)s.") % words,
    }


def partner_view(
    *,
    partner: PartnerResult,
    instrument: Instrument,
    texts: InstrumentTexts,
    threshold: int,
    trend: PairTrend | None = None,
    sections: bool = False,
    agreed: ConsensusModel | None = None,
) -> dict[str, Any]:
    """A pair's page and one-pager: `line` says why it has no figures ("" when it has them);
    `sections` adds the dashboard's cards (the page's, never the PDF's); `agreed` the models a
    consensus workshop recorded for the pair, shown beside the survey's (the group's decision)."""
    base: dict[str, Any] = {
        "unit_id": partner.unit_id,
        "name": partner.name,
        "responses": {side: partner.responses.get(side, 0) for side in SIDES},
        "responses_text": responses_text(partner.responses),
        "threshold": threshold,
        "shown": partner.shown,
        "line": "" if partner.shown else reason_text(partner, threshold),
        "agreed": agreed_view(agreed),
    }
    scores = partner.scores
    if scores is None:
        return base
    notes = group_notes(scores)
    views = {s.key: (s, View(scores=scores, result=scores.results[s.key], texts=texts, notes=notes)) for s in slices()}
    headlines = {key: s.headlines(view) for key, (s, view) in views.items()}
    cards: list[Section] = []
    if sections:
        cards = [card for key in PAGE_SECTIONS if key in views and (card := views[key][0].dashboard(views[key][1]))]
    ladder = pair_ladder(scores, texts)
    return {
        **base,
        "ladder": models_view(ladder, scores, notes, None),
        "models": model_rows(ladder),
        "trust": trust_rows(pair_figures(scores, texts)),
        "trust_headline": next((h.text for h in headlines.get("trust", [])), ""),
        "self_mirror": self_mirror_rows(scores, texts),
        # The largest clear blind spot, when there is one (the behaviours' headline).
        "blind_spot": next((h.text for h in headlines.get("behaviours", [])), ""),
        "priorities": priorities(scores, instrument, TOP_PRIORITIES),
        "trend": trend_view(trend),
        "sections": cards,
    }
