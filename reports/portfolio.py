"""The business-partner portfolio in words (issue #20): one presenter for the workspace's
portfolio page, the PDF report's "Portfolio" section and each pair's page and one-page PDF.

Numbers come from `assessments.selectors.partners.campaign_portfolio` (each pair's full scores,
anonymity applied there) and `assessments.selectors.portfolio_trends` (the pair's earlier
rounds); this module only words, rounds and orders them, in the active language. The map is
`assessments.charts.portfolio` (one spec: vega-embed on the page, SVG in the PDF).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.anonymity import COMPLEMENTARY, UNDER_THRESHOLD
from assessments.charts import inline
from assessments.charts.portfolio import Axis, PairMark, portfolio_map
from assessments.models import Campaign, Instrument
from assessments.portfolio import NO_DATA, PartnerResult, Portfolio
from assessments.presentation import change, figures
from assessments.results import CampaignScores
from assessments.selectors.partners import campaign_portfolio
from assessments.selectors.portfolio_trends import PairTrend, portfolio_trends
from assessments.slices import Figure, Ladder, View, slices
from assessments.texts import InstrumentTexts, instrument_texts
from assessments.wording import recommendations_worded
from brmportal.lib.formats import INDEX_PLACES, MEAN_PLACES, decimal
from brmportal.lib.labels import ASPECTS, SIDE_LABELS, SIDES
from reports.findings import recommendations_view
from reports.labels import group_notes
from reports.trend import axis_labels

# The columns a reader may sort the table by (`?sort=`, "-" first for descending), and the
# figure each sorts on; a row without the figure sorts last either way.
SORTS = ("unit", "responses", "business", "it", "trust", "trust_it")
DEFAULT_SORT = "unit"
# What the map puts on its y axis (`?y=`): the desired index, or the business's trust in IT.
Y_AXES = ("desired", "trust")
DEFAULT_Y = "desired"
# The figures (`assessments.presentation.figures`, keyed as the comparison and the trend key them).
TODAY, DESIRED = "relationship.overall.today", "relationship.overall.desired"
SORT_FIGURES = {
    "business": "relationship.business.today",
    "it": "relationship.it.today",
    "trust": "trust.business",
    "trust_it": "trust.it",
}
# Trust both ways: the business's trust in IT, and how IT thinks the business sees it (0-100).
TRUST_LABELS = {
    "business": gettext_lazy("The business's trust in IT"),
    "it": gettext_lazy("How IT thinks the business sees it"),
}


# --- One pair's figures --------------------------------------------------------------------------


def pair_figures(scores: CampaignScores, texts: InstrumentTexts) -> dict[str, Figure]:
    """Every headline figure of a pair by key: the slices' own (each index with its estimate)."""
    return {f.key: f for f in figures(scores, texts)}


def pair_ladder(scores: CampaignScores, texts: InstrumentTexts) -> Ladder | None:
    """The ladder of models (each side's place today and desired, named from its index), as the
    executive page finds it: the first slice that has one."""
    notes = group_notes(scores)
    for instrument in slices():
        found = instrument.ladder(View(scores=scores, result=scores.results[instrument.key], texts=texts, notes=notes))
        if found is not None:
            return found
    return None


def _value(found: Mapping[str, Figure], key: str) -> float | None:
    figure = found.get(key)
    return figure.value if figure is not None else None


def _shown(value: float | None, places: int) -> float | None:
    """A figure as it is read, so a mark sits where its printed number says."""
    return round(value, places) if value is not None else None


def _text(value: float | None, places: int) -> str:
    return decimal(value, places) if value is not None else "–"


def responses_text(responses: Mapping[str, int]) -> str:
    return _("business %(business)s, IT %(it)s") % {
        "business": responses.get("business", 0),
        "it": responses.get("it", 0),
    }


def reason_text(partner: PartnerResult, threshold: int) -> str:
    """Why a pair has no figures, in one clause (its n per side follow in the row)."""
    if partner.reason == NO_DATA:
        return _("a side has no responses yet: a relationship needs both")
    if partner.reason == COMPLEMENTARY:
        return ngettext(
            "with the pairs shown, its figures would reveal a group of fewer than %(threshold)s response",
            "with the pairs shown, its figures would reveal a group of fewer than %(threshold)s responses",
            threshold,
        ) % {"threshold": threshold}
    if partner.reason == UNDER_THRESHOLD:
        return ngettext(
            "a side has fewer than %(threshold)s response, too few to show",
            "a side has fewer than %(threshold)s responses, too few to show",
            threshold,
        ) % {"threshold": threshold}
    return _("not shown")


def model_rows(ladder: Ladder | None) -> list[dict[str, Any]]:
    """Each side's model today and desired in words ("between Provider and Partner") and index."""
    places = {(p.side, p.aspect): p for p in (ladder.placements if ladder else ())}
    rows = []
    for side in SIDES:
        cells = {}
        for aspect in ASPECTS:
            place = places.get((side, aspect))
            cells[aspect] = {
                # "No model" when nobody agreed with any model's statements; a dash without answers.
                "words": (place.label if place else "") or "–",
                "index": _text(place.index if place else None, MEAN_PLACES),
            }
        rows.append({"side": side, "label": str(SIDE_LABELS[side]), **cells})
    return rows


def trust_rows(found: Mapping[str, Figure]) -> list[dict[str, Any]]:
    """Trust both ways (0-100, whole numbers)."""
    return [
        {
            "side": side,
            "label": str(TRUST_LABELS[side]),
            "value": _value(found, f"trust.{side}"),
            "text": _text(_value(found, f"trust.{side}"), INDEX_PLACES),
        }
        for side in SIDES
    ]


def priorities(scores: CampaignScores, instrument: Instrument, count: int) -> list[dict[str, Any]]:
    """The first `count` of the pair's ranked recommendations, worded as the dashboard's."""
    worded = recommendations_worded(scores.recommendations[:count], instrument=instrument)
    rows: list[dict[str, Any]] = recommendations_view(worded)["main"]
    return rows


# --- Trends --------------------------------------------------------------------------------------


def trend_view(trend: PairTrend | None) -> dict[str, Any] | None:
    """A pair's today's index (everyone) per round it was in, and the change from the previous
    round that showed it to this one in words (Welch: clear, or within the noise, as the trend
    across rounds words it); None with this round only."""
    if trend is None or len(trend.rounds) < 2:
        return None
    labels = axis_labels([r.ref for r in trend.rounds])
    steps = [
        {"round": label, "text": _text(r.index, MEAN_PLACES)} for label, r in zip(labels, trend.rounds, strict=True)
    ]
    now = trend.rounds[-1]
    before = next((r for r in reversed(trend.rounds[:-1]) if r.index is not None), None)
    moved = change(now.index, before.index if before else None, now.estimate, before.estimate if before else None)
    return {
        "steps": steps,
        "change": moved.text,
        "direction": moved.direction,
        "symbol": moved.symbol,
        "text": _("%(steps)s (%(change)s)")
        % {"steps": " → ".join(f"{s['round']} {s['text']}" for s in steps), "change": moved.text},
    }


# --- The portfolio -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pair:
    """A reported pair and what its row and mark are read from."""

    partner: PartnerResult
    scores: CampaignScores
    figures: Mapping[str, Figure]
    ladder: Ladder | None


def _row(pair: _Pair, instrument: Instrument, trend: PairTrend | None) -> dict[str, Any]:
    partner, found = pair.partner, pair.figures
    priority = priorities(pair.scores, instrument, 1)
    return {
        "unit_id": partner.unit_id,
        "name": partner.name,
        "responses": {side: partner.responses.get(side, 0) for side in SIDES},
        "models": model_rows(pair.ladder),
        "trust": trust_rows(found),
        "priority": priority[0] if priority else None,
        "trend": trend_view(trend),
        "sort": {
            "unit": partner.name.casefold(),
            "responses": sum(partner.responses.get(side, 0) for side in SIDES),
            **{column: _value(found, key) for column, key in SORT_FIGURES.items()},
        },
    }


def sort_parse(value: str | None) -> tuple[str, bool]:
    """`?sort=` as (column, descending); an unknown column is the default order."""
    text = (value or "").strip()
    descending = text.startswith("-")
    column = text.lstrip("-")
    return (column, descending) if column in SORTS else (DEFAULT_SORT, False)


def _sorted(rows: list[dict[str, Any]], column: str, descending: bool) -> list[dict[str, Any]]:
    present = [r for r in rows if r["sort"][column] is not None]
    missing = [r for r in rows if r["sort"][column] is None]
    present.sort(key=lambda r: (r["sort"][column], r["sort"]["unit"]), reverse=descending)
    return present + missing


def _map(pairs: Sequence[_Pair], y: str) -> tuple[dict[str, Any] | None, list[dict[str, str]]]:
    """The map's spec and the reported pairs it has no mark for, each with why (never a made-up mark)."""
    marks, left_out = [], []
    for pair in pairs:
        partner = pair.partner
        x_value = _shown(_value(pair.figures, TODAY), MEAN_PLACES)
        if y == "trust":
            y_value = _shown(_value(pair.figures, "trust.business"), INDEX_PLACES)
            missing = _("no trust index from the business")
        else:
            y_value = _shown(_value(pair.figures, DESIRED), MEAN_PLACES)
            missing = _("no desired relationship index (nobody agreed with any model's statements)")
        if x_value is None:
            missing = _("no relationship index today (nobody agreed with any model's statements)")
        if x_value is None or y_value is None:
            left_out.append(
                {"name": partner.name, "text": _("%(unit)s: %(why)s.") % {"unit": partner.name, "why": missing}}
            )
            continue
        label = _("%(unit)s (n %(business)s/%(it)s)") % {
            "unit": partner.name,
            "business": partner.responses.get("business", 0),
            "it": partner.responses.get("it", 0),
        }
        marks.append(PairMark(label=label, x=x_value, y=y_value, n=sum(partner.responses.values())))
    ladder = next((pair.ladder for pair in pairs if pair.ladder is not None), None)
    steps = [name for _code, name in ladder.steps] if ladder else []
    x_axis = Axis(title=_("Relationship index today (everyone)"), domain=(1, max(len(steps), 2)), steps=steps)
    if y == "trust":
        y_axis = Axis(title=_("The business's trust in IT (0-100)"), domain=(0, 100))
        title = _("Relationship today and trust in IT")
        description = _(
            "Scatter chart: one point per business partner, today's relationship index (1 Passive – 4 Peer) "
            "across and the business's trust in IT (0-100) up, labelled with the unit and its responses "
            "(business/IT). The numbers are in the table."
        )
    else:
        y_axis = Axis(title=_("Relationship index desired (everyone)"), domain=x_axis.domain, steps=steps)
        title = _("Relationship today and desired")
        description = _(
            "Scatter chart: one point per business partner, today's relationship index (1 Passive – 4 Peer) "
            "across and the desired one up, labelled with the unit and its responses (business/IT); on the "
            "dashed line desired equals today. The numbers are in the table."
        )
    spec = portfolio_map(marks=marks, x=x_axis, y=y_axis, diagonal=y != "trust", title=title, description=description)
    return spec, left_out


def portfolio_view(
    *,
    portfolio: Portfolio,
    instrument: Instrument,
    texts: InstrumentTexts,
    trends: Mapping[int, PairTrend] | None = None,
    sort: str | None = None,
    y: str | None = None,
) -> dict[str, Any]:
    """The portfolio page and the PDF's section: the map (`y`: "desired" or "trust"), a row per
    reported pair in `sort` order (`sort_parse`), each pair not reported in one line with why.

    `covers` is False when the campaign covers no business unit (nothing to show at all)."""
    column, descending = sort_parse(sort)
    axis = y if y in Y_AXES else DEFAULT_Y
    threshold = portfolio.threshold
    pairs = [
        _Pair(partner=p, scores=p.scores, figures=pair_figures(p.scores, texts), ladder=pair_ladder(p.scores, texts))
        for p in portfolio.partners
        if p.scores is not None
    ]
    rows = _sorted(
        [_row(pair, instrument, (trends or {}).get(pair.partner.unit_id)) for pair in pairs], column, descending
    )
    spec, left_out = _map(pairs, axis)
    hidden = [
        {
            "unit_id": p.unit_id,
            "name": p.name,
            "responses": responses_text(p.responses),
            "text": _("%(unit)s: %(why)s (%(responses)s).")
            % {"unit": p.name, "why": reason_text(p, threshold), "responses": responses_text(p.responses)},
        }
        for p in portfolio.partners
        if not p.shown
    ]
    return {
        "covers": bool(portfolio.partners),
        "threshold": threshold,
        "rows": rows,
        "sort": column,
        "descending": descending,
        "y": axis,
        "chart": spec,
        "off_map": left_out,
        "hidden": hidden,
        "trends": any(row["trend"] for row in rows),
        # One line instead of the map and the table when no pair can be shown.
        "none_line": ngettext(
            "No business partner can be shown on its own yet: each pair needs at least %(threshold)s response "
            "from both the business and IT.",
            "No business partner can be shown on its own yet: each pair needs at least %(threshold)s responses "
            "from both the business and IT.",
            threshold,
        )
        % {"threshold": threshold}
        if portfolio.partners and not rows
        else "",
    }


def sort_links(*, column: str, descending: bool) -> dict[str, dict[str, str]]:
    """Per sortable column: the `?sort=` value its heading links to (the same column again turns
    the order round) and its aria-sort ("ascending", "descending" or "none")."""
    links = {}
    for name in SORTS:
        current = name == column
        links[name] = {
            "value": f"-{name}" if current and not descending else name,
            "aria": ("descending" if descending else "ascending") if current else "none",
            # Seen beside the sorted column's heading; a screen reader hears aria-sort instead.
            "arrow": ("▼" if descending else "▲") if current else "",
        }
    return links


def portfolio_section(*, campaign: Campaign) -> dict[str, Any] | None:
    """The PDF report's "Portfolio" section, as the portfolio page shows it (the map with the
    desired index up, the table in unit order); None when the campaign covers no business unit.
    Reads the portfolio (1 query, 2 uncached) and the pairs' earlier rounds (1, 3 uncached)."""
    portfolio = campaign_portfolio(campaign=campaign)
    if not portfolio.partners:
        return None
    view = portfolio_view(
        portfolio=portfolio,
        instrument=campaign.instrument,
        texts=instrument_texts(campaign.instrument),
        trends=portfolio_trends(campaign=campaign, portfolio=portfolio),
    )
    return {**view, "chart_svg": inline(view["chart"])}
