"""Campaign and respondent scores: the instruments, overall maturity and advice, put together.

`campaign_scores` and `response_scores` are the entry points: each makes one aggregating read
(assessments.selectors.aggregates) and hands the counted answers to the registered instrument
slices (assessments.slices: relationships, behaviours, practices, trust), after the anonymity
rules (assessments.anonymity) have chosen the groups; overall maturity is assessments.maturity,
the ranking of the slices' recommendations assessments.recommendations. Everything below the
entry points is pure and is tested without the database. The rules are explained for readers
in docs/scoring.md.

The result is typed and language-free (assessments.results.CampaignScores: codes and
unrounded numbers); presenters word and round it in the reader's language, and
`CampaignScores.to_json` writes the documented JSON (see assessments.wording.scores_json).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence

from django.core.cache import cache

from assessments.anonymity import Group, report_groups
from assessments.instrument_meta import InstrumentMeta, instrument_meta
from assessments.item_stats import item_stats
from assessments.maturity import brm_maturity, maturity_level
from assessments.models import Campaign, Response
from assessments.profiles import flag_counts
from assessments.recommendations import MAIN_LIST, STRENGTHS, recommendations_rank, strengths_rank
from assessments.results import (
    Anonymity,
    CampaignRef,
    CampaignScores,
    DepartmentRow,
    Flags,
    HiddenGroup,
    MaturityScore,
    Reliability,
    ResponseScores,
)
from assessments.selectors.aggregates import campaign_aggregates_stamped, response_aggregates
from assessments.slices import slices
from assessments.stored_scores import scores_key, scores_pack, scores_unpack, stored_scores_read, stored_scores_save
from brmportal.lib.aggregates import CampaignAggregates, Measures
from brmportal.lib.scoring import ONLINE_SOURCES, SIDES, SOURCES, ByGroup, Tallies

# --- Assembly --------------------------------------------------------------------------------


def _maturity(
    results: Mapping[str, object], groups: Mapping[str, Tallies | None], weights: Mapping[str, float]
) -> ByGroup[MaturityScore]:
    """Each side's overall maturity and everyone's as the mean of the two, only when both sides
    are reported and answered (a maturity of the relationship needs both of its sides; one
    side's view alone would read as the relationship's)."""

    def side(group: str) -> MaturityScore | None:
        components = {s.kind: s.maturity(results[s.key], group) for s in slices()}
        found = brm_maturity(components=components, weights=weights)
        return MaturityScore(score=found[0], level=found[1], components=components) if found else None

    if any(not groups.get(name) for name in SIDES):  # None (not reported) or {} (nobody answered)
        return ByGroup()
    business, it = side(SIDES[0]), side(SIDES[1])
    if business is None or it is None:
        return ByGroup()
    score = (business.score + it.score) / 2
    overall = MaturityScore(
        score=score,
        level=maturity_level(score),
        components={
            kind: (b + i) / 2
            if (b := business.components.get(kind)) is not None and (i := it.components.get(kind)) is not None
            else None
            for kind in business.components
        },
    )
    return ByGroup(business=business, it=it, overall=overall)


def _department_summaries(
    meta: InstrumentMeta, tallies: Tallies, measures: Measures | None, form: str
) -> dict[str, object]:
    """The headline numbers of one reported side x department, per slice, for the heat map."""
    return {
        s.key: s.summary(meta.scope(s.kind, {"overall": tallies}, form, {"overall": measures}), tallies)
        for s in slices()
    }


def _side_order(departments: Iterable[str], side_department: tuple[str, str]) -> tuple[int, int, str]:
    side, department = side_department
    known = list(departments)
    return (SIDES.index(side), known.index(department) if department in known else len(known), department)


def constants() -> dict[str, float]:
    """The method's constants by name: the slices' (e.g. the relationship's mixed margin), then advice's."""
    found: dict[str, float] = {}
    for instrument in slices():
        found.update(instrument.constants)
    return {**found, "main_list": MAIN_LIST, "strengths": STRENGTHS}


def flagged_exclusion(*, aggregates: CampaignAggregates, threshold: int, closed: bool) -> str | None:
    """Why flagged respondents may not be left out now (None: they may).

    Leaving some respondents out must not let two readings differ by fewer than `threshold`
    people: the figures with and without them differ by exactly the flagged respondents of each
    group. So it is applied only once the campaign is closed ("open": while results move in
    batches, a batch minus its flagged members could be fewer than threshold), and only where
    every side x department has none or at least `threshold` flagged respondents who answered
    online ("small"). Imported rows do not count towards it, as everywhere (docs/scoring.md
    section 7): whoever imported made-up straight-liners next to one real flagged person would
    otherwise read that person's answers as kept - left out - the rows they typed in.
    """
    if not closed:
        return "open"
    for by_source in aggregates.flagged.sources.values():
        online = sum(n for source, n in by_source.items() if source in ONLINE_SOURCES)
        if 0 < online < threshold:
            return "small"
    return None


def _reliability(meta: InstrumentMeta, measures: Mapping[str, Measures | None]) -> tuple[Reliability, ...]:
    found = []
    for scale in meta.scales:
        key = f"{scale.name}:{scale.aspect}"
        if len(scale.codes) < 2:
            continue

        def alpha_of(group: str, key: str = key) -> float | None:
            m = measures.get(group)
            return m.alpha[key].alpha if m is not None and key in m.alpha else None

        def complete(group: str, key: str = key) -> int | None:
            m = measures.get(group)
            return m.alpha[key].n if m is not None and key in m.alpha else None

        if all(complete(group) is None for group in measures):  # a scale of the other BiSL form
            continue
        found.append(
            Reliability(
                scale=scale.name,
                aspect=scale.aspect,
                items=len(scale.codes),
                alpha=ByGroup.of(alpha_of, measures),
                respondents=ByGroup.of(complete, measures),
            )
        )
    return tuple(found)


def scores_build(
    *,
    aggregates: CampaignAggregates,
    meta: InstrumentMeta,
    campaign: CampaignRef,
    threshold: int,
    departments: Sequence[str] = (),
    department: str | None = None,
    exclude_flagged: bool = False,
    closed: bool = False,
) -> CampaignScores:
    """Every score of a campaign, or of one department of it, from the aggregated answers.

    Campaign: groups are the business side, the IT side and everyone. Department D: groups are
    business x D, IT x D and all of D (see `report_groups`). `exclude_flagged`: leave flagged
    respondents out where `flagged_exclusion` allows it (the campaign is `closed`...).
    """
    refused = flagged_exclusion(aggregates=aggregates, threshold=threshold, closed=closed) if exclude_flagged else None
    all_aggregates = aggregates
    if exclude_flagged and refused is None:
        aggregates = aggregates.without_flagged()
    counts = aggregates.counts
    form = campaign.practice_form
    hidden, groups, responses, measures = report_groups(
        aggregates=aggregates, threshold=threshold, departments=departments, department=department
    )
    flag_groups = (
        report_groups(
            aggregates=all_aggregates, threshold=threshold, departments=departments, department=department
        ).measures
        if all_aggregates is not aggregates
        else measures
    )
    sources = {source: 0 for source in SOURCES}
    for (_side, dept), by_source in aggregates.sources.items():
        if department is None or dept == department:
            for source, n in by_source.items():
                sources[source] = sources.get(source, 0) + n
    anonymity = Anonymity(
        threshold=threshold,
        hidden=tuple(
            HiddenGroup(
                side=group.side,
                department=group.department,
                responses=sum(
                    n
                    for (s, d), n in counts.items()
                    if (group.side is None or s == group.side) and (group.department is None or d == group.department)
                ),
                reason=reason,
            )
            for group, reason in hidden.items()
        ),
    )
    scopes = {s.key: meta.scope(s.kind, groups, form, measures) for s in slices()}
    results = {s.key: s.score(scopes[s.key]) for s in slices()}
    ranked = recommendations_rank(
        candidate
        for s in slices()
        if results[s.key] is not None
        for candidate in s.recommend(results[s.key], scopes[s.key])
    )
    strengths = strengths_rank(
        found for s in slices() if results[s.key] is not None for found in s.strengths(results[s.key], scopes[s.key])
    )
    rows = None
    if department is None:
        rows = tuple(
            DepartmentRow(
                side=side,
                department=dept,
                responses=counts[(side, dept)],
                reported=(reason := hidden.get(Group(side, dept))) is None,
                reason=reason,
                summaries=_department_summaries(
                    meta, aggregates.tallies.get((side, dept), {}), aggregates.measures.get((side, dept)), form
                )
                if reason is None
                else None,
            )
            for side, dept in sorted((key for key in counts if key[1]), key=lambda key: _side_order(departments, key))
        )
    return CampaignScores(
        campaign=campaign,
        department=department,
        responses=responses,
        sources=sources,
        anonymity=anonymity,
        results=results,
        maturity=_maturity(results, groups, meta.weights),
        weights=dict(meta.weights),
        recommendations=ranked.main,
        recommendations_appendix=ranked.appendix,
        strengths=strengths,
        departments=rows,
        constants=constants(),
        flags=Flags(
            counts=flag_counts(flag_groups),
            requested=exclude_flagged,
            excluded=exclude_flagged and refused is None,
            refused=refused,
        ),
        reliability=_reliability(meta, measures),
        items=item_stats(meta.items, groups),
    )


# --- Entry points ----------------------------------------------------------------------------


def campaign_ref(campaign: Campaign) -> CampaignRef:
    return CampaignRef(
        id=campaign.pk,
        name=campaign.name,
        organisation_id=campaign.organisation_id,
        instrument_version=campaign.instrument.version,
        practice_form=campaign.practice_form,
    )


def campaign_scores(*, campaign: Campaign, department: str | None = None) -> CampaignScores:
    """The campaign's scores as the dashboard, the exports, the API and the report show them.

    Two SQL queries (campaign_aggregates) whatever the number of responses, plus the instrument
    row if `campaign.instrument` is not loaded yet and its item structure if this process has
    not cached it yet; none when cached. `department` narrows every group to that department.
    """
    return campaign_scores_many(campaign=campaign, departments=[department])[department]


def campaign_scores_many(*, campaign: Campaign, departments: Sequence[str | None]) -> dict[str | None, CampaignScores]:
    """campaign_scores for several departments (None = the whole campaign) from ONE aggregation.

    The report's department heat map needs every department's figures; aggregating once keeps
    it at one query instead of one per department. Results are kept in Django's cache (Redis
    when configured, so every web worker shares them) until the campaign's settings change or a
    new batch is published (`scores_cache_invalidate`); a cached read makes no query at all.
    """
    found = campaign_scores_views(views=[(campaign, d) for d in departments])
    return {d: found[(campaign.pk, d)] for d in departments}


def campaign_scores_views(
    *, views: Sequence[tuple[Campaign, str | None]]
) -> dict[tuple[int, str | None], CampaignScores]:
    """campaign_scores of several (campaign, department) views, by (campaign id, department):
    from the cache, then the stored copies of every campaign in one query (a trend's rounds),
    computing only what neither holds (one aggregation per campaign)."""
    campaigns = {c.pk: c for c, _d in views}
    key = {pk: scores_key(c) for pk, c in campaigns.items()}
    generation = {pk: scores_generation(pk) for pk in campaigns}
    # The cache holds the packed (pickled and signed) scores as the database does, so a value
    # read from either is unpacked once and never pickled again; keyed by the code's fingerprint
    # too (in `key`), so a deployment never reads a value of an older shape.
    keys = {(c.pk, d): f"scores:{key[c.pk]}:{generation[c.pk]}:{d if d is not None else ''}" for c, d in views}
    cached = cache.get_many(list(keys.values()))
    found = {v: packed for v, k in keys.items() if (packed := cached.get(k))}
    from_cache = set(found)
    if missing := [v for v in keys if v not in found]:
        wanted = [
            (campaigns[pk], key[pk], [d for p, d in missing if p == pk]) for pk in dict.fromkeys(p for p, _ in missing)
        ]
        found.update(stored_scores_read(wanted=wanted))
    results = {v: scores for v, packed in found.items() if (scores := scores_unpack(packed)) is not None}
    for pk, campaign in campaigns.items():
        if not (computed := [d for p, d in keys if p == pk and (p, d) not in results]):
            continue
        aggregates, snapshot_at = campaign_aggregates_stamped(campaign=campaign)
        fresh = scores_compute(campaign=campaign, aggregates=aggregates, departments=computed)
        results.update({(pk, d): scores for d, scores in fresh.items()})
        found.update({(pk, d): scores_pack(scores) for d, scores in fresh.items()})
        if snapshot_at is not None:
            packed = {d: found[(pk, d)] for d in computed}
            stored_scores_save(campaign=campaign, key=key[pk], snapshot_at=snapshot_at, packed=packed)
    cache.set_many({k: found[v] for v, k in keys.items() if v not in from_cache}, SCORES_CACHE_SECONDS)
    return results


def scores_compute(
    *, campaign: Campaign, aggregates: CampaignAggregates, departments: Sequence[str | None]
) -> dict[str | None, CampaignScores]:
    """The scores of `departments` (None = the whole campaign) computed from `aggregates`."""
    meta = instrument_meta(instrument=campaign.instrument)
    ref = campaign_ref(campaign)
    return {
        department: scores_build(
            aggregates=aggregates,
            meta=meta,
            campaign=ref,
            threshold=campaign.anonymity_threshold,
            departments=campaign.departments or [],
            department=department,
            exclude_flagged=campaign.exclude_flagged,
            closed=campaign.status == Campaign.Status.CLOSED,
        )
        for department in departments
    }


# --- Cache -------------------------------------------------------------------------------------
# A campaign's cached scores are keyed by its `updated_at` (any change of its settings) and by a
# random generation, replaced whenever a new batch is published. A generation that has left the
# cache is replaced by a new random one, never by a default, so a value cached under an older
# generation can never be read again.

SCORES_CACHE_SECONDS = 3600


def scores_generation(campaign_id: int) -> str:
    key = f"scores:generation:{campaign_id}"
    generation = cache.get(key)
    if generation is None:
        cache.add(key, secrets.token_hex(8), None)
        generation = cache.get(key)
    return str(generation)


def scores_cache_invalidate(*, campaign_id: int) -> None:
    """Forget every cached score of the campaign (a new batch was published)."""
    cache.set(f"scores:generation:{campaign_id}", secrets.token_hex(8), None)


def response_scores(*, response: Response) -> ResponseScores:
    """One respondent's own results, for their summary page (1 query once the structure is cached).

    The same formulas as for a group, applied to this response's answers alone; anonymity does
    not apply, as respondents only ever see their own answers.
    """
    campaign = response.campaign
    meta = instrument_meta(instrument=campaign.instrument)
    tallies = response_aggregates(response=response)
    groups = {"overall": tallies}
    return ResponseScores(
        side=response.side,
        results={
            s.key: s.respondent(meta.scope(s.kind, groups, campaign.practice_form), tallies, response.side)
            for s in slices()
        },
    )
