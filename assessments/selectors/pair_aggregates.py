"""The business-partner pairs' aggregates (issue #20), built when a batch is published.

A pair is one business unit with IT: the business responses of that unit and the IT responses
that serve it. Its cells are (side, unit id as text), so a `CampaignAggregates` holds every
pair at once and each pair's scores come from the same scoring as a campaign's
(assessments.selectors.partners). An IT respondent counts in every unit they serve: about
their first unit with their `Answer` rows, about a further unit with their answers to the
items that do not depend on the unit plus their `PartnerAnswer` rows for it.

`combos` counts every published response by (side, department, the units it rates) and source:
what the pair anonymity rules (assessments.anonymity.hidden_pairs) need, read with the pairs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from assessments.anonymity import Combo
from assessments.instrument_meta import instrument_meta
from assessments.models import Answer, Campaign, PartnerAnswer, Response, ResponsePartner
from assessments.profiles import RespondentSums, answer_tally
from assessments.selectors.instruments import instrument_items
from assessments.slices import per_partner_kinds
from brmportal.lib.aggregates import SNAPSHOT_VERSION, CampaignAggregates
from brmportal.lib.scoring import Tally


@dataclass(frozen=True)
class PairAggregates:
    aggregates: CampaignAggregates | None = None  # None: no response rates a unit
    combos: Mapping[Combo, Mapping[str, int]] = field(default_factory=dict)  # -> source -> n

    def __add__(self, other: PairAggregates) -> PairAggregates:
        if other.aggregates is None:
            return self
        combos: dict[Combo, dict[str, int]] = {combo: dict(s) for combo, s in self.combos.items()}
        for combo, by_source in other.combos.items():
            for source, n in by_source.items():
                combos.setdefault(combo, {})[source] = combos.get(combo, {}).get(source, 0) + n
        aggregates = other.aggregates if self.aggregates is None else self.aggregates + other.aggregates
        return PairAggregates(aggregates=aggregates, combos=combos)

    def to_json(self) -> dict[str, Any]:
        if self.aggregates is None:
            return {}
        combos = [
            [side, department, sorted(units), source, n]
            for (side, department, units), by_source in self.combos.items()
            for source, n in by_source.items()
        ]
        return {"version": SNAPSHOT_VERSION, "aggregates": self.aggregates.to_json(), "combos": json.dumps(combos)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> PairAggregates | None:
        """The stored pairs; an empty PairAggregates when there are none, None when stored in
        another version (rebuild them)."""
        if not data:
            return cls()
        if data.get("version") != SNAPSHOT_VERSION:
            return None
        combos: dict[Combo, dict[str, int]] = {}
        for side, department, units, source, n in json.loads(data["combos"]):
            combos.setdefault((side, department, frozenset(units)), {})[source] = n
        return cls(aggregates=CampaignAggregates.from_json(data["aggregates"]), combos=combos)


def pairs_aggregates(*, campaign: Campaign, published: Q) -> PairAggregates:
    """The pairs of the responses `published` selects: 1 query when none rates a unit, else 4
    (units rated, answers about further units, responses, answers streamed in response order)."""
    scope = {"organisation_id": campaign.organisation_id, "campaign_id": campaign.pk}
    responses = Response.objects.filter(published, **scope)
    units: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for response_id, unit, primary in (
        ResponsePartner.objects.filter(organisation_id=campaign.organisation_id, response__in=responses.values("pk"))
        .order_by("response_id", "order")
        .values_list("response_id", "partner_id", "primary")
    ):
        units[response_id].append((unit, primary))
    if not units:
        return PairAggregates()
    meta = instrument_meta(instrument=campaign.instrument)
    codes = {item.pk: item.code for item in instrument_items(instrument=campaign.instrument)}
    unit_free = {item.code for item in meta.items if item.kind not in per_partner_kinds()}
    further: dict[tuple[int, int], dict[tuple[str, str], Tally]] = defaultdict(dict)
    # Only responses with a further unit have such answers: named by id (the index on
    # response_id), not by a subquery that a planner without fresh statistics, right after a
    # large import, turned into a scan of every answer per response (bench/results.md, session 27).
    serving = [pk for pk, rated in units.items() if len(rated) > 1]
    for response_id, unit, item_id, aspect, value, special in PartnerAnswer.objects.filter(
        **scope, response_id__in=serving
    ).values_list("response_id", "partner_id", "item_id", "aspect", "value", "special"):
        further[(response_id, unit)][(codes[item_id], aspect)] = answer_tally(value, special)
    who = {
        pk: (side, department, source)
        for pk, side, department, source in responses.values_list("pk", "side", "department", "source")
    }
    sums = RespondentSums(meta.items, answers=True)
    combos: dict[Combo, dict[str, int]] = {}

    def add(pk: int, answers: dict[tuple[str, str], Tally]) -> None:
        side, department, source = who.pop(pk)
        rated = units.get(pk, [])
        combo = (side, department, frozenset(unit for unit, _primary in rated))
        combos.setdefault(combo, {})[source] = combos.get(combo, {}).get(source, 0) + 1
        for unit, primary in rated:
            about = answers
            if not primary:
                about = {key: tally for key, tally in answers.items() if key[0] in unit_free}
                about.update(further.get((pk, unit), {}))
            sums.add((side, str(unit)), source, about)

    rows = (
        Answer.objects.filter(**scope, response__in=responses.values("pk"))
        .order_by("response_id")
        .values_list("response_id", "item_id", "aspect", "value", "special")
    )
    current: int | None = None
    answers: dict[tuple[str, str], Tally] = {}
    for response_id, item_id, aspect, value, special in rows.iterator(chunk_size=5000):
        if response_id != current:
            if current is not None:
                add(current, answers)
            current, answers = response_id, {}
        answers[(codes[item_id], aspect)] = answer_tally(value, special)
    if current is not None:
        add(current, answers)
    for pk in list(who):  # responses that left every item empty
        add(pk, {})
    return PairAggregates(aggregates=sums.aggregates(), combos=combos)
