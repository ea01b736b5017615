"""Campaign and respondent scores: the four instruments, overall maturity and advice, put together.

`campaign_scores` and `response_scores` are the entry points: each makes one aggregating read
(assessments.selectors.aggregates) and hands plain numbers to the pure scoring functions of the
domain apps (relationships, behaviours, practices, trust), after the anonymity rules
(assessments.anonymity) have chosen the groups; overall maturity is assessments.maturity.
Everything else here is pure too and is tested without the database. The rules are explained
for readers in docs/scoring.md.

The result is a dict of numbers (rounded to two decimals), codes and, for now, the content's
names in the reader's language; its "recommendations" are language-free
`assessments.recommendations.Recommendation` records (codes and unrounded numbers, no words).
Presenters word them: `assessments.wording.recommendations_worded` (dashboard, PDF) and
`assessments.wording.scores_json` (the API and `manage.py campaign_scores CAMPAIGN_ID --json`,
in English: the documented JSON shape). Still dict-shaped and language-bound: the groups'
results (relationship, behaviours, practices, trust, maturity, departments, method), which carry
dimension, cluster and ladder names and the method text picked in the reader's language.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from assessments.anonymity import Group, report_groups
from assessments.content import KINDS, localized
from assessments.maturity import MATURITY_REFERENCE, brm_maturity, relationship_on_five
from assessments.models import Campaign, Instrument, Item, Response
from assessments.recommendations import MIN_GAP, QUICK_WIN_GAP, recommendations_rank
from assessments.selectors.aggregates import campaign_aggregates, response_aggregates
from assessments.selectors.instruments import instrument_items
from behaviours.scoring import behaviour_mean, behaviour_respondent, behaviour_scores
from brmportal.lib.scoring import SIDES, SOURCES, CampaignAggregates, Dimension, ItemMeta, Tallies
from practices.scoring import practice_means, practice_scores
from relationships.scoring import DISAGREE_INDEX_GAP, MIXED_MARGIN, relationship_group, relationship_scores
from trust.scoring import trust_group, trust_scores

DECIMALS = 2


# --- Instrument metadata ---------------------------------------------------------------------


def _language(language: str | None) -> str:
    """`language`, or the active one (the request's, or a `translation.override`)."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@dataclass(frozen=True)
class InstrumentMeta:
    items: tuple[ItemMeta, ...]
    dimensions: Mapping[str, Mapping[str, Dimension]]
    weights: Mapping[str, float]
    ladder: tuple[dict[str, Any], ...]
    method: str = ""


def item_meta(item: Item, language: str) -> ItemMeta:
    data = item.data
    return ItemMeta(
        code=item.code,
        kind=item.kind,
        dimension=item.dimension,
        group=item.group,
        aspects=tuple(item.aspects),
        scale_min=item.scale_min,
        scale_max=item.scale_max,
        title=item.text_for("business", language),
        recommendation=localized(data.get("recommendation"), language),
        effort=data.get("effort", "medium"),
        weight=float(data.get("weight", 1.0)),
        form=data.get("form", ""),
        level=data.get("level", ""),
    )


def instrument_meta(*, instrument: Instrument, language: str | None = None) -> InstrumentMeta:
    """Items (from the per-process structure cache) and the content's dimensions, weights, ladder.

    Texts (names, recommendations, ladder, method) are picked in `language`, by default the active
    one. They are picked on every call, never cached: the structure cache holds the rows with all
    their languages, so a page in Norwegian right after one in English gets Norwegian texts.
    """
    language = _language(language)
    content = instrument.content
    dimensions = {
        kind: {
            d["code"]: Dimension(
                code=d["code"],
                name=localized(d.get("name"), language),
                recommendation=localized(d.get("recommendation"), language),
                effort=d.get("effort", "medium"),
                weight=float(d.get("weight", 1.0)),
            )
            for d in content["instruments"][kind].get("dimensions", [])
        }
        for kind in KINDS
    }
    overview = content["overview"]
    ladder = tuple(
        {
            "level": int(step["level"]),
            "name": localized(step.get("name"), language),
            "description": localized(step.get("description"), language),
        }
        for step in overview["ladder"]
    )
    return InstrumentMeta(
        items=tuple(item_meta(item, language) for item in instrument_items(instrument=instrument)),
        dimensions=dimensions,
        weights={kind: float(w) for kind, w in overview["weights"].items()},
        ladder=ladder,
        method=localized(overview.get("method"), language),
    )


# --- Assembly --------------------------------------------------------------------------------


def _instrument_results(meta: InstrumentMeta, groups: Mapping[str, Tallies | None], form: str) -> dict[str, Any]:
    items = meta.items
    relationship = relationship_scores(items=items, groups=groups)
    behaviours = behaviour_scores(items=items, dimensions=meta.dimensions["behaviour"], groups=groups)
    practices = practice_scores(items=items, dimensions=meta.dimensions["practice"], groups=groups, form=form)
    trust = trust_scores(items=items, dimensions=meta.dimensions["trust"], groups=groups)
    maturity: dict[str, Any] = {}
    for name, tallies in groups.items():
        today = (relationship.get(name) or {}).get("today")
        components = {
            "relationship": relationship_on_five(today["index"]) if today else None,
            "behaviour": behaviours["mean"][name],
            "practice": practices["current"][name],
            "trust": (trust.get(name) or {}).get("mean"),
        }
        maturity[name] = (
            brm_maturity(components=components, weights=meta.weights, ladder=meta.ladder)
            if tallies is not None
            else None
        )
    maturity.update({"weights": dict(meta.weights), "ladder": list(meta.ladder), "reference": MATURITY_REFERENCE})
    recommendations = recommendations_rank(
        items=items,
        dimensions=meta.dimensions,
        results={"relationship": relationship, "behaviour": behaviours, "practice": practices, "trust": trust},
    )
    return {
        "relationship": relationship,
        "behaviours": behaviours,
        "practices": practices,
        "trust": trust,
        "maturity": maturity,
        "recommendations": recommendations,
    }


def _department_summary(meta: InstrumentMeta, tallies: Tallies, form: str) -> dict[str, Any]:
    """The headline numbers of one reported side x department, for a dashboard table."""
    relationship = relationship_group(items=meta.items, tallies=tallies) or {}
    trust = trust_group(items=meta.items, tallies=tallies)
    return {
        "relationship": {
            aspect: {key: fit[key] for key in ("model", "index", "margin")}
            if (fit := relationship.get(aspect))
            else None
            for aspect in ("today", "desired")
        },
        "behaviours": behaviour_mean(items=meta.items, tallies=tallies),
        "practices": practice_means(items=meta.items, tallies=tallies, form=form),
        "trust": trust["index"] if trust else None,
    }


def _side_order(departments: Iterable[str], side_department: tuple[str, str]) -> tuple[int, int, str]:
    side, department = side_department
    known = list(departments)
    return (SIDES.index(side), known.index(department) if department in known else len(known), department)


def scores_build(
    *,
    aggregates: CampaignAggregates,
    meta: InstrumentMeta,
    threshold: int,
    practice_form: str,
    departments: Sequence[str] = (),
    department: str | None = None,
) -> dict[str, Any]:
    """Every score of a campaign, or of one department of it, from the aggregated answers.

    Campaign: groups are the business side, the IT side and everyone. Department D: groups are
    business x D, IT x D and all of D (see `report_groups`).
    """
    counts = aggregates.counts
    cells = aggregates.tallies
    hidden, groups, responses = report_groups(
        aggregates=aggregates, threshold=threshold, departments=departments, department=department
    )

    sources = {source: 0 for source in SOURCES}
    for (_side, dept), by_source in aggregates.sources.items():
        if department is None or dept == department:
            for source, n in by_source.items():
                sources[source] = sources.get(source, 0) + n
    result: dict[str, Any] = {
        "department": department,
        "responses": responses,
        # How the published responses came in: personal link, open link, imported file.
        "sources": sources,
        "anonymity": {
            "threshold": threshold,
            "hidden": [
                {
                    "side": group.side,
                    "department": group.department,
                    "responses": sum(
                        n
                        for (s, d), n in counts.items()
                        if (group.side is None or s == group.side)
                        and (group.department is None or d == group.department)
                    ),
                    "reason": reason,
                }
                for group, reason in hidden.items()
            ],
        },
        **_instrument_results(meta, groups, practice_form),
    }
    if department is None:
        rows = []
        for side, dept in sorted((key for key in counts if key[1]), key=lambda key: _side_order(departments, key)):
            reason = hidden.get(Group(side, dept))
            rows.append(
                {
                    "side": side,
                    "department": dept,
                    "responses": counts[(side, dept)],
                    "reported": reason is None,
                    "reason": reason,
                    "scores": _department_summary(meta, cells.get((side, dept), {}), practice_form)
                    if reason is None
                    else None,
                }
            )
        result["departments"] = rows
    result["method"] = {
        "mixed_margin": MIXED_MARGIN,
        "disagree_index_gap": DISAGREE_INDEX_GAP,
        "recommendation_min_gap": MIN_GAP,
        "quick_win_gap": QUICK_WIN_GAP,
        "reference": MATURITY_REFERENCE,
        "text": meta.method,
    }
    return result


def rounded(value: Any, decimals: int = DECIMALS) -> Any:
    """The same structure with every float rounded for display and JSON."""
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, Mapping):
        return {key: rounded(item, decimals) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item, decimals) for item in value]
    return value


# --- Entry points ----------------------------------------------------------------------------


def campaign_scores(
    *, campaign: Campaign, department: str | None = None, language: str | None = None
) -> dict[str, Any]:
    """The campaign's scores as the dashboard, the export and the report show them.

    Two SQL queries (campaign_aggregates) whatever the number of responses, plus the instrument
    row if `campaign.instrument` is not loaded yet and its item structure if this process has
    not cached it yet. `department` narrows every group to that department. The content's names
    (dimensions, clusters, ladder, method) are in `language`, by default the active one; machine
    outputs (the API, `campaign_scores --json`) ask for "en" so they never depend on a reader.
    The recommendations are records without words: see `assessments.wording`.
    """
    return campaign_scores_many(campaign=campaign, departments=[department], language=language)[department]


def campaign_scores_many(
    *, campaign: Campaign, departments: Sequence[str | None], language: str | None = None
) -> dict[str | None, dict[str, Any]]:
    """campaign_scores for several departments (None = the whole campaign) from ONE aggregation.

    The report's department heat map needs every department's figures; aggregating once keeps
    it at one query instead of one per department. Results are kept in Django's cache (Redis
    when configured, so every web worker shares them) until the campaign's settings change or a
    new batch is published (`scores_cache_invalidate`); a cached read makes no query at all.
    """
    language = _language(language)
    generation = _scores_generation(campaign.pk)
    stamp = campaign.updated_at.timestamp() if campaign.updated_at else 0
    keys = {
        # "v2": recommendations are Recommendation records; never read a value cached as dicts.
        d: f"scores:v2:{campaign.pk}:{stamp}:{generation}:{language}:{d if d is not None else ''}"
        for d in departments
    }
    cached = cache.get_many(list(keys.values()))
    results: dict[str | None, dict[str, Any]] = {d: cached[key] for d, key in keys.items() if key in cached}
    missing = [d for d in departments if d not in results]
    if not missing:
        return results
    instrument = campaign.instrument
    meta = instrument_meta(instrument=instrument, language=language)
    aggregates = campaign_aggregates(campaign=campaign)
    header = {
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "organisation_id": campaign.organisation_id,
            "instrument_version": instrument.version,
            "practice_form": campaign.practice_form,
        }
    }
    for department in missing:
        data = scores_build(
            aggregates=aggregates,
            meta=meta,
            threshold=campaign.anonymity_threshold,
            practice_form=campaign.practice_form,
            departments=campaign.departments or [],
            department=department,
        )
        results[department] = rounded({**header, **data})
    cache.set_many({keys[d]: results[d] for d in missing}, SCORES_CACHE_SECONDS)
    return results


# --- Cache -------------------------------------------------------------------------------------
# A campaign's cached scores are keyed by its `updated_at` (any change of its settings) and by a
# random generation, replaced whenever a new batch is published. A generation that has left the
# cache is replaced by a new random one, never by a default, so a value cached under an older
# generation can never be read again.

SCORES_CACHE_SECONDS = 3600


def _scores_generation(campaign_id: int) -> str:
    key = f"scores:generation:{campaign_id}"
    generation = cache.get(key)
    if generation is None:
        cache.add(key, secrets.token_hex(8), None)
        generation = cache.get(key)
    return str(generation)


def scores_cache_invalidate(*, campaign_id: int) -> None:
    """Forget every cached score of the campaign (a new batch was published)."""
    cache.set(f"scores:generation:{campaign_id}", secrets.token_hex(8), None)


def response_scores(*, response: Response, language: str | None = None) -> dict[str, Any]:
    """One respondent's own results, for their summary page (1 query once the structure is cached).

    The same formulas as for a group, applied to this response's answers alone; anonymity does
    not apply, as respondents only ever see their own answers.
    """
    campaign = response.campaign
    meta = instrument_meta(instrument=campaign.instrument, language=language)
    tallies = response_aggregates(response=response)
    trust = trust_group(items=meta.items, tallies=tallies)
    return rounded(
        {
            "side": response.side,
            "relationship": relationship_group(items=meta.items, tallies=tallies),
            "behaviours": behaviour_respondent(items=meta.items, tallies=tallies, side=response.side),
            "practices": practice_means(items=meta.items, tallies=tallies, form=campaign.practice_form),
            "trust": trust,
        }
    )
